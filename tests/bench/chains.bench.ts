/**
 * Live chains (issue 4): fetch + complete + verify the chain of a local TLS server, per host,
 * against the manual route of one `openssl s_client -showcerts` process per host; and 20 hosts
 * fetched concurrently against one. Goals: no slower than openssl per host; 20 concurrent
 * within 2x of one.
 */
import { execFile } from 'node:child_process';
import { createServer, connect, type AddressInfo, type Socket } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fetchChains, type FetchChainsOptions } from '../../main/services/tls';
import { startAiaServer } from '../support/aia-server';
import { OPENSSL } from '../support/pki';
import { createTlsPki, servedChain, startTlsServer } from '../support/tls-servers';
import { microsPerCall } from './measure';
import type { BenchResult } from './types';

const PER_HOST_CALLS = 100;
const OPENSSL_CALLS = 20;
const CONCURRENT_HOSTS = 20;
const CONCURRENT_ROUNDS = 10;
/** One-way delay of the simulated WAN link: 25 ms each way, a 50 ms round trip as to a Microsoft front door. */
const WAN_DELAY_MS = 25;

/**
 * A TCP relay on 127.0.0.1 that delays every chunk by `delayMs` in each direction. Locally a
 * handshake is pure CPU (server and client share this process), so concurrency only shows
 * where real hosts spend their time: waiting on the network.
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

function opensslShowcerts(port: number): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    const child = execFile(OPENSSL, ['s_client', '-showcerts', '-connect', `127.0.0.1:${port}`, '-servername', 'localhost'], (error, stdout) =>
      error || !stdout.includes('BEGIN CERTIFICATE') ? reject(error ?? new Error('no certificate')) : resolvePromise(),
    );
    child.stdin?.end();
  });
}

/** Best of several rounds, in ms per round (rounds vary with the scheduler on 2 CPUs). */
async function bestRoundMs(rounds: number, round: () => Promise<unknown>): Promise<number> {
  await round();
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < rounds; i++) {
    const start = performance.now();
    await round();
    best = Math.min(best, performance.now() - start);
  }
  return best;
}

export async function benchChains(): Promise<BenchResult[]> {
  const dir = await mkdtemp(join(tmpdir(), 'ise-intune-bench-chains-'));
  const aia = await startAiaServer();
  try {
    const pki = await createTlsPki(join(dir, 'pki'), aia.baseUrl);
    const server = await startTlsServer(servedChain(pki, 'default'));
    try {
      const target = `localhost:${server.port}`;
      const options: FetchChainsOptions = { extraTrustedRoots: [pki.ecRoot.der], timeoutMs: 5000 };
      const [check] = await fetchChains([target], options);
      if (check?.verdict !== 'trusted') throw new Error(`bench server chain is ${check?.verdict}: ${check?.message}`);

      const ours = (await microsPerCall(PER_HOST_CALLS, () => fetchChains([target], options))) / 1000;
      const opensslMs = (await microsPerCall(OPENSSL_CALLS, () => opensslShowcerts(server.port))) / 1000;
      const one = await bestRoundMs(CONCURRENT_ROUNDS, () => fetchChains([target], options));
      const many = await bestRoundMs(CONCURRENT_ROUNDS, () => fetchChains(Array.from({ length: CONCURRENT_HOSTS }, () => target), options));
      const relay = await startWanRelay(server.port, WAN_DELAY_MS);
      const wanTarget = `localhost:${relay.port}`;
      let wanOne: number;
      let wanMany: number;
      try {
        wanOne = await bestRoundMs(CONCURRENT_ROUNDS, () => fetchChains([wanTarget], options));
        wanMany = await bestRoundMs(CONCURRENT_ROUNDS, () => fetchChains(Array.from({ length: CONCURRENT_HOSTS }, () => wanTarget), options));
      } finally {
        await relay.close();
      }

      const reference = { name: 'one openssl s_client -showcerts process per host', value: opensslMs };
      return [
        {
          name: 'chains: fetch + complete + verify, one host (this app)',
          value: ours,
          unit: 'ms/host',
          reference,
          ratio: ours / opensslMs,
          note: `local TLS 1.3 server, EC chain; openssl only fetches (no completion or verdict); goal: ratio <= 1`,
        },
        {
          name: `chains: ${CONCURRENT_HOSTS} hosts fetched concurrently over a ${2 * WAN_DELAY_MS} ms round-trip link`,
          value: wanMany,
          unit: 'ms',
          reference: { name: 'one host over the same link', value: wanOne },
          ratio: wanMany / wanOne,
          note: `best of ${CONCURRENT_ROUNDS} rounds; goal: ratio <= 2 (sequential would be ${CONCURRENT_HOSTS}x)`,
        },
        {
          name: `chains: ${CONCURRENT_HOSTS} hosts fetched concurrently, loopback without delay`,
          value: many,
          unit: 'ms',
          reference: { name: 'one host', value: one },
          ratio: many / one,
          note: 'CPU-bound: the handshakes of both ends run in this one process, so about 20x is the floor here',
        },
      ];
    } finally {
      await server.close();
    }
  } finally {
    await aia.close();
    await rm(dir, { recursive: true, force: true });
  }
}
