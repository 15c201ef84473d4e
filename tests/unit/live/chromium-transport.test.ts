/**
 * The app's transport for live calls without Electron: the part of
 * main/platform/electron-net-transport.ts that is not Electron's `net` (deadline, cancel, size
 * limit, Chromium's `net::ERR_*` failures in our codes), driven by a requester over Node's https
 * against a local server, and by requesters failing the way Electron's `net` fails.
 */
import { createServer, request as httpsRequest, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumErrorName, createChromiumTransport, createMsalNetworkClient, transportFailure, type RawRequester } from '../../../main/services/entra/live';
import { createKey, issueCertificate, type GeneratedCertificate } from '../../support/pki';

let dir: string;
let root: GeneratedCertificate;
let server: Server;
let origin: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ise-intune-chromium-'));
  root = await issueCertificate(dir, { name: 'root', subject: '/CN=Transport Test Root', key: await createKey(dir, 'root', { type: 'ec', curve: 'P-256' }), extensions: ['basicConstraints = critical,CA:TRUE', 'keyUsage = critical,keyCertSign'] });
  const leafKey = await createKey(dir, 'leaf', { type: 'ec', curve: 'P-256' });
  const leaf = await issueCertificate(dir, { name: 'leaf', subject: '/CN=localhost', key: leafKey, issuer: root, extensions: ['basicConstraints = critical,CA:FALSE', 'subjectAltName = DNS:localhost,IP:127.0.0.1'] });
  server = createServer({ key: leafKey.pem, cert: leaf.pem }, (request, response) => {
    if (request.url === '/token') {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      request.on('end', () => {
        response.writeHead(200, { 'Content-Type': 'application/json', 'X-Echo-Method': request.method ?? '' });
        response.end(JSON.stringify({ access_token: 'abc', received: body, header: request.headers['x-client'] }));
      });
    } else if (request.url === '/big') {
      response.writeHead(200, { 'Content-Type': 'application/json' });
      response.end(Buffer.alloc(5 * 1024 * 1024, 0x20));
    } else {
      // /silent: never answers.
    }
  });
  await new Promise<void>((resolvePromise) => server.listen(0, '127.0.0.1', resolvePromise));
  origin = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolvePromise) => server.close(resolvePromise));
  await rm(dir, { recursive: true, force: true });
});

/** Stands in for Electron's `net.request`: the platform's stack, here Node's https trusting the test root. */
const nodeRequester: RawRequester = ({ method, url, headers, body, signal }) =>
  new Promise((resolvePromise, reject) => {
    const outgoing = httpsRequest(url, { method, headers, ca: root.pem, signal }, (response) => {
      const flat = Object.fromEntries(Object.entries(response.headers).map(([name, value]) => [name, Array.isArray(value) ? value.join(', ') : String(value)]));
      resolvePromise({ status: response.statusCode ?? 0, headers: flat, body: response });
    });
    outgoing.on('error', reject);
    outgoing.end(body);
  });

/** Fails the way Electron's ClientRequest does ('error' with Chromium's net error name). */
const failing = (name: string): RawRequester => async () => {
  throw new Error(`net::${name}`);
};

describe('live calls through the platform network stack', () => {
  it('sends the request and reads the answer, as MSAL needs it', async () => {
    const transport = createChromiumTransport(nodeRequester, { timeoutMs: 5000 });
    const msal = createMsalNetworkClient(transport);
    const answer = await msal.sendPostRequestAsync<{ access_token: string; received: string; header: string }>(`${origin}/token`, { headers: { 'X-Client': 'ise' }, body: 'grant_type=client_credentials' });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ access_token: 'abc', received: 'grant_type=client_credentials', header: 'ise' });
    expect(answer.headers['x-echo-method']).toBe('POST');
  });

  it('refuses plain http, a body over 4 MB, and a server that does not answer in time', async () => {
    // A deadline far beyond the transfer for the size check, whatever the machine's load; a short one for a server that never answers.
    const patient = createChromiumTransport(nodeRequester, { timeoutMs: 30_000 });
    await expect(patient.send({ method: 'GET', url: origin.replace('https:', 'http:') })).rejects.toMatchObject({ code: 'INSECURE_URL' });
    await expect(patient.send({ method: 'GET', url: `${origin}/big` })).rejects.toMatchObject({ code: 'RESPONSE_TOO_LARGE' });
    const hasty = createChromiumTransport(nodeRequester, { timeoutMs: 300 });
    await expect(hasty.send({ method: 'GET', url: `${origin}/silent` })).rejects.toMatchObject({ code: 'NETWORK_TIMEOUT' });
  });

  it('cancels with the task', async () => {
    const controller = new AbortController();
    const transport = createChromiumTransport(nodeRequester, { timeoutMs: 5000, signal: controller.signal });
    const pending = transport.send({ method: 'GET', url: `${origin}/silent` });
    controller.abort();
    await expect(pending).rejects.toMatchObject({ code: 'CANCELLED' });
  });

  it.each([
    ['ERR_PROXY_CONNECTION_FAILED', 'PROXY_REFUSED', /could not be reached/],
    ['ERR_PROXY_AUTH_UNSUPPORTED', 'PROXY_AUTH_REQUIRED', /Windows sign-in|user name and password/],
    ['ERR_TUNNEL_CONNECTION_FAILED', 'PROXY_CONNECT_REJECTED', /refused to open a tunnel/],
    ['ERR_CERT_AUTHORITY_INVALID', 'TLS_UNTRUSTED', /not trusted by Windows/],
    ['ERR_NAME_NOT_RESOLVED', 'HOST_NOT_FOUND', /DNS/],
    ['ERR_CONNECTION_REFUSED', 'CONNECTION_REFUSED', /Nothing accepts/],
    ['ERR_SOMETHING_NEW', 'NETWORK_FAILED', /ERR_SOMETHING_NEW/],
  ])("Chromium's %s becomes %s, through MSAL too", async (name, code, message) => {
    const transport = createChromiumTransport(failing(name), { proxyDescription: 'http://proxy.corp:8080' });
    await expect(transport.send({ method: 'GET', url: 'https://login.microsoftonline.com/common' })).rejects.toMatchObject({ code, message: expect.stringMatching(message) });
    const msal = createMsalNetworkClient(transport);
    const failure = await msal.sendGetRequestAsync('https://login.microsoftonline.com/common').then(
      () => null,
      (error: unknown) => transportFailure(error),
    );
    expect(failure?.code).toBe(code);
  });

  it('finds the error name in a cause chain', () => {
    expect(chromiumErrorName(new TypeError('fetch failed', { cause: new Error('net::ERR_TIMED_OUT') }))).toBe('ERR_TIMED_OUT');
    expect(chromiumErrorName(new Error('other'))).toBeNull();
  });
});
