/**
 * The real command line's stdin (main/cli/diagnose.ts reads descriptor 0 into one reused buffer):
 * a log piped in and a log redirected from a file, each larger than the buffer, are diagnosed line
 * for line as the same log given by name; nothing of one chunk leaks into the next.
 */
import { spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = resolve(__dirname, '../../..');
const dir = mkdtempSync(join(tmpdir(), 'diagnose-stdin-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// About 1.3 MB: several reads of the 256 KiB buffer, lines cut across reads.
const LINES = 6_000;
const log = Array.from({ length: LINES }, (_, n) =>
  n % 3 === 0
    ? `2026-01-01 00:${String(Math.floor(n / 100) % 60).padStart(2, '0')}:00,${String(n % 1000).padStart(3, '0')} ERROR [admin-http-pool9300][] cisco.cpm.mdm.authtoken.MdmAzureActiveDirectoryClient -::::- Failed to acquire auth token from Azure AD. AADSTS7000222: The provided client secret keys for app '${n}' are expired. ${'x'.repeat(n % 97)}`
    : `2026-01-01 00:00:00,000 INFO [MDMPollingThread][] cisco.cpm.mdm.MdmServerInfo -::::- Polling MDM server compliance for endpoint ${n} ${'y'.repeat(n % 211)}`,
).join('\n') + '\n';
const file = join(dir, 'ise-psc.log');
writeFileSync(file, log);

function cli(args: string[], stdin: 'pipe' | 'ignore' | number): Promise<{ code: number | null; json: { linesRead: number; linesRelevant: number; findings: { code: string; count: number }[] } }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'main/cli.ts', 'diagnose', ...args, '--json'], { cwd: ROOT, stdio: [stdin, 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    if (stdin === 'pipe') child.stdin?.end(log);
    child.on('error', fail);
    child.on('close', (code) => {
      try {
        done({ code, json: JSON.parse(out) });
      } catch {
        fail(new Error(`diagnose printed no JSON (exit ${code}): ${err}`));
      }
    });
  });
}

function summary(json: Awaited<ReturnType<typeof cli>>['json']) {
  return { linesRead: json.linesRead, linesRelevant: json.linesRelevant, findings: json.findings.map((finding) => [finding.code, finding.count]) };
}

describe('diagnose reading stdin', () => {
  it('a piped log and a redirected one give what the same file by name gives', async () => {
    const byName = await cli([file], 'ignore');
    expect(byName.code).toBe(0);
    expect(byName.json.linesRead).toBe(LINES);
    expect(summary(byName.json).findings).toEqual([['SECRET_INSTEAD_OF_CERT', LINES / 3]]);

    const piped = await cli(['-'], 'pipe');
    expect(piped.code).toBe(0);
    expect(summary(piped.json)).toEqual(summary(byName.json));

    const fd = openSync(file, 'r');
    try {
      const redirected = await cli([], fd);
      expect(redirected.code).toBe(0);
      expect(summary(redirected.json)).toEqual(summary(byName.json));
    } finally {
      closeSync(fd);
    }
  }, 120_000);
});
