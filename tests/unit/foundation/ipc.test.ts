import { describe, expect, it } from 'vitest';
import { CHANNELS } from '../../../preload/contract';
import { dispatch } from '../../../main/dispatch';
import { createHandlers, type Handlers } from '../../../main/handlers';
import { handleInvoke, isTrustedSender, type InvokeEventLike } from '../../../main/ipc-guard';
import { createMemoryLogger } from '../../../main/platform/file-logger';
import { MemorySecretStore } from '../../../main/platform/settings-file';
import type { SettingsStore } from '../../../main/platform/types';
import { ServiceError } from '../../../main/services/errors';
import { DEFAULT_SETTINGS, type StoredSettings } from '../../../main/services/settings/schema';
import { TestDialogs } from '../../support/test-dialogs';
import { JsonDocumentStore } from '../../../main/platform/versioned-file';
import { DEPLOYMENTS_SCHEMA } from '../../../main/services/deployments/schema';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A settings store that records writes, to prove that refused calls change nothing. */
function recordingStore(): SettingsStore & { writes: StoredSettings[] } {
  let current = { ...DEFAULT_SETTINGS };
  const writes: StoredSettings[] = [];
  return {
    writes,
    read: async () => ({ ...current }),
    write: async (next) => {
      writes.push(next);
      current = { ...next };
    },
  };
}

function setup() {
  const settings = recordingStore();
  const log = createMemoryLogger();
  const openedLinks: string[] = [];
  const handlers = createHandlers({
    settings,
    deployments: new JsonDocumentStore(join(tmpdir(), `ise-intune-ipc-${process.pid}-unused.json`), DEPLOYMENTS_SCHEMA, log),
    secrets: new MemorySecretStore(),
    dialogs: new TestDialogs(),
    shell: { openExternal: async (url) => void openedLinks.push(url) },
    clipboard: { writeText: async () => undefined },
    emit: () => undefined,
    runtime: {
      appName: 'ISE Intune Assistant',
      appVersion: '1.2.3',
      electron: null,
      chrome: null,
      node: process.versions.node,
      platform: 'test',
      defaultDataFolder: '/data',
      stateFolder: tmpdir(),
    },
    log,
  });
  return { handlers, settings, log, openedLinks };
}

const trusted = { webContentsId: () => 7, origin: 'app://bundle' };
const appEvent = (overrides: Partial<InvokeEventLike> = {}): InvokeEventLike => ({
  sender: { id: 7 },
  senderFrame: { url: 'app://bundle/index.html', parent: null },
  ...overrides,
});

describe('IPC argument validation', () => {
  it('answers a well-formed call with its value', async () => {
    const { handlers, log } = setup();
    const result = await dispatch(handlers, 'updateSettings', [{ theme: 'dark' }], log);
    expect(result).toMatchObject({ ok: true, value: { theme: 'dark' } });
  });

  it.each([
    ['a wrong enum value', 'updateSettings', [{ theme: 'purple' }], /theme/],
    ['an unknown field', 'updateSettings', [{ theme: 'dark', isAdmin: true }], /Unknown field\(s\): isAdmin/],
    ['a number where text is expected', 'updateSettings', [{ proxyUrl: 42 }], /proxyUrl/],
    ['a missing argument', 'updateSettings', [], /missing/],
    ['extra arguments', 'getSettings', [1, 2], /Too many arguments/],
    ['arguments that are not a list', 'getSettings', { 0: 1 }, /must be a list/],
    ['an oversized string', 'openExternal', [{ url: 'https://learn.microsoft.com/' + 'a'.repeat(5000) }], /url/],
  ])('refuses %s with INVALID_ARGUMENT and changes nothing', async (_name, channel, args, message) => {
    const { handlers, settings, log } = setup();
    const result = await dispatch(handlers, channel, args, log);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('INVALID_ARGUMENT');
      expect(result.error.message).toMatch(message);
    }
    expect(settings.writes).toEqual([]);
  });

  it('refuses an unknown channel with UNKNOWN_CHANNEL', async () => {
    const { handlers, log } = setup();
    for (const channel of ['deleteEverything', '__proto__', 'constructor', 42, null]) {
      const result = await dispatch(handlers, channel, [], log);
      expect(result).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL' } });
    }
  });

  it('returns a service error as a typed result with its code', async () => {
    const { handlers, settings, log } = setup();
    const result = await dispatch(handlers, 'updateSettings', [{ proxyUrl: 'ftp://proxy:21' }], log);
    expect(result).toMatchObject({ ok: false, error: { code: 'SETTINGS_INVALID_PROXY' } });
    expect(settings.writes).toEqual([]);
  });

  it('turns an unexpected exception into INTERNAL without the stack, and logs it', async () => {
    const { log } = setup();
    const broken = {
      getSettings: async () => {
        throw new TypeError('boom');
      },
    } as unknown as Handlers;
    const result = await dispatch(broken, 'getSettings', [], log);
    expect(result).toMatchObject({ ok: false, error: { code: 'INTERNAL', details: 'boom' } });
    if (!result.ok) expect(result.error.message).not.toContain('at ');
    expect(log.lines.some((line) => line.startsWith('ERROR getSettings failed unexpectedly: TypeError: boom'))).toBe(true);
  });

  it('has a schema and a handler for every channel of the contract', () => {
    const { handlers } = setup();
    expect(Object.keys(handlers).sort()).toEqual([...CHANNELS].sort());
  });

  it('opens only allow-listed https documentation links', async () => {
    const { handlers, openedLinks, log } = setup();
    const ok = await dispatch(handlers, 'openExternal', [{ url: 'https://learn.microsoft.com/entra/' }], log);
    expect(ok).toEqual({ ok: true, value: true });
    for (const url of ['http://learn.microsoft.com/', 'https://evil.example/', 'file:///etc/passwd', 'https://user@learn.microsoft.com/', 'javascript:alert(1)']) {
      const refused = await dispatch(handlers, 'openExternal', [{ url }], log);
      expect(refused).toMatchObject({ ok: false, error: { code: 'LINK_NOT_ALLOWED' } });
    }
    expect(openedLinks).toEqual(['https://learn.microsoft.com/entra/']);
  });

  it('keeps ServiceError details but never throws', async () => {
    const failing = {
      getAbout: async () => {
        throw new ServiceError('X_FAILED', 'It failed.', 'more');
      },
    } as unknown as Handlers;
    const result = await dispatch(failing, 'getAbout', [], createMemoryLogger());
    expect(result).toEqual({ ok: false, error: { code: 'X_FAILED', message: 'It failed.', details: 'more' } });
  });
});

describe('IPC sender check', () => {
  it('accepts the app window top frame on the app origin', () => {
    expect(isTrustedSender(appEvent(), trusted)).toBe(true);
  });

  it.each([
    ['another webContents', appEvent({ sender: { id: 8 } })],
    ['a sub-frame', appEvent({ senderFrame: { url: 'app://bundle/index.html', parent: {} } })],
    ['a remote page', appEvent({ senderFrame: { url: 'https://evil.example/', parent: null } })],
    ['a file: page', appEvent({ senderFrame: { url: 'file:///tmp/x.html', parent: null } })],
    ['another app: host', appEvent({ senderFrame: { url: 'app://other/index.html', parent: null } })],
    ['a destroyed frame', appEvent({ senderFrame: null })],
    ['an unparsable URL', appEvent({ senderFrame: { url: 'not a url', parent: null } })],
  ])('refuses %s', async (_name, event) => {
    expect(isTrustedSender(event, trusted)).toBe(false);
    const { handlers, settings, log } = setup();
    const result = await handleInvoke(handlers, trusted, event, 'updateSettings', [{ theme: 'dark' }], log);
    expect(result).toMatchObject({ ok: false, error: { code: 'UNTRUSTED_SENDER' } });
    expect(settings.writes).toEqual([]);
    expect(log.lines.some((line) => line.includes('untrusted sender'))).toBe(true);
  });

  it('refuses everything before the window exists', () => {
    expect(isTrustedSender(appEvent(), { webContentsId: () => null, origin: 'app://bundle' })).toBe(false);
  });
});
