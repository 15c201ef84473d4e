/**
 * Saving never loses the admin's file: a timestamped backup before any overwrite, an atomic
 * write, and on failure the original stays as it was and the message says so. Tests run as
 * root, for whom chmod does not make a folder read-only, so the failures here are ones root
 * cannot get around: a path whose parent is a file (ENOTDIR), a file name too long for a
 * backup (ENAMETOOLONG), and a file-size limit (ulimit -f, EFBIG) on a child process that
 * runs the real save — the backup (small) succeeds and the write (bigger) fails.
 */
import { execFile } from 'node:child_process';
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { backupStamp, saveManifest } from '../../../main/services/entra';
import { useTempDir } from './ise-pki';

const dir = useTempDir();
const NOW = new Date('2026-11-26T12:00:00Z');
const SAVE_MODULE = fileURLToPath(new URL('../../../main/services/entra/manifest-save.ts', import.meta.url));

async function folder(name: string, files: Record<string, string> = {}): Promise<string> {
  const path = join(dir(), name);
  await mkdir(path, { recursive: true });
  for (const [file, text] of Object.entries(files)) await writeFile(join(path, file), text);
  return path;
}

describe('saving a manifest', () => {
  it('keeps a timestamped backup of the original before replacing it', async () => {
    const where = await folder('replace', { 'ISE.json': '{"old": true}' });
    const saved = await saveManifest(join(where, 'ISE.json'), '{\n  "new": true\n}\n', { now: NOW });
    expect(saved).toEqual({ path: join(where, 'ISE.json'), backupPath: join(where, 'ISE.json.20261126-120000Z.bak') });
    expect(await readFile(join(where, 'ISE.json'), 'utf8')).toBe('{\n  "new": true\n}\n');
    expect(await readFile(join(where, 'ISE.json.20261126-120000Z.bak'), 'utf8')).toBe('{"old": true}');
    const again = await saveManifest(join(where, 'ISE.json'), '{}', { now: NOW });
    expect(again.backupPath).toBe(join(where, 'ISE.json.20261126-120000Z-2.bak'));
    expect((await readdir(where)).sort()).toEqual(['ISE.json', 'ISE.json.20261126-120000Z-2.bak', 'ISE.json.20261126-120000Z.bak']);
  });

  it('writes a new file without a backup when nothing was there', async () => {
    const where = await folder('new');
    expect(await saveManifest(join(where, 'merged.json'), '{}', { now: NOW })).toEqual({ path: join(where, 'merged.json'), backupPath: null });
    expect(backupStamp(new Date('2026-01-02T03:04:05.678Z'))).toBe('20260102-030405Z');
  });

  it('refuses to overwrite a file changed on disk since it was loaded', async () => {
    const where = await folder('changed', { 'ISE.json': '{"edited": "elsewhere"}' });
    await expect(saveManifest(join(where, 'ISE.json'), '{}', { now: NOW, expectedText: '{"as": "loaded"}' })).rejects.toMatchObject({ code: 'MANIFEST_CHANGED_ON_DISK' });
    expect(await readFile(join(where, 'ISE.json'), 'utf8')).toBe('{"edited": "elsewhere"}');
  });

  it('says nothing was written when the target folder is a file', async () => {
    const where = await folder('not-a-folder', { 'ISE.json': '{"old": true}' });
    await expect(saveManifest(join(where, 'ISE.json', 'merged.json'), '{}', { now: NOW })).rejects.toMatchObject({
      code: 'MANIFEST_WRITE_FAILED',
      message: expect.stringMatching(/a part of the path is a file, not a folder\)\. Nothing was written\./),
    });
    expect(await readFile(join(where, 'ISE.json'), 'utf8')).toBe('{"old": true}');
  });

  it('leaves the original intact when no backup can be made', async () => {
    const name = `${'m'.repeat(240)}.json`; // fits the file system; the backup name (+22) does not
    const where = await folder('long-name', { [name]: '{"old": true}' });
    await expect(saveManifest(join(where, name), '{}', { now: NOW })).rejects.toMatchObject({
      code: 'MANIFEST_BACKUP_FAILED',
      message: expect.stringContaining('so it was not overwritten. The original file is unchanged.'),
    });
    expect(await readdir(where)).toEqual([name]);
    expect(await readFile(join(where, name), 'utf8')).toBe('{"old": true}');
  });

  it('leaves the original intact, and no stray backup, when the write itself fails (file-size limit)', async () => {
    const original = JSON.stringify({ keyCredentials: [], note: 'x'.repeat(500) });
    const where = await folder('efbig', { 'ISE.json': original });
    const merged = JSON.stringify({ keyCredentials: [{ key: 'A'.repeat(8000) }] });
    const script = join(where, '..', 'save-under-limit.mts');
    await writeFile(
      script,
      `import { saveManifest } from ${JSON.stringify(SAVE_MODULE)};
const [path, text] = [process.argv[2] ?? '', process.argv[3] ?? ''];
try { console.log(JSON.stringify({ ok: true, saved: await saveManifest(path, text, { now: new Date() }) })); }
catch (error) { console.log(JSON.stringify({ ok: false, code: error.code, message: error.message })); }
`,
    );
    // bash counts ulimit -f in 1024-byte blocks: the 0.5 KB original can be copied, the 8 KB text cannot be written.
    const stdout = await new Promise<string>((resolvePromise, reject) => {
      execFile('/bin/bash', ['-c', 'ulimit -f 4 && exec "$0" --import tsx "$@"', process.execPath, script, join(where, 'ISE.json'), merged], { cwd: fileURLToPath(new URL('../../..', import.meta.url)) }, (error, out, err) =>
        error ? reject(new Error(`${error.message}\n${err}`)) : resolvePromise(out),
      );
    });
    const result = JSON.parse(stdout.trim().split('\n').at(-1) ?? '') as { ok: boolean; code?: string; message?: string };
    expect(result).toEqual({
      ok: false,
      code: 'MANIFEST_WRITE_FAILED',
      message: `Could not write ${join(where, 'ISE.json')} (the file is larger than this system allows). The original file is unchanged. Choose a folder you can write to.`,
    });
    expect(await readFile(join(where, 'ISE.json'), 'utf8')).toBe(original);
    expect(await readdir(where)).toEqual(['ISE.json']);
  });
});
