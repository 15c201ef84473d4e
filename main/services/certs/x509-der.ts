/**
 * The fields of an X.509 certificate that Node's X509Certificate does not expose (signature
 * algorithm, the raw extensions, exact validity instants), read straight from the DER.
 * Also the structural test that tells a certificate from a CSR, a CRL or a key.
 */
import { Asn1Error, TAG, children, contentBytes, decodeOid, decodeTime, expectTag, readTlv, type Tlv } from './asn1';

export interface RawExtension {
  oid: string;
  critical: boolean;
  value: Buffer;
}

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

export function readCertificateFields(der: Buffer): CertificateDerFields {
  const [tbs, signatureAlgorithm] = children(expectTag(readTlv(der), TAG.SEQUENCE, 'a certificate'));
  const fields = children(expectTag(tbs, TAG.SEQUENCE, 'the to-be-signed certificate'));
  let i = fields[0]?.tag === 0xa0 ? 1 : 0; // [0] EXPLICIT version, absent for v1
  i += 3; // serialNumber, signature, issuer
  const validity = children(expectTag(fields[i++], TAG.SEQUENCE, 'the validity'));
  const [notBefore, notAfter] = validity;
  if (!notBefore || !notAfter) throw new Asn1Error('validity needs two dates');
  i += 2; // subject, subjectPublicKeyInfo
  const extensionsWrapper = fields.slice(i).find((field) => field.tag === 0xa3);
  return {
    signatureAlgorithmOid: algorithmOid(signatureAlgorithm),
    notBefore: decodeTime(notBefore),
    notAfter: decodeTime(notAfter),
    extensions: extensionsWrapper ? readExtensions(extensionsWrapper) : [],
  };
}

function algorithmOid(algorithm: Tlv | undefined): string {
  const [oid] = children(expectTag(algorithm, TAG.SEQUENCE, 'an algorithm identifier'));
  return decodeOid(expectTag(oid, TAG.OID, 'an algorithm OID'));
}

function readExtensions(wrapper: Tlv): RawExtension[] {
  const [list] = children(wrapper);
  return children(expectTag(list, TAG.SEQUENCE, 'the extension list')).map((extension) => {
    const parts = children(expectTag(extension, TAG.SEQUENCE, 'an extension'));
    const oid = decodeOid(expectTag(parts[0], TAG.OID, 'an extension OID'));
    const critical = parts[1]?.tag === TAG.BOOLEAN && contentBytes(parts[1])[0] !== 0;
    const value = parts[parts.length - 1];
    return { oid, critical, value: contentBytes(expectTag(value, TAG.OCTET_STRING, 'an extension value')) };
  });
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
