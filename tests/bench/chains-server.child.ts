/**
 * The "remote" side of the chains benchmark (tests/bench/chains.bench.ts), in its own process:
 * the PKI, the TLS server that presents the chain, and the relay that adds a WAN round trip.
 * So the benchmark process spends its CPU only on what the app does (fetch + complete +
 * verify), as it would against real hosts, whose handshakes run on other machines.
 *
 * Run with IPC (`fork`/`spawn` with an 'ipc' stdio slot) and `--import tsx`. Protocol: the
 * parent sends `{ wanDelayMs }`; this answers one `ChainsServerReady`; on 'disconnect' (or a
 * `{ close: true }` message) it stops its servers, removes its PKI and exits.
 */
import { createServer, connect, type AddressInfo, type Socket } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startAiaServer } from '../support/aia-server';
import { createTlsPki, servedChain, startTlsServer } from '../support/tls-servers';

export interface ChainsServerRequest {
  /** One-way delay of the relay, in ms. */
  wanDelayMs: number;
}

export interface ChainsServerReady {
  /** The TLS server itself, on 127.0.0.1 (loopback, no delay). */
  tlsPort: number;
  /** The relay in front of it, delaying each direction by `wanDelayMs`. */
  relayPort: number;
  /** DER (base64) of the root the served chain leads to: the client must trust it. */
  trustedRootDer: string;
}

/**
 * A TCP relay on 127.0.0.1 that delays every chunk by `delayMs` in each direction, so a
 * handshake costs real round trips, as to a remote host.
 */
async function startWanRelay(port: number, delayMs: number): Promise<{ port: number; close: () => Promise<void> }> {
  const sockets = new Set<Socket>();
  const relay = createServer((client) => {
    const upstream = connect({ host: '127.0.0.1', port });
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => socket.destroy());
    }
    const pipe = (from: Socket, to: Socket): void => {
      from.on('data', (chunk: Buffer) => setTimeout(() => to.destroyed || to.write(chunk), delayMs));
      from.on('end', () => setTimeout(() => to.end(), delayMs));
    };
    pipe(client, upstream);
    pipe(upstream, client);
  });
  await new Promise<void>((resolvePromise) => relay.listen(0, '127.0.0.1', resolvePromise));
  return {
    port: (relay.address() as AddressInfo).port,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolvePromise) => relay.close(() => resolvePromise()));
    },
  };
}

async function main(): Promise<void> {
  if (!process.send) throw new Error('chains-server.child.ts must be started with an IPC channel');
  const request = await new Promise<ChainsServerRequest>((resolvePromise) => process.once('message', (message) => resolvePromise(message as ChainsServerRequest)));
  const dir = await mkdtemp(join(tmpdir(), 'ise-intune-bench-chains-'));
  const aia = await startAiaServer();
  let closing: Promise<void> | undefined;
  const cleanups: (() => Promise<void>)[] = [];
  const close = (exitCode = 0): Promise<void> =>
    (closing ??= (async () => {
      for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
      await aia.close().catch(() => undefined);
      await rm(dir, { recursive: true, force: true });
      process.exit(exitCode);
    })());
  process.on('disconnect', () => void close());
  process.on('message', (message) => (message as { close?: boolean }).close && void close());
  try {
    const pki = await createTlsPki(join(dir, 'pki'), aia.baseUrl);
    const server = await startTlsServer(servedChain(pki, 'default'));
    cleanups.push(() => server.close());
    const relay = await startWanRelay(server.port, request.wanDelayMs);
    cleanups.push(() => relay.close());
    const ready: ChainsServerReady = { tlsPort: server.port, relayPort: relay.port, trustedRootDer: pki.ecRoot.der.toString('base64') };
    process.send(ready);
  } catch (error) {
    console.error(error);
    await close(1);
  }
}

void main();
