/**
 * ISE node certificates for the Entra tests, made by OpenSSL per test file (tests/support/pki.ts):
 * primary and secondary PAN (RSA), a PSN with an EC key, one expiring within 60 days, one
 * expired, and the PAN exported with its private key (as "Export Certificate and Private Key").
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll } from 'vitest';
import { fixtureKey, issueCertificate, openssl, type GeneratedCertificate } from '../../support/pki';
import { useTempDir as useCertsTempDir } from '../certs/pki-setup';

export interface IsePki {
  dir: string;
  ca: GeneratedCertificate;
  pan: GeneratedCertificate;
  span: GeneratedCertificate;
  psnEc: GeneratedCertificate;
  expiringSoon: GeneratedCertificate;
  expired: GeneratedCertificate;
  /** pan.pem followed by its private key. */
  panWithKeyPath: string;
  /** A text file that is no certificate at all. */
  notACertificatePath: string;
}

const DAY_MS = 86_400_000;

export async function createIsePki(dir: string): Promise<IsePki> {
  const [caKey, rsaKey, ecKey] = await Promise.all([
    fixtureKey(dir, 'ise', 'ca', { type: 'rsa', bits: 2048 }),
    fixtureKey(dir, 'ise', 'node', { type: 'rsa', bits: 2048 }),
    fixtureKey(dir, 'ise', 'node-ec', { type: 'ec', curve: 'P-256' }),
  ]);
  const ca = await issueCertificate(dir, { name: 'ca', subject: '/O=Example/CN=Example ISE CA', key: caKey, extensions: ['basicConstraints = critical,CA:TRUE', 'keyUsage = critical,keyCertSign,cRLSign'] });
  const leaf = ['basicConstraints = critical,CA:FALSE', 'keyUsage = critical,digitalSignature,keyEncipherment', 'extendedKeyUsage = serverAuth,clientAuth'];
  const now = Date.now();
  const [pan, span, psnEc, expiringSoon, expired] = await Promise.all([
    issueCertificate(dir, { name: 'pan', subject: '/O=Example/CN=ise-pan.example.test', key: rsaKey, issuer: ca, extensions: leaf }),
    issueCertificate(dir, { name: 'span', subject: '/O=Example/CN=ise-span.example.test', key: rsaKey, issuer: ca, extensions: leaf }),
    issueCertificate(dir, { name: 'psn-ec', subject: '/O=Example/CN=ise-psn.example.test', key: ecKey, issuer: ca, extensions: leaf }),
    issueCertificate(dir, { name: 'soon', subject: '/CN=ise-soon.example.test', key: rsaKey, issuer: ca, extensions: leaf, notAfter: new Date(now + 20 * DAY_MS) }),
    issueCertificate(dir, { name: 'expired', subject: '/CN=ise-old.example.test', key: rsaKey, issuer: ca, extensions: leaf, notBefore: new Date('2020-01-01T00:00:00Z'), notAfter: new Date('2021-01-01T00:00:00Z') }),
  ]);
  const panWithKeyPath = join(dir, 'pan-with-key.pem');
  await writeFile(panWithKeyPath, pan.pem + rsaKey.pem);
  const notACertificatePath = join(dir, 'readme.txt');
  await writeFile(notACertificatePath, 'This is the ISE admin guide, not a certificate.\n');
  return { dir, ca, pan, span, psnEc, expiringSoon, expired, panWithKeyPath, notACertificatePath };
}

/** The seed's PowerShell values computed by OpenSSL: base64 SHA-1 of the DER, and base64 DER. */
export async function opensslKeyValues(certificate: GeneratedCertificate): Promise<{ thumbprint: string; value: string; sha1Hex: string }> {
  const der = (await openssl(['x509', '-in', certificate.pemPath, '-outform', 'DER'])).stdout;
  const sha1 = (await openssl(['dgst', '-sha1', '-binary'], { input: der })).stdout;
  const fingerprint = (await openssl(['x509', '-in', certificate.pemPath, '-noout', '-fingerprint', '-sha1'])).stdout.toString();
  return { thumbprint: sha1.toString('base64'), value: der.toString('base64'), sha1Hex: fingerprint.trim().split('=')[1]?.replace(/:/g, '') ?? '' };
}

/** A fresh temp folder per test file, removed afterwards (the certificate tests' helper, named for these tests). */
export function useTempDir(prefix = 'ise-intune-entra-'): () => string {
  return useCertsTempDir(prefix);
}

export function useIsePki(): () => IsePki {
  const dir = useTempDir('ise-intune-entra-pki-');
  let pki: IsePki | undefined;
  beforeAll(async () => {
    pki = await createIsePki(dir());
  });
  return () => {
    if (!pki) throw new Error('PKI not created yet');
    return pki;
  };
}
