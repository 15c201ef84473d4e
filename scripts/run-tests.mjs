// `npm test`: lint, typecheck, build, unit tests (Vitest), e2e tests (Playwright), then one
// closing line "N passed, N failed" summing unit and e2e. Skipped tests are listed with why.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';

const OUT = '.test-output';
rmSync(`${OUT}/unit-results.json`, { force: true });
rmSync(`${OUT}/e2e-results.json`, { force: true });
mkdirSync(OUT, { recursive: true });

function run(title, command, args, env = {}) {
  console.log(`\n=== ${title}: ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  return result.status ?? 1;
}

const steps = { lint: run('lint', 'npx', ['eslint', '--max-warnings=0', '.']) };
steps.typecheck = run('typecheck', 'npm', ['run', '--silent', 'typecheck']);
steps.build = run('build', 'npx', ['electron-vite', 'build']);
steps.unit = run('unit tests', 'npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${OUT}/unit-results.json`]);
// The Electron launch test needs a display when a binary is present; Xvfb provides one headless.
const wrap = !process.env.DISPLAY && existsSync('/usr/bin/xvfb-run') ? ['xvfb-run', '-a'] : [];
steps.e2e = run('e2e tests', wrap[0] ?? 'npx', [...wrap.slice(1), ...(wrap.length ? ['npx'] : []), 'playwright', 'test']);

let passed = 0;
let failed = 0;
let skipped = 0;
const skipReasons = [];

if (existsSync(`${OUT}/unit-results.json`)) {
  const unit = JSON.parse(readFileSync(`${OUT}/unit-results.json`, 'utf8'));
  passed += unit.numPassedTests;
  failed += unit.numFailedTests;
  skipped += unit.numPendingTests + unit.numTodoTests;
  for (const file of unit.testResults ?? []) {
    for (const test of file.assertionResults ?? []) {
      if (test.status === 'skipped' || test.status === 'pending') skipReasons.push(`unit: ${test.fullName}`);
    }
  }
} else if (steps.unit !== 0) {
  failed += 1;
  console.log('Unit tests produced no report: counted as one failure.');
}

function walkSuites(suites, visit) {
  for (const suite of suites ?? []) {
    for (const spec of suite.specs ?? []) for (const test of spec.tests ?? []) visit(spec, test);
    walkSuites(suite.suites, visit);
  }
}

if (existsSync(`${OUT}/e2e-results.json`)) {
  const e2e = JSON.parse(readFileSync(`${OUT}/e2e-results.json`, 'utf8'));
  passed += e2e.stats.expected + e2e.stats.flaky;
  failed += e2e.stats.unexpected;
  skipped += e2e.stats.skipped;
  walkSuites(e2e.suites, (spec, test) => {
    if (test.status !== 'skipped') return;
    const why = (test.annotations ?? []).find((a) => a.type === 'skip')?.description ?? 'no reason given';
    skipReasons.push(`e2e: ${spec.title} — ${why}`);
  });
} else if (steps.e2e !== 0) {
  failed += 1;
  console.log('E2e tests produced no report: counted as one failure.');
}

for (const [name, code] of Object.entries(steps)) {
  if (code !== 0 && (name === 'lint' || name === 'typecheck' || name === 'build')) {
    failed += 1;
    console.log(`${name} failed (exit ${code}): counted as one failure.`);
  }
}

console.log('');
for (const reason of skipReasons) console.log(`skipped ${reason}`);
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exitCode = failed === 0 && Object.values(steps).every((code) => code === 0) ? 0 : 1;
