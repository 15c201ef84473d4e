/**
 * Decodes the X.509 extensions an admin needs to see with the @peculiar/asn1-x509 schemas
 * (RFC 5280 4.2.1), the library the field uses, over each extension's value. An extension that
 * does not decode is left out as a whole rather than failing the whole certificate or being
 * shown half-read.
 */
import type { CertificateInfo } from '../../../preload/types/certs';
import { AsnParser } from '@peculiar/asn1-schema';
import {
  AuthorityInfoAccessSyntax,
  AuthorityKeyIdentifier,
  BasicConstraints,
  CertificatePolicies,
  CRLDistributionPoints,
  ExtendedKeyUsage,
  KeyUsage,
  SubjectAlternativeName,
  SubjectKeyIdentifier,
  id_ce_authorityKeyIdentifier,
  id_ce_basicConstraints,
  id_ce_certificatePolicies,
  id_ce_cRLDistributionPoints,
  id_ce_extKeyUsage,
  id_ce_keyUsage,
  id_ce_subjectAltName,
  id_ce_subjectKeyIdentifier,
  id_pe_authorityInfoAccess,
  id_ad_caIssuers,
  id_ad_ocsp,
  type GeneralName,
  type Name,
} from '@peculiar/asn1-x509';

/** One extension as the certificate carries it: its OID, criticality and the DER of its value. */
export interface RawExtension {
  oid: string;
  critical: boolean;
  value: Buffer;
}

export type DecodedExtensions = Pick<
  CertificateInfo,
  'isCA' | 'pathLength' | 'subjectAltNames' | 'keyUsage' | 'extendedKeyUsage' | 'subjectKeyIdentifier' | 'authorityKeyIdentifier' | 'aiaIssuers' | 'ocspUrls' | 'crlUrls' | 'policies'
>;

/** RFC 5280 4.2.1.3, in bit order. */
const KEY_USAGE_BITS = [
  'digitalSignature',
  'nonRepudiation',
  'keyEncipherment',
  'dataEncipherment',
  'keyAgreement',
  'keyCertSign',
  'cRLSign',
  'encipherOnly',
  'decipherOnly',
] as const;

export const EKU_CLIENT_AUTH = '1.3.6.1.5.5.7.3.2';

const EKU_NAMES: Record<string, string> = {
  '1.3.6.1.5.5.7.3.1': 'serverAuth',
  [EKU_CLIENT_AUTH]: 'clientAuth',
  '1.3.6.1.5.5.7.3.3': 'codeSigning',
  '1.3.6.1.5.5.7.3.4': 'emailProtection',
  '1.3.6.1.5.5.7.3.5': 'ipsecEndSystem',
  '1.3.6.1.5.5.7.3.6': 'ipsecTunnel',
  '1.3.6.1.5.5.7.3.7': 'ipsecUser',
  '1.3.6.1.5.5.7.3.8': 'timeStamping',
  '1.3.6.1.5.5.7.3.9': 'OCSPSigning',
  '1.3.6.1.5.5.7.3.17': 'ipsecIKE',
  '2.5.29.37.0': 'anyExtendedKeyUsage',
  '1.3.6.1.4.1.311.20.2.2': 'msSmartcardLogin',
  '1.3.6.1.4.1.311.10.3.4': 'msEFS',
  '1.3.6.1.5.2.3.5': 'pkInitKDC',
};

export function emptyExtensions(): DecodedExtensions {
  return {
    isCA: false,
    pathLength: null,
    subjectAltNames: [],
    keyUsage: [],
    extendedKeyUsage: [],
    subjectKeyIdentifier: null,
    authorityKeyIdentifier: null,
    aiaIssuers: [],
    ocspUrls: [],
    crlUrls: [],
    policies: [],
  };
}

export function decodeExtensions(extensions: RawExtension[]): DecodedExtensions {
  const result = emptyExtensions();
  for (const extension of extensions) {
    try {
      applyExtension(result, extension);
    } catch {
      // A malformed optional extension must not hide the rest of the certificate. Each case
      // below decodes the whole extension before it writes to `result`.
    }
  }
  return result;
}

function applyExtension(result: DecodedExtensions, { oid, value }: RawExtension): void {
  switch (oid) {
    case id_ce_basicConstraints: {
      const constraints = AsnParser.parse(value, BasicConstraints);
      result.isCA = constraints.cA;
      result.pathLength = constraints.cA && constraints.pathLenConstraint !== undefined ? safeNumber(constraints.pathLenConstraint) : null;
      break;
    }
    case id_ce_keyUsage: {
      const bits = new Uint8Array(AsnParser.parse(value, KeyUsage).value);
      // Bit 0 is the most significant bit of the first octet (DER BIT STRING).
      result.keyUsage = KEY_USAGE_BITS.filter((_, bit) => (((bits[bit >> 3] ?? 0) >> (7 - (bit & 7))) & 1) === 1);
      break;
    }
    case id_ce_extKeyUsage:
      result.extendedKeyUsage = Array.from(AsnParser.parse(value, ExtendedKeyUsage), (purpose) => EKU_NAMES[purpose] ?? purpose);
      break;
    case id_ce_subjectAltName:
      result.subjectAltNames = Array.from(AsnParser.parse(value, SubjectAlternativeName), formatGeneralName);
      break;
    case id_ce_subjectKeyIdentifier:
      result.subjectKeyIdentifier = hex(AsnParser.parse(value, SubjectKeyIdentifier).buffer);
      break;
    case id_ce_authorityKeyIdentifier: {
      const keyId = AsnParser.parse(value, AuthorityKeyIdentifier).keyIdentifier;
      result.authorityKeyIdentifier = keyId ? hex(keyId.buffer) : null;
      break;
    }
    case id_pe_authorityInfoAccess: {
      const issuers: string[] = [];
      const ocsp: string[] = [];
      for (const access of AsnParser.parse(value, AuthorityInfoAccessSyntax)) {
        const url = access.accessLocation.uniformResourceIdentifier;
        if (url === undefined) continue;
        if (access.accessMethod === id_ad_caIssuers) issuers.push(url);
        else if (access.accessMethod === id_ad_ocsp) ocsp.push(url);
      }
      result.aiaIssuers.push(...issuers);
      result.ocspUrls.push(...ocsp);
      break;
    }
    case id_ce_cRLDistributionPoints: {
      const urls: string[] = [];
      for (const point of AsnParser.parse(value, CRLDistributionPoints)) {
        for (const name of point.distributionPoint?.fullName ?? []) {
          if (name.uniformResourceIdentifier !== undefined) urls.push(name.uniformResourceIdentifier);
        }
      }
      result.crlUrls.push(...urls);
      break;
    }
    case id_ce_certificatePolicies:
      result.policies = Array.from(AsnParser.parse(value, CertificatePolicies), (policy) => policy.policyIdentifier);
      break;
  }
}

/** The schema gives large INTEGERs as decimal strings; a path length is shown as a (safe) number. */
function safeNumber(value: number | string): number {
  const number = typeof value === 'number' ? value : Number(value);
  return Math.max(Number.MIN_SAFE_INTEGER, Math.min(Number.MAX_SAFE_INTEGER, number));
}

function hex(buffer: ArrayBuffer): string {
  return Buffer.from(buffer).toString('hex').toUpperCase();
}

/** OpenSSL's spelling (`openssl x509 -ext subjectAltName`), so admins can compare outputs. */
function formatGeneralName(name: GeneralName): string {
  if (name.dNSName !== undefined) return `DNS:${name.dNSName}`;
  if (name.iPAddress !== undefined) return `IP Address:${formatIp(name.iPAddress)}`;
  if (name.rfc822Name !== undefined) return `email:${name.rfc822Name}`;
  if (name.uniformResourceIdentifier !== undefined) return `URI:${name.uniformResourceIdentifier}`;
  if (name.directoryName !== undefined) return `DirName:${formatName(name.directoryName)}`;
  if (name.registeredID !== undefined) return `Registered ID:${name.registeredID}`;
  if (name.otherName !== undefined) return `othername:${name.otherName.typeId}`;
  // x400Address and ediPartyName: a name list holding one is left out as a whole.
  throw new TypeError('unsupported GeneralName');
}

/** OpenSSL writes IPv6 as eight uppercase groups without "::" compression. */
function formatIp(address: string): string {
  if (!address.includes(':')) return address;
  const [left = '', right] = address.split('::');
  const head = left ? left.split(':') : [];
  const tail = right ? right.split(':') : [];
  const groups = right === undefined ? head : [...head, ...Array<string>(8 - head.length - tail.length).fill('0'), ...tail];
  return groups.map((group) => group.toUpperCase()).join(':');
}

const ATTRIBUTE_NAMES: Record<string, string> = {
  '2.5.4.3': 'CN',
  '2.5.4.6': 'C',
  '2.5.4.7': 'L',
  '2.5.4.8': 'ST',
  '2.5.4.10': 'O',
  '2.5.4.11': 'OU',
  '0.9.2342.19200300.100.1.25': 'DC',
  '1.2.840.113549.1.9.1': 'emailAddress',
};

function formatName(name: Name): string {
  return name.map((rdn) => rdn.map((attribute) => `${ATTRIBUTE_NAMES[attribute.type] ?? attribute.type}=${attribute.value.toString()}`).join(' + ')).join(', ');
}
