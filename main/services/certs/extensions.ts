/**
 * Decodes the X.509 extensions an admin needs to see, straight from each extension's DER with
 * the small reader in asn1.ts (RFC 5280 4.2.1). This replaced @peculiar/asn1-x509 schemas, which
 * cost ~200 µs per certificate; tests/unit/certs/extensions-equivalence.test.ts keeps the two
 * giving the same output. An extension that does not decode is left out rather than failing
 * the whole certificate.
 */
import { Asn1Error, TAG, children, contentBytes, decodeOid, readTlv, type Tlv } from './asn1';
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

const DECODED = new Set<string>([
  OID.basicConstraints,
  OID.keyUsage,
  OID.extKeyUsage,
  OID.subjectAltName,
  OID.subjectKeyId,
  OID.authorityKeyId,
  OID.authorityInfoAccess,
  OID.crlDistributionPoints,
  OID.certificatePolicies,
]);

/** Context-specific tags of the GeneralName CHOICE (RFC 5280 4.2.1.6). */
const GN = {
  otherName: 0xa0,
  rfc822Name: 0x81,
  dNSName: 0x82,
  directoryName: 0xa4,
  uniformResourceIdentifier: 0x86,
  iPAddress: 0x87,
  registeredID: 0x88,
} as const;

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
      // A malformed optional extension must not hide the rest of the certificate. Each case
      // below reads the whole extension before it writes to `result`.
    }
  }
  return result;
}

function applyExtension(result: DecodedExtensions, { oid, value }: RawExtension): void {
  if (!DECODED.has(oid)) return;
  // The whole value must be well-formed, not only the parts shown: a damaged extension is left
  // out as a whole (as the schema decoder this replaced did), never shown half-read.
  checkNesting(readTlv(value));
  switch (oid) {
    case OID.basicConstraints: {
      const { cA, pathLen } = decodeBasicConstraints(value);
      result.isCA = cA;
      result.pathLength = cA && pathLen !== null ? pathLen : null;
      break;
    }
    case OID.keyUsage: {
      // Bit 0 is the most significant bit of the first octet (DER BIT STRING); the first
      // content octet counts the unused bits.
      const content = contentBytes(expect(readTlv(value), TAG.BIT_STRING, 'a BIT STRING'));
      if ((content[0] ?? 0) > 7) throw new Asn1Error('BIT STRING with more than 7 unused bits');
      const bits = content.subarray(1);
      result.keyUsage = KEY_USAGE_BITS.filter((_, bit) => (((bits[bit >> 3] ?? 0) >> (7 - (bit & 7))) & 1) === 1);
      break;
    }
    case OID.extKeyUsage:
      result.extendedKeyUsage = sequenceOf(value).map((purpose) => {
        const oidText = decodeOid(purpose);
        return EKU_NAMES[oidText] ?? oidText;
      });
      break;
    case OID.subjectAltName:
      result.subjectAltNames = sequenceOf(value).map((name) => formatGeneralName(decodeGeneralName(name)));
      break;
    case OID.subjectKeyId:
      result.subjectKeyIdentifier = hex(contentBytes(expect(readTlv(value), TAG.OCTET_STRING, 'an OCTET STRING')));
      break;
    case OID.authorityKeyId: {
      // SEQUENCE { keyIdentifier [0] IMPLICIT OCTET STRING OPTIONAL, authorityCertIssuer [1] IMPLICIT GeneralNames OPTIONAL, serial [2] OPTIONAL }
      let keyId: string | null = null;
      for (const part of children(expect(readTlv(value), TAG.SEQUENCE, 'a SEQUENCE'))) {
        if (part.tag === 0x80) keyId = hex(contentBytes(part));
        else if (part.tag === 0xa1) for (const name of children(part)) decodeGeneralName(name);
      }
      result.authorityKeyIdentifier = keyId;
      break;
    }
    case OID.authorityInfoAccess: {
      const issuers: string[] = [];
      const ocsp: string[] = [];
      for (const access of sequenceOf(value)) {
        // AccessDescription ::= SEQUENCE { accessMethod OID, accessLocation GeneralName }
        const [method, location] = children(expect(access, TAG.SEQUENCE, 'an AccessDescription'));
        const accessMethod = decodeOid(expect(method, TAG.OID, 'an access method'));
        if (!location) throw new Asn1Error('AccessDescription without a location');
        const name = decodeGeneralName(location);
        if (name.kind !== 'URI') continue;
        if (accessMethod === OID.caIssuers) issuers.push(name.text);
        else if (accessMethod === OID.ocsp) ocsp.push(name.text);
      }
      result.aiaIssuers.push(...issuers);
      result.ocspUrls.push(...ocsp);
      break;
    }
    case OID.crlDistributionPoints: {
      const urls: string[] = [];
      for (const point of sequenceOf(value)) {
        // DistributionPoint ::= SEQUENCE { distributionPoint [0] EXPLICIT DistributionPointName OPTIONAL,
        //   reasons [1] IMPLICIT ReasonFlags OPTIONAL, cRLIssuer [2] IMPLICIT GeneralNames OPTIONAL }
        for (const part of children(expect(point, TAG.SEQUENCE, 'a DistributionPoint'))) {
          if (part.tag === 0xa2) for (const name of children(part)) decodeGeneralName(name);
          if (part.tag !== 0xa0) continue;
          // DistributionPointName ::= CHOICE { fullName [0] IMPLICIT GeneralNames, nameRelativeToCRLIssuer [1] IMPLICIT RDN }
          const [pointName] = children(part);
          if (pointName?.tag === 0xa1) decodeRdn(pointName);
          if (pointName?.tag !== 0xa0) continue;
          for (const item of children(pointName)) {
            const name = decodeGeneralName(item);
            if (name.kind === 'URI') urls.push(name.text);
          }
        }
      }
      result.crlUrls.push(...urls);
      break;
    }
    case OID.certificatePolicies:
      // PolicyInformation ::= SEQUENCE { policyIdentifier OID, policyQualifiers SEQUENCE OPTIONAL }
      result.policies = sequenceOf(value).map((policy) => {
        const [identifier] = children(expect(policy, TAG.SEQUENCE, 'a PolicyInformation'));
        return decodeOid(expect(identifier, TAG.OID, 'a policy identifier'));
      });
      break;
  }
}

/** Reads every constructed element down to the leaves; throws an Asn1Error on the first bad one. */
function checkNesting(tlv: Tlv, depth = 0): void {
  if ((tlv.tag & 0x20) === 0) return;
  for (const child of children(tlv, depth)) checkNesting(child, depth + 1);
}

function expect(tlv: Tlv | undefined, tag: number, what: string): Tlv {
  if (tlv?.tag !== tag) throw new Asn1Error(`expected ${what}`);
  return tlv;
}

/** The items of the SEQUENCE OF that makes up an extension value. */
function sequenceOf(value: Buffer): Tlv[] {
  return children(expect(readTlv(value), TAG.SEQUENCE, 'a SEQUENCE'));
}

/**
 * BasicConstraints ::= SEQUENCE { cA BOOLEAN DEFAULT FALSE, pathLenConstraint INTEGER OPTIONAL }.
 * Read as tolerantly as the schema decoder it replaced: any non-zero octet is TRUE, elements
 * after these two are ignored.
 */
function decodeBasicConstraints(value: Buffer): { cA: boolean; pathLen: number | null } {
  const items = children(expect(readTlv(value), TAG.SEQUENCE, 'a SEQUENCE'));
  let index = 0;
  let cA = false;
  if (items[index]?.tag === TAG.BOOLEAN) cA = contentBytes(items[index++] as Tlv).some((octet) => octet !== 0);
  const pathLen = items[index]?.tag === TAG.INTEGER ? signedInteger(contentBytes(items[index] as Tlv)) : null;
  return { cA, pathLen };
}

/** Two's-complement INTEGER content as a number (an empty content reads as 0). */
function signedInteger(content: Buffer): number {
  if (content.length === 0) return 0;
  if (content.length <= 6) return content.readIntBE(0, content.length);
  let value = BigInt.asIntN(content.length * 8, BigInt(`0x${content.toString('hex')}`));
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) value = BigInt(Number.MAX_SAFE_INTEGER);
  if (value < BigInt(Number.MIN_SAFE_INTEGER)) value = BigInt(Number.MIN_SAFE_INTEGER);
  return Number(value);
}

function hex(bytes: Buffer): string {
  return bytes.toString('hex').toUpperCase();
}

type GeneralName =
  | { kind: 'DNS' | 'email' | 'URI'; text: string }
  | { kind: 'IP'; bytes: Buffer }
  | { kind: 'DirName'; rdns: string[][] }
  | { kind: 'RegisteredID' | 'othername'; oid: string };

/** One GeneralName; IA5String bytes are read one octet per character, as ASN.1 decoders do. */
function decodeGeneralName(tlv: Tlv): GeneralName {
  switch (tlv.tag) {
    case GN.dNSName:
      return { kind: 'DNS', text: contentBytes(tlv).toString('latin1') };
    case GN.rfc822Name:
      return { kind: 'email', text: contentBytes(tlv).toString('latin1') };
    case GN.uniformResourceIdentifier:
      return { kind: 'URI', text: contentBytes(tlv).toString('latin1') };
    case GN.iPAddress:
      return { kind: 'IP', bytes: contentBytes(tlv) };
    case GN.registeredID:
      return { kind: 'RegisteredID', oid: decodeOid({ ...tlv, tag: TAG.OID }) };
    case GN.directoryName: {
      // [4] EXPLICIT Name
      const [name] = children(tlv);
      return { kind: 'DirName', rdns: decodeName(expect(name, TAG.SEQUENCE, 'a Name')) };
    }
    case GN.otherName: {
      // [0] IMPLICIT SEQUENCE { type-id OID, value [0] EXPLICIT ANY }
      const [typeId, value] = children(tlv);
      const oid = decodeOid(expect(typeId, TAG.OID, 'an otherName type'));
      expect(value, 0xa0, 'an otherName value');
      return { kind: 'othername', oid };
    }
    default:
      // x400Address [3] and ediPartyName [5] included: the schema decoder this replaced never
      // read them either, so a name list holding one is left out as a whole, as before.
      throw new Asn1Error('unsupported GeneralName');
  }
}

/** OpenSSL's spelling (`openssl x509 -ext subjectAltName`), so admins can compare outputs. */
function formatGeneralName(name: GeneralName): string {
  switch (name.kind) {
    case 'DNS':
    case 'email':
    case 'URI':
      return `${name.kind}:${name.text}`;
    case 'IP':
      return `IP Address:${formatIp(name.bytes)}`;
    case 'DirName':
      return `DirName:${name.rdns.map((rdn) => rdn.join(' + ')).join(', ')}`;
    case 'RegisteredID':
      return `Registered ID:${name.oid}`;
    case 'othername':
      return `othername:${name.oid}`;
  }
}

/**
 * IPv4 dotted; IPv6 as OpenSSL writes it, eight uppercase groups without leading zeros and
 * without "::" compression. Other lengths keep the spelling of the decoder this replaced
 * (address/prefix for the 8- and 32-octet name-constraint form, else lowercase hex).
 */
function formatIp(bytes: Buffer): string {
  if (bytes.length === 4) return bytes.join('.');
  if (bytes.length === 16) return ipv6Groups(bytes).join(':').toUpperCase();
  if (bytes.length === 8 || bytes.length === 32) {
    const half = bytes.length / 2;
    let prefix = 0;
    for (const octet of bytes.subarray(half)) for (let bit = octet; bit > 0; bit >>= 1) prefix += bit & 1;
    if (bytes.length === 8) return `${bytes.subarray(0, half).join('.')}/${prefix}`;
    return expandCompressed(`${compressIpv6(ipv6Groups(bytes.subarray(0, half)))}/${prefix}`);
  }
  return bytes.toString('hex');
}

function ipv6Groups(bytes: Buffer): string[] {
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(bytes.readUInt16BE(i).toString(16));
  return groups;
}

/** "::" for the longest run (two groups or more) of zero groups, the first one on a tie. */
function compressIpv6(groups: string[]): string {
  let bestStart = -1;
  let bestLength = 0;
  for (let i = 0; i < groups.length; ) {
    if (groups[i] !== '0') {
      i++;
      continue;
    }
    let end = i;
    while (groups[end] === '0') end++;
    if (end - i > bestLength) [bestStart, bestLength] = [i, end - i];
    i = end;
  }
  if (bestLength < 2) return groups.join(':');
  return `${groups.slice(0, bestStart).join(':')}::${groups.slice(bestStart + bestLength).join(':')}`;
}

/** The expansion the previous decoder applied to what it had compressed (kept for identical output). */
function expandCompressed(address: string): string {
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

/** Name ::= SEQUENCE OF RelativeDistinguishedName, each attribute as `CN=value`. */
function decodeName(name: Tlv): string[][] {
  return children(name).map((rdn) => decodeRdn(expect(rdn, TAG.SET, 'a RelativeDistinguishedName')));
}

/** RelativeDistinguishedName ::= SET OF SEQUENCE { type OID, value ANY } (the SET or an implicit tag of it). */
function decodeRdn(rdn: Tlv): string[] {
  return children(rdn).map((attribute) => {
    const [type, value] = children(expect(attribute, TAG.SEQUENCE, 'an AttributeTypeAndValue'));
    const oid = decodeOid(expect(type, TAG.OID, 'an attribute type'));
    if (!value) throw new Asn1Error('attribute without a value');
    return `${ATTRIBUTE_NAMES[oid] ?? oid}=${attributeText(value)}`;
  });
}

const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Directory string value as text; a value of another type is shown as the hex of its encoding. */
function attributeText(value: Tlv): string {
  const content = contentBytes(value);
  switch (value.tag) {
    case 0x13: // PrintableString
    case 0x14: // TeletexString
    case 0x16: // IA5String
      return content.toString('latin1');
    case 0x0c: // UTF8String; invalid UTF-8 is shown one octet per character
      try {
        return UTF8.decode(content);
      } catch {
        return content.toString('latin1');
      }
    case 0x1e: {
      // BMPString: UTF-16BE
      if (content.length % 2 !== 0) throw new Asn1Error('BMPString of odd length');
      let text = '';
      for (let i = 0; i < content.length; i += 2) text += String.fromCharCode(content.readUInt16BE(i));
      return text;
    }
    case 0x1c: {
      // UniversalString: UCS-4BE, of which the previous decoder kept the low 16 bits.
      if (content.length % 4 !== 0) throw new Asn1Error('UniversalString length not a multiple of 4');
      let text = '';
      for (let i = 0; i < content.length; i += 4) text += String.fromCharCode(content.readUInt16BE(i + 2));
      return text;
    }
    default:
      return value.bytes.subarray(value.start, value.end).toString('hex');
  }
}
