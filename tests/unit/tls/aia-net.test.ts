/**
 * AIA downloads on a stack shaped like Electron's `net.request` (Chromium's in the app, for the
 * system proxy and an explicit one alike), driven by a stand-in over Node's http
 * (tests/support/fake-net-request.ts) against the lab's local AIA server and proxies: the
 * proxy's sign-in answered once, redirects reported, the AIA safety rules (plain http, no
 * private addresses unless allowed, size limit) and cancel. And the handlers' choice: the
 * platform's stack in System and explicit modes, Node's client in Direct mode.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createHandlers, platformProxy } from '../../../main/handlers';
import { createMemoryLogger } from '../../../main/platform/file-logger';
import { MemorySecretStore } from '../../../main/platform/settings-file';
import { JsonDocumentStore } from '../../../main/platform/versioned-file';
import { createNetRequester } from '../../../main/services/entra/live';
import { sendNetRequest } from '../../../main/services/net-request';
import { DEPLOYMENTS_SCHEMA } from '../../../main/services/deployments/schema';
import { SETTINGS_SCHEMA } from '../../../main/services/settings/schema';
import { createNetAiaGet, downloadIssuer, fetchChains, parseProxy, type AiaGet } from '../../../main/services/tls';
import { fakeNetOpener, newFakeNetLog, scriptedOpener } from '../../support/fake-net-request';
import { TestDialogs } from '../../support/test-dialogs';
import { PROXY_PASSWORD, PROXY_USER, useLab } from './lab';

const lab = useLab();
const noCredentials = async () => null;
const labCredentials = async () => ({ user: PROXY_USER, password: PROXY_PASSWORD });

describe('AIA through an explicit proxy on the platform\'s stack', () => {
  it('answers the proxy\'s sign-in with the credentials of Settings, once', async () => {
    const log = newFakeNetLog();
    const get = createNetAiaGet(fakeNetOpener(lab().authProxy.url, log), labCredentials);
    const url = `${lab().aia.baseUrl}/rsa-intermediate.crt`;
    const download = await downloadIssuer(url, { timeoutMs: 2000, allowPrivate: true, proxy: parseProxy(lab().authProxy.url), get });
    expect(download.certificates).toEqual([lab().pki.rsaIntermediate.der]);
    expect(log.logins).toEqual([expect.objectContaining({ isProxy: true, scheme: 'basic', realm: 'test' })]);
    expect(lab().authProxy.forwarded).toContain(url);
  });

  it('says the proxy asks for credentials (407) when none are kept or they are wrong, without a loop of 407s', async () => {
    const url = `${lab().aia.baseUrl}/rsa-intermediate.crt`;
    const none = newFakeNetLog();
    await expect(downloadIssuer(url, { timeoutMs: 2000, allowPrivate: true, get: createNetAiaGet(fakeNetOpener(lab().authProxy.url, none), noCredentials) })).rejects.toMatchObject({
      code: 'AIA_PROXY_AUTH',
      values: { status: 407 },
    });
    expect(none.logins).toHaveLength(1);
    const wrong = newFakeNetLog();
    const wrongGet = createNetAiaGet(fakeNetOpener(lab().authProxy.url, wrong), async () => ({ user: PROXY_USER, password: 'nope' }));
    await expect(downloadIssuer(url, { timeoutMs: 2000, allowPrivate: true, get: wrongGet })).rejects.toMatchObject({ code: 'AIA_PROXY_AUTH' });
    // Asked twice: answered the first time, refused the second.
    expect(wrong.logins).toHaveLength(2);
  });

  it('completes a chain through the proxy and reports the redirect it followed', async () => {
    const log = newFakeNetLog();
    const aiaGet = createNetAiaGet(fakeNetOpener(lab().proxy.url, log), noCredentials);
    const [result] = await fetchChains([lab().target('aia-redirect.test')], lab().options({ aiaGet }));
    expect(result?.chain.map((info) => info.subjectCN)).toEqual(['aia-redirect.test', 'Lab RSA Issuing CA 01', 'Lab RSA Root']);
    expect(result?.completedFrom[0]).toMatchObject({ from: 'aia', url: `${lab().aia.baseUrl}/redirect.crt`, finalUrl: `${lab().aia.baseUrl}/rsa-intermediate.crt` });
    expect(log.opened).toEqual([`${lab().aia.baseUrl}/redirect.crt`, `${lab().aia.baseUrl}/rsa-intermediate.crt`]);
    expect(lab().proxy.forwarded).toEqual(expect.arrayContaining(log.opened));
  });

  it('refuses more than a CA certificate\'s size', async () => {
    lab().aia.route('/huge.crt', { kind: 'body', body: Buffer.alloc(3 * 1024 * 1024, 0x30), contentType: 'application/pkix-cert' });
    const get = createNetAiaGet(fakeNetOpener(lab().proxy.url, newFakeNetLog()), noCredentials);
    await expect(downloadIssuer(`${lab().aia.baseUrl}/huge.crt`, { timeoutMs: 2000, allowPrivate: true, get })).rejects.toMatchObject({ code: 'AIA_TOO_LARGE', values: { kb: 1024 } });
  });
});

describe('the AIA safety rules hold on the platform\'s stack', () => {
  it('never asks the stack for a private address or anything but plain http', async () => {
    const log = newFakeNetLog();
    const get = createNetAiaGet(fakeNetOpener(lab().proxy.url, log), noCredentials);
    await expect(downloadIssuer(`${lab().aia.baseUrl}/rsa-intermediate.crt`, { timeoutMs: 2000, get })).rejects.toMatchObject({ code: 'AIA_PRIVATE_ADDRESS', values: { kind: 'loopback' } });
    await expect(downloadIssuer('http://169.254.169.254/latest/meta-data/', { timeoutMs: 2000, get })).rejects.toMatchObject({ code: 'AIA_PRIVATE_ADDRESS', values: { kind: 'link-local' } });
    await expect(downloadIssuer('ftp://203.0.113.7/ca.crt', { timeoutMs: 2000, get })).rejects.toMatchObject({ code: 'AIA_UNSUPPORTED_URL' });
    expect(log.opened).toEqual([]);
  });

  it('refuses a redirect to a private address or to https, and stops after three redirects', async () => {
    const redirectTo = (location: string) => {
      const log = newFakeNetLog();
      return { log, get: createNetAiaGet(scriptedOpener(log, (request, options) => request.emit('redirect', 302, options.method, location)), noCredentials) };
    };
    const privateHop = redirectTo('http://10.1.2.3/ca.crt');
    await expect(downloadIssuer('http://203.0.113.7/ca.crt', { timeoutMs: 2000, get: privateHop.get })).rejects.toMatchObject({ code: 'AIA_PRIVATE_ADDRESS', values: { target: 'http://10.1.2.3/ca.crt', kind: 'private' } });
    expect(privateHop.log).toMatchObject({ opened: ['http://203.0.113.7/ca.crt'], aborts: 1 });
    const httpsHop = redirectTo('https://203.0.113.8/ca.crt');
    await expect(downloadIssuer('http://203.0.113.7/ca.crt', { timeoutMs: 2000, get: httpsHop.get })).rejects.toMatchObject({ code: 'AIA_UNSUPPORTED_URL', values: { target: 'https://203.0.113.8/ca.crt' } });
    const loop = redirectTo('http://203.0.113.7/ca.crt');
    await expect(downloadIssuer('http://203.0.113.7/ca.crt', { timeoutMs: 2000, get: loop.get })).rejects.toMatchObject({ code: 'AIA_TOO_MANY_REDIRECTS' });
    expect(loop.log.opened).toHaveLength(4);
  });

  it('an error status is reported and its unread answer let go', async () => {
    const log = newFakeNetLog();
    const get = createNetAiaGet(fakeNetOpener(lab().proxy.url, log), noCredentials);
    await expect(downloadIssuer(`${lab().aia.baseUrl}/missing.crt`, { timeoutMs: 2000, allowPrivate: true, get })).rejects.toMatchObject({ code: 'AIA_HTTP_STATUS', values: { status: 404 } });
    expect(log.aborts).toBe(1);
  });

  it('a failure of the stack (net::ERR_...) is an unreachable issuer', async () => {
    const log = newFakeNetLog();
    const get = createNetAiaGet(fakeNetOpener(`http://127.0.0.1:${lab().closedPort}`, log), noCredentials);
    await expect(downloadIssuer(`${lab().aia.baseUrl}/rsa-intermediate.crt`, { timeoutMs: 2000, allowPrivate: true, get })).rejects.toMatchObject({
      code: 'AIA_UNREACHABLE',
      values: { reason: 'net::ERR_CONNECTION_REFUSED' },
    });
  });
});

describe('cancel and timeout, with Electron\'s abort (no error event)', () => {
  it('cancelling a download under way ends it at once, and aborts the request', async () => {
    const log = newFakeNetLog();
    const controller = new AbortController();
    log.onSent = () => controller.abort();
    const get = createNetAiaGet(fakeNetOpener(lab().proxy.url, log), noCredentials);
    await expect(downloadIssuer(`${lab().aia.baseUrl}/slow.crt`, { timeoutMs: 60_000, allowPrivate: true, get, signal: controller.signal })).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(log.aborts).toBe(1);
  });

  it('a request that does not answer in time is a timeout, not a wait for ever', async () => {
    const log = newFakeNetLog();
    const get = createNetAiaGet(fakeNetOpener(lab().proxy.url, log), noCredentials);
    await expect(downloadIssuer(`${lab().aia.baseUrl}/slow.crt`, { timeoutMs: 300, allowPrivate: true, get })).rejects.toMatchObject({ code: 'AIA_TIMEOUT' });
    expect(log.aborts).toBe(1);
  });

  it('a cancel while the body is read fails the read with the reason', async () => {
    lab().aia.route('/dripping.crt', { kind: 'body', body: lab().pki.rsaIntermediate.der, contentType: 'application/pkix-cert' });
    const controller = new AbortController();
    const answer = await sendNetRequest(fakeNetOpener(null, newFakeNetLog()), { method: 'GET', url: `${lab().aia.baseUrl}/dripping.crt`, redirect: 'manual', headers: {}, signal: controller.signal, credentials: null });
    expect(answer.status).toBe(200);
    controller.abort(new Error('stop'));
    await expect((async () => {
      for await (const chunk of answer.body) void chunk;
    })()).rejects.toThrow('stop');
  });
});

describe('the live calls\' requester on the same stack', () => {
  it('lets the stack follow redirects and answers only a proxy\'s sign-in', async () => {
    const log = newFakeNetLog();
    const requester = createNetRequester(fakeNetOpener(lab().authProxy.url, log), labCredentials);
    const response = await requester({ method: 'GET', url: `${lab().aia.baseUrl}/redirect.crt`, headers: { accept: '*/*' }, signal: new AbortController().signal });
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('application/pkix-cert');
    expect(log.logins.length).toBeGreaterThanOrEqual(1);
    const answered: (string | undefined)[] = [];
    const serverLogin = scriptedOpener(newFakeNetLog(), (request) =>
      request.emit('login', { isProxy: false, scheme: 'basic', host: 'x', port: 80, realm: '' }, (user?: string) => {
        answered.push(user);
        request.emit('error', new Error('net::ERR_ACCESS_DENIED'));
      }),
    );
    await expect(createNetRequester(serverLogin, labCredentials)({ method: 'GET', url: 'https://graph.microsoft.com/', headers: {}, signal: new AbortController().signal })).rejects.toThrow('ERR_ACCESS_DENIED');
    // A server's (not the proxy's) sign-in never gets the proxy's password.
    expect(answered).toEqual([undefined]);
  });
});

/** A proxy that answers every request with 407 and these Proxy-Authenticate headers. */
async function challengingProxy(challenges: string[]): Promise<{ url: string; close: () => Promise<void> }> {
  const server = createServer((socket) => {
    socket.once('data', () => socket.end(`HTTP/1.1 407 Proxy Authentication Required\r\n${challenges.map((value) => `Proxy-Authenticate: ${value}\r\n`).join('')}Content-Length: 0\r\n\r\n`));
    socket.on('error', () => socket.destroy());
  });
  await new Promise<void>((resolvePromise) => server.listen(0, '127.0.0.1', resolvePromise));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => new Promise((resolvePromise) => server.close(() => resolvePromise())) };
}

describe('Node\'s client (the command line) through a local proxy answering 407', () => {
  it('asks for the credentials, gets through with them, and says when only Windows sign-in would do', async () => {
    const url = `${lab().aia.baseUrl}/rsa-intermediate.crt`;
    await expect(downloadIssuer(url, { timeoutMs: 2000, allowPrivate: true, proxy: parseProxy(lab().authProxy.url) })).rejects.toMatchObject({ code: 'AIA_PROXY_AUTH', values: { status: 407 } });
    const download = await downloadIssuer(url, { timeoutMs: 2000, allowPrivate: true, proxy: parseProxy(lab().authProxy.url, PROXY_PASSWORD, PROXY_USER) });
    expect(download.certificates).toEqual([lab().pki.rsaIntermediate.der]);
    const windows = await challengingProxy(['Negotiate', 'NTLM']);
    const mixed = await challengingProxy(['NTLM', 'Basic realm="corp"']);
    try {
      const refusal = downloadIssuer(url, { timeoutMs: 2000, allowPrivate: true, proxy: parseProxy(windows.url, PROXY_PASSWORD, PROXY_USER) });
      await expect(refusal).rejects.toMatchObject({ code: 'AIA_PROXY_AUTH_WINDOWS', values: { status: 407 } });
      await expect(refusal).rejects.toThrow(/asks for Windows sign-in \(Negotiate, NTLM, HTTP 407\)/);
      // Offering Basic too, a user name and password can answer it.
      await expect(downloadIssuer(url, { timeoutMs: 2000, allowPrivate: true, proxy: parseProxy(mixed.url) })).rejects.toMatchObject({ code: 'AIA_PROXY_AUTH' });
    } finally {
      await windows.close();
      await mixed.close();
    }
  });
});

describe('which stack the app\'s Chains screen uses', () => {
  it('hands the explicit proxy (credentials apart), the system\'s or none to the platform', () => {
    expect(platformProxy({ mode: 'explicit', proxyUrl: 'http://CORP%5Cjdoe@proxy.corp:8080', proxyPassword: 'pw' })).toEqual({ explicitProxy: 'http://proxy.corp:8080', proxyUser: 'CORP\\jdoe', proxyPassword: 'pw' });
    expect(platformProxy({ mode: 'system', proxyUrl: null, proxyUser: 'jdoe', proxyPassword: 'pw' })).toEqual({ explicitProxy: null, proxyUser: 'jdoe', proxyPassword: 'pw' });
    expect(platformProxy({ mode: 'system', proxyUrl: null, proxyPassword: undefined })).toEqual({ explicitProxy: null });
    // Direct: no proxy at all for the live calls, not the system's.
    expect(platformProxy({ mode: 'direct', proxyUrl: null, proxyPassword: undefined })).toEqual({ explicitProxy: null, direct: true });
  });

  it('System and explicit modes download issuers on the platform\'s stack; Direct mode keeps Node\'s client', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ise-intune-aia-modes-'));
    try {
      const asked: unknown[] = [];
      const log = createMemoryLogger();
      const handlers = createHandlers({
        settings: new JsonDocumentStore(join(dir, 'settings.json'), SETTINGS_SCHEMA, log),
        deployments: new JsonDocumentStore(join(dir, 'deployments.json'), DEPLOYMENTS_SCHEMA, log),
        secrets: new MemorySecretStore(),
        dialogs: new TestDialogs(),
        shell: { openExternal: async () => undefined },
        clipboard: { writeText: async () => undefined },
        aiaGet: (options): AiaGet => {
          asked.push(options);
          return async () => {
            throw new Error('not used');
          };
        },
        emit: () => undefined,
        runtime: { appName: 'ISE Intune Assistant', appVersion: '0', electron: null, chrome: null, node: process.versions.node, platform: 'test', defaultDataFolder: dir, stateFolder: dir },
        log,
      });
      const fetch = (taskId: string) => handlers.fetchChain({ taskId, target: `127.0.0.1:${lab().closedPort}`, timeoutMs: 2000, aia: true });
      await handlers.updateSettings({ proxyMode: 'explicit', proxyUrl: lab().authProxy.url, proxyUser: PROXY_USER, proxyPassword: PROXY_PASSWORD });
      await fetch('explicit');
      await handlers.updateSettings({ proxyMode: 'system' });
      await fetch('system');
      await handlers.updateSettings({ proxyMode: 'direct' });
      await fetch('direct');
      expect(asked).toEqual([{ explicitProxy: lab().authProxy.url, proxyUser: PROXY_USER, proxyPassword: PROXY_PASSWORD }, { explicitProxy: null, proxyUser: PROXY_USER, proxyPassword: PROXY_PASSWORD }]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
