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
import type { HttpTransport } from '../../../main/services/entra/live';
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

  it.each([
    ['direct', { proxyMode: 'direct' }, { explicitProxy: null, direct: true }],
    ['system', { proxyMode: 'system' }, { explicitProxy: null }],
    ['manual', { proxyMode: 'explicit', proxyUrl: 'http://proxy.corp.example:3128' }, { explicitProxy: 'http://proxy.corp.example:3128' }],
  ] as const)('hands the app\'s network stack the %s connection of Settings > Network', async (_name, patch, expected) => {
    const seen: Record<string, unknown>[] = [];
    const ownDir = await mkdtemp(join(tmpdir(), 'ise-intune-live-transport-'));
    try {
      const spied = createHandlers({
        settings: new JsonFileSettingsStore(ownDir, log),
        deployments: new JsonDocumentStore(join(ownDir, 'deployments.json'), DEPLOYMENTS_SCHEMA, log),
        secrets: new MemorySecretStore(),
        dialogs,
        shell: { openExternal: async () => undefined },
        clipboard: { writeText: async () => undefined },
        emit: () => undefined,
        runtime: { appName: 'test', appVersion: '0', electron: null, chrome: null, node: '', platform: '', defaultDataFolder: ownDir, stateFolder: ownDir },
        log,
        // Records what the platform stack was asked for, then stands for a network that is down.
        httpTransport: (options) => {
          seen.push({ ...options, signal: undefined });
          const down: HttpTransport = { send: () => Promise.reject(new Error('no network in this test')), proxyUrl: null };
          return down;
        },
      });
      await spied.updateSettings(patch);
      dialogs.answerOpenFiles([lab().files.panPfx]);
      const locked = (await spied.openCertificateFiles())?.[0];
      const unlocked = await spied.unlockFile({ sourceId: locked?.sourceId ?? '', password: PFX_PASSWORD });
      const keyId = unlocked.ok ? unlocked.certificates.find((c) => c.keyId)?.keyId : undefined;
      const before = lab().standins.received();
      await dispatch(spied, 'testEntraConnection', [{ taskId: `conn-${_name}`, tenant: lab().standins.directory.tenantId, clientId: lab().app.appId, keyId, cloud: 'public', ...lab().cloud() }], log);
      expect(seen).toHaveLength(1);
      expect(seen[0]).toEqual({ ...expected, signal: undefined });
      // Nothing went out another way.
      expect(lab().standins.received()).toBe(before);
    } finally {
      await rm(ownDir, { recursive: true, force: true });
    }
  });
});
