/**
 * OpenSSL 3 is the reference: for every generated certificate and every real Microsoft /
 * DigiCert CA file, the app must read the same bytes, thumbprints, names, dates and
 * extensions that `openssl x509` reports.
 */
import { readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CertificateInfo } from '../../../preload/types/certs';
import { loadCertificateBytes, loadCertificateFile } from '../../../main/services/certs';
import { openssl } from '../../support/pki';
import { MICROSOFT_CA, RSA_LEAF_SANS, fixtureFiles, usePki } from './pki-setup';

const pki = usePki();

/** What `openssl x509` says about the first certificate of `path`. */
async function opensslView(path: string) {
  const names = ['-nameopt', 'esc_2253,esc_ctrl,utf8,sep_comma_plus_space,sname'];
  const [fields, sha256, der, text] = await Promise.all([
    openssl(['x509', '-in', path, '-noout', '-serial', '-subject', '-issuer', '-dates', '-dateopt', 'iso_8601', '-fingerprint', '-sha1', ...names]),
    openssl(['x509', '-in', path, '-noout', '-fingerprint', '-sha256']),
    openssl(['x509', '-in', path, '-outform', 'DER']),
    openssl(['x509', '-in', path, '-noout', '-text']),
  ]);
  const value = (output: string, key: string): string => {
    const line = output.split('\n').find((candidate) => candidate.startsWith(`${key}=`));
    if (line === undefined) throw new Error(`openssl printed no ${key}`);
    return line.slice(key.length + 1).trim();
  };
  const out = fields.stdout.toString();
  const isoDate = (text: string): string => new Date(text.replace(' ', 'T')).toISOString();
  return {
    serial: value(out, 'serial'),
    subject: value(out, 'subject'),
    issuer: value(out, 'issuer'),
    notBefore: isoDate(value(out, 'notBefore')),
    notAfter: isoDate(value(out, 'notAfter')),
    sha1: value(out, 'sha1 Fingerprint').replace(/:/g, ''),
    sha256: value(sha256.stdout.toString(), 'sha256 Fingerprint').replace(/:/g, ''),
    der: der.stdout,
    text: text.stdout.toString(),
  };
}

/** The extension values as printed by `openssl x509 -text`, in this app's vocabulary. */
function extensionsFromText(text: string) {
  const section = (title: string): string[] => {
    const lines = text.split('\n');
    const start = lines.findIndex((line) => line.trim().startsWith(`${title}:`));
    if (start < 0) return [];
    const body: string[] = [];
    for (const line of lines.slice(start + 1)) {
      if (/^\s{12}\S/.test(line) && !/^\s{16}/.test(line)) break; // next extension title
      if (/^\s{0,8}\S/.test(line)) break; // end of the extensions block
      body.push(line.trim());
    }
    return body;
  };
  const words: Record<string, string> = {
    'Digital Signature': 'digitalSignature', 'Non Repudiation': 'nonRepudiation', 'Key Encipherment': 'keyEncipherment',
    'Data Encipherment': 'dataEncipherment', 'Key Agreement': 'keyAgreement', 'Certificate Sign': 'keyCertSign', 'CRL Sign': 'cRLSign',
    'TLS Web Server Authentication': 'serverAuth', 'TLS Web Client Authentication': 'clientAuth', 'Code Signing': 'codeSigning',
    'E-mail Protection': 'emailProtection', 'Time Stamping': 'timeStamping', 'OCSP Signing': 'OCSPSigning',
  };
  const list = (title: string): string[] => (section(title)[0] ?? '').split(', ').filter(Boolean).map((word) => words[word] ?? word);
  const hexId = (title: string): string | null => {
    const line = section(title)[0];
    return line ? line.replace(/^keyid:/, '').replace(/:/g, '') : null;
  };
  const uris = (title: string, prefix: string): string[] =>
    section(title).filter((line) => line.startsWith(prefix)).map((line) => line.slice(prefix.length));
  const basic = section('X509v3 Basic Constraints')[0] ?? '';
  return {
    keyUsage: list('X509v3 Key Usage'),
    extendedKeyUsage: list('X509v3 Extended Key Usage'),
    subjectAltNames: (section('X509v3 Subject Alternative Name')[0] ?? '').split(', ').filter(Boolean),
    subjectKeyIdentifier: hexId('X509v3 Subject Key Identifier'),
    authorityKeyIdentifier: hexId('X509v3 Authority Key Identifier'),
    aiaIssuers: uris('Authority Information Access', 'CA Issuers - URI:'),
    ocspUrls: uris('Authority Information Access', 'OCSP - URI:'),
    crlUrls: uris('X509v3 CRL Distribution Points', 'URI:'),
    policies: section('X509v3 Certificate Policies').filter((line) => line.startsWith('Policy: ')).map((line) => line.slice(8)),
    isCA: basic.includes('CA:TRUE'),
    pathLength: /pathlen:(\d+)/.exec(basic)?.[1] ?? null,
    signatureAlgorithm: /Signature Algorithm: (\S+)/.exec(text)?.[1],
    keyBits: /Public-Key: \((\d+) bit\)/.exec(text)?.[1],
    curve: /NIST CURVE: (\S+)/.exec(text)?.[1] ?? null,
  };
}

async function expectSameAsOpenssl(path: string, info: CertificateInfo): Promise<void> {
  const reference = await opensslView(path);
  expect(Buffer.from(info.base64Der, 'base64').equals(reference.der)).toBe(true);
  expect(info.thumbprints.sha1).toBe(reference.sha1);
  expect(info.thumbprints.sha256).toBe(reference.sha256);
  expect(info.serialNumber).toBe(reference.serial);
  expect(info.subject).toBe(reference.subject);
  expect(info.issuer).toBe(reference.issuer);
  expect(info.notBefore).toBe(reference.notBefore);
  expect(info.notAfter).toBe(reference.notAfter);

  const ext = extensionsFromText(reference.text);
  expect(info.signatureAlgorithm).toBe(ext.signatureAlgorithm);
  expect(String(info.keySize)).toBe(ext.keyBits);
  expect(info.curve).toBe(ext.curve);
  expect(info.isCA).toBe(ext.isCA);
  expect(info.pathLength === null ? null : String(info.pathLength)).toBe(ext.isCA ? ext.pathLength : null);
  expect([...info.keyUsage].sort()).toEqual([...ext.keyUsage].sort());
  // OpenSSL prints unknown purposes by OID, as this app does.
  expect(info.extendedKeyUsage).toEqual(ext.extendedKeyUsage);
  expect(info.subjectAltNames).toEqual(ext.subjectAltNames);
  expect(info.subjectKeyIdentifier).toBe(ext.subjectKeyIdentifier);
  expect(info.authorityKeyIdentifier).toBe(ext.authorityKeyIdentifier);
  expect(info.aiaIssuers).toEqual(ext.aiaIssuers);
  expect(info.ocspUrls).toEqual(ext.ocspUrls);
  expect(info.crlUrls).toEqual(ext.crlUrls);
  // OpenSSL names a few policies ("X509v3 Any Policy"); numeric ones must match one for one.
  expect(info.policies.length).toBe(ext.policies.length);
  for (const policy of ext.policies.filter((oid) => /^[\d.]+$/.test(oid))) expect(info.policies).toContain(policy);
}

describe('generated certificates (RSA 2048/4096, EC P-256/P-384, with and without extensions)', () => {
  const names = [
    'rsaRoot', 'rsaIntermediate', 'rsaLeaf', 'ecRoot', 'ecIntermediate', 'ecLeaf', 'mixedLeaf',
    'rsaIntermediateTwin', 'bareRsa', 'bareEc', 'expiredLeaf', 'futureLeaf', 'selfSignedLeaf',
  ] as const;

  it.each(names)('reads %s exactly as openssl x509 does, from PEM and from DER', async (name) => {
    const certificate = pki().certs[name];
    const fromPem = (await loadCertificateFile(certificate.pemPath)).certificates[0]?.info;
    const fromDer = (await loadCertificateFile(certificate.derPath)).certificates[0]?.info;
    if (!fromPem || !fromDer) throw new Error('no certificate read');
    await expectSameAsOpenssl(certificate.pemPath, fromPem);
    expect({ ...fromDer, checkedAt: '' }).toEqual({ ...fromPem, checkedAt: '' });
  });

  it('describes the RSA leaf with every extension it was issued with', async () => {
    const info = (await loadCertificateFile(pki().certs.rsaLeaf.pemPath)).certificates[0]?.info;
    expect(info).toMatchObject({
      subjectCN: 'ise01.example.test',
      issuerCN: 'Test RSA Issuing CA 01',
      keyType: 'rsa',
      keySize: 2048,
      isCA: false,
      selfSigned: false,
      keyUsage: ['digitalSignature', 'keyEncipherment'],
      extendedKeyUsage: ['serverAuth', 'clientAuth', '1.3.6.1.4.1.55555.3.1'],
      subjectAltNames: RSA_LEAF_SANS,
      aiaIssuers: ['http://pki.example.test/rsa-intermediate.crt'],
      ocspUrls: ['http://ocsp.example.test/'],
      crlUrls: ['http://pki.example.test/rsa-intermediate.crl'],
      policies: ['2.23.140.1.2.1', '1.3.6.1.4.1.55555.1.2'],
    });
  });

  it('tells key types, curves and signature algorithms apart', async () => {
    const read = async (name: keyof ReturnType<typeof pki>['certs']) =>
      (await loadCertificateFile(pki().certs[name].pemPath)).certificates[0]?.info;
    expect(await read('rsaRoot')).toMatchObject({ keyType: 'rsa', keySize: 4096, curve: null, isCA: true, pathLength: null, selfSigned: true, signatureAlgorithm: 'sha256WithRSAEncryption' });
    expect(await read('ecRoot')).toMatchObject({ keyType: 'ec', keySize: 384, curve: 'P-384', selfSigned: true, signatureAlgorithm: 'ecdsa-with-SHA384' });
    expect(await read('ecLeaf')).toMatchObject({ keyType: 'ec', keySize: 256, curve: 'P-256', selfSigned: false });
    expect(await read('rsaIntermediate')).toMatchObject({ isCA: true, pathLength: 0 });
    expect(await read('bareEc')).toMatchObject({ keyUsage: [], subjectAltNames: [], subjectKeyIdentifier: null, aiaIssuers: [], selfSigned: true });
  });

  it('gives each certificate its status as of the given time', async () => {
    const now = new Date();
    const status = async (name: 'expiredLeaf' | 'futureLeaf' | 'selfSignedLeaf' | 'rsaLeaf') =>
      loadCertificateBytes(pki().certs[name].der, name, { now }).certificates[0]?.info;
    expect(await status('expiredLeaf')).toMatchObject({ status: 'expired', expiresSoon: false });
    expect((await status('expiredLeaf'))?.daysRemaining).toBeLessThan(0);
    expect(await status('futureLeaf')).toMatchObject({ status: 'not-yet-valid', notBefore: '2099-01-01T00:00:00.000Z', notAfter: '2100-01-01T00:00:00.000Z' });
    expect(await status('selfSignedLeaf')).toMatchObject({ status: 'valid', expiresSoon: true, selfSigned: true, isCA: false, daysRemaining: 19 });
    expect(await status('rsaLeaf')).toMatchObject({ status: 'valid', expiresSoon: false });
  });
});

describe('real Microsoft and DigiCert CA files', () => {
  interface SourceRow { file: string; subjectCN: string; issuerCN: string; sha1: string; key: string; status: string }

  async function sourceRows(): Promise<SourceRow[]> {
    const text = await readFile(join(MICROSOFT_CA, 'SOURCES.md'), 'utf8');
    return text
      .split('\n')
      .filter((line) => /^\| \S+\.pem \|/.test(line))
      .map((line) => {
        const cells = line.split('|').map((cell) => cell.trim());
        return { file: cells[1] ?? '', subjectCN: cells[2] ?? '', issuerCN: cells[3] ?? '', sha1: cells[5] ?? '', key: cells[6] ?? '', status: cells[7] ?? '' };
      });
  }

  // Several openssl processes per file, for 59 files: generous time, so a busy machine is not a failure.
  it('reads every fixture file exactly as openssl x509 does', { timeout: 300_000 }, async () => {
    const files = await fixtureFiles(MICROSOFT_CA);
    expect(files.length).toBeGreaterThanOrEqual(59);
    for (const file of files) {
      const loaded = await loadCertificateFile(file);
      expect(loaded.problems).toEqual([]);
      await expectSameAsOpenssl(file, loaded.certificates[0]?.info as CertificateInfo);
    }
  });

  it('matches the subject, issuer, thumbprint, key type and status recorded in SOURCES.md (as of 2026-11-26)', async () => {
    const rows = await sourceRows();
    expect(rows.length).toBe((await fixtureFiles(MICROSOFT_CA)).length);
    const now = new Date('2026-11-26T12:00:00Z');
    for (const row of rows) {
      const info = (await loadCertificateFile(join(MICROSOFT_CA, row.file), { now })).certificates[0]?.info;
      expect({ file: row.file, subjectCN: info?.subjectCN, issuerCN: info?.issuerCN, sha1: info?.thumbprints.sha1, key: info?.keyType, status: info?.status }).toEqual({
        file: row.file,
        subjectCN: row.subjectCN,
        issuerCN: row.issuerCN,
        sha1: row.sha1,
        key: row.key,
        status: row.status.toLowerCase(),
      });
    }
  });

  it('reads the file whose name lies by its content: "ECC root" is really Microsoft RSA TLS CA 01', async () => {
    const lying = await loadCertificateFile(join(MICROSOFT_CA, 'microsoft_ecc_root_certificate_authority_2017.pem'));
    const real = await loadCertificateFile(join(MICROSOFT_CA, 'microsoft_rsa_tls_ca_1.pem'));
    expect(lying.certificates[0]?.info).toMatchObject({ subjectCN: 'Microsoft RSA TLS CA 01', keyType: 'rsa', issuerCN: 'Baltimore CyberTrust Root' });
    expect(lying.certificates[0]?.info.thumbprints).toEqual(real.certificates[0]?.info.thumbprints);
    const ecc = await loadCertificateFile(join(MICROSOFT_CA, 'microsoft_ecc_root_certificate_authority_2017_debian.pem'));
    expect(ecc.certificates[0]?.info).toMatchObject({ keyType: 'ec', curve: 'P-384', selfSigned: true, signatureAlgorithm: 'ecdsa-with-SHA384' });
  });

  it('reads both certificates of the hand-made Baltimore + DigiCert G2 bundle', async () => {
    const bundle = await loadCertificateFile(join(MICROSOFT_CA, 'baltimore_plus_digicert_g2_bundle.pem'));
    expect(bundle.certificates.map((entry) => entry.info.thumbprints.sha1)).toEqual([
      'D4DE20D05E66FC53FE1A50882C78DB2852CAE474',
      'DF3C24F9BFD666761B268073FE06D1CC8D4F82A4',
    ]);
    const g2 = await loadCertificateFile(join(MICROSOFT_CA, 'digicert_global_root_g2.pem'));
    expect(bundle.certificates[1]?.info.base64Der).toBe(g2.certificates[0]?.info.base64Der);
  });

  it('decodes the Azure issuing CA extensions (AIA, OCSP, CRL, policies, path length)', async () => {
    const info = (await loadCertificateFile(join(MICROSOFT_CA, 'microsoft_azure_rsa_tls_issuing_ca_03.pem'))).certificates[0]?.info;
    expect(info).toMatchObject({
      isCA: true,
      pathLength: 0,
      keySize: 4096,
      aiaIssuers: ['http://www.microsoft.com/pkiops/certs/Microsoft%20RSA%20Root%20Certificate%20Authority%202017.crt'],
      ocspUrls: ['http://oneocsp.microsoft.com/ocsp'],
      policies: ['2.23.140.1.2.1', '2.23.140.1.2.2', '1.3.6.1.4.1.311.76.509.1.1'],
      authorityKeyIdentifier: '09CB597F86B2708F1AC339E3C0D9E9BFBB4DB223',
    });
    expect(basename(info?.crlUrls[0] ?? '')).toMatch(/\.crl$/);
  });
});
