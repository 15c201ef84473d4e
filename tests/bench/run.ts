/** `npm run bench`: every benchmark, each figure next to a reference measured in the same run. */
import { benchCertificates } from './certs.bench';
import { benchChains } from './chains.bench';
import { benchDiagnose } from './diagnose.bench';
import { benchFoundation } from './foundation.bench';
import { benchRenderer } from './renderer.bench';
import type { BenchResult } from './types';

const suites: [string, () => Promise<BenchResult[]>][] = [
  ['foundation', benchFoundation],
  ['certificates', benchCertificates],
  ['chains', benchChains],
  ['diagnose', benchDiagnose],
  ['renderer', benchRenderer],
];

function format(value: number): string {
  return value >= 100 ? value.toFixed(0) : value >= 1 ? value.toFixed(2) : value.toFixed(3);
}

for (const [name, bench] of suites) {
  console.log(`\n## ${name}`);
  for (const result of await bench()) {
    const reference = result.reference ? ` | ${result.reference.name}: ${format(result.reference.value)} ${result.unit}` : '';
    const ratio = result.ratio !== undefined ? ` | ratio ${format(result.ratio)}x` : '';
    console.log(`- ${result.name}: ${format(result.value)} ${result.unit}${reference}${ratio}`);
    if (result.note) console.log(`    ${result.note}`);
  }
}
