#!/usr/bin/env node
/**
 * `npm run test:mutation [-- <group>] [-- stryker options]`: runs StrykerJS on one group of
 * stryker.config.mjs (every group when none is named) and prints, as its last line,
 * `mutation score: NN.N%` — killed and timed-out mutants over all valid mutants, so mutants in
 * code no test runs ("no coverage") count as missed. Extra arguments go to `stryker run`
 * (e.g. `--mutate main/services/tls/verdict.ts`). Exit code: Stryker's, or 1 without a report.
 * `npm run test:mutation -- summary` runs nothing: it adds up the last report of every group
 * (a group run one at a time is how a 2-core machine gets an overall score in reasonable time).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

// Read before loading the config, which fills MUTATION_TESTS in for the group it is loaded for.
const callerTests = process.env.MUTATION_TESTS;
const { GROUPS } = await import('../stryker.config.mjs');

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const group = args[0] && !args[0].startsWith('-') ? args.shift() : 'all';
if (group === 'summary') summarise();
if (group !== 'all' && !(group in GROUPS)) {
  console.error(`Unknown mutation group "${group}". Groups: ${Object.keys(GROUPS).join(', ')} (or none for all of them).`);
  process.exit(2);
}

/** Killed + timeout over killed + timeout + survived + no coverage (errors and ignored mutants do not count). */
export function mutationScore(report) {
  let detected = 0;
  let valid = 0;
  const perFile = {};
  for (const [file, { mutants }] of Object.entries(report.files)) {
    let fileDetected = 0;
    let fileValid = 0;
    for (const mutant of mutants) {
      if (mutant.status === 'Killed' || mutant.status === 'Timeout') fileDetected += 1;
      if (['Killed', 'Timeout', 'Survived', 'NoCoverage'].includes(mutant.status)) fileValid += 1;
    }
    detected += fileDetected;
    valid += fileValid;
    perFile[file] = { detected: fileDetected, valid: fileValid };
  }
  return { detected, valid, perFile, score: valid === 0 ? NaN : (100 * detected) / valid };
}

/** The overall score from each group's last report; a group without one is named and counts as missing. */
function summarise() {
  let detected = 0;
  let valid = 0;
  const missing = [];
  let partialGroups = 0;
  for (const name of Object.keys(GROUPS)) {
    const file = join(root, 'reports', 'mutation', name, 'mutation.json');
    if (!existsSync(file)) {
      missing.push(name);
      continue;
    }
    const report = JSON.parse(readFileSync(file, 'utf8'));
    const mutated = Object.keys(report.files).map((path) => path.replace(/\\/g, '/'));
    const partial = GROUPS[name].mutate.filter((path) => !mutated.some((file) => file.endsWith(path)));
    const counts = mutationScore(report);
    if (partial.length > 0) partialGroups += 1;
    detected += counts.detected;
    valid += counts.valid;
    console.log(`${name}: ${counts.score.toFixed(1)}% (${counts.detected}/${counts.valid})${partial.length > 0 ? `, last run left out ${partial.join(', ')}` : ''}`);
    for (const [path, file] of Object.entries(counts.perFile)) console.log(`  ${path}: ${((100 * file.detected) / file.valid).toFixed(1)}% (${file.detected}/${file.valid})`);
  }
  if (missing.length > 0) console.log(`no report for: ${missing.join(', ')} (run them first)`);
  const incomplete = missing.length > 0 || partialGroups > 0;
  console.log(`mutation score: ${valid === 0 ? '0.0' : ((100 * detected) / valid).toFixed(1)}%${incomplete ? ' (not every file measured: see above)' : ''}`);
  process.exit(incomplete ? 1 : 0);
}

const reportFile = join(root, 'reports', 'mutation', group, 'mutation.json');
rmSync(reportFile, { force: true }); // never score a stale report
const started = Date.now();
const run = spawnSync(process.execPath, [join(root, 'node_modules', '@stryker-mutator', 'core', 'bin', 'stryker.js'), 'run', 'stryker.config.mjs', ...args], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, MUTATION_GROUP: group, MUTATION_TESTS: callerTests ?? '' },
});
if (!existsSync(reportFile)) {
  console.error(`Stryker wrote no report (${reportFile}); see its output above.`);
  process.exit(run.status || 1);
}
const { detected, valid, perFile, score } = mutationScore(JSON.parse(readFileSync(reportFile, 'utf8')));
for (const [file, counts] of Object.entries(perFile)) {
  console.log(`${file}: ${counts.valid === 0 ? 'no mutants' : `${((100 * counts.detected) / counts.valid).toFixed(1)}% (${counts.detected}/${counts.valid})`}`);
}
console.log(`group ${group}: ${detected} of ${valid} mutants detected in ${Math.round((Date.now() - started) / 1000)} s; report: ${join('reports', 'mutation', group, 'index.html')}`);
console.log(`mutation score: ${Number.isNaN(score) ? '0.0' : score.toFixed(1)}%`);
process.exit(run.status ?? 1);
