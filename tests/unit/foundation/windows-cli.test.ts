/**
 * The command line in cmd and PowerShell, emulated: wildcards arrive unexpanded (`for-ise\*.cer`),
 * the bin runs through a shebang (npm's Windows shim reads it, or Windows Script Host would open
 * the .js), and redirected output is re-encoded by PowerShell 5.1, so only ASCII punctuation is printed.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CliCommand, CliIo } from '../../../main/cli/command';
import { plainPunctuation } from '../../../main/cli/plain-text';
import { runCli } from '../../../main/cli/run';
import { expandFileArguments } from '../../../main/cli/wildcards';
import { MICROSOFT_CA } from '../../support/fixture-paths';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ise-intune-wincli-'));
  mkdirSync(join(dir, 'for-ise'));
  const pems = readdirSync(MICROSOFT_CA).filter((name) => name.endsWith('.pem')).sort();
  copyFileSync(join(MICROSOFT_CA, pems[1] as string), join(dir, 'for-ise', 'b-root.cer'));
  copyFileSync(join(MICROSOFT_CA, pems[2] as string), join(dir, 'for-ise', 'A-Root.CER'));
  copyFileSync(join(MICROSOFT_CA, 'SOURCES.md'), join(dir, 'for-ise', 'notes.txt'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function capture(platform: NodeJS.Platform) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { stdout: (text) => out.push(text), stderr: (text) => err.push(text), cwd: dir, now: () => new Date('2026-06-01T00:00:00Z'), platform };
  return { io, out: () => out.join(''), err: () => err.join('') };
}

const isAscii = (text: string): boolean => [...text].every((char) => char.charCodeAt(0) < 128);

describe('wildcards typed in cmd or PowerShell', () => {
  it('expands for-ise\\*.cer itself, matching names without case as Windows does', async () => {
    expect(await expandFileArguments(['for-ise\\*.cer'], { cwd: dir, platform: 'win32' })).toEqual(['for-ise\\A-Root.CER', 'for-ise\\b-root.cer']);
    expect(await expandFileArguments(['for-ise/?-root.cer', 'plain.pem', '-'], { cwd: dir, platform: 'win32' })).toEqual(['for-ise/A-Root.CER', 'for-ise/b-root.cer', 'plain.pem', '-']);
    // A Unix shell expands before the program runs; what is left unexpanded is matched with case.
    expect(await expandFileArguments(['for-ise/*.cer'], { cwd: dir, platform: 'linux' })).toEqual(['for-ise/b-root.cer']);
  });

  it('inspect reads every matching file', async () => {
    // "/" here: this Linux test machine cannot open a path written with "\" as Windows does.
    const c = capture('win32');
    expect(await runCli(['inspect', 'for-ise/*.cer', '--json'], c.io)).toBe(0);
    const records = JSON.parse(c.out()) as { file: string }[];
    expect([...new Set(records.map((record) => record.file))]).toEqual(['for-ise/A-Root.CER', 'for-ise/b-root.cer']);
  });

  it('a pattern that matches nothing is a usage error, not a missing file called "*.pfx"', async () => {
    const c = capture('win32');
    expect(await runCli(['inspect', 'for-ise\\*.pfx'], c.io)).toBe(2);
    expect(c.err()).toMatch(/no file matches "for-ise\\\*\.pfx"/);
    expect(await runCli(['inspect', 'for*\\x.cer'], c.io)).toBe(2);
    expect(c.err()).toMatch(/only in the file name/);
  });
});

describe('output PowerShell 5.1 keeps intact', () => {
  it('prints dashes, arrows, quotes and box drawing as ASCII, and leaves letters alone', () => {
    expect(plainPunctuation('ISE — Intune – test → fix ← back … “x” ‘y’ └─ ├── │ ✓ Société')).toBe('ISE - Intune - test -> fix <- back ... "x" \'y\' +- +-- | OK Société');
  });

  it('every command\'s output goes through it, help included', async () => {
    const typographic: CliCommand = {
      name: 'typo',
      summary: 'prints typography',
      usage: 'ise-intune typo',
      run: async (_args, io) => {
        io.stdout('Chain → ISE — ok\n');
        io.stderr('└─ warning…\n');
        return 0;
      },
    };
    const c = capture('win32');
    expect(await runCli(['typo'], c.io, [typographic])).toBe(0);
    expect(c.out()).toBe('Chain -> ISE - ok\n');
    expect(c.err()).toBe('+- warning...\n');
    const help = capture('win32');
    expect(await runCli(['--help'], help.io)).toBe(0);
    expect(isAscii(help.out())).toBe(true);
  });

  it('the bin starts with a shebang, so npm\'s Windows shim runs it with Node', () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { bin: Record<string, string> };
    expect(pkg.bin['ise-intune']).toBe('out/main/cli.js');
    expect(readFileSync('main/cli.ts', 'utf8').split('\n')[0]).toBe('#!/usr/bin/env node');
  });
});
