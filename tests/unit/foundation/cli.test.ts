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
});
