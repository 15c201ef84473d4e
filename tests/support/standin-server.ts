/**
 * What the Microsoft stand-ins share: a per-run test CA with a server certificate for
 * 127.0.0.1 / localhost (made by OpenSSL through tests/support/pki.ts), an HTTPS server on
 * 127.0.0.1 that records every request and closes every socket, and JWT helpers (RS256 and
 * PS256 verification as Entra does it, RS256 signing of issued tokens).
 */
import { constants, createHash, sign, verify, type KeyObject } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { createKey, issueCertificate, type GeneratedCertificate } from './pki';

export interface StandinTls {
  ca: GeneratedCertificate;
  server: GeneratedCertificate;
}

/** A test CA and a server certificate for 127.0.0.1 and localhost. */
export async function createStandinTls(dir: string): Promise<StandinTls> {
  await mkdir(dir, { recursive: true });
  const [caKey, serverKey] = await Promise.all([createKey(dir, 'standin-ca', { type: 'rsa', bits: 2048 }), createKey(dir, 'standin-server', { type: 'rsa', bits: 2048 })]);
  const ca = await issueCertificate(dir, {
    name: 'standin-ca',
    subject: '/O=Stand-in/CN=Stand-in Test Root',
    key: caKey,
    extensions: ['basicConstraints = critical,CA:TRUE', 'keyUsage = critical,keyCertSign,cRLSign', 'subjectKeyIdentifier = hash'],
  });
  const server = await issueCertificate(dir, {
    name: 'standin-server',
    subject: '/O=Stand-in/CN=localhost',
    key: serverKey,
    issuer: ca,
    extensions: ['basicConstraints = critical,CA:FALSE', 'keyUsage = critical,digitalSignature,keyEncipherment', 'extendedKeyUsage = serverAuth', 'subjectAltName = DNS:localhost,IP:127.0.0.1'],
  });
  return { ca, server };
}

export interface StandinRequest {
  method: string;
  url: URL;
  headers: IncomingMessage['headers'];
  body: string;
}

export interface StandinReply {
  status: number;
  headers?: Record<string, string>;
  /** Objects are sent as JSON. */
  body?: string | object;
}

/** `hang`: read the request and never answer (a service that times out). */
export type StandinHandler = (request: StandinRequest) => Promise<StandinReply | 'hang'> | StandinReply | 'hang';

export interface HttpsStandin {
  origin: string;
  port: number;
  /** `METHOD /path?query` of every request received, in order. */
  requests: string[];
  close(): Promise<void>;
}

export async function startHttpsStandin(tls: StandinTls, handle: StandinHandler): Promise<HttpsStandin> {
  const requests: string[] = [];
  const server: Server = createServer({ key: tls.server.key.pem, cert: tls.server.pem + tls.ca.pem }, (incoming, outgoing) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      const url = new URL(incoming.url ?? '/', 'https://127.0.0.1');
      requests.push(`${incoming.method ?? ''} ${url.pathname}${url.search}`);
      Promise.resolve(handle({ method: incoming.method ?? '', url, headers: incoming.headers, body: Buffer.concat(chunks).toString('utf8') })).then(
        (reply) => {
          if (reply !== 'hang') respond(outgoing, reply);
        },
        (error: unknown) => respond(outgoing, { status: 500, body: { error: { code: 'StandinBug', message: String(error) } } }),
      );
    });
  });
  const { port, sockets } = await listenLocal(server);
  return {
    origin: `https://127.0.0.1:${port}`,
    port,
    requests,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolvePromise) => server.close(() => resolvePromise()));
    },
  };
}

function respond(outgoing: ServerResponse, reply: StandinReply): void {
  const isText = typeof reply.body === 'string';
  const body = reply.body === undefined ? '' : isText ? (reply.body as string) : JSON.stringify(reply.body);
  const type = reply.body === undefined ? {} : { 'content-type': isText ? 'text/plain; charset=utf-8' : 'application/json; charset=utf-8' };
  outgoing.writeHead(reply.status, { ...type, ...reply.headers, 'content-length': Buffer.byteLength(body) });
  outgoing.end(body);
}

// --- JWT ---------------------------------------------------------------------------------------

export interface DecodedJwt {
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
  signingInput: string;
  signature: Buffer;
}

export function decodeJwt(token: string): DecodedJwt | null {
  const parts = token.split('.');
  if (parts.length !== 3) return null;
  const [header, payload, signature] = parts as [string, string, string];
  try {
    return {
      header: JSON.parse(Buffer.from(header, 'base64url').toString('utf8')) as Record<string, unknown>,
      payload: JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>,
      signingInput: `${header}.${payload}`,
      signature: Buffer.from(signature, 'base64url'),
    };
  } catch {
    return null;
  }
}

/** RS256 (PKCS#1 v1.5) and PS256 (PSS, any salt length) over SHA-256; other algorithms fail. */
export function verifyJwtSignature(jwt: DecodedJwt, publicKey: KeyObject): boolean {
  const data = Buffer.from(jwt.signingInput);
  if (jwt.header.alg === 'RS256') return verify('sha256', data, publicKey, jwt.signature);
  if (jwt.header.alg === 'PS256') return verify('sha256', data, { key: publicKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_AUTO }, jwt.signature);
  return false;
}

export function signJwt(header: Record<string, unknown>, payload: Record<string, unknown>, privateKey: KeyObject): string {
  const input = `${Buffer.from(JSON.stringify({ ...header, alg: 'RS256', typ: 'JWT' })).toString('base64url')}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}`;
  return `${input}.${sign('sha256', Buffer.from(input), privateKey).toString('base64url')}`;
}

export function sha1(der: Buffer): Buffer {
  return createHash('sha1').update(der).digest();
}

export function sha256(der: Buffer): Buffer {
  return createHash('sha256').update(der).digest();
}

/** Reads an `application/x-www-form-urlencoded` body. */
export function formFields(body: string): Record<string, string> {
  return Object.fromEntries(new URLSearchParams(body));
}

/**
 * Listens on a free port of 127.0.0.1 and keeps the open connections, so that stopping the
 * stand-in can end them; a client that gives up the TLS handshake is no error of the stand-in.
 */
export async function listenLocal(server: Server): Promise<{ port: number; sockets: Set<Socket> }> {
  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.on('tlsClientError', () => undefined);
  await new Promise<void>((resolvePromise) => server.listen(0, '127.0.0.1', resolvePromise));
  return { port: (server.address() as AddressInfo).port, sockets };
}
