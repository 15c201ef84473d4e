/**
 * Issue 19 "Trust that cannot be planted": the window cannot point the data folder anywhere
 * (only main's folder dialog can), and a user-ca-certificates.json placed in the data folder is
 * not a trusted root: the CA files the admin adds live in the app's own user-data folder.
 */
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiResult, CatalogEntry, Settings } from '../../../preload/contract';
import { dispatch } from '../../../main/dispatch';
import type { Handlers } from '../../../main/handlers';
import { createMemoryLogger } from '../../../main/platform/file-logger';
import { JsonFileSettingsStore } from '../../../main/platform/settings-file';
import { USER_CATALOG_FILE } from '../../../main/services/catalog/microsoft-cas';
import { TestDialogs } from '../../support/test-dialogs';
import { createTestHandlers } from '../../support/test-handlers';

let root = '';
let userData = '';
let documents = '';
let handlers: Handlers;
const dialogs = new TestDialogs();
const log = createMemoryLogger();

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'ise-intune-planted-'));
  userData = join(root, 'userData');
  documents = join(root, 'Documents');
  await mkdir(userData);
  await mkdir(documents);
  handlers = createTestHandlers(userData, {
    settings: new JsonFileSettingsStore(userData, log),
    dialogs,
    runtime: { appName: 'test', appVersion: '0', electron: null, chrome: null, node: '', platform: '', defaultDataFolder: documents, stateFolder: userData },
    log,
  });
});
afterAll(() => rm(root, { recursive: true, force: true }));

async function call<T>(channel: string, ...args: unknown[]): Promise<ApiResult<T>> {
  return (await dispatch(handlers, channel, args, log)) as ApiResult<T>;
}

describe('the data folder', () => {
  it('cannot be set by a window argument; nothing is written', async () => {
    const elsewhere = join(root, 'shared');
    await mkdir(elsewhere);
    const result = await call<Settings>('updateSettings', { dataFolder: elsewhere });
    expect(result).toMatchObject({ ok: false, error: { code: 'SETTINGS_FOLDER_DIALOG_ONLY' } });
    await expect(readFile(join(userData, 'settings.json'))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it("is set through main's own folder dialog, and reset to the default by the window", async () => {
    const chosen = join(root, 'exports');
    await mkdir(chosen);
    dialogs.answerPickFolder(chosen);
    const picked = await call<Settings | null>('chooseDataFolder');
    expect(picked).toMatchObject({ ok: true, value: { dataFolder: chosen } });
    dialogs.answerPickFolder(null);
    expect(await call('chooseDataFolder')).toEqual({ ok: true, value: null });
    expect(await call<Settings>('updateSettings', { dataFolder: '' })).toMatchObject({ ok: true, value: { dataFolder: documents } });
  });
});

describe('CA files the admin adds', () => {
  it('are kept in the user-data folder; a catalog file planted in the data folder is ignored', async () => {
    // A CA of our own (not in the bundled catalog), as an attacker would plant it.
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', join(root, 'ca.key'), '-out', join(root, 'ca.pem'), '-subj', '/CN=Planted Root', '-days', '30', '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign'], { stdio: 'ignore' });
    const pem = await readFile(join(root, 'ca.pem'), 'utf8');
    await writeFile(join(documents, USER_CATALOG_FILE), JSON.stringify({ version: 1, certificates: [{ pem, source: 'planted', addedAt: '2026-01-01T00:00:00Z', file: 'planted.pem' }] }));
    const before = await call<CatalogEntry[]>('getCatalog');
    expect(before.ok && before.value.filter((entry) => entry.origin === 'user')).toEqual([]);

    const own = join(root, 'inspection-root.pem');
    await writeFile(own, pem);
    dialogs.answerOpenFiles([own]);
    expect((await call('addCatalogFiles')).ok).toBe(true);
    const stored = JSON.parse(await readFile(join(userData, USER_CATALOG_FILE), 'utf8')) as { certificates: unknown[] };
    expect(stored.certificates).toHaveLength(1);
    const after = await call<CatalogEntry[]>('getCatalog');
    expect(after.ok && after.value.filter((entry) => entry.origin === 'user')).toHaveLength(1);
  });
});
