/**
 * The fields of an X.509 certificate that Node's X509Certificate does not expose (signature
 * algorithm, the raw extensions, exact validity instants), decoded with @peculiar/asn1-x509. Also the structural test that tells a certificate from a CSR, a CRL or a
 * key (the small container walk of asn1.ts, which PKCS#7/#12 files need too).
 */
import { AsnParser } from '@peculiar/asn1-schema';
import { AlgorithmIdentifier, Extensions, Validity } from '@peculiar/asn1-x509';
import { Asn1Error, TAG, children, contentBytes, decodeOid, elementBytes, expectTag, readTlv, type Tlv } from './asn1';
import type { RawExtension } from './extensions';

export type { RawExtension } from './extensions';

export interface CertificateDerFields {
  signatureAlgorithmOid: string;
  notBefore: Date;
  notAfter: Date;
  extensions: RawExtension[];
}

/** Length of the certificate at the start of `bytes` (OpenSSL "TRUSTED CERTIFICATE" appends data). */
export function certificateLength(bytes: Buffer): number {
  return readTlv(bytes).end;
}

/**
 * The certificate's outline is walked with asn1.ts (cheap: no copy, no schema); the elements
 * shown are decoded by the library's schemas. Parsing the whole Certificate schema cost ~600 µs
 * per certificate, mostly for the names and key that Node's X509Certificate reads already.
 */
export function readCertificateFields(der: Buffer): CertificateDerFields {
  const [tbs, signatureAlgorithm] = children(expectTag(readTlv(der), TAG.SEQUENCE, 'a certificate'));
  const fields = children(expectTag(tbs, TAG.SEQUENCE, 'the to-be-signed certificate'));
  let i = fields[0]?.tag === 0xa0 ? 1 : 0; // [0] EXPLICIT version, absent for v1
  i += 3; // serialNumber, signature, issuer
  const validity = AsnParser.parse(elementBytes(expectTag(fields[i++], TAG.SEQUENCE, 'the validity')), Validity);
  i += 2; // subject, subjectPublicKeyInfo
  const extensionsWrapper = fields.slice(i).find((field) => field.tag === 0xa3);
  const [list] = extensionsWrapper ? children(extensionsWrapper) : [];
  const extensions = list ? AsnParser.parse(elementBytes(expectTag(list, TAG.SEQUENCE, 'the extension list')), Extensions) : [];
  return {
    signatureAlgorithmOid: AsnParser.parse(elementBytes(expectTag(signatureAlgorithm, TAG.SEQUENCE, 'an algorithm identifier')), AlgorithmIdentifier).algorithm,
    notBefore: validity.notBefore.getTime(),
    notAfter: validity.notAfter.getTime(),
    extensions: Array.from(extensions, (extension) => ({
      oid: extension.extnID,
      critical: extension.critical,
      value: Buffer.from(extension.extnValue.buffer),
    })),
  };
}

/**
 * The certificate's SubjectPublicKeyInfo as encoded: also for a key OpenSSL cannot load (an
 * algorithm it does not know), where X509Certificate's publicKey throws.
 */
export function subjectPublicKeyInfo(der: Buffer): Buffer {
  const [tbs] = children(expectTag(readTlv(der), TAG.SEQUENCE, 'a certificate'));
  const fields = children(expectTag(tbs, TAG.SEQUENCE, 'the to-be-signed certificate'));
  const version = fields[0]?.tag === 0xa0 ? 1 : 0; // [0] EXPLICIT version, absent for v1
  // serialNumber, signature, issuer, validity, subject, subjectPublicKeyInfo
  return elementBytes(expectTag(fields[version + 5], TAG.SEQUENCE, 'the subject public key info'));
}

export type DerKind = 'certificate' | 'csr' | 'crl' | 'pkcs7' | 'pkcs12' | 'private-key' | 'encrypted-private-key' | 'public-key' | 'unknown';

const OID_SIGNED_DATA = '1.2.840.113549.1.7.2';
const OID_DATA = '1.2.840.113549.1.7.1';

/**
 * What a DER structure is, from its shape alone (see RFC 5280, 2986, 2315, 7292, 5208, 5915).
 * Only recognises; a structure that looks right may still fail to parse later.
 */
export function classifyDer(der: Buffer): DerKind {
  try {
    const top = readTlv(der);
    if (top.tag !== TAG.SEQUENCE) return 'unknown';
    const items = children(top);
    const [first, second, third] = items;
    if (!first) return 'unknown';
    if (first.tag === TAG.OID) {
      const oid = decodeOid(first);
      return oid === OID_SIGNED_DATA ? 'pkcs7' : 'unknown';
    }
    if (first.tag === TAG.INTEGER) {
      const version = contentBytes(first);
      if (version.length === 1 && version[0] === 3 && second?.tag === TAG.SEQUENCE) {
        const [type] = children(second);
        if (type?.tag === TAG.OID && decodeOid(type) === OID_DATA) return 'pkcs12';
      }
      // PKCS#8 PrivateKeyInfo, PKCS#1 RSAPrivateKey and SEC1 ECPrivateKey all start with a version.
      if (second?.tag === TAG.SEQUENCE && third?.tag === TAG.OCTET_STRING) return 'private-key';
      if (second?.tag === TAG.INTEGER && items.length >= 9) return 'private-key';
      if (second?.tag === TAG.OCTET_STRING && version[0] === 1) return 'private-key';
      return 'unknown';
    }
    if (first.tag !== TAG.SEQUENCE) return 'unknown';
    if (second?.tag === TAG.OCTET_STRING) return 'encrypted-private-key';
    if (second?.tag === TAG.BIT_STRING && items.length === 2) return 'public-key';
    if (second?.tag !== TAG.SEQUENCE || third?.tag !== TAG.BIT_STRING) return 'unknown';
    return classifySigned(children(first));
  } catch (error) {
    if (error instanceof Asn1Error) return 'unknown';
    throw error;
  }
}

/** Certificates, CSRs and CRLs share SEQUENCE { tbs, algorithm, signature }: tell them apart by the tbs. */
function classifySigned(tbs: Tlv[]): DerKind {
  const offset = tbs[0]?.tag === 0xa0 ? 1 : 0;
  if (offset === 1) return 'certificate';
  const fourth = tbs[3];
  if (tbs[0]?.tag === TAG.INTEGER && fourth) {
    if (fourth.tag === 0xa0) return 'csr';
    if (fourth.tag === TAG.UTC_TIME || fourth.tag === TAG.GENERALIZED_TIME) return 'crl';
    if (fourth.tag === TAG.SEQUENCE) return 'certificate';
  }
  if (tbs[0]?.tag === TAG.SEQUENCE && (tbs[2]?.tag === TAG.UTC_TIME || tbs[2]?.tag === TAG.GENERALIZED_TIME)) return 'crl';
  return 'unknown';
}
