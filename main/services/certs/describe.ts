/**
 * CertificateInfo for one certificate: Node's native X509Certificate for parsing, names,
 * serial, key and signature checks (RSA and EC alike), and the DER walker for what Node does
 * not expose, the extensions included.
 *
 * Cost per certificate is dominated by OpenSSL: parsing the DER once, loading the public key
 * once, and for a self-issued certificate verifying its signature (an ECDSA P-384 verify is
 * several times an RSA one). Callers that already hold the X509Certificate pass it in, and
 * callers that already verified the self-signature pass the result (`KnownFacts`).
 */
import { X509Certificate, type KeyObject } from 'node:crypto';
import type { CertificateInfo, KeyType, ValidityStatus } from '../../../preload/types/certs';
import { ServiceError } from '../errors';
import { intuneDeviceId } from './device-identity';
import { decodeExtensions } from './extensions';
import { toPem } from './pem';
import { computeThumbprints } from './thumbprints';
import { readCertificateFields } from './x509-der';

const DAY_MS = 86_400_000;
const EXPIRES_SOON_DAYS = 30;

const SIGNATURE_ALGORITHMS: Record<string, string> = {
  '1.2.840.113549.1.1.4': 'md5WithRSAEncryption',
  '1.2.840.113549.1.1.5': 'sha1WithRSAEncryption',
  '1.2.840.113549.1.1.10': 'RSASSA-PSS',
  '1.2.840.113549.1.1.11': 'sha256WithRSAEncryption',
  '1.2.840.113549.1.1.12': 'sha384WithRSAEncryption',
  '1.2.840.113549.1.1.13': 'sha512WithRSAEncryption',
  '1.2.840.113549.1.1.14': 'sha224WithRSAEncryption',
  '1.2.840.10045.4.1': 'ecdsa-with-SHA1',
  '1.2.840.10045.4.3.1': 'ecdsa-with-SHA224',
  '1.2.840.10045.4.3.2': 'ecdsa-with-SHA256',
  '1.2.840.10045.4.3.3': 'ecdsa-with-SHA384',
  '1.2.840.10045.4.3.4': 'ecdsa-with-SHA512',
  '1.2.840.10040.4.3': 'dsa_with_SHA1',
  '2.16.840.1.101.3.4.3.2': 'dsa_with_SHA256',
  '1.3.101.112': 'ED25519',
  '1.3.101.113': 'ED448',
};

/** NIST names, as Windows and Entra show them, for OpenSSL's curve names. */
const CURVES: Record<string, { name: string; size: number }> = {
  prime256v1: { name: 'P-256', size: 256 },
  secp384r1: { name: 'P-384', size: 384 },
  secp521r1: { name: 'P-521', size: 521 },
  secp256k1: { name: 'secp256k1', size: 256 },
};

export interface KeyDescription {
  keyType: KeyType;
  keySize: number | null;
  curve: string | null;
}

/** Type and size of a public or private key. */
export function describeKey(key: KeyObject): KeyDescription {
  const details = key.asymmetricKeyDetails ?? {};
  switch (key.asymmetricKeyType) {
    case 'rsa':
    case 'rsa-pss':
      return { keyType: 'rsa', keySize: details.modulusLength ?? null, curve: null };
    case 'ec': {
      const known = details.namedCurve ? CURVES[details.namedCurve] : undefined;
      return { keyType: 'ec', keySize: known?.size ?? null, curve: known?.name ?? details.namedCurve ?? null };
    }
    case 'dsa':
      return { keyType: 'dsa', keySize: details.modulusLength ?? null, curve: null };
    case 'ed25519':
      return { keyType: 'ed25519', keySize: 256, curve: null };
    case 'ed448':
      return { keyType: 'ed448', keySize: 456, curve: null };
    default:
      return { keyType: 'other', keySize: null, curve: null };
  }
}

/** Parses DER with the native parser; a ServiceError when OpenSSL rejects it. */
export function parseCertificate(der: Buffer, what = 'The certificate'): X509Certificate {
  try {
    return new X509Certificate(der);
  } catch (error) {
    throw new ServiceError(
      'INVALID_CERTIFICATE',
      `${what} is damaged: it has the outline of a certificate but its content does not decode. Download or export it again.`,
      (error as Error).message,
    );
  }
}

/** Last CN of a Node-formatted DN (one attribute per line). */
function commonName(dnLines: string[]): string {
  const cn = dnLines.filter((line) => line.startsWith('CN=')).pop();
  return cn ? cn.slice(3) : '';
}

export function statusAt(notBefore: Date, notAfter: Date, now: Date): ValidityStatus {
  if (now.getTime() < notBefore.getTime()) return 'not-yet-valid';
  if (now.getTime() > notAfter.getTime()) return 'expired';
  return 'valid';
}

/** The certificate's public key, or null when OpenSSL cannot load it (explicit EC parameters, unknown algorithms). */
function publicKeyOf(certificate: X509Certificate): KeyObject | null {
  try {
    return certificate.publicKey;
  } catch {
    return null;
  }
}

/**
 * Issuer equals subject and the certificate's own key verifies its signature. The signature
 * is only checked (the expensive part) once the names match; `publicKey` is the certificate's
 * key when the caller already loaded it.
 */
export function isSelfSigned(certificate: X509Certificate, publicKey: KeyObject | null = publicKeyOf(certificate)): boolean {
  if (certificate.subject !== certificate.issuer || publicKey === null) return false;
  try {
    return certificate.verify(publicKey);
  } catch {
    return false;
  }
}

/** What the caller already established about the certificate, so that it is not computed twice. */
export interface KnownFacts {
  /**
   * The result of the same test `isSelfSigned` makes (issuer equals subject and the
   * certificate's own key verifies its signature), from a caller that already ran it: chain
   * completion verifies the root's self-signature, and it is the costly part of a description.
   */
  selfSigned?: boolean;
}

export function describeCertificate(der: Buffer, now: Date, parsed: X509Certificate = parseCertificate(der), known: KnownFacts = {}): CertificateInfo {
  let fields;
  try {
    fields = readCertificateFields(der);
  } catch (error) {
    throw new ServiceError('INVALID_CERTIFICATE', 'The certificate is damaged: its dates or extensions cannot be read.', (error as Error).message);
  }
  const subjectLines = parsed.subject.split('\n');
  const issuerLines = parsed.issuer.split('\n');
  // Loaded once, for the key description and the self-signature check.
  const publicKey = publicKeyOf(parsed);
  let key: KeyDescription = { keyType: 'other', keySize: null, curve: null };
  if (publicKey !== null) {
    try {
      key = describeKey(publicKey);
    } catch {
      // Keys whose details OpenSSL cannot report stay "other".
    }
  }
  const extensions = decodeExtensions(fields.extensions);
  const status = statusAt(fields.notBefore, fields.notAfter, now);
  const daysRemaining = Math.floor((fields.notAfter.getTime() - now.getTime()) / DAY_MS);
  return {
    subject: subjectLines.join(', '),
    subjectCN: commonName(subjectLines),
    issuer: issuerLines.join(', '),
    issuerCN: commonName(issuerLines),
    serialNumber: parsed.serialNumber.toUpperCase(),
    notBefore: fields.notBefore.toISOString(),
    notAfter: fields.notAfter.toISOString(),
    status,
    expiresSoon: status === 'valid' && daysRemaining < EXPIRES_SOON_DAYS,
    daysRemaining,
    checkedAt: now.toISOString(),
    ...key,
    signatureAlgorithm: SIGNATURE_ALGORITHMS[fields.signatureAlgorithmOid] ?? fields.signatureAlgorithmOid,
    ...extensions,
    intuneDeviceId: intuneDeviceId(extensions.subjectAltNames),
    selfSigned: known.selfSigned ?? isSelfSigned(parsed, publicKey),
    thumbprints: computeThumbprints(der),
    pem: toPem(der),
    base64Der: der.toString('base64'),
  };
}
