/**
 * HTTP CONNECT tunnels through an explicit proxy (`http://[user:pass@]host:port`), and the
 * translation of a system-proxy answer (Electron's `session.resolveProxy` returns PAC syntax,
 * "PROXY host:port; DIRECT") into that form. Each way a proxy can fail has its own code,
 * because the admin's remedy differs (wrong address, credentials, proxy policy, slowness).
 */
import { connect, type Socket } from 'node:net';
import { ServiceError } from '../errors';
import { parseProxyUrl } from '../settings/settings-service';

export interface ProxyConfig {
  /** `http://host:port` without credentials. */
  url: string;
  host: string;
  port: number;
  user?: string;
  password?: string;
}

const MAX_RESPONSE_HEAD = 16 * 1024;

/** Parses `http://[user[:password]@]host:port`; a password given separately wins. */
export function parseProxy(text: string, password?: string): ProxyConfig {
  let parsed;
  try {
    parsed = parseProxyUrl(text);
  } catch (error) {
    throw new ServiceError('PROXY_INVALID', (error as Error).message);
  }
  if (parsed.url === '') throw new ServiceError('PROXY_INVALID', 'The proxy address is empty. Use http://host:port.');
  const url = new URL(parsed.url);
  const config: ProxyConfig = { url: parsed.url, host: url.hostname.replace(/^\[|\]$/g, ''), port: Number(url.port) };
  if (parsed.user !== undefined) config.user = parsed.user;
  const secret = password ?? parsed.password;
  if (secret !== undefined) config.password = secret;
  return config;
}

/**
 * Turns what a proxy resolver answered into a proxy URL, or null for a direct connection.
 * Accepts a URL (`http://host:port`) or PAC results (`PROXY h:p; DIRECT`, first entry wins).
 */
export function proxyFromResolverAnswer(answer: string | null): string | null {
  if (answer === null) return null;
  const first = answer.split(';').map((part) => part.trim()).find((part) => part !== '');
  if (first === undefined || /^DIRECT$/i.test(first)) return null;
  if (/^[a-z]+:\/\//i.test(first)) return first;
  const match = /^(PROXY|HTTP|HTTPS)\s+(\S+)$/i.exec(first);
  if (match) return `http://${match[2]}`;
  throw new ServiceError(
    'PROXY_UNSUPPORTED',
    `The system proxy setting "${first}" is not an HTTP proxy (SOCKS is not supported). Enter an http://host:port proxy in Settings.`,
  );
}

export interface TunnelOptions {
  timeoutMs: number;
  signal?: AbortSignal;
}

/**
 * Opens a TCP connection to the proxy and asks it for a tunnel to `host:port`. Resolves
 * with the socket once the proxy answered 2xx; the TLS handshake then runs inside it.
 */
export function openProxyTunnel(proxy: ProxyConfig, host: string, port: number, options: TunnelOptions): Promise<Socket> {
  return new Promise((resolvePromise, reject) => {
    const socket = connect({ host: proxy.host, port: proxy.port });
    const authority = `${host.includes(':') ? `[${host}]` : host}:${port}`;
    let head = Buffer.alloc(0);
    let settled = false;
    const finish = (error: ServiceError | null): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      socket.removeAllListeners('data');
      socket.removeAllListeners('error');
      socket.removeAllListeners('close');
      if (error) {
        socket.destroy();
        reject(error);
      } else {
        resolvePromise(socket);
      }
    };
    const onAbort = (): void => finish(new ServiceError('CANCELLED', 'Cancelled.'));
    const timer = setTimeout(
      () => finish(new ServiceError('PROXY_TIMEOUT', `The proxy ${proxy.url} did not open a tunnel to ${authority} within ${options.timeoutMs} ms. Check the proxy address, or raise the timeout.`)),
      options.timeoutMs,
    );
    if (options.signal?.aborted) return onAbort();
    options.signal?.addEventListener('abort', onAbort);
    socket.once('connect', () => {
      const lines = [`CONNECT ${authority} HTTP/1.1`, `Host: ${authority}`];
      if (proxy.user !== undefined) {
        const credentials = Buffer.from(`${proxy.user}:${proxy.password ?? ''}`, 'utf8').toString('base64');
        lines.push(`Proxy-Authorization: Basic ${credentials}`);
      }
      socket.write(`${lines.join('\r\n')}\r\n\r\n`);
    });
    socket.on('data', (chunk: Buffer) => {
      head = Buffer.concat([head, chunk]);
      const end = head.indexOf('\r\n\r\n');
      if (end < 0) {
        if (head.length > MAX_RESPONSE_HEAD) finish(new ServiceError('PROXY_CONNECT_REJECTED', `The proxy ${proxy.url} sent an oversized answer to CONNECT.`));
        return;
      }
      const status = /^HTTP\/1\.[01] (\d{3})(?: ([^\r\n]*))?/.exec(head.subarray(0, end).toString('latin1'));
      const rest = head.subarray(end + 4);
      if (!status) return finish(new ServiceError('PROXY_CONNECT_REJECTED', `The proxy ${proxy.url} answered CONNECT with something that is not HTTP.`));
      const code = Number(status[1]);
      if (code >= 200 && code < 300) {
        socket.pause();
        // Bytes after the header already belong to the tunnel (a server speaking first).
        if (rest.length > 0) socket.unshift(rest);
        return finish(null);
      }
      finish(rejection(proxy, authority, code, status[2] ?? ''));
    });
    socket.on('error', (error: NodeJS.ErrnoException) => finish(connectFailure(proxy, error)));
    socket.on('close', () =>
      finish(new ServiceError('PROXY_REFUSED', `The proxy ${proxy.url} closed the connection before answering CONNECT to ${authority}. Check that it is an HTTP proxy.`)),
    );
  });
}

function rejection(proxy: ProxyConfig, authority: string, code: number, reason: string): ServiceError {
  if (code === 407) {
    return new ServiceError(
      'PROXY_AUTH_REQUIRED',
      proxy.user === undefined
        ? `The proxy ${proxy.url} requires a user name and password (HTTP 407). Enter them in Settings.`
        : `The proxy ${proxy.url} did not accept the user name and password (HTTP 407). Check them in Settings.`,
    );
  }
  return new ServiceError(
    'PROXY_CONNECT_REJECTED',
    `The proxy ${proxy.url} refused to open a tunnel to ${authority} (HTTP ${code}${reason ? ` ${reason}` : ''}). Ask the proxy administrators to allow this host on port ${authority.split(':').pop() ?? ''}.`,
  );
}

function connectFailure(proxy: ProxyConfig, error: NodeJS.ErrnoException): ServiceError {
  if (error.code === 'ECONNREFUSED') {
    return new ServiceError('PROXY_REFUSED', `Nothing accepts connections at the proxy address ${proxy.url}. Check the proxy host and port.`);
  }
  if (error.code === 'ENOTFOUND' || error.code === 'EAI_AGAIN') {
    return new ServiceError('PROXY_REFUSED', `The proxy host of ${proxy.url} is not found in DNS. Check the proxy address.`);
  }
  return new ServiceError('PROXY_REFUSED', `The connection to the proxy ${proxy.url} failed (${error.code ?? error.message}).`);
}
