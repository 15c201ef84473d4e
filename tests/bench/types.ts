/** One figure of `npm run bench`. A ratio compares `value` with `reference.value` measured in the same run. */
export interface BenchResult {
  name: string;
  value: number;
  unit: string;
  reference?: { name: string; value: number };
  /** value / reference.value */
  ratio?: number;
  note?: string;
}
