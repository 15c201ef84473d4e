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

/**
 * Parses `http://[user[:password]@]host:port`; a password given separately wins, and a user
 * given separately (System mode's `DOMAIN\\user`) is used when the URL has none.
 */
export function parseProxy(text: string, password?: string, user?: string): ProxyConfig {
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
  else if (user !== undefined && user !== '') config.user = user;
  const secret = password ?? parsed.password;
  if (secret !== undefined) config.password = secret;
  return config;
}

/**
 * Every route of what a proxy resolver answered, in order: a proxy URL, or null for DIRECT.
 * Accepts a URL (`http://host:port`) or PAC results (`PROXY a:p; PROXY b:p; DIRECT`), which a
 * browser tries in turn when a proxy cannot be reached (see `openRoute`). SOCKS entries are
 * skipped; an answer of only SOCKS entries is refused.
 */
export function proxyRoutesFromResolverAnswer(answer: string | null): (string | null)[] {
  if (answer === null) return [null];
  const entries = answer.split(';').map((part) => part.trim()).filter((part) => part !== '');
  if (entries.length === 0) return [null];
  const routes: (string | null)[] = [];
  for (const entry of entries) {
    if (/^DIRECT$/i.test(entry)) routes.push(null);
    else if (/^[a-z]+:\/\//i.test(entry)) routes.push(entry);
    else {
      const match = /^(PROXY|HTTP|HTTPS)\s+(\S+)$/i.exec(entry);
      if (match) routes.push(`http://${match[2]}`);
    }
  }
  if (routes.length === 0) {
    throw new ServiceError(
      'PROXY_UNSUPPORTED',
      `The system proxy setting "${entries[0]}" is not an HTTP proxy (SOCKS is not supported). Enter an http://host:port proxy in Settings.`,
    );
  }
  return routes;
}

/** The first route of a resolver answer (see `proxyRoutesFromResolverAnswer`): a proxy URL, or null for a direct connection. */
export function proxyFromResolverAnswer(answer: string | null): string | null {
  return proxyRoutesFromResolverAnswer(answer)[0] ?? null;
}

/**
 * The proxy the command line uses for `url` from the environment, as curl and most tools read it:
 * HTTPS_PROXY (or https_proxy, then ALL_PROXY) unless NO_PROXY lists the host (`*`, a name, a
 * `.suffix` or `suffix`, optionally with `:port`). Null for a direct connection.
 */
export function proxyFromEnvironment(url: string, env: Record<string, string | undefined>): string | null {
  const read = (name: string): string | undefined => {
    const value = env[name] ?? env[name.toLowerCase()];
    return value === undefined || value.trim() === '' ? undefined : value.trim();
  };
  const proxy = read('HTTPS_PROXY') ?? read('ALL_PROXY');
  if (proxy === undefined) return null;
  const target = new URL(url);
  const host = target.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  const port = target.port || (target.protocol === 'http:' ? '80' : '443');
  for (const raw of (read('NO_PROXY') ?? '').split(/[\s,]+/)) {
    const entry = raw.trim().toLowerCase();
    if (entry === '') continue;
    if (entry === '*') return null;
    const [name = '', entryPort] = entry.startsWith('[') ? [entry.slice(1, entry.indexOf(']')), entry.split(']:')[1]] : entry.split(':');
    if (entryPort !== undefined && entryPort !== port) continue;
    const suffix = name.replace(/^\*?\./, '');
    if (host === suffix || host.endsWith(`.${suffix}`)) return null;
  }
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(proxy) ? proxy : `http://${proxy}`;
}

/** Errors after which a browser tries the next route of a PAC answer: the proxy itself cannot be reached. */
function proxyUnreachable(error: unknown): boolean {
  return error instanceof ServiceError && (error.code === 'PROXY_REFUSED' || error.code === 'PROXY_TIMEOUT');
}

export interface Route {
  /** The tunnel through the proxy; undefined for a direct connection. */
  tunnel: Socket | undefined;
  proxy: ProxyConfig | null;
}

/**
 * Opens the first route that works, in order (`PROXY a; PROXY b; DIRECT`): a proxy that cannot be
 * reached is skipped for the next one, as browsers do; any other answer (407, 403) is final.
 * The last route's failure is the one reported.
 */
export async function openRoute(routes: (ProxyConfig | null)[], host: string, port: number, options: TunnelOptions): Promise<Route> {
  for (const [index, proxy] of routes.entries()) {
    if (proxy === null) return { tunnel: undefined, proxy: null };
    try {
      return { tunnel: await openProxyTunnel(proxy, host, port, options), proxy };
    } catch (error) {
      if (index === routes.length - 1 || !proxyUnreachable(error) || options.signal?.aborted) throw error;
    }
  }
  return { tunnel: undefined, proxy: null };
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
      finish(rejection(proxy, authority, code, status[2] ?? '', authSchemes(head.subarray(0, end).toString('latin1'))));
    });
    socket.on('error', (error: NodeJS.ErrnoException) => finish(connectFailure(proxy, error)));
    socket.on('close', () =>
      finish(new ServiceError('PROXY_REFUSED', `The proxy ${proxy.url} closed the connection before answering CONNECT to ${authority}. Check that it is an HTTP proxy.`)),
    );
  });
}

/** The schemes of every Proxy-Authenticate header of an answer (`basic`, `ntlm`, `negotiate`, ...), lower case. */
export function authSchemes(head: string): string[] {
  return head
    .split('\r\n')
    .filter((line) => /^proxy-authenticate\s*:/i.test(line))
    .flatMap((line) => line.slice(line.indexOf(':') + 1).split(/,(?=\s*[A-Za-z][\w-]*(?:\s|$))/))
    .map((challenge) => challenge.trim().split(/\s+/)[0]?.toLowerCase() ?? '')
    .filter((scheme) => scheme !== '' && !scheme.includes('='));
}

function rejection(proxy: ProxyConfig, authority: string, code: number, reason: string, schemes: string[] = []): ServiceError {
  if (code === 407 && !schemes.includes('basic') && schemes.some((scheme) => scheme === 'ntlm' || scheme === 'negotiate' || scheme === 'kerberos')) {
    const names = schemes.filter((scheme) => scheme !== 'basic').map((scheme) => (scheme === 'ntlm' ? 'NTLM' : scheme === 'negotiate' ? 'Negotiate' : 'Kerberos'));
    return new ServiceError(
      'PROXY_AUTH_WINDOWS',
      `The proxy ${proxy.url} asks for Windows sign-in (${[...new Set(names)].join(', ')}, HTTP 407), which this connection cannot do: it sends only a user name and password (Basic). ` +
        'Use the app, which signs in to the proxy with your Windows account, or ask the proxy team for an exemption for these hosts, or for a proxy that accepts Basic.',
    );
  }
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
