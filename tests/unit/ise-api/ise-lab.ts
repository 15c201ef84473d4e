/**
 * The ISE API tests' lab, built once per test file: the chain lab's PKI served by a local TLS
 * server (the chains whose CAs ISE may lack), two self-signed ISE admin identities (the second
 * one plays a renewed certificate or an interceptor), and a fresh ISE stand-in per test whose
 * store looks like a real one (Microsoft and DigiCert roots, an ISE internal CA, a lab root).
 * Everything binds 127.0.0.1 and is closed in afterEach/afterAll.
 */
import { readFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll } from 'vitest';
import type { CertificateInfo } from '../../../preload/types/certs';
import { loadCertificateBytes } from '../../../main/services/certs';
import { fetchChains, type FetchChainsOptions } from '../../../main/services/tls';
import { IseApiClient, iseEndpoint, iseTarget } from '../../../main/services/ise/api';
import { createIseIdentity, startIseStandin, type IseIdentity, type IseStandin, type IseStandinOptions } from '../../support/ise-standin';
import { closedPort } from '../../support/proxy-server';
import { createTlsPki, startChainServer, startSilentServer, type RunningServer, type TlsPki } from '../../support/tls-servers';
import { MICROSOFT_CA } from '../../support/fixture-paths';

export const ISE_USER = 'api-admin';
export const ISE_PASSWORD = 'Ise:Pässw0rd!';
/** Real CAs an ISE store typically already holds (tests/fixtures/real-world, see SOURCES.md there). */
export const REAL_STORE_FILES = [
  'digicert_global_root_g2.pem',
  'digicert_global_root_ca.pem',
  'microsoft_rsa_root_certificate_authority_2017.pem',
  'microsoft_ecc_root_certificate_authority_2017_debian.pem', // the file without _debian is mislabelled upstream (SOURCES.md)
  'baltimore_cybertrust_root.pem',
] as const;

export interface IseLab {
  dir: string;
  pki: TlsPki;
  chainServer: RunningServer;
  silent: RunningServer;
  closedPort: number;
  identity: IseIdentity;
  otherIdentity: IseIdentity;
  /** DER of a real Microsoft / DigiCert CA file. */
  realCa(file: string): Promise<Buffer>;
  /** Starts a stand-in holding the real roots, an internal CA and the lab RSA root (closed after the test). */
  standin(options?: Partial<IseStandinOptions> & { empty?: boolean }): Promise<IseStandin>;
  /** A client for the stand-in, pinned to `identity` unless another pin or password is given. */
  client(standin: IseStandin, options?: { pin?: string; password?: string; timeoutMs?: number }): IseApiClient;
  /** Fetched chains (leaf first) of the chain server's SNI names, completed from the lab roots. */
  chains(names: ('full.test' | 'ec.test' | 'twin.test')[]): Promise<{ target: string; chain: CertificateInfo[] }[]>;
}

export function useIseLab(): () => IseLab {
  let lab: IseLab | undefined;
  const closers: (() => Promise<void>)[] = [];
  const perTest: (() => Promise<void>)[] = [];
  beforeAll(async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ise-intune-ise-api-'));
    closers.push(() => rm(dir, { recursive: true, force: true }));
    const [pki, identity, otherIdentity] = await Promise.all([
      createTlsPki(join(dir, 'pki'), 'http://127.0.0.1:9/'),
      createIseIdentity(dir, 'ise-admin'),
      createIseIdentity(dir, 'ise-admin-renewed'),
    ]);
    const [chainServer, silent] = await Promise.all([startChainServer(pki), startSilentServer()]);
    closers.push(() => chainServer.close(), () => silent.close());
    const realCa = async (file: string): Promise<Buffer> => {
      const loaded = loadCertificateBytes(await readFile(join(MICROSOFT_CA, file)), file);
      return Buffer.from((loaded.certificates[0]?.info as CertificateInfo).base64Der, 'base64');
    };
    const fetchOptions: FetchChainsOptions = {
      timeoutMs: 3000,
      aia: false,
      extraTrustedRoots: [pki.rsaRoot.der, pki.ecRoot.der],
      resolve: { 'full.test': '127.0.0.1', 'ec.test': '127.0.0.1', 'twin.test': '127.0.0.1' },
    };
    lab = {
      dir,
      pki,
      chainServer,
      silent,
      closedPort: await closedPort(),
      identity,
      otherIdentity,
      realCa,
      standin: async (options = {}) => {
        const standin = await startIseStandin({ identity, users: { [ISE_USER]: ISE_PASSWORD }, ...options });
        perTest.push(() => standin.close());
        if (!options.empty) {
          for (const file of REAL_STORE_FILES) standin.addTrusted(await realCa(file), file.replace(/\.pem$/, ''), { flags: { trustForIseAuth: false, trustForClientAuth: false, trustForCiscoServicesAuth: true, trustForCertificateBasedAdminAuth: false } });
          standin.addTrusted(pki.inspectionRoot, 'Certificate Services Root CA - ise-pan', { internalCA: true });
          standin.addTrusted(pki.rsaRoot, 'Azure MDM - Lab RSA Root');
        }
        return standin;
      },
      client: (standin, options = {}) =>
        new IseApiClient(iseEndpoint(iseTarget('127.0.0.1', standin.port), options.pin ?? identity.sha256, { timeoutMs: options.timeoutMs ?? 5000 }), ISE_USER, options.password ?? ISE_PASSWORD),
      chains: async (names) => {
        const results = await fetchChains(names.map((name) => `${name}:${chainServer.port}`), fetchOptions);
        for (const result of results) if (!result.fetched) throw new Error(`lab chain ${result.target} not fetched: ${result.message}`);
        return results.map((result) => ({ target: result.target, chain: result.chain }));
      },
    };
  });
  afterEach(async () => {
    for (const close of perTest.splice(0).reverse()) await close();
  });
  afterAll(async () => {
    for (const close of closers.reverse()) await close();
  });
  return () => {
    if (!lab) throw new Error('ISE lab not built yet');
    return lab;
  };
}
