/**
 * The live calls' transport in the app: requests go through Chromium's network stack (Electron's
 * `net`, main/platform/electron-net-transport.ts), which applies what Windows is set to: the
 * system proxy and its PAC script with failover (`PROXY a; PROXY b; DIRECT`), the Windows trust
 * store (a company's inspection root included), and Windows sign-in to the proxy (NTLM,
 * Kerberos/Negotiate). This file holds what does not need Electron: deadlines, cancel, the size
 * limit and Chromium's `net::ERR_*` failures turned into the same codes as the Node client's
 * (network-client.ts), so screens and findings read them alike.
 */
import { ServiceError, isServiceError } from '../../errors';
import { sendNetRequest, type OpenNetRequest, type ProxyCredentials } from '../../net-request';
import { DEFAULT_REQUEST_TIMEOUT_MS, type HttpRequest, type HttpResponse, type HttpTransport } from './network-client';

const MAX_BODY_BYTES = 4 * 1024 * 1024;

export interface RawResponse {
  status: number;
  /** Lower-case names. */
  headers: Record<string, string>;
  body: AsyncIterable<Uint8Array>;
}

/** One request through the platform's network stack; rejects with its own error (`net::ERR_...`). */
export type RawRequester = (request: { method: string; url: string; headers: Record<string, string>; body?: string; signal: AbortSignal }) => Promise<RawResponse>;

/** The requester on a stack shaped like Electron's `net.request`: redirects followed by the stack, the proxy's sign-in answered once. */
export function createNetRequester(open: OpenNetRequest, credentials: () => Promise<ProxyCredentials | null>): RawRequester {
  return async ({ method, url, headers, body, signal }) => {
    const answer = await sendNetRequest(open, { method, url, redirect: 'follow', headers, ...(body === undefined ? {} : { body }), signal, credentials: await credentials() });
    return { status: answer.status, headers: answer.headers, body: answer.body };
  };
}

export interface ChromiumTransportOptions {
  timeoutMs?: number;
  signal?: AbortSignal;
  /** What the session's proxy is, for messages (`system`, or the explicit proxy URL without credentials). */
  proxyDescription?: string | null;
}

export function createChromiumTransport(requester: RawRequester, options: ChromiumTransportOptions = {}): HttpTransport {
  return {
    proxyUrl: options.proxyDescription ?? null,
    send: (request) => send(requester, request, options),
  };
}

async function send(requester: RawRequester, request: HttpRequest, options: ChromiumTransportOptions): Promise<HttpResponse> {
  const url = new URL(request.url);
  if (url.protocol !== 'https:') throw new ServiceError('INSECURE_URL', `Refusing to send a request to ${url.origin}: only https is used for Microsoft services.`);
  const timeoutMs = request.timeoutMs ?? options.timeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new ServiceError('NETWORK_TIMEOUT', `${url.host} did not answer within ${timeoutMs} ms.`)), timeoutMs);
  const onOuterAbort = (): void => controller.abort(new ServiceError('CANCELLED', 'Cancelled.'));
  if (options.signal?.aborted) onOuterAbort();
  options.signal?.addEventListener('abort', onOuterAbort);
  try {
    const headers = Object.fromEntries(Object.entries(request.headers ?? {}).map(([name, value]) => [name.toLowerCase(), value]));
    const response = await requester({ method: request.method, url: url.toString(), headers, ...(request.body === undefined ? {} : { body: request.body }), signal: controller.signal });
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of response.body) {
      if (controller.signal.aborted) throw controller.signal.reason;
      size += chunk.byteLength;
      if (size > MAX_BODY_BYTES) throw new ServiceError('RESPONSE_TOO_LARGE', `The answer was larger than ${MAX_BODY_BYTES} bytes; it is not a token, Graph or Intune response.`);
      chunks.push(Buffer.from(chunk));
    }
    return { status: response.status, headers: response.headers, text: Buffer.concat(chunks).toString('utf8') };
  } catch (error) {
    if (controller.signal.aborted && isServiceError(controller.signal.reason)) throw controller.signal.reason;
    if (isServiceError(error)) throw error;
    throw chromiumFailure(error, url, options.proxyDescription ?? null);
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', onOuterAbort);
  }
}

/** Chromium's error name (`ERR_PROXY_CONNECTION_FAILED`) in an error's message or cause, if any. */
export function chromiumErrorName(error: unknown): string | null {
  for (let current = error as { message?: unknown; cause?: unknown } | undefined, depth = 0; current && depth < 4; current = current.cause as typeof current, depth += 1) {
    const match = /\b(ERR_[A-Z0-9_]+)\b/.exec(String(current.message ?? current));
    if (match) return match[1] as string;
  }
  return null;
}

/** Chromium's failure in the code the Node client gives the same failure (network-client.ts, tls/proxy.ts). */
function chromiumServiceError(name: string, where: string, proxy: string): ServiceError | null {
  const detail = ` (${name})`;
  if (/^ERR_(PROXY_CONNECTION_FAILED|PROXY_CERTIFICATE_INVALID|MANDATORY_PROXY_CONFIGURATION_FAILED|PAC_SCRIPT_FAILED|PAC_NOT_IN_DHCP)$/.test(name)) {
    return new ServiceError('PROXY_REFUSED', `The proxy (${proxy}) could not be reached for ${where}, nor any other route the system's proxy settings allow. Check the proxy settings of Windows or Settings > Network.${detail}`);
  }
  if (/^ERR_(PROXY_AUTH_UNSUPPORTED|PROXY_AUTH_REQUESTED|PROXY_AUTH_REQUESTED_WITH_NO_CONNECTION|UNEXPECTED_PROXY_AUTH)$/.test(name)) {
    return new ServiceError(
      'PROXY_AUTH_REQUIRED',
      `The proxy (${proxy}) did not accept this computer's sign-in for ${where} (HTTP 407). If it asks for a user name and password, enter them in Settings > Network; if it uses Windows sign-in, check that you are signed in to the company domain.${detail}`,
    );
  }
  if (name === 'ERR_TUNNEL_CONNECTION_FAILED') return new ServiceError('PROXY_CONNECT_REJECTED', `The proxy (${proxy}) refused to open a tunnel to ${where}. Ask the proxy administrators to allow this host.${detail}`);
  if (/^ERR_(CERT_[A-Z_]+|SSL_PINNED_KEY_NOT_IN_CERT_CHAIN)$/.test(name)) {
    return new ServiceError('TLS_UNTRUSTED', `The TLS certificate of ${where} is not trusted by Windows. If a proxy inspects TLS, its root CA must be in the Windows trust store (ask your IT team).${detail}`);
  }
  if (name === 'ERR_NAME_NOT_RESOLVED') return new ServiceError('HOST_NOT_FOUND', `${where} is not found in DNS. Check the name and this computer's DNS.${detail}`);
  if (name === 'ERR_CONNECTION_REFUSED') return new ServiceError('CONNECTION_REFUSED', `Nothing accepts connections at ${where}. Check the address and that a firewall lets this computer reach it.${detail}`);
  if (/^ERR_(CONNECTION_RESET|CONNECTION_CLOSED|EMPTY_RESPONSE)$/.test(name)) return new ServiceError('CONNECTION_RESET', `${where} closed the connection before answering. A firewall or proxy may be cutting it.${detail}`);
  if (/^ERR_(ADDRESS_UNREACHABLE|NETWORK_UNREACHABLE|INTERNET_DISCONNECTED|NETWORK_CHANGED)$/.test(name)) return new ServiceError('UNREACHABLE', `${where} cannot be reached from this computer (no network route).${detail}`);
  if (/^ERR_(TIMED_OUT|CONNECTION_TIMED_OUT)$/.test(name)) return new ServiceError('NETWORK_TIMEOUT', `${where} did not answer in time.${detail}`);
  return null;
}

function chromiumFailure(error: unknown, url: URL, proxy: string | null): ServiceError {
  const name = chromiumErrorName(error);
  const known = name ? chromiumServiceError(name, url.host, proxy ?? 'system proxy') : null;
  if (known) return known;
  return new ServiceError('NETWORK_FAILED', `The request to ${url.host} failed (${name ?? (error as Error)?.message ?? String(error)}).`);
}
