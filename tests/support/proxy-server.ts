/**
 * Local HTTP proxies on 127.0.0.1, as admins meet them: a plain CONNECT proxy, one that wants
 * Basic credentials (407 otherwise), one that refuses CONNECT (403), and a TLS-inspecting one
 * that answers the tunnel itself with a certificate for the requested host signed by its own
 * private root. Plain `GET http://...` requests (AIA downloads) are forwarded too.
 */
import { request as httpRequest } from 'node:http';
import { createServer, connect, type AddressInfo, type Server, type Socket } from 'node:net';
import { TLSSocket, createSecureContext, type SecureContext } from 'node:tls';

export interface ProxyServerOptions {
  /** Require `Proxy-Authorization: Basic` with these credentials. */
  auth?: { user: string; password: string };
  /** Answer every CONNECT with this status instead of tunnelling (e.g. 403). */
  rejectStatus?: number;
  /** Terminate TLS inside the tunnel with this key and chain (PEM), like an inspecting proxy. */
  inspect?: { key: string; chain: string[] };
}

export interface ProxyServer {
  url: string;
  port: number;
  /** `host:port` of every CONNECT received. */
  connects: string[];
  /** Absolute URLs of forwarded plain requests. */
  forwarded: string[];
  close(): Promise<void>;
}

export async function startProxyServer(options: ProxyServerOptions = {}): Promise<ProxyServer> {
  const connects: string[] = [];
  const forwarded: string[] = [];
  const sockets = new Set<Socket>();
  const expected = options.auth ? `Basic ${Buffer.from(`${options.auth.user}:${options.auth.password}`).toString('base64')}` : null;
  const inspectContext: SecureContext | null = options.inspect ? createSecureContext({ key: options.inspect.key, cert: options.inspect.chain.join('') }) : null;

  const server: Server = createServer((client) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.on('error', () => client.destroy());
    let head = Buffer.alloc(0);
    const onData = (chunk: Buffer): void => {
      head = Buffer.concat([head, chunk]);
      const end = head.indexOf('\r\n\r\n');
      if (end < 0) return;
      client.off('data', onData);
      client.pause();
      const [requestLine = '', ...headerLines] = head.subarray(0, end).toString('latin1').split('\r\n');
      const rest = head.subarray(end + 4);
      const headers = new Map(headerLines.map((line) => [line.slice(0, line.indexOf(':')).trim().toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]));
      const [method = '', target = ''] = requestLine.split(' ');
      if (expected !== null && headers.get('proxy-authorization') !== expected) {
        client.end('HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="test"\r\nContent-Length: 0\r\n\r\n');
        return;
      }
      if (method === 'CONNECT') {
        connects.push(target);
        if (options.rejectStatus !== undefined) {
          client.end(`HTTP/1.1 ${options.rejectStatus} Forbidden\r\nContent-Length: 0\r\n\r\n`);
          return;
        }
        if (inspectContext) return inspectTunnel(client, inspectContext);
        return tunnel(client, target, rest, sockets);
      }
      forwarded.push(target);
      forward(client, method, target);
    };
    client.on('data', onData);
  });
  await new Promise<void>((resolvePromise) => server.listen(0, '127.0.0.1', resolvePromise));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    connects,
    forwarded,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolvePromise) => server.close(() => resolvePromise()));
    },
  };
}

function tunnel(client: Socket, target: string, rest: Buffer, sockets: Set<Socket>): void {
  const separator = target.lastIndexOf(':');
  const upstream = connect({ host: target.slice(0, separator).replace(/^\[|\]$/g, ''), port: Number(target.slice(separator + 1)) });
  sockets.add(upstream);
  upstream.on('close', () => sockets.delete(upstream));
  upstream.once('connect', () => {
    client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
    if (rest.length > 0) upstream.write(rest);
    client.pipe(upstream).pipe(client);
    client.resume();
  });
  upstream.on('error', () => {
    if (!client.destroyed) client.end('HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n');
  });
  client.on('close', () => upstream.destroy());
}

/** The inspecting proxy's trick: say "200" and then be the TLS server itself. */
function inspectTunnel(client: Socket, context: SecureContext): void {
  client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
  const tls = new TLSSocket(client, { isServer: true, secureContext: context });
  tls.on('error', () => client.destroy());
  client.resume();
}

function forward(client: Socket, method: string, target: string): void {
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    client.end('HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n');
    return;
  }
  const upstream = httpRequest({ host: url.hostname, port: url.port || 80, path: `${url.pathname}${url.search}`, method }, (response) => {
    const lines = [`HTTP/1.1 ${response.statusCode ?? 502} ${response.statusMessage ?? ''}`];
    for (const [name, value] of Object.entries(response.headers)) if (name !== 'connection' && name !== 'transfer-encoding') lines.push(`${name}: ${String(value)}`);
    const chunks: Buffer[] = [];
    response.on('data', (chunk: Buffer) => chunks.push(chunk));
    response.on('end', () => {
      const body = Buffer.concat(chunks);
      client.end(Buffer.concat([Buffer.from(`${lines.filter((line) => !line.startsWith('content-length')).join('\r\n')}\r\ncontent-length: ${body.length}\r\nconnection: close\r\n\r\n`), body]));
    });
  });
  upstream.on('error', () => client.end('HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n'));
  upstream.end();
}

/** A port on 127.0.0.1 where nothing listens (bound, then released). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolvePromise) => server.listen(0, '127.0.0.1', resolvePromise));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((resolvePromise) => server.close(() => resolvePromise()));
  return port;
}
