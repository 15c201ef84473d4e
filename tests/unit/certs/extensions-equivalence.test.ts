/**
 * The extension decoder (main/services/certs/extensions.ts, over the app's own DER reader) must
 * give exactly what the @peculiar/asn1-x509 schemas it replaced gave: same names, values and
 * order. The reference below is that previous implementation, kept here as an independent
 * decoder (the @peculiar packages stay installed). Compared on every root of Node's bundle,
 * every Microsoft fixture, the generated test PKI, and random well-formed extension values of
 * every kind (fast-check), including the rare shapes real certificates rarely carry.
 */
import { readFile } from 'node:fs/promises';
import { rootCertificates } from 'node:tls';
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
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadCertificateBytes } from '../../../main/services/certs';
import { TAG, derElement, derOid } from '../../../main/services/certs/asn1';
import { decodeExtensions, type DecodedExtensions } from '../../../main/services/certs/extensions';
import { readCertificateFields, type RawExtension } from '../../../main/services/certs/x509-der';
import { MICROSOFT_CA, fixtureFiles, usePki } from './pki-setup';

const pki = usePki();

// --- Reference: the @peculiar schema decoder this app used before ------------------------------

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

const KEY_USAGE_BITS = ['digitalSignature', 'nonRepudiation', 'keyEncipherment', 'dataEncipherment', 'keyAgreement', 'keyCertSign', 'cRLSign', 'encipherOnly', 'decipherOnly'];

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

function referenceDecode(extensions: RawExtension[]): DecodedExtensions {
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
      referenceApply(result, extension);
    } catch {
      // Left out, as the app does.
    }
  }
  // The schema decoder's lists are AsnArray subclasses (Array.prototype.map keeps the species):
  // compare contents as plain arrays, as they reach the renderer and the JSON output.
  for (const key of Object.keys(result) as (keyof DecodedExtensions)[]) {
    const value = result[key];
    if (Array.isArray(value)) Object.assign(result, { [key]: Array.from(value) });
  }
  return result;
}

function referenceApply(result: DecodedExtensions, { oid, value }: RawExtension): void {
  const hex = (buffer: ArrayBuffer): string => Buffer.from(buffer).toString('hex').toUpperCase();
  switch (oid) {
    case OID.basicConstraints: {
      const constraints = AsnParser.parse(value, BasicConstraints);
      result.isCA = constraints.cA;
      result.pathLength = constraints.cA && constraints.pathLenConstraint !== undefined ? constraints.pathLenConstraint : null;
      break;
    }
    case OID.keyUsage: {
      const bits = new Uint8Array(AsnParser.parse(value, KeyUsage).value);
      result.keyUsage = KEY_USAGE_BITS.filter((_, bit) => (((bits[bit >> 3] ?? 0) >> (7 - (bit & 7))) & 1) === 1);
      break;
    }
    case OID.extKeyUsage:
      result.extendedKeyUsage = AsnParser.parse(value, ExtendedKeyUsage).map((purpose) => EKU_NAMES[purpose] ?? purpose);
      break;
    case OID.subjectAltName:
      result.subjectAltNames = AsnParser.parse(value, SubjectAlternativeName).map(referenceGeneralName);
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

function referenceGeneralName(name: GeneralName): string {
  if (name.dNSName !== undefined) return `DNS:${name.dNSName}`;
  if (name.iPAddress !== undefined) return `IP Address:${referenceIp(name.iPAddress)}`;
  if (name.rfc822Name !== undefined) return `email:${name.rfc822Name}`;
  if (name.uniformResourceIdentifier !== undefined) return `URI:${name.uniformResourceIdentifier}`;
  if (name.directoryName !== undefined) return `DirName:${referenceName(name.directoryName)}`;
  if (name.registeredID !== undefined) return `Registered ID:${name.registeredID}`;
  if (name.otherName !== undefined) return `othername:${name.otherName.typeId}`;
  return 'unsupported name';
}

function referenceIp(address: string): string {
  if (!address.includes(':')) return address;
  const [left = '', right] = address.split('::');
  const head = left ? left.split(':') : [];
  const tail = right ? right.split(':') : [];
  const groups = right === undefined ? head : [...head, ...Array<string>(8 - head.length - tail.length).fill('0'), ...tail];
  return groups.map((group) => group.toUpperCase()).join(':');
}

function referenceName(name: Name): string {
  return name.map((rdn) => rdn.map((attribute) => `${ATTRIBUTE_NAMES[attribute.type] ?? attribute.type}=${attribute.value.toString()}`).join(' + ')).join(', ');
}

// --- Real certificates -----------------------------------------------------------------------

function pemToDer(pem: string): Buffer {
  return Buffer.from(pem.replace(/-----[^-]+-----|\s/g, ''), 'base64');
}

function expectSameDecoding(ders: Buffer[]): number {
  let extensionCount = 0;
  for (const der of ders) {
    const { extensions } = readCertificateFields(der);
    extensionCount += extensions.length;
    expect(decodeExtensions(extensions)).toStrictEqual(referenceDecode(extensions));
  }
  return extensionCount;
}

describe('extension decoding matches the @peculiar schema reference', () => {
  it("on every certificate of Node's root bundle", () => {
    const ders = rootCertificates.map(pemToDer);
    expect(ders.length).toBeGreaterThan(100);
    expect(expectSameDecoding(ders)).toBeGreaterThan(ders.length * 2);
  });

  it('on every Microsoft / DigiCert CA fixture', async () => {
    const ders: Buffer[] = [];
    for (const path of await fixtureFiles(MICROSOFT_CA)) {
      const loaded = loadCertificateBytes(await readFile(path), path);
      ders.push(...loaded.certificates.map((certificate) => Buffer.from(certificate.info.base64Der, 'base64')));
    }
    expect(ders.length).toBeGreaterThanOrEqual(30);
    expectSameDecoding(ders);
  });

  it('on the generated test PKI, with the values OpenSSL was asked for', () => {
    const certs = pki().certs;
    expectSameDecoding(Object.values(certs).map((certificate) => certificate.der));
    const leaf = decodeExtensions(readCertificateFields(certs.rsaLeaf.der).extensions);
    expect(leaf.subjectAltNames).toEqual([
      'DNS:ise01.example.test',
      'DNS:*.ise01.example.test',
      'IP Address:10.1.2.3',
      'IP Address:2001:DB8:0:0:0:0:0:1',
      'email:admin@ise01.example.test',
      'URI:https://ise01.example.test/',
    ]);
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
    expect(decodeExtensions(readCertificateFields(certs.bareRsa.der).extensions)).toStrictEqual(referenceDecode([]));
  });
});

// --- Random well-formed extension values ---------------------------------------------------

const el = (tag: number, ...content: Buffer[]): Buffer => derElement(tag, ...content);
const bytes = (maxLength = 24): fc.Arbitrary<Buffer> => fc.uint8Array({ maxLength }).map((array) => Buffer.from(array));

/** OIDs whose arcs fit a double exactly (the reference's asn1js is imprecise beyond). */
const oid: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...Object.keys(EKU_NAMES), ...Object.keys(ATTRIBUTE_NAMES), '2.5.29.32.0', '2.23.140.1.2.1', '1.3.6.1.4.1.311.21.7'),
  fc
    .tuple(fc.integer({ min: 0, max: 2 }), fc.nat({ max: 39 }), fc.array(fc.nat({ max: 2 ** 40 }), { maxLength: 6 }))
    .map(([first, second, rest]) => [first, first === 2 ? second * 1000 : second, ...rest].join('.')),
);

/** An attribute value of every string type the directory uses, plus others shown as hex. */
const attributeValue: fc.Arbitrary<Buffer> = fc.oneof(
  fc.tuple(fc.constantFrom(0x13, 0x14, 0x16), bytes()).map(([tag, content]) => el(tag, content)),
  fc.string({ unit: 'binary', maxLength: 12 }).map((text) => el(0x0c, Buffer.from(text, 'utf8'))),
  bytes().map((content) => el(0x0c, content)), // often not UTF-8
  fc.string({ unit: 'binary', maxLength: 8 }).map((text) => el(0x1e, Buffer.from(text, 'utf16le').swap16())),
  bytes().map((content) => el(0x1e, content)), // odd lengths do not decode
  fc.array(fc.integer({ min: 0, max: 0x10ffff }), { maxLength: 5 }).map((points) => el(0x1c, Buffer.concat(points.map((point) => Buffer.from([point >>> 24, (point >>> 16) & 0xff, (point >>> 8) & 0xff, point & 0xff]))))),
  fc.tuple(fc.constantFrom(0x12, 0x1a, 0x02, 0x04), bytes(8)).map(([tag, content]) => el(tag, content)),
);

/** The AttributeTypeAndValue items of one RelativeDistinguishedName. */
const rdnItems: fc.Arbitrary<Buffer[]> = fc
  .array(fc.tuple(oid, attributeValue), { minLength: 1, maxLength: 3 })
  .map((attributes) => attributes.map(([type, value]) => el(TAG.SEQUENCE, derOid(type), value)));

const name: fc.Arbitrary<Buffer> = fc.array(rdnItems, { maxLength: 4 }).map((rdns) => el(TAG.SEQUENCE, ...rdns.map((items) => el(TAG.SET, ...items))));

const generalName: fc.Arbitrary<Buffer> = fc.oneof(
  fc.tuple(fc.constantFrom(0x81, 0x82, 0x86), fc.oneof(fc.webUrl().map((text) => Buffer.from(text, 'latin1')), bytes())).map(([tag, content]) => el(tag, content)),
  fc.oneof(fc.constantFrom(4, 16), fc.nat({ max: 33 })).chain((length) => fc.uint8Array({ minLength: length, maxLength: length })).map((address) => el(0x87, Buffer.from(address))),
  fc.constantFrom(...[0, 1, 3, 7, 8, 15].map((zeroStart) => Buffer.from(Array.from({ length: 16 }, (_, i) => (i >= zeroStart && i < zeroStart + 6 ? 0 : i + 1))))).map((address) => el(0x87, address)),
  fc.constantFrom(Buffer.alloc(16), Buffer.alloc(8), Buffer.alloc(32)).map((address) => el(0x87, address)),
  fc.tuple(fc.uint8Array({ minLength: 16, maxLength: 16 }), fc.nat({ max: 128 })).map(([address, prefix]) => {
    const mask = Buffer.alloc(16);
    for (let bit = 0; bit < prefix; bit++) mask[bit >> 3] = (mask[bit >> 3] as number) | (0x80 >> (bit & 7));
    return el(0x87, Buffer.concat([Buffer.from(address).fill(0, 2, 10), mask]));
  }),
  name.map((encoded) => el(0xa4, encoded)),
  oid.map((value) => el(0x88, derOid(value).subarray(2))),
  fc.tuple(oid, bytes(8)).map(([type, value]) => el(0xa0, derOid(type), el(0xa0, el(TAG.OCTET_STRING, value)))),
  bytes(8).map((content) => el(0xa5, el(0x81, el(0x0c, content)))),
);

const generalNames = fc.array(generalName, { maxLength: 6 });

const extension: fc.Arbitrary<RawExtension> = fc.oneof(
  fc
    .tuple(fc.option(fc.boolean()), fc.option(fc.integer({ min: -0x800000, max: 0x7fffff })))
    .map(([cA, pathLen]) => {
      const items: Buffer[] = [];
      if (cA !== null) items.push(el(TAG.BOOLEAN, Buffer.from([cA ? 0xff : 0])));
      if (pathLen !== null) {
        const length = pathLen >= -0x80 && pathLen < 0x80 ? 1 : pathLen >= -0x8000 && pathLen < 0x8000 ? 2 : 3;
        const content = Buffer.alloc(length);
        content.writeIntBE(pathLen, 0, length);
        items.push(el(TAG.INTEGER, content));
      }
      return { oid: OID.basicConstraints, critical: true, value: el(TAG.SEQUENCE, ...items) };
    }),
  fc.tuple(fc.nat({ max: 7 }), bytes(3)).map(([unused, bits]) => ({ oid: OID.keyUsage, critical: true, value: el(TAG.BIT_STRING, Buffer.from([unused]), bits) })),
  fc.array(oid, { maxLength: 5 }).map((oids) => ({ oid: OID.extKeyUsage, critical: false, value: el(TAG.SEQUENCE, ...oids.map(derOid)) })),
  generalNames.map((names) => ({ oid: OID.subjectAltName, critical: false, value: el(TAG.SEQUENCE, ...names) })),
  bytes(32).map((keyId) => ({ oid: OID.subjectKeyId, critical: false, value: el(TAG.OCTET_STRING, keyId) })),
  fc.tuple(fc.option(bytes(32)), fc.option(generalNames), fc.option(bytes(8))).map(([keyId, issuer, serial]) => ({
    oid: OID.authorityKeyId,
    critical: false,
    value: el(
      TAG.SEQUENCE,
      ...(keyId === null ? [] : [el(0x80, keyId)]),
      ...(issuer === null ? [] : [el(0xa1, ...issuer)]),
      ...(serial === null ? [] : [el(0x82, Buffer.concat([Buffer.from([1]), serial]))]),
    ),
  })),
  fc
    .array(fc.tuple(fc.oneof(fc.constantFrom(OID.caIssuers, OID.ocsp), oid), generalName), { maxLength: 4 })
    .map((accesses) => ({ oid: OID.authorityInfoAccess, critical: false, value: el(TAG.SEQUENCE, ...accesses.map(([method, location]) => el(TAG.SEQUENCE, derOid(method), location))) })),
  fc
    .array(
      fc.tuple(
        fc.oneof(fc.constant(null), generalNames.map((names) => el(0xa0, el(0xa0, ...names))), rdnItems.map((items) => el(0xa0, el(0xa1, ...items)))),
        fc.option(fc.constant(el(0x81, Buffer.from([0x05, 0xa0])))),
        fc.option(generalNames.map((names) => el(0xa2, ...names))),
      ),
      { maxLength: 3 },
    )
    .map((points) => ({
      oid: OID.crlDistributionPoints,
      critical: false,
      value: el(TAG.SEQUENCE, ...points.map((parts) => el(TAG.SEQUENCE, ...parts.filter((part): part is Buffer => part !== null)))),
    })),
  fc
    .array(fc.tuple(oid, fc.option(fc.webUrl())), { maxLength: 4 })
    .map((policies) => ({
      oid: OID.certificatePolicies,
      critical: false,
      value: el(
        TAG.SEQUENCE,
        ...policies.map(([policy, cps]) =>
          el(TAG.SEQUENCE, derOid(policy), ...(cps === null ? [] : [el(TAG.SEQUENCE, el(TAG.SEQUENCE, derOid('1.3.6.1.5.5.7.2.1'), el(0x16, Buffer.from(cps, 'latin1'))))])),
        ),
      ),
    })),
);

describe('extension decoding matches the reference on random well-formed values', () => {
  it('for every extension kind, alone and together', () => {
    fc.assert(
      fc.property(fc.array(extension, { minLength: 1, maxLength: 6 }), (extensions) => {
        expect(decodeExtensions(extensions)).toStrictEqual(referenceDecode(extensions));
      }),
      { numRuns: 2000 },
    );
  });

  it('never throws on damaged extension values: the damaged extension is left out', () => {
    const kinds = Object.values(OID).filter((value) => value !== OID.caIssuers && value !== OID.ocsp);
    fc.assert(
      fc.property(fc.constantFrom(...kinds), bytes(64), (kind, value) => {
        const decoded = decodeExtensions([{ oid: kind, critical: false, value }]);
        expect(Object.keys(decoded)).toEqual(Object.keys(referenceDecode([])));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('where the new decoder deliberately differs', () => {
  it('reads a pathLenConstraint of four octets or more as a number (the schema decoder gave a string)', () => {
    const value = el(TAG.SEQUENCE, el(TAG.BOOLEAN, Buffer.from([0xff])), el(TAG.INTEGER, Buffer.from([0x01, 0x00, 0x00, 0x00])));
    expect(decodeExtensions([{ oid: OID.basicConstraints, critical: true, value }])).toMatchObject({ isCA: true, pathLength: 0x1000000 });
  });
});
