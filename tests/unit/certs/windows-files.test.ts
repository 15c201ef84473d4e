/**
 * Files on Windows, emulated on Linux: a rename Windows refuses for a moment (antivirus,
 * Explorer, OneDrive) or for good (Controlled Folder Access), device names, names that differ
 * only in case, the PEM bundle's save dialog, and OneDrive folders (path.win32 paths).
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { rename } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { describeCertificate } from '../../../main/services/certs';
import { defaultFileNames, safeFileStem } from '../../../main/services/certs/file-names';
import { RENAME_RETRY_DELAYS_MS, writeFileAtomic } from '../../../main/services/files';
import { isSyncedFolder, oneDriveRoots, privateKeyFolder } from '../../../main/services/synced-folders';
import { MICROSOFT_CA } from '../../support/fixture-paths';
import { TestDialogs } from '../../support/test-dialogs';
import { createTestHandlers } from '../../support/test-handlers';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ise-intune-winfiles-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const refusing = (code: string, times: number) => {
  let left = times;
  return async (from: string, to: string): Promise<void> => {
    if (left-- > 0) throw Object.assign(new Error(`${code}: operation not permitted, rename '${from}' -> '${to}'`), { code });
    await rename(from, to);
  };
};

describe('atomic writes when Windows refuses the rename', () => {
  it('retries a rename refused for a moment (EPERM, EBUSY, EACCES) and then writes', async () => {
    for (const code of ['EPERM', 'EBUSY', 'EACCES']) {
      const path = join(dir, `${code}.cer`);
      writeFileSync(path, 'old');
      const waits: number[] = [];
      const result = await writeFileAtomic(path, 'new', { backup: true, io: { rename: refusing(code, 2), sleep: async (ms) => void waits.push(ms) } });
      expect(result).toEqual({ path, backupPath: `${path}.bak` });
      expect(readFileSync(path, 'utf8')).toBe('new');
      expect(waits).toEqual(RENAME_RETRY_DELAYS_MS.slice(0, 2));
    }
  });

  it('gives up after the retries with the likely causes, leaving the file as it was and no temporary file', async () => {
    const path = join(dir, 'ISE.json');
    writeFileSync(path, 'original');
    const waits: number[] = [];
    const failure = writeFileAtomic(path, 'replacement', { backup: false, io: { rename: refusing('EPERM', 100), sleep: async (ms) => void waits.push(ms) } });
    await expect(failure).rejects.toMatchObject({ code: 'WRITE_BLOCKED', message: expect.stringMatching(/antivirus.*Controlled Folder Access.*OneDrive/s) });
    expect(waits).toEqual(RENAME_RETRY_DELAYS_MS);
    expect(readFileSync(path, 'utf8')).toBe('original');
    expect(readdirSync(dir)).toEqual(['ISE.json']);
  });

  it('does not retry other failures', async () => {
    const waits: number[] = [];
    await expect(writeFileAtomic(join(dir, 'x.cer'), 'x', { backup: false, io: { rename: refusing('ENOSPC', 1), sleep: async (ms) => void waits.push(ms) } })).rejects.toMatchObject({ code: 'ENOSPC' });
    expect(waits).toEqual([]);
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe('file names Windows accepts', () => {
  it('steps around every device name, COM0, LPT0 and CONIN$ included, with any extension', () => {
    for (const name of ['COM0', 'lpt0', 'CONIN$', 'conout$', 'COM9', 'LPT¹', 'nul', 'CON.cer', 'Aux.tar']) expect(safeFileStem(name)).toBe(`_${name}`);
    for (const name of ['COMPANY', 'COM10', 'CONIN', 'Console', 'LPT']) expect(safeFileStem(name)).toBe(name);
  });

  it('names that differ only in case get distinct files (Windows would write one over the other)', () => {
    const files = readdirSync(MICROSOFT_CA).filter((file) => file.endsWith('.pem')).slice(0, 2);
    const [a, b] = files.map((file) => describeCertificate(Buffer.from(readFileSync(join(MICROSOFT_CA, file), 'utf8').replace(/-----[^-]+-----|\s/g, ''), 'base64'), new Date('2026-06-01T00:00:00Z')));
    if (!a || !b) throw new Error('fixtures missing');
    const names = defaultFileNames([{ ...a, subjectCN: 'Contoso Root CA' }, { ...b, subjectCN: 'CONTOSO ROOT CA' }], 'pem');
    expect(new Set(names.map((name) => name.toLowerCase())).size).toBe(2);
    expect(names).toEqual(['Contoso Root CA.cer', 'CONTOSO ROOT CA 2.cer']);
  });
});

describe('save dialogs', () => {
  it('the PEM bundle\'s save dialog filters .pem, as its suggested name ends', async () => {
    const dialogs = new TestDialogs();
    const handlers = createTestHandlers(dir, { dialogs });
    const file = readdirSync(MICROSOFT_CA).find((name) => name.endsWith('.pem')) as string;
    dialogs.answerOpenFiles([join(MICROSOFT_CA, file)]);
    const opened = await handlers.openCertificateFiles();
    const first = opened?.[0];
    const ref = first?.ok ? first.certificates[0]?.info.thumbprints.sha256 : undefined;
    expect(ref).toBeDefined();
    const bundlePath = join(dir, 'bundle.pem');
    dialogs.answerSaveFile(bundlePath);
    await handlers.exportCertificates({ certificates: [ref as string], format: 'pem', bundle: true });
    const save = dialogs.opened.find((entry) => entry.kind === 'save') as { defaultPath?: string; filters?: { extensions: string[] }[] };
    expect(save.defaultPath?.endsWith('.pem')).toBe(true);
    expect(save.filters?.map((filter) => filter.extensions)).toEqual([['pem']]);
    expect(readFileSync(bundlePath, 'utf8')).toMatch(/^-----BEGIN CERTIFICATE-----/);
  });
});

describe('exports holding a private key and OneDrive', () => {
  const env = { OneDriveCommercial: 'C:\\Users\\ana\\OneDrive - Contoso', OneDrive: 'C:\\Users\\ana\\OneDrive - Contoso', USERPROFILE: 'C:\\Users\\ana' };

  it('knows the folders OneDrive syncs, as Windows compares paths', () => {
    const roots = oneDriveRoots(env);
    expect(roots).toEqual(['C:\\Users\\ana\\OneDrive - Contoso', 'C:\\Users\\ana\\OneDrive - Contoso']);
    expect(isSyncedFolder('C:\\Users\\ana\\OneDrive - Contoso\\Documents\\ISE Intune Assistant', roots, 'win32')).toBe(true);
    expect(isSyncedFolder('c:\\users\\ANA\\onedrive - contoso\\Documents', roots, 'win32')).toBe(true);
    // No environment (another account's folder): OneDrive's folder names still give it away.
    expect(isSyncedFolder('D:\\Data\\OneDrive - Fabrikam\\keys', [], 'win32')).toBe(true);
    expect(isSyncedFolder('C:\\Users\\ana\\Documents\\ISE Intune Assistant', roots, 'win32')).toBe(false);
    expect(isSyncedFolder('C:\\Users\\ana\\OneDriveBackup', roots, 'win32')).toBe(false);
  });

  it('starts a private-key export in a folder that is not synced', () => {
    const roots = oneDriveRoots(env);
    expect(privateKeyFolder('C:\\Users\\ana\\OneDrive - Contoso\\Documents\\ISE Intune Assistant', { syncedRoots: roots, fallback: 'C:\\Users\\ana\\Downloads', platform: 'win32' })).toEqual({
      folder: 'C:\\Users\\ana\\Downloads',
      synced: true,
    });
    expect(privateKeyFolder('C:\\Users\\ana\\Documents\\ISE', { syncedRoots: roots, fallback: 'C:\\Users\\ana\\Downloads', platform: 'win32' })).toEqual({ folder: 'C:\\Users\\ana\\Documents\\ISE', synced: false });
    // Downloads redirected into OneDrive too: nowhere better is known, the dialog still opens.
    expect(privateKeyFolder('C:\\Users\\ana\\OneDrive - Contoso\\x', { syncedRoots: roots, fallback: 'C:\\Users\\ana\\OneDrive - Contoso\\Downloads', platform: 'win32' }).synced).toBe(true);
  });
});
