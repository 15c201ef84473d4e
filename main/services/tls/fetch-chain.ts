/**
 * One TLS handshake to read what a server presents, and nothing more: no application data is
 * sent. Node does not verify (`rejectUnauthorized: false`) so that a broken chain is shown
 * rather than refused; verification is ours (verdict.ts).
 */
import { isIP, type Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { connect as connectTls, createSecureContext, type DetailedPeerCertificate, type TLSSocket } from 'node:tls';
import { ServiceError } from '../errors';
import { openProxyTunnel, openRoute, type ProxyConfig } from './proxy';

export interface ServedChain {
  /** DER of each certificate, leaf first, as Node's peer chain gives them. */
  certificates: Buffer[];
  tlsVersion: string | null;
  cipher: string | null;
  elapsedMs: number;
  /** The proxy the handshake went through (the route that worked), or null for direct. */
  proxy: ProxyConfig | null;
}

export interface FetchTarget {
  host: string;
  port: number;
  /** SNI name; defaults to `host` (never sent for an IP address, as RFC 6066 requires). */
  servername?: string;
  /** Connect to this address instead of resolving `host` (direct connections only, like curl --resolve). */
  address?: string;
}

export interface FetchServedChainOptions {
  timeoutMs: number;
  proxy?: ProxyConfig | null;
  /** A system proxy's routes in order (`PROXY a; PROXY b; DIRECT`, null for DIRECT); used instead of `proxy`. */
  routes?: (ProxyConfig | null)[];
  signal?: AbortSignal;
}

/**
 * An empty trust store: Node appends issuers from the context's store to the peer chain it
 * reports, which would make a root the server never sent look "served".
 */
let emptyContext: ReturnType<typeof createSecureContext> | undefined;

function isolatedContext(): ReturnType<typeof createSecureContext> {
  // ciphers: see weak chains rather than fail on them (OpenSSL's security level refuses SHA-1 and small keys).
  emptyContext ??= createSecureContext({ ca: [], ciphers: 'DEFAULT:@SECLEVEL=0' });
  return emptyContext;
}

export async function fetchServedChain(target: FetchTarget, options: FetchServedChainOptions): Promise<ServedChain> {
  const started = performance.now();
  const deadline = started + options.timeoutMs;
  const remaining = (): number => Math.max(1, Math.round(deadline - performance.now()));
  if (options.signal?.aborted) throw cancelled();
  let tunnel: Socket | undefined;
  let proxy = options.proxy ?? null;
  const tunnelOptions = { timeoutMs: options.timeoutMs, ...(options.signal ? { signal: options.signal } : {}) };
  if (options.routes) {
    ({ tunnel, proxy } = await openRoute(options.routes, target.host, target.port, tunnelOptions));
  } else if (proxy) {
    tunnel = await openProxyTunnel(proxy, target.host, target.port, tunnelOptions);
  }
  const socket = await handshake(target, tunnel, remaining(), options);
  try {
    const cipher = socket.getCipher();
    return {
      certificates: peerChain(socket.getPeerCertificate(true)),
      tlsVersion: socket.getProtocol() ?? null,
      cipher: cipher?.standardName ?? cipher?.name ?? null,
      elapsedMs: Math.round(performance.now() - started),
      proxy,
    };
  } finally {
    socket.destroy();
  }
}

function handshake(target: FetchTarget, tunnel: Socket | undefined, timeoutMs: number, options: FetchServedChainOptions): Promise<TLSSocket> {
  const where = `${target.host}:${target.port}`;
  return new Promise((resolvePromise, reject) => {
    const servername = target.servername ?? target.host;
    const socket = connectTls({
      ...(tunnel ? { socket: tunnel } : { host: target.address ?? target.host, port: target.port }),
      ...(isIP(servername) === 0 ? { servername } : {}),
      secureContext: isolatedContext(),
      rejectUnauthorized: false,
      // Offer only HTTP/1.1 so that nothing else is negotiated; no request is ever written.
      ALPNProtocols: ['http/1.1'],
    });
    let settled = false;
    const finish = (error: ServiceError | null): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      if (error) {
        socket.destroy();
        tunnel?.destroy();
        reject(error);
      } else {
        resolvePromise(socket);
      }
    };
    const onAbort = (): void => finish(cancelled());
    const timer = setTimeout(
      () =>
        finish(
          new ServiceError(
            'TLS_TIMEOUT',
            `${where} did not complete a TLS handshake within ${options.timeoutMs} ms. A firewall may be dropping the traffic, or the port does not speak TLS.`,
          ),
        ),
      timeoutMs,
    );
    if (options.signal?.aborted) return onAbort();
    options.signal?.addEventListener('abort', onAbort);
    // Errors are only built while unsettled: every fetched socket is destroyed, so 'close' always fires after success.
    const fail = (error: () => ServiceError): void => {
      if (!settled) finish(error());
    };
    socket.once('secureConnect', () => finish(null));
    socket.once('error', (error: NodeJS.ErrnoException) => fail(() => connectionError(where, error, tunnel !== undefined)));
    socket.once('close', () => fail(() => new ServiceError('TLS_CLOSED', `${where} closed the connection during the TLS handshake. The port may not speak TLS, or a firewall cut it.`)));
  });
}

/** Leaf first, following `issuerCertificate` until it points to itself or repeats. */
function peerChain(leaf: DetailedPeerCertificate): Buffer[] {
  const ders: Buffer[] = [];
  const seen = new Set<DetailedPeerCertificate>();
  let current: DetailedPeerCertificate | undefined = leaf;
  while (current && current.raw && !seen.has(current)) {
    seen.add(current);
    ders.push(Buffer.from(current.raw));
    current = current.issuerCertificate;
  }
  if (ders.length === 0) throw new ServiceError('TLS_NO_CERTIFICATE', 'The server completed the handshake without presenting a certificate.');
  return ders;
}

function cancelled(): ServiceError {
  return new ServiceError('CANCELLED', 'Cancelled.');
}

function connectionError(where: string, error: NodeJS.ErrnoException, viaProxy: boolean): ServiceError {
  const code = error.code ?? '';
  if (viaProxy && (code === 'ECONNRESET' || code === 'EPIPE')) {
    return new ServiceError('TLS_CLOSED', `The tunnel to ${where} through the proxy was closed during the TLS handshake.`);
  }
  switch (code) {
    case 'ECONNREFUSED':
      return new ServiceError('CONNECTION_REFUSED', `Nothing accepts connections at ${where}. Check the host name and port.`);
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new ServiceError('HOST_NOT_FOUND', `The host name of ${where} is not found in DNS. Check the spelling, or use the proxy if DNS is only resolved there.`);
    case 'ECONNRESET':
    case 'EPIPE':
      return new ServiceError('TLS_CLOSED', `${where} closed the connection during the TLS handshake. The port may not speak TLS, or a firewall cut it.`);
    case 'ETIMEDOUT':
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return new ServiceError('UNREACHABLE', `${where} cannot be reached (${code}). Check the network route or use a proxy.`);
    default:
      return new ServiceError('TLS_ERROR', `The TLS handshake with ${where} failed: ${tlsFailureSentence(code)}.`);
  }
}

/**
 * OpenSSL's failures as a sentence an admin can act on (its own text, with file names and line
 * numbers of OpenSSL's source, says nothing to them); the code stays for a search.
 */
export function tlsFailureSentence(code: string): string {
  const sentences: Record<string, string> = {
    ERR_SSL_EXCESSIVE_MESSAGE_SIZE: 'the server sent a certificate chain larger than 100 KB, far more than any real chain',
    ERR_SSL_WRONG_VERSION_NUMBER: 'this is not a TLS server: it answered in plain HTTP or another protocol. Check the port (443 for HTTPS)',
    ERR_SSL_PACKET_LENGTH_TOO_LONG: 'this is not a TLS server: it answered in plain HTTP or another protocol. Check the port (443 for HTTPS)',
    ERR_SSL_HTTP_REQUEST: 'this is not a TLS server: it answered in plain HTTP. Check the port (443 for HTTPS)',
    ERR_SSL_UNSUPPORTED_PROTOCOL: 'the server offers only TLS versions this app refuses (older than TLS 1.2)',
    ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION: 'the server refused every TLS version this app offers',
    ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE: 'the server refused the handshake: no TLS version or cipher in common, or it wants a client certificate',
    ERR_SSL_NO_CIPHERS_AVAILABLE: 'the server and this app have no cipher in common',
    ERR_SSL_TLSV1_ALERT_UNRECOGNIZED_NAME: 'the server does not serve this host name (SNI)',
    ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED: 'the server requires a client certificate',
    ERR_SSL_TLSV1_ALERT_INTERNAL_ERROR: 'the server reported an internal error during the handshake',
    ERR_SSL_TLSV1_ALERT_ACCESS_DENIED: 'the server refused access during the handshake',
    ERR_SSL_DH_KEY_TOO_SMALL: "the server's Diffie-Hellman key is too small to be safe",
    ERR_SSL_EE_KEY_TOO_SMALL: "the server's key is too small to be safe",
    ERR_SSL_CA_MD_TOO_WEAK: "the server's certificate is signed with a hash too weak to be safe",
    ERR_SSL_RECORD_LAYER_FAILURE: 'the connection broke in the middle of the handshake',
    ERR_SSL_UNEXPECTED_EOF_WHILE_READING: 'the server closed the connection in the middle of the handshake',
  };
  return sentences[code] ?? `the server and this app could not agree on a secure connection (${code || 'no error code'})`;
}
