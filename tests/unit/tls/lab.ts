/**
 * The chain tests' lab, built once per test file: a PKI naming a local AIA server, the SNI
 * chain server, a silent and a closing server, and the proxies. Everything binds 127.0.0.1 and
 * is closed (with its temp folder removed) in afterAll.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import type { FetchChainsOptions } from '../../../main/services/tls';
import { startAiaServer, type AiaServer } from '../../support/aia-server';
import { closedPort, startProxyServer, type ProxyServer } from '../../support/proxy-server';
import { createTlsPki, startChainServer, servedChain, startClosingServer, startSilentServer, startTlsServer, type RunningServer, type SniName, type TlsPki } from '../../support/tls-servers';

export const PROXY_USER = 'ise-admin';
export const PROXY_PASSWORD = 'Pässwörd:1';

export interface Lab {
  dir: string;
  pki: TlsPki;
  aia: AiaServer;
  /** Answers per SNI name (see SNI_NAMES). */
  chainServer: RunningServer;
  /** The `default` chain (localhost, 127.0.0.1) for clients without SNI. */
  defaultServer: RunningServer;
  silent: RunningServer;
  closing: RunningServer;
  proxy: ProxyServer;
  authProxy: ProxyServer;
  refusingProxy: ProxyServer;
  inspectingProxy: ProxyServer;
  /** A port where nothing listens. */
  closedPort: number;
  /** `name:port` of the server for an SNI name (`127.0.0.1:port` of the default server for `default`). */
  target(name: SniName): string;
  /** Options that trust the lab roots (not the inspection root) and point the SNI names at 127.0.0.1. */
  options(extra?: FetchChainsOptions): FetchChainsOptions;
}

export function useLab(): () => Lab {
  let lab: Lab | undefined;
  const closers: (() => Promise<void>)[] = [];
  beforeAll(async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ise-intune-tls-'));
    closers.push(() => rm(dir, { recursive: true, force: true }));
    const aia = await startAiaServer();
    closers.push(() => aia.close());
    const pki = await createTlsPki(join(dir, 'pki'), aia.baseUrl);
    const intermediateDer = pki.rsaIntermediate.der;
    aia.route('/rsa-intermediate.crt', { kind: 'body', body: intermediateDer, contentType: 'application/pkix-cert' });
    aia.route('/rsa-intermediate.p7c', { kind: 'body', body: await readFile(pki.rsaIntermediateP7c), contentType: 'application/pkcs7-mime' });
    aia.route('/slow.crt', { kind: 'slow', delayMs: 3000, body: intermediateDer, contentType: 'application/pkix-cert' });
    aia.route('/portal.html', { kind: 'body', body: '<!DOCTYPE html><html><body>Please log in to the Internet</body></html>', contentType: 'text/html; charset=utf-8' });
    aia.route('/redirect.crt', { kind: 'redirect', location: '/rsa-intermediate.crt' });
    const servers = await Promise.all([
      startChainServer(pki),
      startTlsServer(servedChain(pki, 'default')),
      startSilentServer(),
      startClosingServer(),
      startProxyServer(),
      startProxyServer({ auth: { user: PROXY_USER, password: PROXY_PASSWORD } }),
      startProxyServer({ rejectStatus: 403 }),
      startProxyServer({ inspect: { key: pki.inspectionLeaf.key.pem, chain: [pki.inspectionLeaf.pem, pki.inspectionRoot.pem] } }),
    ]);
    const [chainServer, defaultServer, silent, closing, proxy, authProxy, refusingProxy, inspectingProxy] = servers;
    for (const server of servers) closers.push(() => server.close());
    const resolve = Object.fromEntries(['full.test', 'ec.test', 'aia-der.test', 'aia-p7c.test', 'aia-404.test', 'aia-slow.test', 'aia-html.test', 'aia-redirect.test', 'expired.test', 'wrong.test', 'selfsigned.test', 'twin.test', 'weak.test'].map((name) => [name, '127.0.0.1']));
    lab = {
      dir,
      pki,
      aia,
      chainServer,
      defaultServer,
      silent,
      closing,
      proxy,
      authProxy,
      refusingProxy,
      inspectingProxy,
      closedPort: await closedPort(),
      target: (name) => (name === 'default' ? `127.0.0.1:${defaultServer.port}` : `${name}:${chainServer.port}`),
      options: (extra = {}) => ({
        timeoutMs: 2000,
        aiaTimeoutMs: 800,
        // The AIA server of the lab is on loopback, like an internal CA's.
        aiaAllowPrivate: true,
        extraTrustedRoots: [pki.rsaRoot.der, pki.ecRoot.der],
        resolve,
        ...extra,
      }),
    };
  });
  afterAll(async () => {
    for (const close of closers.reverse()) await close();
  });
  return () => {
    if (!lab) throw new Error('lab not built yet');
    return lab;
  };
}
