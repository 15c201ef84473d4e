/**
 * One TLS handshake, inputs to outputs (issue 23: fetch.test.ts ran 200 mutated lines and caught
 * 10): the SNI name decides the chain, an IP address sends none, the chain comes back leaf first
 * exactly as served, and each failure has its own code and a sentence naming host and port.
 */
import { describe, expect, it } from 'vitest';
import { fetchServedChain } from '../../../main/services/tls';
import { useLab } from './lab';

const lab = useLab();

const failure = (promise: Promise<unknown>) => promise.then(() => ({ code: 'none', message: '' }), (error: { code: string; message: string }) => error);

describe('fetchServedChain', () => {
  it('returns the served certificates leaf first, byte for byte, with the TLS version and cipher', async () => {
    const served = await fetchServedChain({ host: 'full.test', port: lab().chainServer.port, address: '127.0.0.1' }, { timeoutMs: 5000 });
    expect(served.certificates.map((der) => der.toString('base64'))).toEqual([lab().pki.leaves['full.test'].der, lab().pki.rsaIntermediate.der].map((der) => der.toString('base64')));
    expect(served.tlsVersion).toMatch(/^TLSv1\.[23]$/);
    expect(served.cipher).toEqual(expect.any(String));
    expect(served.elapsedMs).toBeGreaterThanOrEqual(0);
  });

  it('sends the SNI name it is given, not the address it connects to', async () => {
    const served = await fetchServedChain({ host: '127.0.0.1', servername: 'ec.test', port: lab().chainServer.port }, { timeoutMs: 5000 });
    expect(served.certificates[0]?.equals(lab().pki.leaves['ec.test'].der)).toBe(true);
    const noSni = await fetchServedChain({ host: '127.0.0.1', port: lab().defaultServer.port }, { timeoutMs: 5000 });
    expect(noSni.certificates[0]?.equals(lab().pki.leaves.default.der)).toBe(true);
  });

  it('a weak (1024-bit, SHA-1) chain is still read, to be judged rather than refused', async () => {
    const served = await fetchServedChain({ host: 'weak.test', port: lab().chainServer.port, address: '127.0.0.1' }, { timeoutMs: 5000 });
    expect(served.certificates[0]?.equals(lab().pki.leaves['weak.test'].der)).toBe(true);
  });

  it.each([
    ['a closed port', () => ({ host: '127.0.0.1', port: lab().closedPort }), 'CONNECTION_REFUSED', () => `Nothing accepts connections at 127.0.0.1:${lab().closedPort}. Check the host name and port.`],
    ['a server that closes at once', () => ({ host: '127.0.0.1', port: lab().closing.port }), 'TLS_CLOSED', () => `127.0.0.1:${lab().closing.port} closed the connection during the TLS handshake.`],
    ['a server that never speaks TLS', () => ({ host: '127.0.0.1', port: lab().silent.port }), 'TLS_TIMEOUT', () => `127.0.0.1:${lab().silent.port} did not complete a TLS handshake within 300 ms.`],
  ])('%s fails with its own code, naming host and port', async (_label, target, code, start) => {
    const error = await failure(fetchServedChain(target(), { timeoutMs: 300 }));
    expect(error.code).toBe(code);
    expect(error.message.startsWith(start())).toBe(true);
  });

  it('does not connect at all when cancelled before it starts', async () => {
    const controller = new AbortController();
    controller.abort();
    const error = await failure(fetchServedChain({ host: '127.0.0.1', port: lab().silent.port }, { timeoutMs: 5000, signal: controller.signal }));
    expect(error).toMatchObject({ code: 'CANCELLED', message: 'Cancelled.' });
  });

  it('stops with CANCELLED when cancelled during the handshake', async () => {
    const controller = new AbortController();
    const pending = failure(fetchServedChain({ host: '127.0.0.1', port: lab().silent.port }, { timeoutMs: 30_000, signal: controller.signal }));
    controller.abort();
    expect(await pending).toMatchObject({ code: 'CANCELLED' });
  });
});
