/**
 * The command line as built (out/main/cli.js, run as `npm run --silent cli`). Here rather than
 * in the unit tests, which run from the sources without a build; the e2e run builds first.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';

test('the built command line runs as `npm run --silent cli`', () => {
  expect(existsSync('out/main/cli.js'), 'out/main/cli.js is missing: run `npm run build` first').toBe(true);
  // The build keeps the shebang: npm's Windows shim (ise-intune.cmd) reads it to run Node, not Windows Script Host.
  expect(readFileSync('out/main/cli.js', 'utf8').split('\n')[0]).toBe('#!/usr/bin/env node');
  const help = execFileSync('npm', ['run', '--silent', 'cli', '--', '--help'], { encoding: 'utf8' });
  expect(help).toContain('Usage: ise-intune');
  const unknown = spawnSync('npm', ['run', '--silent', 'cli', '--', 'nope'], { encoding: 'utf8' });
  expect(unknown.status).toBe(2);
  expect(unknown.stderr.trim()).toBe('ise-intune: unknown command "nope". Run "ise-intune --help" for the list of commands.');
});
