// @ts-check
/**
 * Mutation testing (StrykerJS + its Vitest runner) of the core services, one group at a time:
 *   npm run test:mutation -- <group>        (no group: every group in one run)
 * scripts/mutation.mjs picks the group through MUTATION_GROUP and prints `mutation score: NN.N%`
 * ("no coverage" counts as missed). Reports: reports/mutation/<group>/ (HTML and JSON, git-ignored).
 * Not part of `npm test`: a group takes minutes (see README, "Mutation testing").
 */

/**
 * What each group mutates (`mutate`) and which unit tests may kill the mutants (`tests`: globs,
 * a leading `!` leaves files out).
 * @type {Record<string, { mutate: string[]; tests: string[] }>}
 */
export const GROUPS = {
  certs: {
    mutate: ['main/services/certs/thumbprints.ts', 'main/services/certs/chains.ts', 'main/services/certs/detect.ts', 'main/services/certs/pem.ts'],
    tests: ['tests/unit/certs/**/*.test.ts'],
  },
  tls: {
    mutate: ['main/services/tls/complete-chain.ts', 'main/services/tls/aia.ts', 'main/services/tls/verdict.ts', 'main/services/tls/trust-store-gap.ts'],
    // aia-private: which AIA addresses are refused (aia.ts), tested with the TLS lab.
    tests: ['tests/unit/tls/**/*.test.ts', 'tests/unit/hardening/aia-private.test.ts'],
  },
  entra: {
    mutate: ['main/services/entra/key-credentials.ts', 'main/services/entra/manifest-merge.ts', 'main/services/entra/mdm-values.ts', 'main/services/entra/ise-nodes.ts'],
    // keycred-warnings: the node checks (ise-nodes.ts) behind keycred's warnings.
    tests: ['tests/unit/entra/**/*.test.ts', 'tests/unit/hardening/keycred-warnings.test.ts'],
  },
  ise: {
    mutate: ['main/services/ise/finding-rules.ts', 'main/services/ise/match.ts', 'main/services/ise/thumbprints-in-text.ts', 'main/services/ise/relevance.ts'],
    // Not the CLI and worker tests: they diagnose on a worker thread, where Stryker activates no
    // mutant, so they cannot kill one. Not the log-reading tests (logs, hardening: archives,
    // rotation, FIFOs, UTF-16) either: they run these rules again on whole logs and would add
    // 10 s to each of the ~330 static mutants of the rule tables, which every test must re-run. Fewer
    // tests can only kill fewer mutants, so the score is, if anything, understated.
    tests: ['tests/unit/ise/**/*.test.ts', '!tests/unit/ise/cli*.test.ts', '!tests/unit/ise/diagnose-*.test.ts', '!tests/unit/ise/logs.test.ts', '!tests/unit/ise/hardening.test.ts'],
  },
  // The release table (which ISE patch has which fix and behaviour).
  'release-table': {
    mutate: ['main/services/entra/ise-versions.ts'],
    tests: ['tests/unit/entra/**/*.test.ts'],
  },
  // The Intune device ID in a device certificate's SAN URI, and the device-certificate check.
  'device-identity': {
    mutate: ['main/services/certs/device-identity.ts'],
    tests: ['tests/unit/certs/device-identity*.test.ts', 'tests/unit/certs/extensions.test.ts'],
  },
};

const group = process.env.MUTATION_GROUP || 'all';
const selected = group === 'all' ? Object.values(GROUPS) : [GROUPS[group]];
if (selected.some((entry) => entry === undefined)) {
  throw new Error(`Unknown mutation group "${group}"; the groups are: ${Object.keys(GROUPS).join(', ')}.`);
}
const unique = (/** @type {string[]} */ list) => [...new Set(list)];

// The group's tests reach Vitest through vitest.mutation.config.ts (not Stryker's `testFiles`,
// which leaves static mutants unactivated); MUTATION_TESTS set by the caller wins. Stryker's
// test-runner processes inherit this environment.
process.env.MUTATION_TESTS ||= unique(selected.flatMap((entry) => entry?.tests ?? [])).join(',');

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutation.config.ts' },
  mutate: unique(selected.flatMap((entry) => entry?.mutate ?? [])),
  coverageAnalysis: 'perTest',
  // 2 shared cores: one test process at a time (raise it on a machine of your own).
  concurrency: 1,
  timeoutMS: 20_000,
  reporters: ['html', 'json', 'clear-text', 'progress'],
  htmlReporter: { fileName: `reports/mutation/${group}/index.html` },
  jsonReporter: { fileName: `reports/mutation/${group}/mutation.json` },
  tempDirName: '.stryker-tmp',
  cleanTempDir: true,
  // Keep the sandbox small: no Node download, build output or reports.
  ignorePatterns: ['.tools', 'out', 'dist', 'reports', '.stryker-tmp', 'test-results', 'playwright-report', '.test-output'],
  thresholds: { high: 85, low: 75, break: null },
};
