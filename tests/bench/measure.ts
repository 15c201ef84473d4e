import { performance } from 'node:perf_hooks';

/** Mean time per call in microseconds over `iterations`, after a short warm-up. */
export async function microsPerCall(iterations: number, fn: () => unknown): Promise<number> {
  for (let i = 0; i < Math.min(50, iterations); i += 1) await fn();
  const start = performance.now();
  for (let i = 0; i < iterations; i += 1) await fn();
  return ((performance.now() - start) * 1000) / iterations;
}
