/**
 * Decodes the X.509 extensions an admin needs to see, with @peculiar/asn1-x509 schemas over
 * each extension's bytes (parsing only the extensions keeps describe() fast). An extension
 * that does not decode is left out rather than failing the whole certificate.
 */
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
  type GeneralName,
  type Name,
} from '@peculiar/asn1-x509';
import type { RawExtension } from './x509-der';

export interface DecodedExtensions {
  isCA: boolean;
  pathLength: number | null;
  subjectAltNames: string[];
  keyUsage: string[];
  extendedKeyUsage: string[];
  subjectKeyIdentifier: string | null;
  authorityKeyIdentifier: string | null;
  aiaIssuers: string[];
  ocspUrls: string[];
  crlUrls: string[];
  policies: string[];
}

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
  caIssuers: '1.3.6.1.5.5.7.48.2',
  ocsp: '1.3.6.1.5.5.7.48.1',
} as const;

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

const EKU_NAMES: Record<string, string> = {
  '1.3.6.1.5.5.7.3.1': 'serverAuth',
  '1.3.6.1.5.5.7.3.2': 'clientAuth',
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

export function decodeExtensions(extensions: RawExtension[]): DecodedExtensions {
  const result: DecodedExtensions = {
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
  for (const extension of extensions) {
    try {
      applyExtension(result, extension);
    } catch {
      // A malformed optional extension must not hide the rest of the certificate.
    }
  }
  return result;
}

function applyExtension(result: DecodedExtensions, { oid, value }: RawExtension): void {
  switch (oid) {
    case OID.basicConstraints: {
      const constraints = AsnParser.parse(value, BasicConstraints);
      result.isCA = constraints.cA;
      result.pathLength = constraints.cA && constraints.pathLenConstraint !== undefined ? constraints.pathLenConstraint : null;
      break;
    }
    case OID.keyUsage: {
      const bits = new Uint8Array(AsnParser.parse(value, KeyUsage).value);
      // Bit 0 is the most significant bit of the first octet (DER BIT STRING).
      result.keyUsage = KEY_USAGE_BITS.filter((_, bit) => (((bits[bit >> 3] ?? 0) >> (7 - (bit & 7))) & 1) === 1);
      break;
    }
    case OID.extKeyUsage:
      result.extendedKeyUsage = AsnParser.parse(value, ExtendedKeyUsage).map((purpose) => EKU_NAMES[purpose] ?? purpose);
      break;
    case OID.subjectAltName:
      result.subjectAltNames = AsnParser.parse(value, SubjectAlternativeName).map(formatGeneralName);
      break;
    case OID.subjectKeyId:
      result.subjectKeyIdentifier = hex(AsnParser.parse(value, SubjectKeyIdentifier).buffer);
      break;
    case OID.authorityKeyId: {
      const keyId = AsnParser.parse(value, AuthorityKeyIdentifier).keyIdentifier;
      result.authorityKeyIdentifier = keyId ? hex(keyId.buffer) : null;
      break;
    }
    case OID.authorityInfoAccess:
      for (const access of AsnParser.parse(value, AuthorityInfoAccessSyntax)) {
        const url = access.accessLocation.uniformResourceIdentifier;
        if (url === undefined) continue;
        if (access.accessMethod === OID.caIssuers) result.aiaIssuers.push(url);
        else if (access.accessMethod === OID.ocsp) result.ocspUrls.push(url);
      }
      break;
    case OID.crlDistributionPoints:
      for (const point of AsnParser.parse(value, CRLDistributionPoints)) {
        for (const name of point.distributionPoint?.fullName ?? []) {
          if (name.uniformResourceIdentifier !== undefined) result.crlUrls.push(name.uniformResourceIdentifier);
        }
      }
      break;
    case OID.certificatePolicies:
      result.policies = AsnParser.parse(value, CertificatePolicies).map((policy) => policy.policyIdentifier);
      break;
  }
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
  return 'unsupported name';
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
  return name
    .map((rdn) => rdn.map((attribute) => `${ATTRIBUTE_NAMES[attribute.type] ?? attribute.type}=${attribute.value.toString()}`).join(' + '))
    .join(', ');
}
