/**
 * Two ISE node certificates (ise-1, ise-2) made by OpenSSL for the matching tests, their
 * thumbprints computed by OpenSSL, and a manifest-writing helper.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import type { DiagnosisCertificate } from '../../../preload/types/diagnosis';
import { loadCertificateFile } from '../../../main/services/certs';
import { createKey, issueCertificate, openssl, type GeneratedCertificate } from '../../support/pki';

export interface NodeCert {
  generated: GeneratedCertificate;
  loaded: DiagnosisCertificate;
  /** By OpenSSL: uppercase hex SHA-1, base64 SHA-1, colon hex. */
  hex: string;
  base64: string;
  colonHex: string;
}

export interface NodeLab {
  dir: string;
  ise1: NodeCert;
  ise2: NodeCert;
}

async function nodeCert(certificate: GeneratedCertificate, name: string): Promise<NodeCert> {
  const sha1 = (await openssl(['dgst', '-sha1', '-binary'], { input: certificate.der })).stdout;
  const loaded = await loadCertificateFile(certificate.pemPath);
  const info = loaded.certificates[0]?.info;
  if (!info) throw new Error('no certificate loaded');
  const hex = sha1.toString('hex').toUpperCase();
  return { generated: certificate, loaded: { name, role: 'other', file: certificate.pemPath, certificate: info }, hex, base64: sha1.toString('base64'), colonHex: hex.replace(/..(?!$)/g, '$&:') };
}

export function useNodeLab(): () => NodeLab {
  let lab: NodeLab | undefined;
  beforeAll(async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ise-intune-diagnose-'));
    const key = await createKey(dir, 'node', { type: 'rsa', bits: 2048 });
    const leaf = ['basicConstraints = critical,CA:FALSE', 'keyUsage = critical,digitalSignature,keyEncipherment', 'extendedKeyUsage = serverAuth,clientAuth'];
    const [one, two] = await Promise.all([
      issueCertificate(dir, { name: 'ise-1', subject: '/O=Example/CN=ise-1.example.test', key, extensions: leaf, notAfter: new Date('2027-06-30T00:00:00Z') }),
      issueCertificate(dir, { name: 'ise-2', subject: '/O=Example/CN=ise-2.example.test', key, extensions: leaf, notAfter: new Date('2027-09-15T00:00:00Z') }),
    ]);
    lab = { dir, ise1: await nodeCert(one, 'ise-1'), ise2: await nodeCert(two, 'ise-2') };
  });
  afterAll(async () => {
    if (lab) await rm(lab.dir, { recursive: true, force: true });
  });
  return () => {
    if (!lab) throw new Error('node lab not created yet');
    return lab;
  };
}

/** A Graph-format manifest, hand-edited: a comment and a trailing comma, as admins leave them. */
export async function writeManifest(path: string, keys: { customKeyIdentifier: string | null; displayName: string }[]): Promise<string> {
  const items = keys.map(
    (key) => `    {
      "customKeyIdentifier": ${key.customKeyIdentifier === null ? 'null' : `"${key.customKeyIdentifier}"`},
      "displayName": "${key.displayName}",
      "endDateTime": "2027-06-30T00:00:00Z",
      "key": null,
      "keyId": "5f0c9a8e-1b2c-4d3e-8f9a-0b1c2d3e4f5a",
      "startDateTime": "2025-06-30T00:00:00Z",
      "type": "AsymmetricX509Cert",
      "usage": "Verify"
    },`,
  );
  await writeFile(
    path,
    `{
  // downloaded from Entra, edited by hand
  "id": "0b7c3d4e-5f6a-4b8c-9d0e-1f2a3b4c5d6e",
  "appId": "a46a6fd7-4a31-4471-9078-59cb2bb6a5ab",
  "displayName": "Cisco ISE",
  "signInAudience": "AzureADMyOrg",
  "api": { "requestedAccessTokenVersion": null },
  "keyCredentials": [
${items.join('\n')}
  ],
}
`,
  );
  return path;
}
