/**
 * HTTPS to ISE's API with certificate pinning. First contact is a bare TLS handshake (no
 * credentials) that shows ISE's admin certificate for the user to trust. Every later request
 * opens its own TLS connection, compares the presented certificate's SHA-256 with the pin
 * BEFORE writing a byte, and only then sends the request with its Basic credentials. A
 * different certificate is ISE_CERT_CHANGED with both thumbprints, never a silent accept.
 * ISE sits on the internal network: no proxy is used unless one is given explicitly.
 */
import { createHash } from 'node:crypto';
import { request as httpsRequest } from 'node:https';
import { isIP, type Socket } from 'node:net';
import { connect as connectTls, type TLSSocket } from 'node:tls';
import type { IseConnectionInfo } from '../../../../preload/types/ise-api';
import type { CertificateInfo } from '../../../../preload/types/certs';
import { describeCertificate } from '../../certs';
import { ServiceError, isServiceError } from '../../errors';
import { fetchServedChain, openProxyTunnel, parseTarget, tlsFailureSentence, type ProxyConfig } from '../../tls';
import { normalisePin, type PinStore } from './pins';
import { certificateLabel } from '../../../../preload/labels';

export const ISE_DEFAULT_PORT = 443;
export const ISE_ERS_PORT = 9060;
export const ISE_DEFAULT_TIMEOUT_MS = 15_000;
/** Responses larger than this are refused (a trust store listing is a few hundred kB at most). */
export const ISE_MAX_RESPONSE_BYTES = 16 * 1024 * 1024;

export interface IseTarget {
  host: string;
  port: number;
  /** `host:port` (IPv6 in brackets): the key of the pin. */
  target: string;
}

/** Everything needed to talk to ISE except the password. */
export interface IseEndpoint extends IseTarget {
  /** SHA-256 of the trusted admin certificate, 64 uppercase hex. */
  pin: string;
  /** Covers connect, handshake and the whole response of one request. */
  timeoutMs: number;
  /** Only when the user explicitly asked for one. */
  proxy: ProxyConfig | null;
  signal?: AbortSignal;
}

export interface IseHttpResponse {
  status: number;
  contentType: string;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** A certificate other than the pinned one: carries both, so the UI can show what changed. */
export class IseCertChangedError extends ServiceError {
  constructor(
    readonly target: string,
    readonly pinnedSha256: string,
    readonly presented: CertificateInfo,
  ) {
    super(
      'ISE_CERT_CHANGED',
      `ISE at ${target} presented a different certificate than the one you trusted. Trusted SHA-256: ${pinnedSha256}. ` +
        `Presented now: ${presented.thumbprints.sha256} (${certificateLabel(presented)}). Nothing was sent. ` +
        "If ISE's admin certificate was renewed, compare the new SHA-256 with the one on the ISE console and trust it again; " +
        'otherwise something is intercepting the connection.',
    );
  }
}

/** `host`, `host:port` or a pasted URL; `port` (when given) wins over one in the text. */
export function iseTarget(host: string, port?: number): IseTarget {
  const parsed = parseTarget(host);
  const chosen = port ?? parsed.port;
  if (!Number.isInteger(chosen) || chosen < 1 || chosen > 65_535) {
    throw new ServiceError('INVALID_PORT', `${String(port)} is not a port number. ISE's API listens on 443 (9060 for ERS).`);
  }
  const bracketed = parsed.host.includes(':') ? `[${parsed.host}]` : parsed.host;
  return { host: parsed.host, port: chosen, target: `${bracketed}:${chosen}` };
}

/**
 * ISE's address is a host (and port): a pasted URL may say https:// but nothing after the
 * host, no credentials and no other scheme, so that nothing the user did not mean is sent.
 */
export function refuseNonHost(text: string): void {
  const trimmed = text.trim();
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(trimmed);
  const refuse = (why: string): never => {
    throw new ServiceError('INVALID_HOST', `"${trimmed.length > 100 ? `${trimmed.slice(0, 100)}…` : trimmed}" is not an ISE address: ${why}. Give the PAN's host name or IP address, for example ise-pan.corp.example.`);
  };
  if (scheme && scheme[1]?.toLowerCase() !== 'https') refuse(`ISE's API is reached over https only, not ${scheme[1]}`);
  let url: URL;
  try {
    url = new URL(scheme ? trimmed : `https://${trimmed}`);
  } catch {
    return; // parseTarget says what is wrong with it.
  }
  if (url.username || url.password || /@/.test(trimmed)) refuse('it holds a user name or password (give them with --user and --password-stdin)');
  const afterScheme = scheme ? trimmed.slice(scheme[0].length) : trimmed;
  const slash = afterScheme.search(/[/\\]/);
  if (url.pathname !== '/' || (slash !== -1 && afterScheme.slice(slash) !== '/')) refuse('it has a path');
  if (url.search !== '' || trimmed.includes('?')) refuse('it has a query');
  if (url.hash !== '' || trimmed.includes('#')) refuse('it has a fragment');
}

export interface InspectOptions {
  timeoutMs?: number;
  proxy?: ProxyConfig | null;
  signal?: AbortSignal;
  now?: Date;
}

/**
 * The first contact: one TLS handshake, no credentials. Returns ISE's certificate described by
 * the certificate core and how it compares with the stored pin.
 */
export async function inspectIseCertificate(target: IseTarget, pins: PinStore, options: InspectOptions = {}): Promise<IseConnectionInfo> {
  const now = options.now ?? new Date();
  let served;
  try {
    served = await fetchServedChain(target, {
      timeoutMs: options.timeoutMs ?? ISE_DEFAULT_TIMEOUT_MS,
      proxy: options.proxy ?? null,
      ...(options.signal ? { signal: options.signal } : {}),
    });
  } catch (error) {
    throw isServiceError(error) ? fromTlsError(target, error) : error;
  }
  const [leaf, ...issuers] = served.certificates.map((der) => describeCertificate(der, now));
  if (!leaf) throw new ServiceError('ISE_NO_CERTIFICATE', `${target.target} presented no certificate.`);
  const pinned = await pins.get(target.target);
  const pinState = pinned === null ? 'new' : pinned.sha256 === leaf.thumbprints.sha256 ? 'trusted' : 'changed';
  return { ...target, certificate: leaf, issuers, pinState, pinnedSha256: pinned?.sha256 ?? null };
}

/** Remembers the certificate the user trusted for this host:port. */
export async function trustIseCertificate(pins: PinStore, target: IseTarget, certificate: CertificateInfo, now = new Date()): Promise<void> {
  await pins.set(target.target, { sha256: certificate.thumbprints.sha256, subjectCN: certificate.subjectCN, trustedAt: now.toISOString() });
}

/** The endpoint for requests: refuses to exist without a pin. */
export function iseEndpoint(target: IseTarget, pin: string | null, options: { timeoutMs?: number; proxy?: ProxyConfig | null; signal?: AbortSignal } = {}): IseEndpoint {
  if (pin === null) {
    throw new ServiceError(
      'ISE_NOT_PINNED',
      `ISE's certificate at ${target.target} is not trusted yet. Look at its SHA-256 and trust it before the password is sent.`,
    );
  }
  return {
    ...target,
    pin: normalisePin(pin),
    timeoutMs: options.timeoutMs ?? ISE_DEFAULT_TIMEOUT_MS,
    proxy: options.proxy ?? null,
    ...(options.signal ? { signal: options.signal } : {}),
  };
}

export interface IseRequest {
  method: 'GET' | 'POST';
  /** Path and query, starting with `/`. */
  path: string;
  json?: unknown;
  accept?: string;
}

/** One request over a freshly pinned TLS connection. `authorization` is the full header value. */
export async function iseRequest(endpoint: IseEndpoint, authorization: string, request: IseRequest): Promise<IseHttpResponse> {
  const deadline = Date.now() + endpoint.timeoutMs;
  const remaining = (): number => Math.max(1, deadline - Date.now());
  const socket = await openPinnedSocket(endpoint, remaining);
  const body = request.json === undefined ? null : Buffer.from(JSON.stringify(request.json), 'utf8');
  return new Promise<IseHttpResponse>((resolvePromise, reject) => {
    let settled = false;
    const finish = (error: Error | null, response?: IseHttpResponse): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      endpoint.signal?.removeEventListener('abort', onAbort);
      socket.destroy();
      if (error) reject(error);
      else resolvePromise(response as IseHttpResponse);
    };
    const onAbort = (): void => finish(new ServiceError('CANCELLED', 'Cancelled.'));
    const timer = setTimeout(() => finish(timeoutError(endpoint)), remaining());
    endpoint.signal?.addEventListener('abort', onAbort);
    const outgoing = httpsRequest(
      {
        host: endpoint.host,
        port: endpoint.port,
        method: request.method,
        path: request.path,
        // No agent: the request must run on the socket whose pin was just checked.
        createConnection: () => socket,
        headers: {
          Host: endpoint.target,
          Authorization: authorization,
          Accept: request.accept ?? 'application/json',
          ...(body ? { 'Content-Type': 'application/json', 'Content-Length': String(body.length) } : {}),
        },
      },
      (incoming) => {
        const chunks: Buffer[] = [];
        let size = 0;
        incoming.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > ISE_MAX_RESPONSE_BYTES) {
            finish(new ServiceError('ISE_BAD_RESPONSE', `ISE at ${endpoint.target} sent more than ${ISE_MAX_RESPONSE_BYTES} bytes for ${request.path}; the answer was refused.`));
            return;
          }
          chunks.push(chunk);
        });
        incoming.on('end', () =>
          finish(null, {
            status: incoming.statusCode ?? 0,
            contentType: String(incoming.headers['content-type'] ?? ''),
            headers: incoming.headers,
            body: Buffer.concat(chunks),
          }),
        );
        incoming.on('error', (error: NodeJS.ErrnoException) => finish(networkError(endpoint, error)));
      },
    );
    outgoing.on('error', (error: NodeJS.ErrnoException) => finish(networkError(endpoint, error)));
    outgoing.end(body ?? undefined);
  });
}

/** Connects (directly, or through the explicit proxy), handshakes, and checks the pin. */
async function openPinnedSocket(endpoint: IseEndpoint, remaining: () => number): Promise<TLSSocket> {
  if (endpoint.signal?.aborted) throw new ServiceError('CANCELLED', 'Cancelled.');
  let tunnel: Socket | undefined;
  if (endpoint.proxy) {
    tunnel = await openProxyTunnel(endpoint.proxy, endpoint.host, endpoint.port, { timeoutMs: remaining(), ...(endpoint.signal ? { signal: endpoint.signal } : {}) });
  }
  const socket = await new Promise<TLSSocket>((resolvePromise, reject) => {
    const tls = connectTls({
      ...(tunnel ? { socket: tunnel } : { host: endpoint.host, port: endpoint.port }),
      ...(isIP(endpoint.host) === 0 ? { servername: endpoint.host } : {}),
      // The pin replaces chain validation: ISE's admin certificate is often self-signed.
      rejectUnauthorized: false,
      ALPNProtocols: ['http/1.1'],
    });
    let settled = false;
    const finish = (error: Error | null): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      endpoint.signal?.removeEventListener('abort', onAbort);
      if (error) {
        tls.destroy();
        tunnel?.destroy();
        reject(error);
      } else {
        resolvePromise(tls);
      }
    };
    const onAbort = (): void => finish(new ServiceError('CANCELLED', 'Cancelled.'));
    const timer = setTimeout(() => finish(timeoutError(endpoint)), remaining());
    endpoint.signal?.addEventListener('abort', onAbort);
    tls.once('secureConnect', () => finish(null));
    tls.once('error', (error: NodeJS.ErrnoException) => finish(networkError(endpoint, error)));
    tls.once('close', () => finish(new ServiceError('ISE_UNREACHABLE', `ISE at ${endpoint.target} closed the connection during the TLS handshake. Check the host and port (443 for the API).`)));
  });
  const raw = socket.getPeerCertificate().raw as Buffer | undefined;
  const presented = raw ? createHash('sha256').update(raw).digest('hex').toUpperCase() : '';
  if (presented !== endpoint.pin) {
    socket.destroy();
    if (!raw) throw new ServiceError('ISE_NO_CERTIFICATE', `ISE at ${endpoint.target} presented no certificate.`);
    throw new IseCertChangedError(endpoint.target, endpoint.pin, describeCertificate(raw, new Date()));
  }
  return socket;
}

function timeoutError(endpoint: IseEndpoint): ServiceError {
  return new ServiceError(
    'ISE_TIMEOUT',
    `ISE at ${endpoint.target} did not answer within ${endpoint.timeoutMs} ms. Check that the host is the primary PAN and that a firewall allows port ${endpoint.port}.`,
  );
}

function networkError(endpoint: IseEndpoint, error: NodeJS.ErrnoException): ServiceError {
  const where = `ISE at ${endpoint.target}`;
  switch (error.code) {
    case 'ECONNREFUSED':
      return new ServiceError('ISE_UNREACHABLE', `${where} refused the connection. Check the host name and the port (443 for the API; 9060 for ERS).`);
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new ServiceError('ISE_UNREACHABLE', `The host name ${endpoint.host} is not found in DNS. Check the spelling, or use the PAN's IP address.`);
    case 'ETIMEDOUT':
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return new ServiceError('ISE_UNREACHABLE', `${where} cannot be reached (${error.code}). Check the network route to the PAN.`);
    default:
      return new ServiceError('ISE_UNREACHABLE', `The connection to ${where} failed: ${error.code?.startsWith('ERR_SSL_') ? tlsFailureSentence(error.code) : (error.code ?? 'no error code')}.`);
  }
}

/** The TLS service's codes, in ISE's words (its codes stay as details). */
function fromTlsError(target: IseTarget, error: ServiceError): ServiceError {
  if (error.code === 'TLS_TIMEOUT') {
    return new ServiceError('ISE_TIMEOUT', `ISE at ${target.target} did not complete a TLS handshake in time. Check that a firewall allows port ${target.port}.`, error.code);
  }
  if (['CONNECTION_REFUSED', 'HOST_NOT_FOUND', 'UNREACHABLE', 'TLS_CLOSED', 'TLS_ERROR'].includes(error.code)) {
    return new ServiceError('ISE_UNREACHABLE', error.message, error.code);
  }
  return error;
}
