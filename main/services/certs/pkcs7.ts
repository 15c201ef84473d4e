/**
 * PKCS#7 / CMS SignedData "certificate bundles" (.p7b, .p7c; RFC 2315 / 5652): the
 * certificates are taken out as raw DER by walking the structure, because node-forge's
 * pkcs7 reader parses each certificate with its RSA-only X.509 parser.
 */
import { ServiceError } from '../errors';
import { Asn1Error, TAG, children, decodeOid, derElement, derOid, derSmallInteger, elementBytes, expectTag, readTlv } from './asn1';

const OID_SIGNED_DATA = '1.2.840.113549.1.7.2';
const OID_DATA = '1.2.840.113549.1.7.1';

/** The DER of every certificate in the bundle, in the bundle's order (possibly none). */
export function extractPkcs7Certificates(der: Buffer): Buffer[] {
  try {
    const [contentType, content] = children(expectTag(readTlv(der), TAG.SEQUENCE, 'a ContentInfo'));
    if (decodeOid(expectTag(contentType, TAG.OID, 'a content type')) !== OID_SIGNED_DATA) {
      throw new Asn1Error('not SignedData');
    }
    const [signedData] = children(expectTag(content, 0xa0, 'the [0] content'));
    const fields = children(expectTag(signedData, TAG.SEQUENCE, 'SignedData'));
    // version, digestAlgorithms, encapContentInfo, then [0] IMPLICIT certificates (optional).
    const certificates = fields.slice(3).find((field) => field.tag === 0xa0);
    if (!certificates) return [];
    // Only X.509 certificates (SEQUENCE); CMS also allows tagged attribute/other certificates.
    return children(certificates)
      .filter((entry) => entry.tag === TAG.SEQUENCE)
      .map((entry) => Buffer.from(elementBytes(entry)));
  } catch (error) {
    if (!(error instanceof Asn1Error)) throw error;
    throw new ServiceError(
      'INVALID_PKCS7',
      'This PKCS#7 (.p7b) file is damaged: its structure cannot be read. Export or download it again.',
      error.message,
    );
  }
}

/**
 * A certificates-only SignedData, DER, as `openssl crl2pkcs7 -nocrl` and Windows write it.
 * The certificates keep the caller's order (leaf first reads best in every tool) rather
 * than DER SET OF sorting.
 */
export function buildPkcs7(certificates: Buffer[]): Buffer {
  const signedData = derElement(
    TAG.SEQUENCE,
    derSmallInteger(1),
    derElement(TAG.SET),
    derElement(TAG.SEQUENCE, derOid(OID_DATA)),
    derElement(0xa0, ...certificates),
    derElement(TAG.SET),
  );
  return derElement(TAG.SEQUENCE, derOid(OID_SIGNED_DATA), derElement(0xa0, signedData));
}
