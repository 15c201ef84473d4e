/**
 * Issue 19, "Inputs with no end": every file the user names is read only when it is a regular
 * file and never past its limit. /dev/zero, a FIFO without a writer and an oversized file are
 * refused at once with a clear message, and nothing is written.
 */
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliCommand } from '../../../main/cli/command';
import { convertCommand } from '../../../main/cli/convert';
import { inspectCommand } from '../../../main/cli/inspect';
import { keycredCommand } from '../../../main/cli/keycred';
import { isServiceError } from '../../../main/services/errors';
import { readBoundedFile } from '../../../main/services/files';
import { readManifestFile } from '../../../main/services/entra';
import { loadCertificateFile } from '../../../main/services/certs';
import { MICROSOFT_CA } from '../../support/fixture-paths';

let dir = '';
let fifo = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ise-intune-bounded-'));
  fifo = join(dir, 'pipe.pem');
  execFileSync('mkfifo', [fifo]);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function run(command: CliCommand, args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await command.run(args, { stdout: (t) => out.push(t), stderr: (t) => err.push(t), cwd: dir, now: () => new Date('2026-11-26T12:00:00Z') });
  return { code, stdout: out.join(''), stderr: err.join('') };
}

const caught = (promise: Promise<unknown>): Promise<unknown> => promise.then(() => null, (error: unknown) => error);

describe('bounded reads of regular files only', () => {
  it('refuses /dev/zero as a certificate (it never ends) without reading it', async () => {
    const before = process.memoryUsage().rss;
    const error = await caught(loadCertificateFile('/dev/zero'));
    expect(isServiceError(error) && error.code).toBe('UNREADABLE_FILE');
    expect((error as Error).message).toBe('/dev/zero is a device, not a certificate file: only regular files are read.');
    expect(process.memoryUsage().rss - before).toBeLessThan(64 * 1024 * 1024);
  });

  it('refuses a FIFO without a writer at once, for certificates and manifests', async () => {
    expect(((await caught(loadCertificateFile(fifo))) as Error).message).toMatch(/pipe\.pem is a pipe, not a certificate file/);
    const manifest = await caught(readManifestFile(fifo));
    expect(isServiceError(manifest) && manifest.code).toBe('MANIFEST_UNREADABLE');
  }, 10_000);

  it('stops reading at the limit even when the file claims to be small (/proc)', async () => {
    const error = await caught(readBoundedFile('/proc/self/maps', { code: 'X', noun: 'file', maxBytes: 16, tooLarge: (bytes) => new Error(`over: ${bytes}`) }));
    expect((error as Error).message).toBe('over: 17');
  });

  it('inspect /dev/zero and a FIFO: one line each, exit 2, no hang', async () => {
    const result = await run(inspectCommand, ['/dev/zero', 'pipe.pem']);
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toEqual([
      '/dev/zero: /dev/zero is a device, not a certificate file: only regular files are read.',
      `pipe.pem: ${fifo} is a pipe, not a certificate file: only regular files are read.`,
    ]);
  }, 10_000);

  it('convert and keycred --manifest refuse /dev/zero and write nothing', async () => {
    const out = join(dir, 'out');
    await mkdir(out, { recursive: true });
    const convert = await run(convertCommand, ['/dev/zero', '--to', 'pem', '--out', `${out}/`]);
    expect([convert.code, convert.stderr]).toEqual([2, 'convert: /dev/zero is a device, not a certificate file: only regular files are read.\n']);
    const cert = join(MICROSOFT_CA, 'baltimore_cybertrust_root.pem');
    const keycred = await run(keycredCommand, [cert, '--manifest', '/dev/zero', '--out', join(out, 'merged.json')]);
    expect(keycred.code).toBe(2);
    expect(keycred.stderr).toMatch(/\/dev\/zero is a device/);
    expect(await readdir(out)).toEqual([]);
  });
});
