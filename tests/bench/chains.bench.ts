/**
 * Live chains (issue 4): fetch + complete + verify the chain of a local TLS server, per host,
 * against the manual route of one `openssl s_client -showcerts` process per host; and 20 hosts
 * fetched concurrently against one. Goals: no slower than openssl per host; 20 concurrent
 * within 2x of one. The TLS server and the simulated WAN link run in a child process
 * (chains-server.child.ts), so this process measures only the client, as ISE's admin would
 * run it against remote hosts; the hosts' handshake CPU is not added to ours.
 */
import { execFile, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { fetchChains, type FetchChainsOptions } from '../../main/services/tls';
import { OPENSSL } from '../support/pki';
import type { ChainsServerReady, ChainsServerRequest } from './chains-server.child';
import { microsPerCall } from './measure';
import type { BenchResult } from './types';

const PER_HOST_CALLS = 100;
const OPENSSL_CALLS = 20;
const CONCURRENT_HOSTS = 20;
const CONCURRENT_ROUNDS = 10;
/** One-way delay of the simulated WAN link: 25 ms each way, a 50 ms round trip as to a Microsoft front door. */
const WAN_DELAY_MS = 25;
const CHILD_SCRIPT = fileURLToPath(new URL('./chains-server.child.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/**
 * Starts tests/bench/chains-server.child.ts: PKI, TLS server and WAN relay in a process of their
 * own, so that this process does only the client's work, as against remote hosts.
 */
async function startRemoteSide(wanDelayMs: number): Promise<ChainsServerReady & { stop: () => Promise<void> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD_SCRIPT], { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const exited = new Promise<void>((resolvePromise) => child.once('exit', () => resolvePromise()));
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    if (child.connected) child.disconnect();
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  };
  try {
    const ready = await new Promise<ChainsServerReady>((resolvePromise, reject) => {
      child.once('message', (message) => resolvePromise(message as ChainsServerReady));
      child.once('error', reject);
      child.once('exit', (code, signal) => reject(new Error(`chains-server.child.ts exited (${code ?? signal}) before it was ready`)));
      const request: ChainsServerRequest = { wanDelayMs };
      child.send(request);
    });
    return { ...ready, stop };
  } catch (error) {
    await stop();
    throw error;
  }
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
  const remote = await startRemoteSide(WAN_DELAY_MS);
  try {
    const target = `localhost:${remote.tlsPort}`;
    const wanTarget = `localhost:${remote.relayPort}`;
    const options: FetchChainsOptions = { extraTrustedRoots: [Buffer.from(remote.trustedRootDer, 'base64')], timeoutMs: 5000 };
    for (const host of [target, wanTarget]) {
      const [check] = await fetchChains([host], options);
      if (check?.verdict !== 'trusted') throw new Error(`bench server chain (${host}) is ${check?.verdict}: ${check?.message}`);
    }

    const ours = (await microsPerCall(PER_HOST_CALLS, () => fetchChains([target], options))) / 1000;
    const opensslMs = (await microsPerCall(OPENSSL_CALLS, () => opensslShowcerts(remote.tlsPort))) / 1000;
    // Each round opens CONCURRENT_HOSTS new TCP connections and full TLS handshakes (no session reuse).
    const hosts = (host: string): string[] => Array.from({ length: CONCURRENT_HOSTS }, () => host);
    const wanOne = await bestRoundMs(CONCURRENT_ROUNDS, () => fetchChains([wanTarget], options));
    const wanMany = await bestRoundMs(CONCURRENT_ROUNDS, () => fetchChains(hosts(wanTarget), options));
    const one = await bestRoundMs(CONCURRENT_ROUNDS, () => fetchChains([target], options));
    const many = await bestRoundMs(CONCURRENT_ROUNDS, () => fetchChains(hosts(target), options));

    const where = 'TLS server (and link) in a child process, client here';
    const reference = { name: 'one openssl s_client -showcerts process per host', value: opensslMs };
    return [
      {
        name: 'chains: fetch + complete + verify, one host (this app)',
        value: ours,
        unit: 'ms/host',
        reference,
        ratio: ours / opensslMs,
        note: `local TLS 1.3 server, EC chain, loopback; ${where}; openssl only fetches (no completion or verdict); goal: ratio <= 1`,
      },
      {
        name: `chains: ${CONCURRENT_HOSTS} hosts fetched concurrently over a ${2 * WAN_DELAY_MS} ms round-trip link`,
        value: wanMany,
        unit: 'ms',
        reference: { name: 'one host over the same link', value: wanOne },
        ratio: wanMany / wanOne,
        note: `${where}, as against remote hosts; ${CONCURRENT_HOSTS} new connections and full handshakes per round; best of ${CONCURRENT_ROUNDS} rounds; goal: ratio <= 2 (sequential would be ${CONCURRENT_HOSTS}x)`,
      },
      {
        name: `chains: ${CONCURRENT_HOSTS} hosts fetched concurrently, loopback without delay (client CPU only)`,
        value: many,
        unit: 'ms',
        reference: { name: 'one host', value: one },
        ratio: many / one,
        note: `${where}; no network wait to overlap, so this is the client's CPU for ${CONCURRENT_HOSTS} handshakes + verifications on one thread (up to ${CONCURRENT_HOSTS}x); no goal`,
      },
    ];
  } finally {
    await remote.stop();
  }
}
