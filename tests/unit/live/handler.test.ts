/**
 * The connection test as the app runs it: the admin opens the ISE node's .pfx on the Certificates
 * screen, adds the (test) CA on the Chains screen, and runs the test by the key's id. Everything
 * goes through main/handlers.ts, the same code the window and the web bridge call.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiResult, ConnectionTestResult, OpenedFile } from '../../../preload/contract';
import { dispatch } from '../../../main/dispatch';
import { createHandlers, type Handlers } from '../../../main/handlers';
import { createMemoryLogger } from '../../../main/platform/file-logger';
import { JsonFileSettingsStore, MemorySecretStore } from '../../../main/platform/settings-file';
import { JsonDocumentStore } from '../../../main/platform/versioned-file';
import { DEPLOYMENTS_SCHEMA } from '../../../main/services/deployments/schema';
import { TestDialogs } from '../../support/test-dialogs';
import { PFX_PASSWORD, useLab } from './lab';

const lab = useLab();
let dir: string;
let handlers: Handlers;
const dialogs = new TestDialogs();
const log = createMemoryLogger();
const events: unknown[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ise-intune-live-handlers-'));
  handlers = createHandlers({
    settings: new JsonFileSettingsStore(dir, log),
    deployments: new JsonDocumentStore(join(dir, 'deployments.json'), DEPLOYMENTS_SCHEMA, log),
    secrets: new MemorySecretStore(),
    dialogs,
    shell: { openExternal: async () => undefined },
    clipboard: { writeText: async () => undefined },
    emit: (_name, payload) => void events.push(payload),
    runtime: { appName: 'test', appVersion: '0', electron: null, chrome: null, node: '', platform: '', defaultDataFolder: dir, stateFolder: dir },
    log,
  });
  // Direct connection: the stand-ins are on loopback.
  await handlers.updateSettings({ proxyMode: 'direct' });
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function call<T>(channel: string, ...args: unknown[]): Promise<ApiResult<T>> {
  return (await dispatch(handlers, channel, args, log)) as ApiResult<T>;
}

describe('connection test from the app', () => {
  it('signs with the key of the .pfx opened in the workbench and passes all four steps', async () => {
    dialogs.answerOpenFiles([lab().files.panPfx]);
    const opened = await call<OpenedFile[]>('openCertificateFiles');
    const locked = opened.ok ? opened.value[0] : undefined;
    expect(locked).toMatchObject({ ok: false, error: { code: 'PFX_PASSWORD_REQUIRED' } });
    const unlocked = await call<OpenedFile>('unlockFile', { sourceId: locked?.sourceId, password: PFX_PASSWORD });
    const keyId = unlocked.ok && unlocked.value.ok ? unlocked.value.certificates.find((c) => c.keyId)?.keyId : null;
    expect(keyId).toMatch(/^key-/);

    const caFile = join(dir, 'standin-ca.pem');
    await writeFile(caFile, lab().standins.caPem);
    dialogs.answerOpenFiles([caFile]);
    const added = await call('addCatalogFiles');
    expect(added.ok).toBe(true);

    const result = await call<ConnectionTestResult>('testEntraConnection', {
      taskId: 'conn-1',
      tenant: lab().standins.directory.tenantId,
      clientId: lab().app.appId,
      keyId,
      cloud: 'public',
      ...lab().cloud(),
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.steps.map((step) => [step.name, step.ok])).toEqual([
      ['graph-token', true],
      ['intune-discovery', true],
      ['intune-token', true],
      ['intune-read', true],
    ]);
    expect(events.length).toBeGreaterThan(0);
    // Nothing of the key or the password in what went back, or in the log.
    const wire = JSON.stringify([result, events, log.lines]);
    expect(wire).not.toContain('PRIVATE KEY');
    expect(wire).not.toContain(PFX_PASSWORD);
  });

  it('refuses an unknown key id with a clear message and makes no network call', async () => {
    const before = lab().standins.received();
    const result = await call('testEntraConnection', { taskId: 'conn-2', tenant: lab().standins.directory.tenantId, clientId: lab().app.appId, keyId: 'key-nope', cloud: 'public', ...lab().cloud() });
    expect(result).toMatchObject({ ok: false, error: { code: 'KEY_NOT_LOADED' } });
    expect(lab().standins.received()).toBe(before);
  });

  it('refuses an http authority before anything else', async () => {
    const result = await call('testEntraConnection', { taskId: 'conn-3', tenant: 'contoso.onmicrosoft.com', clientId: lab().app.appId, keyId: 'key-x', cloud: 'public', authority: 'http://login.example' });
    expect(result).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
  });
});
