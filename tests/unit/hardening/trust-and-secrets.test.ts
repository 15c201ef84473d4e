/**
 * Issue 19: the browser sign-in opens only on a known cloud's login host, secrets.json is
 * private (0600) and never silently emptied, and app:// answers 400 to a malformed escape.
 */
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleFile } from '../../../main/bundle-file';
import { createMemoryLogger } from '../../../main/platform/file-logger';
import { createSecretFileStore, type SecretCipher } from '../../../main/platform/secret-file';
import { createAdminSession, createTransport, isAllowedSignInUrl, resolveCloud } from '../../../main/services/entra/live';

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ise-intune-trust-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('the browser sign-in', () => {
  it('opens only on a known cloud login host (or a loopback stand-in)', () => {
    expect(isAllowedSignInUrl('https://login.microsoftonline.com/organizations/oauth2/v2.0/authorize?x=1')).toBe(true);
    expect(isAllowedSignInUrl('https://login.microsoftonline.us/tenant/oauth2/v2.0/authorize')).toBe(true);
    expect(isAllowedSignInUrl('https://127.0.0.1:8443/tenant/oauth2/v2.0/authorize')).toBe(true);
    for (const url of ['https://login.microsoftonline.com.evil.example/', 'http://login.microsoftonline.com/', 'https://evil.example/login.microsoftonline.com', 'javascript:alert(1)', 'http://127.0.0.1/']) {
      expect(isAllowedSignInUrl(url)).toBe(false);
    }
  });

  it('refuses to start a browser sign-in on a planted authority, and opens nothing', async () => {
    const opened: string[] = [];
    const session = createAdminSession({
      cloud: resolveCloud({ cloud: 'public', authority: 'https://login-microsoftonline.evil.example' }),
      cacheStore: { get: async () => null, set: async () => undefined, delete: async () => undefined },
      transport: createTransport({ timeoutMs: 1000 }),
      openBrowser: async (url) => void opened.push(url),
    });
    await expect(session.signInInteractive({ timeoutMs: 2000 })).rejects.toMatchObject({ code: 'SIGN_IN_HOST_NOT_ALLOWED' });
    expect(opened).toEqual([]);
  });
});

/** A stand-in for the OS key store: reversible, and able to lose its key like DPAPI after a profile reset. */
function fakeCipher(): SecretCipher & { lose(): void } {
  let key = 7;
  return {
    ensureAvailable: async () => undefined,
    encrypt: async (value) => Buffer.from(`k${key}:${value}`),
    decrypt: async (cipher) => {
      const text = cipher.toString();
      if (!text.startsWith(`k${key}:`)) throw new Error('bad decrypt');
      return { result: text.slice(`k${key}:`.length), shouldReEncrypt: false };
    },
    lose: () => void (key += 1),
  };
}

describe('secrets.json', () => {
  it('is written with mode 0600', async () => {
    const folder = await mkdtemp(join(dir, 'secrets-'));
    const store = createSecretFileStore(folder, createMemoryLogger(), fakeCipher());
    await store.set('proxy', 'p4ss');
    expect((await stat(join(folder, 'secrets.json'))).mode & 0o777).toBe(0o600);
    expect(await store.get('proxy')).toBe('p4ss');
  });

  it('sets a damaged file aside and reports it, instead of replacing it by {}', async () => {
    const folder = await mkdtemp(join(dir, 'secrets-'));
    const damaged = '{"proxy": "a3c6", "tokenCache": "trunc';
    await writeFile(join(folder, 'secrets.json'), damaged);
    const log = createMemoryLogger();
    const store = createSecretFileStore(folder, log, fakeCipher());
    expect(await store.get('proxy')).toBeNull();
    const backups = (await readdir(folder)).filter((name) => /^secrets\.json\.corrupt-.+\.bak$/.test(name));
    expect(backups).toHaveLength(1);
    expect(await readFile(join(folder, backups[0] as string), 'utf8')).toBe(damaged);
    expect(log.lines.join('\n')).toMatch(/could not be used: it is not valid JSON.*kept as .*secrets\.json\.corrupt-/);
  });

  it('sets the file aside when the system can no longer decrypt it; the other secrets stay in the backup', async () => {
    const folder = await mkdtemp(join(dir, 'secrets-'));
    const cipher = fakeCipher();
    const store = createSecretFileStore(folder, createMemoryLogger(), cipher);
    await store.set('proxy', 'p4ss');
    await store.set('tokenCache', '{"big":"cache"}');
    const before = await readFile(join(folder, 'secrets.json'), 'utf8');
    cipher.lose();
    expect(await store.get('proxy')).toBeNull();
    const [backup] = (await readdir(folder)).filter((name) => name.includes('.corrupt-'));
    expect(await readFile(join(folder, backup as string), 'utf8')).toBe(before);
    expect(JSON.parse(before)).toHaveProperty('tokenCache');
  });
});

describe('app://', () => {
  it('answers 400 to a malformed % escape, 404 outside the bundle, and maps the rest into it', () => {
    expect(bundleFile('/bundle', 'app://bundle/%E0%A4%A.js')).toEqual({ status: 400 });
    expect(bundleFile('/bundle', 'app://bundle/%')).toEqual({ status: 400 });
    expect(bundleFile('/bundle', 'app://bundle/..%2f..%2fetc%2fpasswd')).toEqual({ status: 404 });
    expect(bundleFile('/bundle', 'app://other/index.html')).toEqual({ status: 404 });
    expect(bundleFile('/bundle', 'app://bundle/')).toEqual({ file: '/bundle/index.html' });
    expect(bundleFile('/bundle', 'app://bundle/assets/a%20b.js')).toEqual({ file: '/bundle/assets/a b.js' });
  });
});
