/**
 * The proxies of a corporate Windows network, emulated on 127.0.0.1: a PAC answer listing
 * several proxies (the first one dead), a proxy that wants Windows sign-in (NTLM/Negotiate,
 * which only the app's network stack can answer), a Basic proxy account written DOMAIN\user,
 * credentials for the proxy a PAC script picks (System mode), and HTTPS_PROXY/NO_PROXY for the
 * command line.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../main/cli/run';
import { createMemoryLogger } from '../../../main/platform/file-logger';
import { JsonFileSettingsStore, MemorySecretStore } from '../../../main/platform/settings-file';
import { parseProxyUrl, readNetworkSettings, readSettings, updateSettings } from '../../../main/services/settings/settings-service';
import { authSchemes, fetchChains, parseProxy, proxyFromEnvironment, proxyRoutesFromResolverAnswer } from '../../../main/services/tls';
import { startProxyServer, type ProxyServer } from '../../support/proxy-server';
import { useLab } from './lab';

const lab = useLab();
const DOMAIN_USER = 'CORP\\jdoe';
const DOMAIN_PASSWORD = 'Wínter-2026!';

let domainProxy: ProxyServer;
let windowsProxy: { server: Server; url: string };
let mixedProxy: { server: Server; url: string };

/** A proxy that answers every CONNECT with 407 and these Proxy-Authenticate headers. */
async function challengingProxy(challenges: string[]): Promise<{ server: Server; url: string }> {
  const server = createServer((socket) => {
    socket.once('data', () => socket.end(`HTTP/1.1 407 Proxy Authentication Required\r\n${challenges.map((value) => `Proxy-Authenticate: ${value}\r\n`).join('')}Content-Length: 0\r\n\r\n`));
    socket.on('error', () => socket.destroy());
  });
  await new Promise<void>((resolvePromise) => server.listen(0, '127.0.0.1', resolvePromise));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

beforeAll(async () => {
  domainProxy = await startProxyServer({ auth: { user: DOMAIN_USER, password: DOMAIN_PASSWORD } });
  windowsProxy = await challengingProxy(['Negotiate', 'NTLM']);
  mixedProxy = await challengingProxy(['NTLM', 'Basic realm="corp"']);
});

afterAll(async () => {
  await domainProxy.close();
  for (const { server } of [windowsProxy, mixedProxy]) await new Promise((resolvePromise) => server.close(resolvePromise));
});

describe('PAC answers with several proxies', () => {
  it('reads every route in order, skipping SOCKS', () => {
    expect(proxyRoutesFromResolverAnswer('PROXY a.corp:8080; PROXY b.corp:8080; DIRECT')).toEqual(['http://a.corp:8080', 'http://b.corp:8080', null]);
    expect(proxyRoutesFromResolverAnswer('SOCKS5 s.corp:1080; PROXY b.corp:3128')).toEqual(['http://b.corp:3128']);
    expect(proxyRoutesFromResolverAnswer(null)).toEqual([null]);
    expect(() => proxyRoutesFromResolverAnswer('SOCKS5 s.corp:1080')).toThrow(/SOCKS is not supported/);
  });

  it('fails over from a proxy that cannot be reached to the next one, as Windows does', async () => {
    const dead = `127.0.0.1:${lab().closedPort}`;
    const working = new URL(lab().proxy.url).host;
    const resolveProxy = async (): Promise<string> => `PROXY ${dead}; PROXY ${working}; DIRECT`;
    const [result] = await fetchChains([lab().target('default')], lab().options({ resolveProxy }));
    expect(result).toMatchObject({ fetched: true, verdict: 'trusted', proxy: lab().proxy.url });
    expect(lab().proxy.connects).toContain(lab().target('default'));
  });

  it('ends with DIRECT when every proxy is down, and reports the last proxy when no DIRECT is allowed', async () => {
    const dead = `127.0.0.1:${lab().closedPort}`;
    const [direct] = await fetchChains([lab().target('default')], lab().options({ resolveProxy: async () => `PROXY ${dead}; DIRECT` }));
    expect(direct).toMatchObject({ fetched: true, proxy: null });
    const [failed] = await fetchChains([lab().target('default')], lab().options({ resolveProxy: async () => `PROXY ${dead}` }));
    expect(failed).toMatchObject({ fetched: false, verdict: 'proxy-error', errorCode: 'PROXY_REFUSED' });
  });

  it('does not fail over past a proxy that answered (a 407 is final)', async () => {
    const authHost = new URL(lab().authProxy.url).host;
    const working = new URL(lab().proxy.url).host;
    const [result] = await fetchChains([lab().target('default')], lab().options({ resolveProxy: async () => `PROXY ${authHost}; PROXY ${working}` }));
    expect(result).toMatchObject({ fetched: false, errorCode: 'PROXY_AUTH_REQUIRED' });
  });
});

describe('proxy sign-in', () => {
  it('says clearly when a proxy wants Windows sign-in (NTLM/Negotiate), which a user name and password cannot answer', async () => {
    const [result] = await fetchChains([lab().target('default')], lab().options({ proxy: windowsProxy.url }));
    expect(result).toMatchObject({ fetched: false, verdict: 'proxy-error', errorCode: 'PROXY_AUTH_WINDOWS' });
    expect(result?.message).toMatch(/asks for Windows sign-in \(Negotiate, NTLM, HTTP 407\)/);
    // Offering Basic too, it is an ordinary 407: a user name and password can answer it.
    const [mixed] = await fetchChains([lab().target('default')], lab().options({ proxy: mixedProxy.url }));
    expect(mixed?.errorCode).toBe('PROXY_AUTH_REQUIRED');
  });

  it('reads the schemes of every Proxy-Authenticate header', () => {
    expect(authSchemes('HTTP/1.1 407 x\r\nProxy-Authenticate: Negotiate\r\nproxy-authenticate: NTLM\r\n')).toEqual(['negotiate', 'ntlm']);
    expect(authSchemes('HTTP/1.1 407 x\r\nProxy-Authenticate: Basic realm="a, b", NTLM\r\n')).toEqual(['basic', 'ntlm']);
  });

  it('accepts a DOMAIN\\user account, typed in the address or apart from it', async () => {
    const port = new URL(domainProxy.url).port;
    const parsed = parseProxyUrl(`http://${DOMAIN_USER}:${encodeURIComponent(DOMAIN_PASSWORD)}@127.0.0.1:${port}`);
    expect(parsed).toEqual({ url: `http://127.0.0.1:${port}`, user: DOMAIN_USER, password: DOMAIN_PASSWORD });
    const [typed] = await fetchChains([lab().target('default')], lab().options({ proxy: `http://CORP%5Cjdoe@127.0.0.1:${port}`, proxyPassword: DOMAIN_PASSWORD }));
    expect(typed).toMatchObject({ fetched: true, verdict: 'trusted' });
    expect(parseProxy(domainProxy.url, DOMAIN_PASSWORD, DOMAIN_USER)).toMatchObject({ user: DOMAIN_USER, password: DOMAIN_PASSWORD });
  });

  it('System mode: the proxy a PAC script picks gets the user name and password kept in Settings', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ise-intune-proxy-settings-'));
    try {
      const deps = { settings: new JsonFileSettingsStore(dir, createMemoryLogger()), secrets: new MemorySecretStore(), defaultDataFolder: dir };
      await updateSettings(deps, { proxyMode: 'system', proxyUser: DOMAIN_USER, proxyPassword: DOMAIN_PASSWORD });
      expect(await readSettings(deps)).toMatchObject({ proxyMode: 'system', proxyUser: DOMAIN_USER, proxyPasswordStored: true });
      const network = await readNetworkSettings(deps);
      expect(network).toMatchObject({ mode: 'system', proxyUrl: null, proxyUser: DOMAIN_USER, proxyPassword: DOMAIN_PASSWORD });
      const resolveProxy = async (): Promise<string> => `PROXY ${new URL(domainProxy.url).host}; DIRECT`;
      const options = lab().options({ resolveProxy, ...(network.proxyUser ? { proxyUser: network.proxyUser } : {}), ...(network.proxyPassword ? { proxyPassword: network.proxyPassword } : {}) });
      const [signedIn] = await fetchChains([lab().target('default')], options);
      expect(signedIn).toMatchObject({ fetched: true, proxy: domainProxy.url });
      const [without] = await fetchChains([lab().target('default')], lab().options({ resolveProxy }));
      expect(without?.errorCode).toBe('PROXY_AUTH_REQUIRED');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('HTTPS_PROXY and NO_PROXY on the command line', () => {
  it('chooses the proxy per host as curl does', () => {
    const env = { HTTPS_PROXY: 'proxy.corp:8080', NO_PROXY: 'localhost,.internal.corp, graph.microsoft.com:8443' };
    expect(proxyFromEnvironment('https://login.microsoftonline.com/', env)).toBe('http://proxy.corp:8080');
    expect(proxyFromEnvironment('https://ise.internal.corp/', env)).toBeNull();
    expect(proxyFromEnvironment('https://internal.corp/', env)).toBeNull();
    expect(proxyFromEnvironment('https://graph.microsoft.com/', env)).toBe('http://proxy.corp:8080');
    expect(proxyFromEnvironment('https://graph.microsoft.com:8443/', env)).toBeNull();
    expect(proxyFromEnvironment('https://localhost:9443/', env)).toBeNull();
    expect(proxyFromEnvironment('https://x.test/', { https_proxy: 'http://p:1', no_proxy: '*' })).toBeNull();
    expect(proxyFromEnvironment('https://x.test/', {})).toBeNull();
  });

  it('chain uses HTTPS_PROXY unless NO_PROXY lists the host', async () => {
    const target = lab().target('default');
    const run = async (env: Record<string, string>) => {
      const out: string[] = [];
      const io = { stdout: (text: string) => out.push(text), stderr: (text: string) => out.push(text), cwd: process.cwd(), now: () => new Date(), env };
      const args = ['chain', target, '--no-aia', '--json', '--ca-file', lab().pki.ecRoot.pemPath];
      const code = await runCli(args, io);
      return { code, json: JSON.parse(out.join('')) as { proxy: string | null; fetched: boolean }[] };
    };
    const viaProxy = await run({ HTTPS_PROXY: lab().proxy.url });
    expect(viaProxy.json[0]).toMatchObject({ fetched: true, proxy: lab().proxy.url });
    const connects = lab().proxy.connects.length;
    const direct = await run({ HTTPS_PROXY: lab().proxy.url, NO_PROXY: '127.0.0.1' });
    expect(direct.json[0]).toMatchObject({ fetched: true, proxy: null });
    expect(lab().proxy.connects).toHaveLength(connects);
    expect((await run({})).json[0]).toMatchObject({ fetched: true, proxy: null });
  });
});
