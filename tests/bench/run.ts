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

// `npm run bench -- chains renderer` runs only the named suites.
const only = process.argv.slice(2).filter((arg) => !arg.startsWith('-'));
const unknown = only.filter((name) => !suites.some(([suite]) => suite === name));
if (unknown.length > 0) {
  console.error(`Unknown bench suite: ${unknown.join(', ')}. Suites: ${suites.map(([suite]) => suite).join(', ')}`);
  process.exit(2);
}

for (const [name, bench] of suites.filter(([suite]) => only.length === 0 || only.includes(suite))) {
  console.log(`\n## ${name}`);
  for (const result of await bench()) {
    const reference = result.reference ? ` | ${result.reference.name}: ${format(result.reference.value)} ${result.unit}` : '';
    const ratio = result.ratio !== undefined ? ` | ratio ${format(result.ratio)}x` : '';
    console.log(`- ${result.name}: ${format(result.value)} ${result.unit}${reference}${ratio}`);
    if (result.note) console.log(`    ${result.note}`);
  }
}
