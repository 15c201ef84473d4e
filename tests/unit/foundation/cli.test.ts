import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../../main/cli/run';
import type { CliCommand } from '../../../main/cli/command';
import packageJson from '../../../package.json';

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return {
    io: { stdout: (t: string) => out.push(t), stderr: (t: string) => err.push(t), cwd: process.cwd(), now: () => new Date() },
    out: () => out.join(''),
    err: () => err.join(''),
  };
}

describe('ise-intune command line', () => {
  it('prints help with --help and exits 0', async () => {
    const c = capture();
    expect(await runCli(['--help'], c.io)).toBe(0);
    expect(c.out()).toContain('Usage: ise-intune <command> [options]');
    expect(c.err()).toBe('');
  });

  it('prints the version with --version', async () => {
    const c = capture();
    expect(await runCli(['--version'], c.io)).toBe(0);
    expect(c.out().trim()).toBe(packageJson.version);
  });

  it('refuses an unknown command with one line on stderr and exit code 2', async () => {
    const c = capture();
    expect(await runCli(['frobnicate', '--x'], c.io)).toBe(2);
    expect(c.err()).toBe('ise-intune: unknown command "frobnicate". Run "ise-intune --help" for the list of commands.\n');
    expect(c.out()).toBe('');
  });

  it('refuses an unknown option', async () => {
    const c = capture();
    expect(await runCli(['--frob'], c.io)).toBe(2);
    expect(c.err()).toContain('unknown option "--frob"');
  });

  it('shows usage and exits 2 when no command is given', async () => {
    const c = capture();
    expect(await runCli([], c.io)).toBe(2);
    expect(c.out()).toContain('Commands:');
  });

  it('turns a command crash into one line and exit 1, without a stack trace', async () => {
    const crashing: CliCommand = {
      name: 'crash',
      summary: 'crashes',
      usage: 'ise-intune crash',
      run: async () => {
        throw new TypeError('kaput');
      },
    };
    const c = capture();
    expect(await runCli(['crash'], c.io, [crashing])).toBe(1);
    expect(c.err()).toBe('ise-intune crash: unexpected error: kaput\n');
  });

  it('runs from the build output as `npm run --silent cli`', () => {
    expect(existsSync('out/main/cli.js'), 'out/main/cli.js is missing: run `npm run build` first').toBe(true);
    // The build keeps the shebang: npm's Windows shim (ise-intune.cmd) reads it to run Node, not Windows Script Host.
    expect(readFileSync('out/main/cli.js', 'utf8').split('\n')[0]).toBe('#!/usr/bin/env node');
    const help = execFileSync('npm', ['run', '--silent', 'cli', '--', '--help'], { encoding: 'utf8' });
    expect(help).toContain('Usage: ise-intune');
    const unknown = spawnSync('npm', ['run', '--silent', 'cli', '--', 'nope'], { encoding: 'utf8' });
    expect(unknown.status).toBe(2);
    expect(unknown.stderr.trim()).toBe('ise-intune: unknown command "nope". Run "ise-intune --help" for the list of commands.');
  });
});
