/**
 * The Vitest config Stryker uses (stryker.config.mjs): the project's, with the test files limited
 * to the group's (MUTATION_TESTS, comma-separated globs). Limiting them here rather than with
 * Stryker's `testFiles` keeps static mutants (module-level values) testable: with `testFiles`,
 * Stryker 10.1 activates them after the module is loaded and reports them as survived
 * (stryker-js issues 6144 and 6209).
 */
import { defineConfig } from 'vitest/config';
import base from './vitest.config';

const include = (process.env.MUTATION_TESTS ?? '').split(',').filter((glob) => glob !== '');

// Not mergeConfig: it would append to the base's include list instead of replacing it.
export default defineConfig({ ...base, test: { ...base.test, ...(include.length > 0 ? { include } : {}) } });
