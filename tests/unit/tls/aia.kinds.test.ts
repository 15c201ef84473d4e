/**
 * AIA downloads by kind of answer (issue 23): what each failure says, word for word, on the
 * platform's stack (an AiaGet answering as Chromium would) and on Node's client (a local
 * server, and the same server standing in for a proxy): statuses, redirects, sizes at the
 * limit, web pages, broken bodies, the proxy's sign-in, and which addresses count as private.
 */
import { readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCertificateBytes } from '../../../main/services/certs';
import { downloadIssuer, privateAddressKind, type AiaGet } from '../../../main/services/tls/aia';
import { MICROSOFT_CA } from '../../support/fixture-paths';
import { closedPort } from '../../support/proxy-server';

const ROOT = join(MICROSOFT_CA, 'baltimore_cybertrust_root.pem');
const DER = Buffer.from(loadCertificateBytes(readFileSync(ROOT), ROOT).certificates[0]!.info.base64Der, 'base64');
const CA_URL = 'http://ca.example.test/issuer.crt';

describe('which addresses are not public', () => {
  it.each([
    ['224.0.0.1', 'multicast or reserved'],
    ['240.0.0.1', 'multicast or reserved'],
    ['ff02::1', 'multicast or reserved'],
    ['::', 'unspecified'],
    ['0.1.2.3', 'unspecified'],
    ['172.31.255.255', 'private'],
    ['172.32.0.1', null],
    ['100.128.0.1', null],
    ['fc00::1', 'private'],
    ['::ffff:a00:1', 'private'],
    ['::FFFF:127.0.0.1', 'loopback'],
    ['::ffff:8.8.8.8', null],
    ['ca.example.test', null],
    ['', null],
  ])('%j: %s', (address, kind) => {
    expect(privateAddressKind(address)).toBe(kind);
  });
});

/** A platform GET that answers from a list, in order, and records what it was asked. */
function platform(answers: ((url: string) => Awaited<ReturnType<AiaGet>> | Promise<never>)[]): AiaGet & { asked: string[] } {
  const asked: string[] = [];
  const get: AiaGet = async (url) => {
    asked.push(url);
    const answer = answers.shift();
    if (!answer) throw new Error('no more answers');
    return answer(url);
  };
  return Object.assign(get, { asked });
}
async function* bodyOf(...chunks: Buffer[]): AsyncIterable<Uint8Array> {
  for (const chunk of chunks) yield chunk;
}
const ok = (body: Buffer, contentType = 'application/pkix-cert') => () => ({ status: 200, contentType, body: bodyOf(body) });
const status = (code: number) => () => ({ status: code, contentType: 'text/plain', body: bodyOf() });
const redirect = (location: string, code = 302) => () => ({ status: code, location, contentType: '', body: bodyOf() });
const onPlatform = (get: AiaGet, extra: object = {}) => downloadIssuer(CA_URL, { timeoutMs: 5000, allowPrivate: true, get, ...extra });

describe("on the platform's stack", () => {
  it('downloads the issuer, following and reporting up to three redirects of any kind', async () => {
    const get = platform([redirect('/a.crt', 301), redirect('http://cdn.example.test/b.crt', 307), redirect('c.crt', 308), ok(DER)]);
    const download = await onPlatform(get);
    expect(download).toEqual({ url: CA_URL, finalUrl: 'http://cdn.example.test/c.crt', redirects: ['http://ca.example.test/a.crt', 'http://cdn.example.test/b.crt', 'http://cdn.example.test/c.crt'], certificates: [DER] });
    expect(get.asked).toEqual([CA_URL, ...download.redirects]);
  });

  it('stops at a fourth redirect', async () => {
    const get = platform([redirect('/1'), redirect('/2'), redirect('/3'), redirect('/4')]);
    await expect(onPlatform(get)).rejects.toMatchObject({
      code: 'AIA_TOO_MANY_REDIRECTS',
      message: `${CA_URL} redirected more than 3 times; the issuer was not downloaded.`,
      values: { max: 3 },
    });
  });

  it('a redirect status without a Location is an error status', async () => {
    await expect(onPlatform(platform([() => ({ status: 302, contentType: '', body: bodyOf() })]))).rejects.toMatchObject({ code: 'AIA_HTTP_STATUS', values: { status: 302 } });
  });

  it.each([
    [404, 'AIA_HTTP_STATUS', `${CA_URL} answered HTTP 404 instead of the issuer certificate.`],
    [407, 'AIA_PROXY_AUTH', `${CA_URL} answered HTTP 407 instead of the issuer certificate. The proxy asks for credentials.`],
  ])('HTTP %i: %s', async (code, errorCode, message) => {
    await expect(onPlatform(platform([status(code)]))).rejects.toMatchObject({ code: errorCode, message, values: { status: code } });
  });

  it('names the address as written, or the redirect that led to it, when it is not plain http', async () => {
    await expect(downloadIssuer('https://ca.example.test/issuer.crt', { timeoutMs: 5000, get: platform([]) })).rejects.toMatchObject({
      code: 'AIA_UNSUPPORTED_URL',
      message: 'The issuer address https://ca.example.test/issuer.crt is not a plain http address; issuers are only downloaded over http (RFC 5280).',
    });
    await expect(onPlatform(platform([redirect('ftp://ca.example.test/x.crt')]))).rejects.toMatchObject({
      code: 'AIA_UNSUPPORTED_URL',
      message: `${CA_URL} redirected to ftp://ca.example.test/x.crt, which is not a plain http address; issuers are only downloaded over http (RFC 5280).`,
      values: { target: 'ftp://ca.example.test/x.crt' },
    });
    await expect(downloadIssuer('not a url', { timeoutMs: 5000, get: platform([]) })).rejects.toMatchObject({ code: 'AIA_BAD_URL', message: 'The certificate\'s issuer address "not a url" is not a valid URL.' });
  });

  it('refuses a private address as written, or reached by a redirect, without asking for it', async () => {
    const get = platform([redirect('http://[fd00::1]/x.crt')]);
    await expect(downloadIssuer('http://10.1.2.3/x.crt', { timeoutMs: 5000, get })).rejects.toMatchObject({
      code: 'AIA_PRIVATE_ADDRESS',
      message: 'The issuer address http://10.1.2.3/x.crt leads to 10.1.2.3, a private address; issuers are downloaded only from public addresses. For an internal CA, allow private AIA addresses (Chains, or chain --allow-private-aia).',
    });
    await expect(downloadIssuer('http://ca.localhost/x.crt', { timeoutMs: 5000, get })).rejects.toMatchObject({ values: { address: '127.0.0.1', kind: 'loopback' } });
    expect(get.asked).toEqual([]);
    await expect(downloadIssuer('http://8.8.8.8/x.crt', { timeoutMs: 5000, get })).rejects.toMatchObject({
      code: 'AIA_PRIVATE_ADDRESS',
      message: expect.stringMatching(/^http:\/\/8\.8\.8\.8\/x\.crt redirected to http:\/\/\[fd00::1\]\/x\.crt, which leads to fd00::1, a private address;/),
      values: { target: 'http://[fd00::1]/x.crt', address: 'fd00::1', kind: 'private' },
    });
    expect(get.asked).toEqual(['http://8.8.8.8/x.crt']);
  });

  it('takes exactly the size limit, and refuses one byte more', async () => {
    await expect(onPlatform(platform([ok(DER)]), { maxBytes: DER.length })).resolves.toMatchObject({ certificates: [DER] });
    const half = DER.length >> 1;
    await expect(onPlatform(platform([ok(Buffer.concat([DER, Buffer.from([0])]))]), { maxBytes: DER.length })).rejects.toMatchObject({ code: 'AIA_TOO_LARGE' });
    await expect(onPlatform(platform([() => ({ status: 200, contentType: '', body: bodyOf(DER.subarray(0, half), DER.subarray(half), DER) })]), { maxBytes: 1024 })).rejects.toMatchObject({
      code: 'AIA_TOO_LARGE',
      message: `${CA_URL} sent more than 1 KB, far more than a CA certificate; it was not used.`,
      values: { kb: 1 },
    });
  });

  it.each([
    ['text/html; charset=utf-8', DER],
    ['application/octet-stream', Buffer.from('  \r\n<!DOCTYPE HTML><title>Blocked</title>')],
    ['', Buffer.from('<HTML><body>Sign in to the proxy</body></HTML>')],
  ])('a web page (%j) is named as one', async (contentType, body) => {
    await expect(onPlatform(platform([ok(body, contentType)]))).rejects.toMatchObject({
      code: 'AIA_HTML',
      message: `${CA_URL} returned a web page (HTML), not a certificate. A proxy login or block page probably answered instead of the CA.`,
    });
  });

  it('a body that is no certificate says why', async () => {
    await expect(onPlatform(platform([ok(Buffer.from('just some text that is not base64!'))]))).rejects.toMatchObject({
      code: 'AIA_NOT_CERTIFICATE',
      message: expect.stringMatching(new RegExp(`^${CA_URL.replace(/[./]/g, '\\$&')} did not return a certificate \\(DER or PKCS#7\\): This file is not a certificate`)),
    });
  });

  it("a failure of the stack is an unreachable issuer with the stack's own words", async () => {
    await expect(onPlatform(platform([() => Promise.reject(new Error('net::ERR_NAME_NOT_RESOLVED'))]))).rejects.toMatchObject({
      code: 'AIA_UNREACHABLE',
      message: `The issuer could not be downloaded from ${CA_URL} (net::ERR_NAME_NOT_RESOLVED).`,
      values: { reason: 'net::ERR_NAME_NOT_RESOLVED' },
    });
    await expect(onPlatform(platform([() => Promise.reject('connection reset')]))).rejects.toMatchObject({ values: { reason: 'connection reset' } });
  });

  it('does not ask at all when already cancelled, and hands the stack a signal it aborts when done', async () => {
    const cancelled = new AbortController();
    cancelled.abort();
    const get = platform([ok(DER)]);
    await expect(onPlatform(get, { signal: cancelled.signal })).rejects.toMatchObject({ code: 'CANCELLED' });
    let seen: AbortSignal | undefined;
    await onPlatform(async (_url, signal) => ((seen = signal), ok(DER)()));
    expect(seen?.aborted).toBe(true);
  });

  it('a timeout says how long it waited', async () => {
    const never: AiaGet = (_url, signal) => new Promise((_resolve, reject) => signal.addEventListener('abort', () => reject(new Error('aborted'))));
    await expect(downloadIssuer(CA_URL, { timeoutMs: 50, allowPrivate: true, get: never })).rejects.toMatchObject({
      code: 'AIA_TIMEOUT',
      message: `Downloading the issuer from ${CA_URL} took longer than 50 ms.`,
      values: { seconds: 0.1 },
    });
  });
});

describe("on Node's client", () => {
  let server: Server;
  let base = '';
  const seen: { url: string; headers: IncomingHttpHeaders }[] = [];
  let answer: (response: ServerResponse) => void = () => undefined;

  beforeAll(async () => {
    server = createServer((request, response) => {
      seen.push({ url: request.url ?? '', headers: request.headers });
      answer(response);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const direct = (extra: object = {}) => downloadIssuer(`${base}/ca.crt`, { timeoutMs: 5000, allowPrivate: true, ...extra });
  const viaProxy = (extra: object = {}) =>
    downloadIssuer(CA_URL, { timeoutMs: 5000, allowPrivate: true, proxy: { url: base, host: '127.0.0.1', port: Number(new URL(base).port), ...extra } });

  it('asks for a certificate by name and reads it', async () => {
    answer = (response) => response.writeHead(200, { 'Content-Type': 'application/pkix-cert' }).end(DER);
    await expect(direct()).resolves.toMatchObject({ certificates: [DER], redirects: [] });
    expect(seen.at(-1)).toMatchObject({ url: '/ca.crt', headers: { accept: 'application/pkix-cert, application/pkcs7-mime, */*', 'user-agent': 'ISE-Intune-Assistant' } });
  });

  it('through a proxy: the whole URL, the host, and the proxy credentials (Basic)', async () => {
    answer = (response) => response.writeHead(200).end(DER);
    await expect(viaProxy({ user: 'CONTOSO\\admin', password: 'p:w' })).resolves.toMatchObject({ certificates: [DER] });
    expect(seen.at(-1)).toMatchObject({ url: CA_URL, headers: { host: 'ca.example.test', 'proxy-authorization': `Basic ${Buffer.from('CONTOSO\\admin:p:w').toString('base64')}` } });
    await viaProxy({ user: 'admin' });
    expect(seen.at(-1)?.headers['proxy-authorization']).toBe(`Basic ${Buffer.from('admin:').toString('base64')}`);
    await viaProxy();
    expect(seen.at(-1)?.headers['proxy-authorization']).toBeUndefined();
  });

  it.each([
    ['NTLM', 'AIA_PROXY_AUTH_WINDOWS', 'NTLM'],
    ['Negotiate', 'AIA_PROXY_AUTH_WINDOWS', 'Negotiate'],
    ['Basic realm="proxy"', 'AIA_PROXY_AUTH', null],
    ['Digest realm="proxy"', 'AIA_PROXY_AUTH', null],
  ])('a proxy asking %j for sign-in: %s', async (scheme, code, named) => {
    answer = (response) => response.writeHead(407, { 'Proxy-Authenticate': scheme }).end();
    const failure = viaProxy({ user: 'admin', password: 'x' });
    await expect(failure).rejects.toMatchObject({ code, values: { status: 407 } });
    const message = ((await failure.catch((error: unknown) => error)) as Error).message;
    if (named) expect(message).toBe(`The proxy ${base} asks for Windows sign-in (${named}, HTTP 407) to download ${CA_URL}, which this connection cannot do: it sends only a user name and password (Basic). Use the app, which signs in to the proxy with your Windows account, or ask the proxy team for an exemption for the CA's address.`);
    else expect(message).toBe(`${CA_URL} answered HTTP 407 instead of the issuer certificate. The proxy asks for credentials.`);
  });

  it('a 407 straight from a server (no proxy) and any other status say the status', async () => {
    answer = (response) => response.writeHead(407, { 'Proxy-Authenticate': 'NTLM' }).end();
    await expect(direct()).rejects.toMatchObject({ code: 'AIA_PROXY_AUTH' });
    answer = (response) => response.writeHead(500).end('oops');
    await expect(direct()).rejects.toMatchObject({ code: 'AIA_HTTP_STATUS', message: `${base}/ca.crt answered HTTP 500 instead of the issuer certificate.` });
  });

  it('follows a redirect, and a redirect status without Location is an error status', async () => {
    let count = 0;
    answer = (response) => (count++ === 0 ? response.writeHead(303, { Location: '/moved.crt' }).end() : response.writeHead(200).end(DER));
    await expect(direct()).resolves.toMatchObject({ redirects: [`${base}/moved.crt`], finalUrl: `${base}/moved.crt` });
    answer = (response) => response.writeHead(301).end();
    await expect(direct()).rejects.toMatchObject({ code: 'AIA_HTTP_STATUS', values: { status: 301 } });
  });

  it('takes exactly the limit; refuses more, whether declared or streamed', async () => {
    answer = (response) => response.writeHead(200, { 'Content-Length': DER.length }).end(DER);
    await expect(direct({ maxBytes: DER.length })).resolves.toMatchObject({ certificates: [DER] });
    answer = (response) => response.writeHead(200, { 'Content-Length': DER.length }).end(DER);
    await expect(direct({ maxBytes: DER.length - 1 })).rejects.toMatchObject({ code: 'AIA_TOO_LARGE' });
    answer = (response) => {
      response.writeHead(200, { 'Content-Type': 'application/pkix-cert' });
      response.write(DER.subarray(0, 100));
      response.end(DER.subarray(100));
    };
    await expect(direct({ maxBytes: DER.length })).resolves.toMatchObject({ certificates: [DER] });
    await expect(direct({ maxBytes: DER.length - 1 })).rejects.toMatchObject({ code: 'AIA_TOO_LARGE' });
  });

  it('names a web page by its content type', async () => {
    answer = (response) => response.writeHead(200, { 'Content-Type': 'text/html' }).end(DER);
    await expect(direct()).rejects.toMatchObject({ code: 'AIA_HTML' });
  });

  it('a body cut off mid-way is a download that broke off', async () => {
    answer = (response) => {
      response.writeHead(200, { 'Content-Length': DER.length });
      response.write(DER.subarray(0, 100), () => response.destroy());
    };
    await expect(direct()).rejects.toMatchObject({ code: 'AIA_UNREACHABLE', message: expect.stringMatching(new RegExp(`^The download from ${base.replace(/[./]/g, '\\$&')}/ca\\.crt broke off \\(`)) });
  });

  it('names every Windows scheme a proxy offers, and a 407 without any scheme asks for credentials', async () => {
    answer = (response) => response.writeHead(407, [['Proxy-Authenticate', 'Negotiate'], ['Proxy-Authenticate', 'NTLM'], ['Proxy-Authenticate', 'Kerberos']]).end();
    await expect(viaProxy({ user: 'admin' })).rejects.toMatchObject({ code: 'AIA_PROXY_AUTH_WINDOWS', message: expect.stringContaining('asks for Windows sign-in (Negotiate, NTLM, Kerberos, HTTP 407)') });
    answer = (response) => response.writeHead(407, [['Proxy-Authenticate', 'NTLM'], ['Proxy-Authenticate', 'Basic realm="p"']]).end();
    await expect(viaProxy({ user: 'admin' })).rejects.toMatchObject({ code: 'AIA_PROXY_AUTH' });
    answer = (response) => response.writeHead(407).end();
    await expect(viaProxy()).rejects.toMatchObject({ code: 'AIA_PROXY_AUTH' });
  });

  it('a server that never answers is a timeout; a cancel ends the wait at once, before or during the request', async () => {
    const before = seen.length;
    answer = () => undefined;
    await expect(direct({ timeoutMs: 100 })).rejects.toMatchObject({
      code: 'AIA_TIMEOUT',
      message: `Downloading the issuer from ${base}/ca.crt took longer than 100 ms.`,
      values: { seconds: 0.1 },
    });
    const cancelled = new AbortController();
    cancelled.abort();
    await expect(direct({ signal: cancelled.signal })).rejects.toMatchObject({ code: 'CANCELLED', message: 'Cancelled.' });
    const during = new AbortController();
    const waiting = direct({ signal: during.signal, timeoutMs: 60_000 });
    while (seen.length < before + 2) await new Promise((resolve) => setTimeout(resolve, 10));
    during.abort();
    await expect(waiting).rejects.toMatchObject({ code: 'CANCELLED' });
    // The request cancelled before it started never reached the server.
    expect(seen.length).toBe(before + 2);
  });

  it('a refused connection names the error code', async () => {
    const port = await closedPort();
    await expect(downloadIssuer(`http://127.0.0.1:${port}/ca.crt`, { timeoutMs: 5000, allowPrivate: true })).rejects.toMatchObject({
      code: 'AIA_UNREACHABLE',
      message: `The issuer could not be downloaded from http://127.0.0.1:${port}/ca.crt (ECONNREFUSED).`,
      values: { reason: 'ECONNREFUSED' },
    });
  });
});
