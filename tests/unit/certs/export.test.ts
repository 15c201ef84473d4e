/**
 * Exports: the bytes ISE and Entra take (checked by OpenSSL), default names safe on Windows,
 * atomic writes that keep a backup, and a private key only on explicit request, encrypted.
 */
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CertificateInfo } from '../../../preload/types/certs';
import { KeyVault, defaultFileNames, encodeCertificates, exportPrivateKey, loadCertificateBytes, loadCertificateFile, planExport, safeFileStem, writeExport } from '../../../main/services/certs';
import { writeFileAtomic } from '../../../main/services/files';
import { openssl } from '../../support/pki';
import { useTempDir, usePki } from './pki-setup';

const pki = usePki();
const tempDir = useTempDir();

async function chain(): Promise<CertificateInfo[]> {
  return (await loadCertificateFile(pki().files.rsaChainPem)).certificates.map((entry) => entry.info);
}

describe('certificate formats out', () => {
  it('writes PEM with 64-character lines that openssl reads back to the same DER', async () => {
    const [leaf] = await chain();
    const pem = encodeCertificates([leaf as CertificateInfo], 'pem').toString('ascii');
    const lines = pem.trimEnd().split('\n');
    expect(lines[0]).toBe('-----BEGIN CERTIFICATE-----');
    expect(lines.at(-1)).toBe('-----END CERTIFICATE-----');
    expect(lines.slice(1, -2).every((line) => line.length === 64)).toBe(true);
    expect((lines.at(-2) ?? '').length).toBeLessThanOrEqual(64);
    const der = await openssl(['x509', '-outform', 'DER'], { input: pem });
    expect(der.stdout.equals(pki().certs.rsaLeaf.der)).toBe(true);
  });

  it('round-trips every format through the loader', async () => {
    const certificates = await chain();
    for (const format of ['pem', 'p7b', 'base64'] as const) {
      const reloaded = loadCertificateBytes(encodeCertificates(certificates, format), `bundle.${format}`);
      expect(reloaded.certificates.map((entry) => entry.info.base64Der)).toEqual(certificates.map((info) => info.base64Der));
    }
    const der = encodeCertificates([certificates[2] as CertificateInfo], 'der');
    expect(der.equals(pki().certs.rsaRoot.der)).toBe(true);
    expect(() => encodeCertificates(certificates, 'der')).toThrow(expect.objectContaining({ code: 'EXPORT_DER_SINGLE' }));
  });

  it('writes the manifest value as one line of standard base64 of the DER', async () => {
    const [leaf] = await chain();
    expect(encodeCertificates([leaf as CertificateInfo], 'base64').toString()).toBe(`${pki().certs.rsaLeaf.der.toString('base64')}\n`);
  });

  it('builds a .p7b that openssl lists, byte-identical to `openssl crl2pkcs7 -nocrl`', async () => {
    const certificates = await chain();
    const p7b = encodeCertificates(certificates, 'p7b');
    const path = join(tempDir(), 'chain.p7b');
    await writeFile(path, p7b);
    const printed = (await openssl(['pkcs7', '-print_certs', '-inform', 'DER', '-in', path, '-noout'])).stdout.toString();
    expect(printed.match(/^subject=.*$/gm)).toEqual(['subject=C = US, O = Test PKI, CN = ise01.example.test', 'subject=C = US, O = Test PKI, CN = Test RSA Issuing CA 01', 'subject=C = US, O = Test PKI, CN = Test RSA Root']);
    const reference = await openssl(['crl2pkcs7', '-nocrl', '-outform', 'DER', '-certfile', pki().files.rsaChainPem]);
    expect(p7b.equals(reference.stdout)).toBe(true);
  });

  it('never puts the private key of a .pfx into a certificate export', async () => {
    const loaded = await loadCertificateFile(pki().files.pfxModernRsa, { password: pki().password, vault: new KeyVault() });
    for (const format of ['pem', 'p7b', 'base64'] as const) {
      const bytes = encodeCertificates(loaded.certificates.map((entry) => entry.info), format);
      expect(bytes.toString('latin1')).not.toMatch(/PRIVATE KEY/);
      expect(loadCertificateBytes(bytes, 'x').hasPrivateKey).toBe(false);
    }
  });
});

describe('file names', () => {
  it('names files after the CN, adding the issuer CN for twins', async () => {
    const c = pki().certs;
    const infos = await Promise.all([c.rsaIntermediate, c.rsaIntermediateTwin, c.rsaLeaf].map(async (cert) => (await loadCertificateFile(cert.pemPath)).certificates[0]?.info as CertificateInfo));
    expect(defaultFileNames(infos, 'pem')).toEqual(['Test RSA Issuing CA 01 (Test RSA Root).cer', 'Test RSA Issuing CA 01 (Test ECC Root).cer', 'ise01.example.test.cer']);
    expect(defaultFileNames([infos[2] as CertificateInfo, infos[2] as CertificateInfo], 'p7b')).toEqual(['ise01.example.test (Test RSA Issuing CA 01).p7b', 'ise01.example.test (Test RSA Issuing CA 01) 2.p7b']);
    expect(planExport(await chain(), 'pem', { bundle: true }).map((file) => file.fileName)).toEqual(['ise01.example.test bundle.pem']);
  });

  it('makes names safe on Windows', () => {
    expect(safeFileStem('*.example.com')).toBe('example.com');
    expect(safeFileStem('a/b\\c:d*e?f"g<h>i|j')).toBe('a b c d e f g h i j');
    expect(safeFileStem('tab\there\u0000nul\u001f')).toBe('tab here nul');
    expect(safeFileStem('trailing dots... ')).toBe('trailing dots');
    expect(safeFileStem('CON')).toBe('_CON');
    expect(safeFileStem('nul.tar')).toBe('_nul.tar');
    expect(safeFileStem('com1')).toBe('_com1');
    expect(safeFileStem('LPT9')).toBe('_LPT9');
    expect(safeFileStem('COM10')).toBe('COM10');
    expect(safeFileStem('Console')).toBe('Console');
    expect(safeFileStem('')).toBe('certificate');
    expect(safeFileStem('???')).toBe('certificate');
    expect(safeFileStem('x'.repeat(300))).toHaveLength(120);
  });
});

describe('writing files', () => {
  it('writes atomically and keeps numbered backups of what it replaces', async () => {
    const path = join(tempDir(), 'ise.cer');
    expect(await writeFileAtomic(path, 'one', { backup: true })).toEqual({ path, backupPath: null });
    expect(await writeFileAtomic(path, 'two', { backup: true })).toEqual({ path, backupPath: `${path}.bak` });
    expect(await writeFileAtomic(path, 'three', { backup: true })).toEqual({ path, backupPath: `${path}.bak.2` });
    expect(await readFile(path, 'utf8')).toBe('three');
    expect(await readFile(`${path}.bak`, 'utf8')).toBe('one');
    expect(await readFile(`${path}.bak.2`, 'utf8')).toBe('two');
    expect(await writeFileAtomic(path, 'four', { backup: false })).toEqual({ path, backupPath: null });
    expect((await readdir(tempDir())).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  it('writes an export into a folder and says clearly when the folder is missing', async () => {
    const files = planExport(await chain(), 'der', { bundle: false });
    const written = await writeExport(tempDir(), files);
    expect(written.map((result) => result.path)).toEqual(['ise01.example.test.cer', 'Test RSA Issuing CA 01.cer', 'Test RSA Root.cer'].map((name) => join(tempDir(), name)));
    expect((await readFile(join(tempDir(), 'Test RSA Root.cer'))).equals(pki().certs.rsaRoot.der)).toBe(true);
    await expect(writeExport(join(tempDir(), 'missing'), files)).rejects.toMatchObject({ code: 'WRITE_FAILED', message: expect.stringMatching(/the folder does not exist/) });
  });
});

describe('private key export', () => {
  it('exports the key only through its own function, as AES-256 encrypted PKCS#8 that openssl opens', async () => {
    const vault = new KeyVault();
    const loaded = await loadCertificateFile(pki().files.pfxModernEc, { password: pki().password, vault });
    const keyId = loaded.certificates[0]?.keyId as string;
    const pem = exportPrivateKey(vault, keyId, 'correct horse battery');
    expect(pem).toMatch(/^-----BEGIN ENCRYPTED PRIVATE KEY-----\n/);
    const parsed = (await openssl(['asn1parse'], { input: pem })).stdout.toString();
    expect(parsed).toContain('aes-256-cbc');
    const publicKey = (await openssl(['pkey', '-passin', 'pass:correct horse battery', '-pubout'], { input: pem })).stdout.toString();
    const expected = (await openssl(['x509', '-in', pki().certs.ecLeaf.pemPath, '-noout', '-pubkey'])).stdout.toString();
    expect(publicKey).toBe(expected);
  });

  it('refuses a short passphrase and an unknown key id', () => {
    const vault = new KeyVault();
    expect(() => exportPrivateKey(vault, 'key-unknown', 'long enough passphrase')).toThrow(expect.objectContaining({ code: 'KEY_NOT_FOUND' }));
    const keyId = loadCertificateBytes(Buffer.from(pki().certs.ecLeaf.pem + pki().certs.ecLeaf.key.pem), 'x', { vault }).certificates[0]?.keyId as string;
    expect(() => exportPrivateKey(vault, keyId, 'short')).toThrow(expect.objectContaining({ code: 'KEY_PASSPHRASE_TOO_SHORT' }));
  });
});
