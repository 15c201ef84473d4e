/**
 * HTTPS to login, Graph and Intune the way the admin's network allows: Node's trust store plus
 * extra CA certificates (a TLS-inspecting proxy's root, the test CA), an HTTP CONNECT proxy
 * when one is configured (main/services/tls/proxy.ts), one deadline per request. Used by
 * MSAL (as its INetworkModule) and by the Graph and Intune calls, so every request of a live
 * check takes the same path. Bodies and headers are never logged: they carry tokens.
 */
import { AuthError, type INetworkModule, type NetworkRequestOptions, type NetworkResponse } from '@azure/msal-node';
import { X509Certificate } from 'node:crypto';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { isIP, type Socket } from 'node:net';
import { connect as tlsConnect, rootCertificates, type TLSSocket } from 'node:tls';
import { ServiceError, isServiceError } from '../../errors';
import { tlsFailureSentence } from '../../tls/fetch-chain';
import { openProxyTunnel, type ProxyConfig } from '../../tls/proxy';

export const DEFAULT_REQUEST_TIMEOUT_MS = 15_000;

/**
 * One request's end: an https URL only, a signal that aborts when the request's time is up
 * (NETWORK_TIMEOUT) or the caller cancels (CANCELLED), and `done` to call when it is over.
 */
export function requestDeadline(request: HttpRequest, options: { timeoutMs?: number; signal?: AbortSignal }): { url: URL; timeoutMs: number; signal: AbortSignal; done: () => void } {
  const url = new URL(request.url);
  if (url.protocol !== 'https:') throw new ServiceError('INSECURE_URL', `Refusing to send a request to ${url.origin}: only https is used for Microsoft services.`);
  const timeoutMs = request.timeoutMs ?? options.timeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new ServiceError('NETWORK_TIMEOUT', `${url.host} did not answer within ${timeoutMs} ms.`)), timeoutMs);
  const onOuterAbort = (): void => controller.abort(new ServiceError('CANCELLED', 'Cancelled.'));
  if (options.signal?.aborted) onOuterAbort();
  options.signal?.addEventListener('abort', onOuterAbort);
  return {
    url,
    timeoutMs,
    signal: controller.signal,
    done: () => {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onOuterAbort);
    },
  };
}
/** Token, Graph and Intune answers are small; anything bigger is not what was asked for. */
const MAX_BODY_BYTES = 4 * 1024 * 1024;

export type HttpMethod = 'GET' | 'POST' | 'PATCH';

export interface HttpRequest {
  method: HttpMethod;
  url: string;
  headers?: Record<string, string>;
  body?: string;
  timeoutMs?: number;
}

export interface HttpResponse {
  status: number;
  /** Lower-case names. */
  headers: Record<string, string>;
  text: string;
}

export interface TransportOptions {
  /** Certificates (DER or PEM) trusted besides Node's bundle. */
  caCertificates?: (Buffer | string)[];
  proxy?: ProxyConfig | null;
  /** Per request, covering proxy, TLS handshake and the whole answer. */
  timeoutMs?: number;
  /** Cancels every request of this transport. */
  signal?: AbortSignal;
}

export interface HttpTransport {
  send(request: HttpRequest): Promise<HttpResponse>;
  /** `http://proxy:port` (no credentials) or null. */
  readonly proxyUrl: string | null;
}

export function createTransport(options: TransportOptions = {}): HttpTransport {
  const ca = [...rootCertificates, ...(options.caCertificates ?? []).map(toPem)];
  return {
    proxyUrl: options.proxy?.url ?? null,
    send: (request) => send(request, ca, options),
  };
}

function toPem(certificate: Buffer | string): string {
  if (typeof certificate === 'string') return certificate;
  return new X509Certificate(certificate).toString();
}

async function send(request: HttpRequest, ca: string[], options: TransportOptions): Promise<HttpResponse> {
  const { url, timeoutMs, signal, done } = requestDeadline(request, options);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const port = url.port === '' ? 443 : Number(url.port);
  let socket: TLSSocket | undefined;
  try {
    socket = await openTls(host, port, ca, options.proxy ?? null, timeoutMs, signal);
    return await exchange(socket, url, request, signal);
  } catch (error) {
    throw describeFailure(error, url, signal);
  } finally {
    done();
    socket?.destroy();
  }
}

async function openTls(host: string, port: number, ca: string[], proxy: ProxyConfig | null, timeoutMs: number, signal: AbortSignal): Promise<TLSSocket> {
  const tunnel: Socket | undefined = proxy ? await openProxyTunnel(proxy, host, port, { timeoutMs, signal }) : undefined;
  return new Promise((resolvePromise, reject) => {
    // SNI carries names only, never IP addresses (RFC 6066).
    // The chain is judged in secureConnect below (not by rejectUnauthorized) so that an untrusted
    // one can name the certificate it ends in; nothing is sent on a socket that is not authorized.
    const socket = tlsConnect({ host, port, ca, rejectUnauthorized: false, ...(tunnel ? { socket: tunnel } : {}), ...(isIP(host) ? {} : { servername: host }) });
    const onAbort = (): void => {
      socket.destroy();
      reject(signal.reason);
    };
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    socket.once('secureConnect', () => {
      signal.removeEventListener('abort', onAbort);
      if (!socket.authorized) {
        const failure = Object.assign(new Error(String(socket.authorizationError)), { code: String(socket.authorizationError), presented: presentedChain(socket) });
        socket.destroy();
        tunnel?.destroy();
        reject(failure);
        return;
      }
      resolvePromise(socket);
    });
    socket.once('error', (error) => {
      signal.removeEventListener('abort', onAbort);
      tunnel?.destroy();
      reject(error);
    });
  });
}

/** The certificates a host presented, leaf first, as `CN (issued by CN)`; the last one names the CA to import or the proxy that inspects. */
function presentedChain(socket: TLSSocket): { leaf: string; top: string; topIssuer: string; sha1: string } | null {
  const leaf = socket.getPeerCertificate(true);
  if (!leaf || !leaf.subject) return null;
  let top = leaf;
  const seen = new Set<string>();
  while (top.issuerCertificate && top.issuerCertificate !== top && !seen.has(top.fingerprint256)) {
    seen.add(top.fingerprint256);
    top = top.issuerCertificate;
  }
  const name = (part: Record<string, string | string[] | undefined> | undefined): string => {
    const cn = part?.CN;
    return (Array.isArray(cn) ? cn[0] : cn) ?? Object.entries(part ?? {}).map(([key, value]) => `${key}=${String(value)}`).join(', ');
  };
  return { leaf: name(leaf.subject as unknown as Record<string, string>), top: name(top.subject as unknown as Record<string, string>), topIssuer: name(top.issuer as unknown as Record<string, string>), sha1: top.fingerprint.replace(/:/g, '') };
}

function exchange(socket: TLSSocket, url: URL, request: HttpRequest, signal: AbortSignal): Promise<HttpResponse> {
  return new Promise((resolvePromise, reject) => {
    const headers: Record<string, string> = { host: url.host, connection: 'close', ...lowerCase(request.headers ?? {}) };
    if (request.body !== undefined) headers['content-length'] = String(Buffer.byteLength(request.body));
    // No agent: the request runs on the TLS socket made above (direct or through the tunnel).
    const outgoing = httpRequest({ method: request.method, path: `${url.pathname}${url.search}`, headers, createConnection: () => socket }, (response) => {
      collect(response).then(resolvePromise, reject);
    });
    const onAbort = (): void => {
      outgoing.destroy();
      reject(signal.reason);
    };
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    outgoing.once('close', () => signal.removeEventListener('abort', onAbort));
    outgoing.once('error', reject);
    outgoing.end(request.body);
  });
}

function collect(response: IncomingMessage): Promise<HttpResponse> {
  return new Promise((resolvePromise, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    response.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        response.destroy(new ServiceError('RESPONSE_TOO_LARGE', `The answer was larger than ${MAX_BODY_BYTES} bytes; it is not a token, Graph or Intune response.`));
        return;
      }
      chunks.push(chunk);
    });
    response.once('error', reject);
    response.once('end', () => {
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(response.headers)) if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
      resolvePromise({ status: response.statusCode ?? 0, headers, text: Buffer.concat(chunks).toString('utf8') });
    });
  });
}

function lowerCase(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
}

const TLS_TRUST_CODES = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'CERT_HAS_EXPIRED',
  'CERT_UNTRUSTED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/** Every failure becomes a ServiceError saying which host and what the admin can check. */
function describeFailure(error: unknown, url: URL, signal: AbortSignal): ServiceError {
  if (signal.aborted && isServiceError(signal.reason)) return signal.reason;
  if (isServiceError(error)) return error;
  const code = (error as NodeJS.ErrnoException).code ?? '';
  const where = url.host;
  if (TLS_TRUST_CODES.has(code) || (error as { presented?: unknown }).presented !== undefined) {
    const presented = (error as { presented?: ReturnType<typeof presentedChain> }).presented ?? null;
    const chain = presented
      ? ` It presented "${presented.leaf}"${presented.top !== presented.leaf ? `, whose chain ends in "${presented.top}"` : ''}, issued by "${presented.topIssuer}" (SHA-1 of the last certificate sent: ${presented.sha1}). If that is a Microsoft or DigiCert CA, the CA that issued it is missing from the trusted certificates: import it. If it is your proxy's CA, the proxy inspects TLS: add its root CA (Settings, or --ca-file), or exempt the Microsoft hosts from inspection.`
      : ' If a proxy inspects TLS, add its root CA (Settings, or --ca-file).';
    return new ServiceError('TLS_UNTRUSTED', `The TLS certificate of ${where} is not trusted (${code}).${chain}`);
  }
  const reasons: Record<string, [string, string]> = {
    ECONNREFUSED: ['CONNECTION_REFUSED', `Nothing accepts connections at ${where}. Check the address and that a firewall lets this computer reach it.`],
    ENOTFOUND: ['HOST_NOT_FOUND', `${url.hostname} is not found in DNS. Check the name and this computer's DNS.`],
    EAI_AGAIN: ['HOST_NOT_FOUND', `${url.hostname} could not be resolved (DNS did not answer).`],
    ECONNRESET: ['CONNECTION_RESET', `${where} closed the connection before answering. A firewall or proxy may be cutting it.`],
    EHOSTUNREACH: ['UNREACHABLE', `${where} cannot be reached from this computer (no route).`],
    ENETUNREACH: ['UNREACHABLE', `${where} cannot be reached from this computer (network unreachable).`],
  };
  const [reasonCode, message] = reasons[code] ?? ['NETWORK_FAILED', `The request to ${where} failed: ${code.startsWith('ERR_SSL_') ? tlsFailureSentence(code) : code || (error as Error).message}.`];
  return new ServiceError(reasonCode, message);
}

/**
 * MSAL rethrows only its own AuthError and replaces anything else with a bare "network_error",
 * so transport failures travel inside an AuthError and are unwrapped by `transportFailure`.
 */
class TransportAuthError extends AuthError {
  readonly failure: ServiceError;

  constructor(failure: ServiceError) {
    super(failure.code, failure.message);
    // AuthError's constructor pins the prototype to AuthError; restore ours for instanceof.
    Object.setPrototypeOf(this, TransportAuthError.prototype);
    this.name = 'TransportAuthError';
    this.failure = failure;
  }
}

/** Carries a ServiceError through MSAL (thrown from its network module), for `transportFailure` to unwrap. */
export function throughMsal(failure: ServiceError): AuthError {
  return new TransportAuthError(failure);
}

/** The transport failure behind an MSAL error, or null when MSAL failed for another reason. */
export function transportFailure(error: unknown): ServiceError | null {
  if (error instanceof TransportAuthError) return error.failure;
  if (isServiceError(error)) return error;
  return null;
}

/** MSAL's network module over the transport: JSON bodies, status and headers as MSAL expects. */
export function createMsalNetworkClient(transport: HttpTransport): INetworkModule {
  const call = async <T>(method: HttpMethod, url: string, options: NetworkRequestOptions | undefined, timeoutMs?: number): Promise<NetworkResponse<T>> => {
    let response: HttpResponse;
    try {
      response = await transport.send({ method, url, headers: options?.headers ?? {}, ...(options?.body === undefined ? {} : { body: options.body }), ...(timeoutMs ? { timeoutMs } : {}) });
    } catch (error) {
      throw new TransportAuthError(isServiceError(error) ? error : new ServiceError('NETWORK_FAILED', (error as Error).message));
    }
    let body: T;
    try {
      body = JSON.parse(response.text === '' ? '{}' : response.text) as T;
    } catch {
      const type = response.headers['content-type'] ?? 'no content type';
      throw new TransportAuthError(
        new ServiceError('UNEXPECTED_RESPONSE', `${new URL(url).host} answered HTTP ${response.status} (${type}) with something that is not JSON: a proxy or captive portal may be answering instead of Microsoft.`),
      );
    }
    return { status: response.status, headers: response.headers, body };
  };
  return {
    sendGetRequestAsync: <T>(url: string, options?: NetworkRequestOptions, timeout?: number) => call<T>('GET', url, options, timeout),
    sendPostRequestAsync: <T>(url: string, options?: NetworkRequestOptions) => call<T>('POST', url, options),
  };
}
