/** Shared by the certificate tests: a PKI generated once per test file, and the real-world fixtures. */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { createPki, type Pki } from '../../support/pki';

export { REAL_WORLD as FIXTURES, MICROSOFT_CA, MALFORMED_PEM } from '../../support/fixture-paths';

export async function fixtureFiles(folder: string): Promise<string[]> {
  return (await readdir(folder)).filter((name) => name.endsWith('.pem')).sort().map((name) => join(folder, name));
}

/**
 * The SAN of the test PKI's RSA leaf (tests/support/pki.ts asks OpenSSL for it) as the
 * certificate core must read it, written out by hand: DNS, IP (v6 as OpenSSL prints it), email, URI.
 */
export const RSA_LEAF_SANS = [
  'DNS:ise01.example.test',
  'DNS:*.ise01.example.test',
  'IP Address:10.1.2.3',
  'IP Address:2001:DB8:0:0:0:0:0:1',
  'email:admin@ise01.example.test',
  'URI:https://ise01.example.test/',
];

/** A fresh temp folder per test file, removed afterwards. */
export function useTempDir(prefix = 'ise-intune-certs-'): () => string {
  let dir: string | undefined;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), prefix));
  });
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });
  return () => {
    if (!dir) throw new Error('temp dir not created yet');
    return dir;
  };
}

/** Registers beforeAll/afterAll hooks; call the returned function inside tests. */
export function usePki(): () => Pki {
  let pki: Pki | undefined;
  const dir = useTempDir('ise-intune-pki-');
  beforeAll(async () => {
    pki = await createPki(join(dir(), 'pki'));
  });
  return () => {
    if (!pki) throw new Error('PKI not created yet');
    return pki;
  };
}
