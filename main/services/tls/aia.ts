/**
 * Downloads a missing issuer from the certificate's AIA "CA Issuers" URL (RFC 5280 4.2.2.1):
 * plain http, DER or PKCS#7 (PEM tolerated), bounded in size, time and redirects. Only the
 * URL the certificate names is fetched; redirects are followed but reported, so the admin
 * sees where the bytes really came from.
 */
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { lookup } from 'node:dns/promises';
import { request, type IncomingMessage } from 'node:http';
import { BlockList, isIP, type LookupFunction } from 'node:net';
import { loadCertificateBytes } from '../certs';
import { ServiceError, isServiceError } from '../errors';
import { sendNetRequest, type OpenNetRequest, type ProxyCredentials } from '../net-request';
import { authSchemes, type ProxyConfig } from './proxy';

export const AIA_MAX_BYTES = 1024 * 1024;
export const AIA_MAX_REDIRECTS = 3;

export interface AiaDownloadOptions {
  timeoutMs: number;
  /**
   * Follow AIA URLs (and redirects) to loopback, private and link-local addresses. Off by
   * default: a certificate from the internet must not make the app reach into the local
   * network; on for an internal CA whose AIA is on the corporate network.
   */
  allowPrivate?: boolean;
  maxBytes?: number;
  proxy?: ProxyConfig | null;
  signal?: AbortSignal;
  /** The platform's HTTP GET (Chromium's stack in the app: system proxy, PAC, Windows proxy sign-in); Node's http otherwise. */
  get?: AiaGet;
}

/** One GET, redirects not followed (this file follows and reports them); rejects with the stack's own error. */
export type AiaGet = (url: string, signal: AbortSignal) => Promise<{ status: number; location?: string; contentType: string; body: AsyncIterable<Uint8Array> }>;

/**
 * The AIA GET on a stack shaped like Electron's `net.request` (Chromium's in the app: the system
 * proxy with PAC, an explicit proxy, Windows proxy sign-in): redirects handed back, not followed,
 * so that this file checks and reports each one.
 */
export function createNetAiaGet(open: OpenNetRequest, credentials: () => Promise<ProxyCredentials | null>): AiaGet {
  return async (url, signal) => {
    const answer = await sendNetRequest(open, {
      method: 'GET',
      url,
      redirect: 'manual',
      headers: { Accept: 'application/pkix-cert, application/pkcs7-mime, */*' },
      signal,
      credentials: await credentials(),
    });
    return { status: answer.status, ...(answer.location ? { location: answer.location } : {}), contentType: answer.headers['content-type'] ?? '', body: answer.body };
  };
}

export interface AiaDownload {
  url: string;
  finalUrl: string;
  redirects: string[];
  /** DER of every certificate the answer held. */
  certificates: Buffer[];
}

/** The answer of one request: a body, or where a redirect points. */
type Answer = { kind: 'body'; body: Buffer; contentType: string } | { kind: 'redirect'; location: string };

/** An AIA failure, with the values the window needs to say it in the user's language. */
export class AiaError extends ServiceError {
  constructor(
    code: string,
    message: string,
    readonly values: Record<string, string | number> = {},
  ) {
    super(code, message);
  }
}

export async function downloadIssuer(url: string, options: AiaDownloadOptions): Promise<AiaDownload> {
  const deadline = Date.now() + options.timeoutMs;
  const redirects: string[] = [];
  let current = checkUrl(url, url);
  for (;;) {
    if (!options.allowPrivate) await checkPublic(current, url, options.proxy !== undefined && options.proxy !== null);
    const answer = await get(current, Math.max(1, deadline - Date.now()), options, url);
    if (answer.kind === 'redirect') {
      if (redirects.length >= AIA_MAX_REDIRECTS) {
        throw new AiaError('AIA_TOO_MANY_REDIRECTS', `${url} redirected more than ${AIA_MAX_REDIRECTS} times; the issuer was not downloaded.`, { max: AIA_MAX_REDIRECTS });
      }
      current = checkUrl(new URL(answer.location, current).toString(), url);
      redirects.push(current.toString());
      continue;
    }
    return { url, finalUrl: current.toString(), redirects, certificates: decode(answer.body, answer.contentType, current.toString()) };
  }
}

function checkUrl(text: string, original: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(text);
  } catch {
    throw new AiaError('AIA_BAD_URL', `The certificate's issuer address "${text}" is not a valid URL.`);
  }
  if (parsed.protocol !== 'http:') {
    const what = text === original ? `The issuer address ${text}` : `${original} redirected to ${text}, which`;
    throw new AiaError('AIA_UNSUPPORTED_URL', `${what} is not a plain http address; issuers are only downloaded over http (RFC 5280).`, { target: text });
  }
  return parsed;
}

/** Why an address is not a public one, or null when it is. */
export function privateAddressKind(address: string): string | null {
  const family = isIP(address);
  if (family === 0) return null;
  const kinds: [string, (l: BlockList) => void][] = [
    ['loopback', (l) => (l.addSubnet('127.0.0.0', 8, 'ipv4'), l.addAddress('::1', 'ipv6'))],
    ['private', (l) => (l.addSubnet('10.0.0.0', 8, 'ipv4'), l.addSubnet('172.16.0.0', 12, 'ipv4'), l.addSubnet('192.168.0.0', 16, 'ipv4'), l.addSubnet('100.64.0.0', 10, 'ipv4'), l.addSubnet('fc00::', 7, 'ipv6'))],
    ['link-local', (l) => (l.addSubnet('169.254.0.0', 16, 'ipv4'), l.addSubnet('fe80::', 10, 'ipv6'))],
    ['unspecified', (l) => (l.addSubnet('0.0.0.0', 8, 'ipv4'), l.addAddress('::', 'ipv6'))],
    ['multicast or reserved', (l) => (l.addSubnet('224.0.0.0', 3, 'ipv4'), l.addSubnet('ff00::', 8, 'ipv6'))],
  ];
  // BlockList judges an IPv4 address written as IPv6 (::ffff:10.0.0.1, ::ffff:a00:1) by the IPv4 rules.
  const type = family === 4 ? 'ipv4' : 'ipv6';
  for (const [kind, add] of kinds) {
    const one = new BlockList();
    add(one);
    if (one.check(address, type)) return kind;
  }
  return null;
}

/** dns.lookup that fails for a non-public address (the `lookup` of http.request). */
const publicOnlyLookup: LookupFunction = (hostname, options, callback) => {
  dnsLookup(hostname, options, (error, address, family) => {
    const entries = Array.isArray(address) ? (address as LookupAddress[]) : [{ address: address as string, family: family ?? 4 }];
    const blocked = error ? undefined : entries.find((entry) => privateAddressKind(entry.address) !== null);
    if (blocked) {
      const refusal: NodeJS.ErrnoException = new Error(`${hostname} resolves to the non-public address ${blocked.address}`);
      refusal.code = 'EPRIVATEADDRESS';
      return (callback as (error: NodeJS.ErrnoException) => void)(refusal);
    }
    (callback as (error: NodeJS.ErrnoException | null, address: unknown, family?: number) => void)(error, address, family);
  });
};

/**
 * Refuses an AIA URL that leads to a loopback, private or link-local address: as written, or as
 * DNS resolves it here (through a proxy the proxy resolves, so a name this computer cannot
 * resolve is left to it).
 */
async function checkPublic(url: URL, original: string, viaProxy: boolean): Promise<void> {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  let addresses: string[];
  if (isIP(host) !== 0) addresses = [host];
  else if (/^localhost$|\.localhost$/i.test(host)) addresses = ['127.0.0.1'];
  else {
    try {
      addresses = (await lookup(host, { all: true })).map((entry) => entry.address);
    } catch (error) {
      if (viaProxy) return;
      throw new AiaError('AIA_UNREACHABLE', `The issuer could not be downloaded from ${url.toString()} (${(error as NodeJS.ErrnoException).code ?? 'DNS'}).`, { reason: (error as NodeJS.ErrnoException).code ?? 'DNS' });
    }
  }
  for (const address of addresses) {
    const kind = privateAddressKind(address);
    if (kind === null) continue;
    const what = url.toString() === original ? `The issuer address ${original}` : `${original} redirected to ${url.toString()}, which`;
    throw new AiaError(
      'AIA_PRIVATE_ADDRESS',
      `${what} leads to ${address}, a ${kind} address; issuers are downloaded only from public addresses. For an internal CA, allow private AIA addresses (Chains, or chain --allow-private-aia).`,
      { target: url.toString(), address, kind },
    );
  }
}

/** The same request through the platform's GET, with the same limits and the same failures. */
async function getThroughPlatform(platformGet: AiaGet, url: URL, timeoutMs: number, options: AiaDownloadOptions, original: string): Promise<Answer> {
  const maxBytes = options.maxBytes ?? AIA_MAX_BYTES;
  const controller = new AbortController();
  const timeout = new AiaError('AIA_TIMEOUT', `Downloading the issuer from ${original} took longer than ${options.timeoutMs} ms.`, { seconds: Math.round(options.timeoutMs / 100) / 10 });
  const timer = setTimeout(() => controller.abort(timeout), timeoutMs);
  const onAbort = (): void => controller.abort(new ServiceError('CANCELLED', 'Cancelled.'));
  if (options.signal?.aborted) onAbort();
  options.signal?.addEventListener('abort', onAbort);
  try {
    const response = await platformGet(url.toString(), controller.signal);
    if ([301, 302, 303, 307, 308].includes(response.status) && response.location) return { kind: 'redirect', location: response.location };
    if (response.status !== 200) {
      const hint = response.status === 407 ? ' The proxy asks for credentials.' : '';
      throw new AiaError(response.status === 407 ? 'AIA_PROXY_AUTH' : 'AIA_HTTP_STATUS', `${url.toString()} answered HTTP ${response.status} instead of the issuer certificate.${hint}`, { status: response.status });
    }
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of response.body) {
      if (controller.signal.aborted) throw controller.signal.reason;
      size += chunk.byteLength;
      if (size > maxBytes) throw tooLarge(url, maxBytes);
      chunks.push(Buffer.from(chunk));
    }
    return { kind: 'body', body: Buffer.concat(chunks), contentType: response.contentType };
  } catch (error) {
    if (controller.signal.aborted && isServiceError(controller.signal.reason)) throw controller.signal.reason;
    if (isServiceError(error)) throw error;
    const reason = (error as Error)?.message ?? String(error);
    throw new AiaError('AIA_UNREACHABLE', `The issuer could not be downloaded from ${url.toString()} (${reason}).`, { reason });
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', onAbort);
    // Done with this request: one whose body was not read (a redirect, an error status) is let go.
    if (!controller.signal.aborted) controller.abort(new ServiceError('CANCELLED', 'Done.'));
  }
}

function get(url: URL, timeoutMs: number, options: AiaDownloadOptions, original: string): Promise<Answer> {
  if (options.get) return getThroughPlatform(options.get, url, timeoutMs, options, original);
  const maxBytes = options.maxBytes ?? AIA_MAX_BYTES;
  return new Promise((resolvePromise, reject) => {
    // Before any request exists: destroying one that has no error listener yet would crash the process.
    if (options.signal?.aborted) return reject(new ServiceError('CANCELLED', 'Cancelled.'));
    const proxy = options.proxy;
    const headers: Record<string, string> = { Accept: 'application/pkix-cert, application/pkcs7-mime, */*', 'User-Agent': 'ISE-Intune-Assistant' };
    if (proxy?.user !== undefined) headers['Proxy-Authorization'] = `Basic ${Buffer.from(`${proxy.user}:${proxy.password ?? ''}`).toString('base64')}`;
    const req = request(
      proxy
        ? { host: proxy.host, port: proxy.port, path: url.toString(), headers: { ...headers, Host: url.host } }
        : {
            host: url.hostname.replace(/^\[|\]$/g, ''),
            port: url.port || 80,
            path: `${url.pathname}${url.search}`,
            headers,
            // The name is checked again as it is connected: DNS cannot answer public first and private then.
            ...(options.allowPrivate ? {} : { lookup: publicOnlyLookup }),
          },
    );
    let settled = false;
    const finish = (error: ServiceError | null, answer?: Answer): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      req.destroy();
      if (error) reject(error);
      else resolvePromise(answer as Answer);
    };
    const onAbort = (): void => finish(new ServiceError('CANCELLED', 'Cancelled.'));
    const timer = setTimeout(
      () => finish(new AiaError('AIA_TIMEOUT', `Downloading the issuer from ${original} took longer than ${options.timeoutMs} ms.`, { seconds: Math.round(options.timeoutMs / 100) / 10 })),
      timeoutMs,
    );
    options.signal?.addEventListener('abort', onAbort);
    req.on('error', (error: NodeJS.ErrnoException) =>
      finish(new AiaError('AIA_UNREACHABLE', `The issuer could not be downloaded from ${url.toString()} (${error.code ?? error.message}).`, { reason: error.code ?? error.message })),
    );
    req.on('response', (response: IncomingMessage) => {
      const status = response.statusCode ?? 0;
      if ([301, 302, 303, 307, 308].includes(status) && response.headers.location) {
        response.resume();
        return finish(null, { kind: 'redirect', location: response.headers.location });
      }
      if (status === 407 && proxy && windowsOnly(response.rawHeaders)) {
        response.resume();
        return finish(
          new AiaError(
            'AIA_PROXY_AUTH_WINDOWS',
            `The proxy ${proxy.url} asks for Windows sign-in (${windowsOnly(response.rawHeaders)}, HTTP 407) to download ${url.toString()}, which this connection cannot do: it sends only a user name and password (Basic). ` +
              'Use the app, which signs in to the proxy with your Windows account, or ask the proxy team for an exemption for the CA\'s address.',
            { status },
          ),
        );
      }
      if (status !== 200) {
        response.resume();
        const hint = status === 407 ? ' The proxy asks for credentials.' : '';
        return finish(new AiaError(status === 407 ? 'AIA_PROXY_AUTH' : 'AIA_HTTP_STATUS', `${url.toString()} answered HTTP ${status} instead of the issuer certificate.${hint}`, { status }));
      }
      const declared = Number(response.headers['content-length'] ?? '0');
      if (declared > maxBytes) return finish(tooLarge(url, maxBytes));
      const chunks: Buffer[] = [];
      let size = 0;
      response.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > maxBytes) return finish(tooLarge(url, maxBytes));
        chunks.push(chunk);
      });
      response.on('end', () => finish(null, { kind: 'body', body: Buffer.concat(chunks), contentType: String(response.headers['content-type'] ?? '') }));
      response.on('error', (error) => finish(new AiaError('AIA_UNREACHABLE', `The download from ${url.toString()} broke off (${error.message}).`, { reason: error.message })));
    });
    req.end();
  });
}

/** The Windows schemes (`NTLM, Negotiate`) a 407 offers when it offers no Basic, from Proxy-Authenticate; null otherwise. */
function windowsOnly(rawHeaders: string[]): string | null {
  const head = rawHeaders.flatMap((value, index) => (index % 2 === 0 ? [`${value}: ${rawHeaders[index + 1] ?? ''}`] : [])).join('\r\n');
  const schemes = authSchemes(head);
  if (schemes.includes('basic')) return null;
  const names = [...new Set(schemes.flatMap((scheme) => (scheme === 'ntlm' ? ['NTLM'] : scheme === 'negotiate' ? ['Negotiate'] : scheme === 'kerberos' ? ['Kerberos'] : [])))];
  return names.length > 0 ? names.join(', ') : null;
}

function tooLarge(url: URL, maxBytes: number): ServiceError {
  return new AiaError('AIA_TOO_LARGE', `${url.toString()} sent more than ${Math.round(maxBytes / 1024)} KB, far more than a CA certificate; it was not used.`, { kb: Math.round(maxBytes / 1024) });
}

function decode(body: Buffer, contentType: string, url: string): Buffer[] {
  const start = body.subarray(0, 512).toString('latin1').trimStart().toLowerCase();
  if (contentType.includes('text/html') || start.startsWith('<!doctype html') || start.startsWith('<html')) {
    throw new AiaError(
      'AIA_HTML',
      `${url} returned a web page (HTML), not a certificate. A proxy login or block page probably answered instead of the CA.`,
    );
  }
  try {
    return loadCertificateBytes(body, url).certificates.map((loaded) => Buffer.from(loaded.info.base64Der, 'base64'));
  } catch (error) {
    if (!isServiceError(error)) throw error;
    throw new AiaError('AIA_NOT_CERTIFICATE', `${url} did not return a certificate (DER or PKCS#7): ${error.message}`);
  }
}
