import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMemoryLogger } from '../../../main/platform/file-logger';
import { JsonFileSettingsStore, MemorySecretStore } from '../../../main/platform/settings-file';
import { DEFAULT_SETTINGS, migrateSettings } from '../../../main/services/settings/schema';
import { PROXY_PASSWORD_SECRET, parseProxyUrl, readNetworkSettings, readSettings, redactCredentials, updateSettings } from '../../../main/services/settings/settings-service';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ise-intune-settings-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('settings file store', () => {
  it('starts from defaults when there is no file, and writes nothing until asked', async () => {
    const store = new JsonFileSettingsStore(dir, createMemoryLogger());
    expect(await store.read()).toEqual(DEFAULT_SETTINGS);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('writes strict JSON atomically and reads it back', async () => {
    const store = new JsonFileSettingsStore(dir, createMemoryLogger());
    await store.write({ ...DEFAULT_SETTINGS, theme: 'dark', language: 'es' });
    expect(readdirSync(dir)).toEqual(['settings.json']);
    expect(JSON.parse(readFileSync(join(dir, 'settings.json'), 'utf8'))).toMatchObject({ schemaVersion: 1, theme: 'dark' });
    expect(await store.read()).toMatchObject({ theme: 'dark', language: 'es' });
  });

  it.each([
    ['truncated JSON', '{"schemaVersion": 1, "theme": "da', /not valid JSON/],
    ['binary garbage', '\u0000\u0001\u00ff garbage', /not valid JSON/],
    ['a JSON array', '[1,2,3]', /does not hold a JSON object/],
    ['a bad value', '{"schemaVersion":1,"theme":"purple"}', /theme/],
    ['a newer schema', '{"schemaVersion":99}', /newer version of the app/],
  ])('recovers from %s: keeps a backup, logs a clear line, uses defaults', async (_name, content, reason) => {
    writeFileSync(join(dir, 'settings.json'), content);
    const log = createMemoryLogger();
    const store = new JsonFileSettingsStore(dir, log);
    expect(await store.read()).toEqual(DEFAULT_SETTINGS);
    const files = readdirSync(dir);
    expect(files).not.toContain('settings.json');
    const backup = files.find((name) => /^settings\.json\.corrupt-.*\.bak$/.test(name));
    expect(backup).toBeDefined();
    expect(readFileSync(join(dir, backup ?? ''), 'utf8')).toBe(content);
    expect(log.lines).toHaveLength(1);
    expect(log.lines[0]).toMatch(/^WARN Settings file .*settings\.json could not be read: /);
    expect(log.lines[0]).toMatch(reason);
    expect(log.lines[0]).toContain(`kept as ${join(dir, backup ?? '')}`);
  });

  it('migrates a version-0 file (proxy -> proxyUrl) and says so', async () => {
    writeFileSync(join(dir, 'settings.json'), '\uFEFF{"proxy":"http://p:3128","theme":"light","obsolete":1}');
    const log = createMemoryLogger();
    const settings = await new JsonFileSettingsStore(dir, log).read();
    expect(settings).toEqual({ ...DEFAULT_SETTINGS, proxyMode: 'explicit', proxyUrl: 'http://p:3128', theme: 'light' });
    expect(log.lines).toEqual(['INFO Settings migrated from schema 0 to 1.']);
  });

  it.each([
    ['version 0', '{"proxyMode":"explicit","proxy":""}'],
    ['version 1', '{"schemaVersion":1,"proxyMode":"explicit","proxyUrl":"","proxyUser":"CORP\\\\bob"}'],
  ])('reads an earlier "this proxy" with an empty address (%s) as the direct connection it meant', async (_name, content) => {
    writeFileSync(join(dir, 'settings.json'), content);
    const settings = await new JsonFileSettingsStore(dir, createMemoryLogger()).read();
    expect(settings.proxyMode).toBe('direct');
    expect(settings.proxyUrl).toBe('');
  });

  it('migrateSettings refuses non-integer versions', () => {
    expect(migrateSettings({ schemaVersion: '1' })).toMatchObject({ ok: false });
  });
});

describe('settings service', () => {
  const deps = () => ({
    settings: new JsonFileSettingsStore(dir, createMemoryLogger()),
    secrets: new MemorySecretStore(),
    defaultDataFolder: '/default/data',
  });

  it('shows the default data folder when none is chosen', async () => {
    expect((await readSettings(deps())).dataFolder).toBe('/default/data');
  });

  it('splits proxy credentials: user kept, password to the secret store, never in the file', async () => {
    const d = deps();
    const result = await updateSettings(d, { proxyUrl: 'http://ad%40min:p%40ss:w0rd@proxy.corp:8080' });
    expect(result).toMatchObject({ proxyUrl: 'http://proxy.corp:8080', proxyUser: 'ad@min', proxyPasswordStored: true });
    expect(JSON.stringify(result)).not.toContain('w0rd');
    expect(await d.secrets.get(PROXY_PASSWORD_SECRET)).toBe('p@ss:w0rd');
    expect(readFileSync(join(dir, 'settings.json'), 'utf8')).not.toContain('w0rd');
  });

  it('clearing the proxy removes user and password', async () => {
    const d = deps();
    await updateSettings(d, { proxyUrl: 'http://u:p@proxy:8080' });
    const cleared = await updateSettings(d, { proxyUrl: '' });
    expect(cleared).toMatchObject({ proxyMode: 'system', proxyUrl: '', proxyUser: '', proxyPasswordStored: false });
    expect(await d.secrets.has(PROXY_PASSWORD_SECRET)).toBe(false);
  });

  it('an explicit proxy needs an address', async () => {
    const d = deps();
    await expect(updateSettings(d, { proxyMode: 'explicit' })).rejects.toMatchObject({ code: 'SETTINGS_PROXY_REQUIRED' });
    expect(readdirSync(dir)).toEqual([]);
    await updateSettings(d, { proxyMode: 'direct' });
    expect((await readSettings(d)).proxyMode).toBe('direct');
  });

  it('gives network code the proxy with its user and the stored password', async () => {
    const d = deps();
    expect(await readNetworkSettings(d)).toEqual({ mode: 'system', proxyUrl: null, proxyPassword: undefined });
    await updateSettings(d, { proxyUrl: 'http://bob:s%40cret@proxy.corp:3128' });
    expect(await readNetworkSettings(d)).toEqual({ mode: 'explicit', proxyUrl: 'http://bob@proxy.corp:3128', proxyPassword: 's@cret' });
  });

  it('refuses a password without a proxy, or for the system proxy without a user name, and changes nothing', async () => {
    const d = deps();
    await expect(updateSettings(d, { proxyMode: 'direct', proxyPassword: 'x', theme: 'dark' })).rejects.toMatchObject({
      code: 'SETTINGS_PASSWORD_WITHOUT_PROXY',
    });
    await expect(updateSettings(d, { proxyMode: 'system', proxyPassword: 'x', theme: 'dark' })).rejects.toMatchObject({
      code: 'SETTINGS_PASSWORD_WITHOUT_USER',
    });
    expect(readdirSync(dir)).toEqual([]);
    expect(await d.secrets.has(PROXY_PASSWORD_SECRET)).toBe(false);
  });

  it('keeps a DOMAIN\\user name and its password for the system proxy, the password in the secret store only', async () => {
    const d = deps();
    await updateSettings(d, { proxyMode: 'system', proxyUser: 'CORP\\bob', proxyPassword: 'pa55' });
    const shown = await readSettings(d);
    expect(shown).toMatchObject({ proxyMode: 'system', proxyUser: 'CORP\\bob', proxyPasswordStored: true });
    expect(JSON.stringify(shown)).not.toContain('pa55');
    expect(readFileSync(join(dir, 'settings.json'), 'utf8')).not.toContain('pa55');
    expect(await readNetworkSettings(d)).toEqual({ mode: 'system', proxyUrl: null, proxyUser: 'CORP\\bob', proxyPassword: 'pa55' });
  });

  it.each([
    ['relative', 'exports', 'SETTINGS_FOLDER_NOT_ABSOLUTE'],
    ['missing', '/no/such/folder/anywhere', 'SETTINGS_FOLDER_MISSING'],
  ])('refuses a %s data folder and changes nothing', async (_name, folder, code) => {
    const d = deps();
    await expect(updateSettings(d, { theme: 'dark', dataFolder: folder })).rejects.toMatchObject({ code });
    expect(readdirSync(dir)).toEqual([]);
  });

  it('refuses a file as the data folder', async () => {
    writeFileSync(join(dir, 'a-file'), 'x');
    await expect(updateSettings(deps(), { dataFolder: join(dir, 'a-file') })).rejects.toMatchObject({
      code: 'SETTINGS_FOLDER_NOT_DIRECTORY',
    });
  });
});

describe('the Chains host list, timeout and AIA switch', () => {
  const deps = () => ({
    settings: new JsonFileSettingsStore(dir, createMemoryLogger()),
    secrets: new MemorySecretStore(),
    defaultDataFolder: '/default/data',
  });

  it('start as the presets (null), 10 s and AIA on', async () => {
    expect(await readSettings(deps())).toMatchObject({ chainHosts: null, chainTimeoutSeconds: 10, chainAia: true });
  });

  it('are kept as host:port, without duplicates, and read back after a restart', async () => {
    await updateSettings(deps(), { chainHosts: ['login.microsoftonline.com', 'https://fef.msub03.manage.microsoft.com/x', 'login.microsoftonline.com:443'], chainTimeoutSeconds: 25, chainAia: false });
    const file = JSON.parse(readFileSync(join(dir, 'settings.json'), 'utf8')) as Record<string, unknown>;
    expect(file.chainHosts).toEqual(['login.microsoftonline.com:443', 'fef.msub03.manage.microsoft.com:443']);
    expect(await readSettings(deps())).toMatchObject({ chainHosts: ['login.microsoftonline.com:443', 'fef.msub03.manage.microsoft.com:443'], chainTimeoutSeconds: 25, chainAia: false });
    await updateSettings(deps(), { chainHosts: null });
    expect((await readSettings(deps())).chainHosts).toBeNull();
  });

  it.each([
    ['a bad host', { chainHosts: ['graph.microsoft.com', 'not a host'] }, 'INVALID_HOST'],
    ['too many hosts', { chainHosts: Array.from({ length: 51 }, (_, index) => `host${index}.example.com`) }, 'SETTINGS_TOO_MANY_HOSTS'],
    ['a zero timeout', { chainTimeoutSeconds: 0 }, 'SETTINGS_INVALID_TIMEOUT'],
    ['a fractional timeout', { chainTimeoutSeconds: 2.5 }, 'SETTINGS_INVALID_TIMEOUT'],
    ['a timeout over two minutes', { chainTimeoutSeconds: 121 }, 'SETTINGS_INVALID_TIMEOUT'],
  ])('refuse %s and change nothing', async (_name, patch, code) => {
    await expect(updateSettings(deps(), { theme: 'dark', ...patch })).rejects.toMatchObject({ code });
    expect(readdirSync(dir)).toEqual([]);
  });

  it('a hand-edited bad value falls back to its default and keeps the other settings', async () => {
    writeFileSync(join(dir, 'settings.json'), JSON.stringify({ ...DEFAULT_SETTINGS, theme: 'dark', chainHosts: 'login.microsoftonline.com', chainTimeoutSeconds: -3, chainAia: 'yes' }));
    expect(await readSettings(deps())).toMatchObject({ theme: 'dark', chainHosts: null, chainTimeoutSeconds: 10, chainAia: true });
  });
});

describe('proxy addresses', () => {
  it.each([
    ['', { url: '' }],
    ['proxy.corp:3128', { url: 'http://proxy.corp:3128' }],
    ['http://10.0.0.1:8080/', { url: 'http://10.0.0.1:8080' }],
    ['http://[::1]:8080', { url: 'http://[::1]:8080' }],
    ['http://bob@proxy:8080', { url: 'http://proxy:8080', user: 'bob' }],
  ])('reads %j', (input, expected) => {
    expect(parseProxyUrl(input)).toEqual(expected);
  });

  it.each([
    ['socks5://proxy:1080', /Only HTTP proxies/],
    ['https://proxy:443', /Only HTTP proxies/],
    ['http://proxy', /Add the proxy port/],
    ['http://proxy:8080/path', /no path/],
    ['http://exa mple:80', /is not a proxy address/],
  ])('refuses %j with a clear message', (input, message) => {
    expect(() => parseProxyUrl(input)).toThrow(message);
  });

  it('never repeats a password in its error message', () => {
    expect(() => parseProxyUrl('http://u:hunter2@exa mple:80')).toThrow(/^(?!.*hunter2)/);
    expect(redactCredentials('http://u:hunter2@host:1')).toBe('http://***@host:1');
  });
});
