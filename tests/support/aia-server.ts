/**
 * A local AIA ("CA Issuers") HTTP server on 127.0.0.1: serves issuer certificates as DER or
 * PKCS#7, and the failure shapes met in the field (404, a slow or held answer, an HTML page from a
 * proxy or captive portal, redirects and redirect loops). Routes can be added after start,
 * so certificates naming its URL can be issued once its port is known.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export type AiaRoute =
  | { kind: 'body'; body: Buffer | string; contentType: string }
  | { kind: 'redirect'; location: string; status?: 301 | 302 | 307 }
  | { kind: 'slow'; delayMs: number; body: Buffer; contentType: string }
  /** Answered only once `until` settles: the test decides when, whatever the machine's load. */
  | { kind: 'held'; until: Promise<unknown>; body: Buffer; contentType: string }
  | { kind: 'status'; status: number };

export interface AiaServer {
  baseUrl: string;
  port: number;
  route(path: string, route: AiaRoute): void;
  /** Paths requested so far, in order (to prove what was or was not fetched). */
  requests: string[];
  close(): Promise<void>;
}

export async function startAiaServer(): Promise<AiaServer> {
  const routes = new Map<string, AiaRoute>();
  const requests: string[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const sockets = new Set<Socket>();
  const server: Server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const path = new URL(request.url ?? '/', 'http://aia.local').pathname;
    requests.push(path);
    const route = routes.get(path);
    if (!route) {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    switch (route.kind) {
      case 'body':
        response.writeHead(200, { 'content-type': route.contentType }).end(route.body);
        return;
      case 'redirect':
        response.writeHead(route.status ?? 302, { location: route.location }).end();
        return;
      case 'status':
        response.writeHead(route.status).end();
        return;
      case 'slow': {
        const timer = setTimeout(() => {
          timers.delete(timer);
          if (!response.destroyed) response.writeHead(200, { 'content-type': route.contentType }).end(route.body);
        }, route.delayMs);
        timers.add(timer);
        return;
      }
      case 'held':
        void route.until.then(() => {
          if (!response.destroyed) response.writeHead(200, { 'content-type': route.contentType }).end(route.body);
        });
    }
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolvePromise) => server.listen(0, '127.0.0.1', resolvePromise));
  const port = (server.address() as AddressInfo).port;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    port,
    requests,
    route: (path, route) => routes.set(path, route),
    close: async () => {
      for (const timer of timers) clearTimeout(timer);
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolvePromise) => server.close(() => resolvePromise()));
    },
  };
}
