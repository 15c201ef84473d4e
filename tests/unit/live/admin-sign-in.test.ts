/**
 * The admin's sign-in across restarts and sign-in clients: what the encrypted cache says after the
 * app restarts (no network call), sign-out, and the sign-in client ID set in Settings.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SIGN_IN_CLIENT_ID, type ApiResult, type Settings, type SignInState } from '../../../preload/contract';
import { dispatch } from '../../../main/dispatch';
import { createHandlers, type Handlers } from '../../../main/handlers';
import { createMemoryLogger } from '../../../main/platform/file-logger';
import { JsonFileSettingsStore, MemorySecretStore } from '../../../main/platform/settings-file';
import { JsonDocumentStore } from '../../../main/platform/versioned-file';
import { DEPLOYMENTS_SCHEMA } from '../../../main/services/deployments/schema';
import { TOKEN_CACHE_NAME, createTransport, type TokenCacheStore } from '../../../main/services/entra/live';
import { DEFAULT_SETTINGS, migrateSettings } from '../../../main/services/settings/schema';
import { checkSignInClientId } from '../../../main/services/settings/settings-service';
import { AuditWorkbench, type AuditEndpoints } from '../../../main/services/workbench/audit-workbench';
import { TestDialogs } from '../../support/test-dialogs';
import { SIGN_IN_CLIENT_ID, memoryStore, useLab } from './lab';

const lab = useLab();
/** A public client registered by the admin's organisation (the stand-in knows it too). */
const OWN_CLIENT_ID = '5b1f7c2e-93d4-4a8e-b0c6-2f7e9d1a4c38';

/** A workbench as the app builds one at start: only the store (encrypted in the app) outlives it. */
function workbench(store: TokenCacheStore, clientId = SIGN_IN_CLIENT_ID): AuditWorkbench {
  const { standins } = lab();
  return new AuditWorkbench({
    cacheStore: store,
    openBrowser: async () => undefined,
    transport: async () => createTransport({ caCertificates: [standins.caPem], timeoutMs: 5_000 }),
    signInClientId: async () => clientId,
  });
}

function endpoints(): AuditEndpoints {
  return { tenant: lab().standins.directory.tenantId, cloud: 'public', ...lab().cloud() };
}

/** The device code: the stand-in's admin approves at once. */
function signIn(bench: AuditWorkbench): Promise<SignInState> {
  return bench.signIn(endpoints(), 'read', 'device-code', { signal: new AbortController().signal, onPrompt: () => undefined });
}

/** The public clients whose tokens the serialized MSAL cache holds. */
function cachedClients(cache: string | null): string[] {
  const parsed = JSON.parse(cache ?? '{}') as { RefreshToken?: Record<string, { client_id: string }> };
  return [...new Set(Object.values(parsed.RefreshToken ?? {}).map((token) => token.client_id))];
}

describe('the sign-in kept in the encrypted cache', () => {
  it('is reported by a fresh workbench after a restart, without a network call', async () => {
    const { standins } = lab();
    const store = memoryStore();
    await signIn(workbench(store));

    const before = standins.received();
    const restarted = workbench(store);
    const state = await restarted.signInState();
    expect(state).toEqual({
      signedIn: true,
      account: { username: standins.directory.admin.username, tenantId: standins.directory.tenantId, name: standins.directory.admin.name },
      clientId: SIGN_IN_CLIENT_ID,
    });
    expect(standins.received()).toBe(before);
  });

  it('is cleared by sign-out in the restarted app, for every later instance too', async () => {
    const store = memoryStore();
    await signIn(workbench(store));
    const restarted = workbench(store);
    expect(await restarted.signOut()).toEqual({ signedIn: false, account: null, clientId: SIGN_IN_CLIENT_ID });
    expect(store.values.has(TOKEN_CACHE_NAME)).toBe(false);
    expect((await restarted.signInState()).signedIn).toBe(false);
    expect((await workbench(store).signInState()).signedIn).toBe(false);
  });

  it('is no sign-in for another client, and signing in with that client starts from a clean cache', async () => {
    const { standins } = lab();
    standins.directory.publicClients.push(OWN_CLIENT_ID);
    const store = memoryStore();
    await signIn(workbench(store));
    const other = workbench(store, OWN_CLIENT_ID);
    expect(await other.signInState()).toEqual({ signedIn: false, account: null, clientId: OWN_CLIENT_ID });

    const state = await signIn(other);
    expect(state).toMatchObject({ signedIn: true, clientId: OWN_CLIENT_ID });
    expect(cachedClients(store.values.get(TOKEN_CACHE_NAME) ?? null)).toEqual([OWN_CLIENT_ID]);
  });

  it("says Entra's reason when it refuses the client (unknown here, or no public client flows), and caches nothing", async () => {
    const store = memoryStore();
    const unknown = workbench(store, '0d3f5a6b-7c8d-4e9f-a0b1-c2d3e4f5a6b7');
    const prompts: unknown[] = [];
    const failure = unknown.signIn(endpoints(), 'read', 'device-code', { signal: new AbortController().signal, onPrompt: (prompt) => prompts.push(prompt) });
    await expect(failure).rejects.toMatchObject({ code: 'SIGN_IN_FAILED', message: expect.stringContaining('AADSTS700016') });
    expect(prompts).toEqual([]);
    expect(store.values.has(TOKEN_CACHE_NAME)).toBe(false);
  });

  it('reads a damaged or empty cache as signed out', async () => {
    const store = memoryStore();
    store.values.set(TOKEN_CACHE_NAME, '{"Account": ');
    expect((await workbench(store).signInState()).signedIn).toBe(false);
    store.values.set(TOKEN_CACHE_NAME, '{}');
    expect((await workbench(store).signInState()).signedIn).toBe(false);
  });
});

describe('the sign-in client ID in settings', () => {
  it('takes a GUID (braces, spaces and capitals tidied), and keeps the default as empty', () => {
    expect(checkSignInClientId(`  {${OWN_CLIENT_ID.toUpperCase()}} `)).toBe(OWN_CLIENT_ID);
    expect(checkSignInClientId('')).toBe('');
    expect(checkSignInClientId(DEFAULT_SIGN_IN_CLIENT_ID)).toBe('');
  });

  it.each([['ISE-Intune app'], ['14d82eec-204b-4c2f-b7e8'], ['00000000-0000-0000-0000-000000000000'], ['https://login.microsoftonline.com/common']])(
    'refuses %s with a clear error',
    (input) => {
      expect(() => checkSignInClientId(input)).toThrow(expect.objectContaining({ code: 'SETTINGS_INVALID_CLIENT_ID', message: expect.stringContaining('is not an application (client) ID') }));
    },
  );

  it('reads settings files written before it existed with the default, and a hand-edited non-GUID as the default', () => {
    const released = { schemaVersion: 1, language: 'es', theme: 'dark', proxyMode: 'direct', proxyUrl: '', proxyUser: '', dataFolder: '' };
    expect(migrateSettings(released)).toEqual({ ok: true, value: { ...released, signInClientId: '', chainHosts: null, chainTimeoutSeconds: 10, chainAia: true, chainAiaPrivate: false }, migratedFrom: null });
    expect(migrateSettings({ ...released, signInClientId: OWN_CLIENT_ID })).toMatchObject({ ok: true, value: { signInClientId: OWN_CLIENT_ID, theme: 'dark' } });
    expect(migrateSettings({ ...released, signInClientId: 'not a guid' })).toMatchObject({ ok: true, value: { signInClientId: '', theme: 'dark' } });
    expect(DEFAULT_SETTINGS.signInClientId).toBe('');
  });
});

describe('the sign-in client through the app handlers', () => {
  let dir: string;
  let handlers: Handlers;
  const log = createMemoryLogger();
  const secrets = new MemorySecretStore();

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ise-intune-sign-in-client-'));
    const dialogs = new TestDialogs();
    handlers = createHandlers({
      settings: new JsonFileSettingsStore(dir, log),
      deployments: new JsonDocumentStore(join(dir, 'deployments.json'), DEPLOYMENTS_SCHEMA, log),
      secrets,
      dialogs,
      shell: { openExternal: async () => undefined },
      clipboard: { writeText: async () => undefined },
      emit: () => undefined,
      runtime: { appName: 'test', appVersion: '0', electron: null, chrome: null, node: '', platform: '', defaultDataFolder: dir, stateFolder: dir },
      log,
    });
    await handlers.updateSettings({ proxyMode: 'direct' });
    // The stand-ins' CA, added the way an admin adds a TLS-inspecting proxy's root.
    const caFile = join(dir, 'standin-ca.pem');
    await writeFile(caFile, lab().standins.caPem);
    dialogs.answerOpenFiles([caFile]);
    await handlers.addCatalogFiles();
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  async function call<T>(channel: string, ...args: unknown[]): Promise<ApiResult<T>> {
    return (await dispatch(handlers, channel, args, log)) as ApiResult<T>;
  }
  const signInArgs = () => ({ taskId: 'sign-in', tenant: lab().standins.directory.tenantId, cloud: 'public', access: 'read', method: 'device-code', ...lab().cloud() });

  it('reports the cached sign-in, signs out when another client is saved, and signs in with that client next', async () => {
    const { standins } = lab();
    if (!standins.directory.publicClients.includes(OWN_CLIENT_ID)) standins.directory.publicClients.push(OWN_CLIENT_ID);
    expect(await call<SignInState>('getAdminSignIn')).toEqual({ ok: true, value: { signedIn: false, account: null, clientId: DEFAULT_SIGN_IN_CLIENT_ID } });
    expect(await call<SignInState>('adminSignIn', signInArgs())).toMatchObject({ ok: true, value: { signedIn: true, clientId: DEFAULT_SIGN_IN_CLIENT_ID } });
    expect(cachedClients(await secrets.get(TOKEN_CACHE_NAME))).toEqual([DEFAULT_SIGN_IN_CLIENT_ID]);
    expect(await call<SignInState>('getAdminSignIn')).toMatchObject({ ok: true, value: { signedIn: true, account: { username: standins.directory.admin.username } } });

    // A bad ID changes nothing, and the admin stays signed in.
    const refused = await call<Settings>('updateSettings', { signInClientId: 'my app' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'SETTINGS_INVALID_CLIENT_ID' } });
    expect(await call<SignInState>('getAdminSignIn')).toMatchObject({ ok: true, value: { signedIn: true } });
    // Saving other settings keeps the sign-in.
    await call<Settings>('updateSettings', { theme: 'dark' });
    expect(await call<SignInState>('getAdminSignIn')).toMatchObject({ ok: true, value: { signedIn: true } });

    const saved = await call<Settings>('updateSettings', { signInClientId: OWN_CLIENT_ID });
    expect(saved).toMatchObject({ ok: true, value: { signInClientId: OWN_CLIENT_ID } });
    expect(await secrets.has(TOKEN_CACHE_NAME)).toBe(false);
    expect(await call<SignInState>('getAdminSignIn')).toEqual({ ok: true, value: { signedIn: false, account: null, clientId: OWN_CLIENT_ID } });

    expect(await call<SignInState>('adminSignIn', signInArgs())).toMatchObject({ ok: true, value: { signedIn: true, clientId: OWN_CLIENT_ID } });
    expect(cachedClients(await secrets.get(TOKEN_CACHE_NAME))).toEqual([OWN_CLIENT_ID]);

    // Back to the default: signed out again.
    expect(await call<Settings>('updateSettings', { signInClientId: '' })).toMatchObject({ ok: true, value: { signInClientId: '' } });
    expect(await call<SignInState>('getAdminSignIn')).toEqual({ ok: true, value: { signedIn: false, account: null, clientId: DEFAULT_SIGN_IN_CLIENT_ID } });
  });
});
