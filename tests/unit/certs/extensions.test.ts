/**
 * The extension decoder (main/services/certs/extensions.ts, @peculiar/asn1-x509 schemas) checked
 * against independent references: Node's own X509Certificate (OpenSSL) for what it exposes (CA
 * flag, AIA, subject alternative names), the values OpenSSL was asked to write in the test PKI,
 * and extension values built here byte by byte whose meaning the test knows.
 */
import { X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { rootCertificates } from 'node:tls';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadCertificateBytes } from '../../../main/services/certs';
import { TAG, derElement, derOid } from '../../../main/services/certs/asn1';
import { decodeExtensions, emptyExtensions } from '../../../main/services/certs/extensions';
import { readCertificateFields } from '../../../main/services/certs/x509-der';
import { MICROSOFT_CA, RSA_LEAF_SANS, fixtureFiles, usePki } from './pki-setup';

const pki = usePki();

const OID = {
  basicConstraints: '2.5.29.19',
  keyUsage: '2.5.29.15',
  extKeyUsage: '2.5.29.37',
  subjectAltName: '2.5.29.17',
  subjectKeyId: '2.5.29.14',
  authorityKeyId: '2.5.29.35',
  crlDistributionPoints: '2.5.29.31',
  certificatePolicies: '2.5.29.32',
  authorityInfoAccess: '1.3.6.1.5.5.7.1.1',
} as const;

function pemToDer(pem: string): Buffer {
  return Buffer.from(pem.replace(/-----[^-]+-----|\s/g, ''), 'base64');
}

/** Node's `infoAccess` text ("CA Issuers - URI:…\nOCSP - URI:…") as two lists. */
function nodeInfoAccess(x509: X509Certificate): { issuers: string[]; ocsp: string[] } {
  const lines = (x509.infoAccess ?? '').split('\n').filter(Boolean);
  const pick = (prefix: string): string[] => lines.filter((line) => line.startsWith(prefix)).map((line) => line.slice(prefix.length));
  return { issuers: pick('CA Issuers - URI:'), ocsp: pick('OCSP - URI:') };
}

/** Compares with what OpenSSL (through Node) reads from the same certificate. */
function expectAsOpenssl(der: Buffer): number {
  const x509 = new X509Certificate(der);
  const fields = readCertificateFields(der);
  const decoded = decodeExtensions(fields.extensions);
  expect(decoded.isCA).toBe(x509.ca);
  const { issuers, ocsp } = nodeInfoAccess(x509);
  expect(decoded.aiaIssuers).toEqual(issuers);
  expect(decoded.ocspUrls).toEqual(ocsp);
  // Node quotes names holding a comma; compare the simple kinds, which every certificate here has.
  const simple = (x509.subjectAltName ?? '').split(', ').filter((name) => /^(DNS|email|URI):[^"]*$/.test(name));
  expect(decoded.subjectAltNames.filter((name) => /^(DNS|email|URI):/.test(name))).toEqual(expect.arrayContaining(simple));
  expect(fields.notBefore.getTime()).toBe(Date.parse(x509.validFrom));
  expect(fields.notAfter.getTime()).toBe(Date.parse(x509.validTo));
  return fields.extensions.length;
}

describe('extension decoding agrees with OpenSSL', () => {
  it("on every certificate of Node's root bundle", () => {
    const ders = rootCertificates.map(pemToDer);
    expect(ders.length).toBeGreaterThan(100);
    let extensions = 0;
    for (const der of ders) extensions += expectAsOpenssl(der);
    expect(extensions).toBeGreaterThan(ders.length * 2);
  });

  it('on every Microsoft / DigiCert CA fixture', async () => {
    const ders: Buffer[] = [];
    for (const path of await fixtureFiles(MICROSOFT_CA)) {
      const loaded = loadCertificateBytes(await readFile(path), path);
      ders.push(...loaded.certificates.map((certificate) => Buffer.from(certificate.info.base64Der, 'base64')));
    }
    expect(ders.length).toBeGreaterThanOrEqual(30);
    for (const der of ders) expectAsOpenssl(der);
    const decoded = ders.map((der) => decodeExtensions(readCertificateFields(der).extensions));
    expect(decoded.every((extensions) => extensions.isCA)).toBe(true);
  });

  it('on the generated test PKI, with the values OpenSSL was asked for', () => {
    const certs = pki().certs;
    for (const certificate of Object.values(certs)) expectAsOpenssl(certificate.der);
    const leaf = decodeExtensions(readCertificateFields(certs.rsaLeaf.der).extensions);
    expect(leaf.subjectAltNames).toEqual(RSA_LEAF_SANS);
    expect(leaf.keyUsage).toEqual(['digitalSignature', 'keyEncipherment']);
    expect(leaf.extendedKeyUsage).toEqual(['serverAuth', 'clientAuth', '1.3.6.1.4.1.55555.3.1']);
    expect(leaf.aiaIssuers).toEqual(['http://pki.example.test/rsa-intermediate.crt']);
    expect(leaf.ocspUrls).toEqual(['http://ocsp.example.test/']);
    expect(leaf.crlUrls).toEqual(['http://pki.example.test/rsa-intermediate.crl']);
    expect(leaf.policies).toEqual(['2.23.140.1.2.1', '1.3.6.1.4.1.55555.1.2']);
    expect(leaf).toMatchObject({ isCA: false, pathLength: null });
    const intermediate = decodeExtensions(readCertificateFields(certs.rsaIntermediate.der).extensions);
    expect(intermediate).toMatchObject({ isCA: true, pathLength: 0, keyUsage: ['digitalSignature', 'keyCertSign', 'cRLSign'] });
    expect(intermediate.authorityKeyIdentifier).toBe(decodeExtensions(readCertificateFields(certs.rsaRoot.der).extensions).subjectKeyIdentifier);
    expect(intermediate.subjectKeyIdentifier).toMatch(/^[0-9A-F]{40}$/);
    expect(decodeExtensions(readCertificateFields(certs.bareRsa.der).extensions)).toStrictEqual(emptyExtensions());
  });
});

// --- Values built here, whose meaning the test knows ---------------------------------------------

const el = (tag: number, ...content: Buffer[]): Buffer => derElement(tag, ...content);
const bytes = (maxLength = 24): fc.Arbitrary<Buffer> => fc.uint8Array({ maxLength }).map((array) => Buffer.from(array));
const ia5 = fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789-.:/{}@_'.split('')), minLength: 1, maxLength: 40 });

/** A GeneralName (DNS, email, URI, IPv4) and how the app must show it. */
const generalName: fc.Arbitrary<[Buffer, string]> = fc.oneof(
  fc.tuple(fc.constantFrom<[number, string]>([0x81, 'email'], [0x82, 'DNS'], [0x86, 'URI']), ia5).map(([[tag, kind], text]): [Buffer, string] => [el(tag, Buffer.from(text, 'latin1')), `${kind}:${text}`]),
  fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255)).map((octets): [Buffer, string] => [el(0x87, Buffer.from(octets)), `IP Address:${octets.join('.')}`]),
);

describe('extension values built byte by byte', () => {
  it('subject alternative names keep their kind, text and order', () => {
    fc.assert(
      fc.property(fc.array(generalName, { maxLength: 6 }), (names) => {
        const value = el(TAG.SEQUENCE, ...names.map(([encoded]) => encoded));
        expect(decodeExtensions([{ oid: OID.subjectAltName, critical: false, value }]).subjectAltNames).toEqual(names.map(([, shown]) => shown));
      }),
      { numRuns: 500 },
    );
  });

  it('key usage bits, EKU names and unknown EKU OIDs', () => {
    const keyUsage = el(TAG.BIT_STRING, Buffer.from([0x01, 0b1000_0110, 0x80]));
    const eku = el(TAG.SEQUENCE, derOid('1.3.6.1.5.5.7.3.2'), derOid('1.3.6.1.4.1.311.20.2.2'), derOid('1.2.3.4'));
    const decoded = decodeExtensions([
      { oid: OID.keyUsage, critical: true, value: keyUsage },
      { oid: OID.extKeyUsage, critical: false, value: eku },
    ]);
    expect(decoded.keyUsage).toEqual(['digitalSignature', 'keyCertSign', 'cRLSign', 'decipherOnly']);
    expect(decoded.extendedKeyUsage).toEqual(['clientAuth', 'msSmartcardLogin', '1.2.3.4']);
  });

  it('reads a pathLenConstraint of four octets or more as a number', () => {
    const value = el(TAG.SEQUENCE, el(TAG.BOOLEAN, Buffer.from([0xff])), el(TAG.INTEGER, Buffer.from([0x01, 0x00, 0x00, 0x00])));
    expect(decodeExtensions([{ oid: OID.basicConstraints, critical: true, value }])).toMatchObject({ isCA: true, pathLength: 0x1000000 });
  });

  it('leaves a damaged extension out as a whole and keeps the others', () => {
    const goodSan = el(TAG.SEQUENCE, el(0x82, Buffer.from('ise.example.test')));
    const cutSan = goodSan.subarray(0, goodSan.length - 3);
    const decoded = decodeExtensions([
      { oid: OID.subjectAltName, critical: false, value: cutSan },
      { oid: OID.extKeyUsage, critical: false, value: el(TAG.SEQUENCE, derOid('1.3.6.1.5.5.7.3.1')) },
    ]);
    expect(decoded.subjectAltNames).toEqual([]);
    expect(decoded.extendedKeyUsage).toEqual(['serverAuth']);
  });

  it('never throws on random bytes in any extension it decodes', () => {
    fc.assert(
      fc.property(fc.constantFrom(...Object.values(OID)), bytes(64), (kind, value) => {
        const decoded = decodeExtensions([{ oid: kind, critical: false, value }]);
        expect(Object.keys(decoded)).toEqual(Object.keys(emptyExtensions()));
      }),
      { numRuns: 2000 },
    );
  });
});
