/**
 * PKCS#12 (.pfx/.p12, RFC 7292) opened with node-forge's password-based crypto, walking the
 * bags ourselves: forge's own pkcs12FromAsn1 parses certificates with its RSA-only X.509
 * parser, hands back null for EC keys, and feeds one password string to both the PKCS#12 KDF
 * (BMPString) and PBKDF2 (which OpenSSL feeds UTF-8), so non-ASCII passwords would fail.
 *
 * Supported: OpenSSL 3 default (PBES2 PBKDF2/HMAC-SHA256 AES-256-CBC, SHA-256 MAC) and legacy
 * (pbeWithSHAAnd3-KeyTripleDES-CBC, pbeWithSHAAnd40BitRC2-CBC, SHA-1 MAC) as Windows and
 * older ISE write them. Keys come back as Node KeyObjects; certificates as raw DER.
 */
import { createHmac, createPrivateKey, timingSafeEqual, type KeyObject } from 'node:crypto';
import forge from 'node-forge';
import { ServiceError } from '../errors';
import { Asn1Error, TAG, children, contentBytes, decodeOid, decodeSmallInteger, elementBytes, expectTag, octetStringContent, readTlv, type Tlv } from './asn1';

export interface Pkcs12Contents {
  certificates: Buffer[];
  keys: KeyObject[];
}

const OID = {
  data: '1.2.840.113549.1.7.1',
  encryptedData: '1.2.840.113549.1.7.6',
  keyBag: '1.2.840.113549.1.12.10.1.1',
  shroudedKeyBag: '1.2.840.113549.1.12.10.1.2',
  certBag: '1.2.840.113549.1.12.10.1.3',
  safeContentsBag: '1.2.840.113549.1.12.10.1.6',
  x509Certificate: '1.2.840.113549.1.9.22.1',
  pbes2: '1.2.840.113549.1.5.13',
} as const;

const MAC_DIGESTS: Record<string, { node: string; forge: () => forge.md.MessageDigest; size: number }> = {
  '1.3.14.3.2.26': { node: 'sha1', forge: () => forge.md.sha1.create(), size: 20 },
  '2.16.840.1.101.3.4.2.1': { node: 'sha256', forge: () => forge.md.sha256.create(), size: 32 },
  '2.16.840.1.101.3.4.2.2': { node: 'sha384', forge: () => forge.md.sha384.create(), size: 48 },
  '2.16.840.1.101.3.4.2.3': { node: 'sha512', forge: () => forge.md.sha512.create(), size: 64 },
};

/** Far above any real exporter (OpenSSL 2048, Windows 2000-10000); bounds the time a damaged file can cost. */
const MAX_ITERATIONS = 1_000_000;

/** forge's PBE dispatcher is public at run time but missing from @types/node-forge. */
interface ForgePbe {
  getCipher(oid: string, params: forge.asn1.Asn1, password: string): forge.cipher.BlockCipher;
}
const pbe = (forge.pki as unknown as { pbe: ForgePbe }).pbe;

class WrongPassword extends Error {}

const unsupported = (what: string): ServiceError =>
  new ServiceError('PFX_UNSUPPORTED', `This .pfx file uses ${what}, which this app cannot open. Export it again with AES-256 or 3DES encryption.`);

export function openPkcs12(der: Buffer, password: string | undefined): Pkcs12Contents {
  try {
    return openParsed(der, password);
  } catch (error) {
    if (error instanceof ServiceError) throw error;
    if (error instanceof Asn1Error) {
      throw new ServiceError('INVALID_PKCS12', 'This .pfx file is damaged: its structure cannot be read. Export it again.', error.message);
    }
    throw error;
  }
}

function openParsed(der: Buffer, password: string | undefined): Pkcs12Contents {
  const [version, authSafe, macData] = children(expectTag(readTlv(der), TAG.SEQUENCE, 'a PFX'));
  if (decodeSmallInteger(expectTag(version, TAG.INTEGER, 'the PFX version')) !== 3) throw new Asn1Error('PFX version is not 3');
  const [contentType, content] = children(expectTag(authSafe, TAG.SEQUENCE, 'the authenticated safe'));
  if (decodeOid(expectTag(contentType, TAG.OID, 'a content type')) !== OID.data) {
    throw unsupported('public-key integrity protection');
  }
  const [wrapped] = children(expectTag(content, 0xa0, 'the [0] content'));
  if (!wrapped) throw new Asn1Error('empty authenticated safe');
  const authSafeBytes = octetStringContent(wrapped);

  // Without a password, try the two spellings of "empty" that exporters use.
  const candidates: (string | null)[] = password === undefined ? ['', null] : [password];
  const noPassword = password === undefined;
  let lastWrong: unknown;
  for (const candidate of candidates) {
    if (macData && !macVerifies(macData, authSafeBytes, candidate)) continue;
    try {
      return readAuthenticatedSafe(authSafeBytes, candidate);
    } catch (error) {
      if (!(error instanceof WrongPassword)) throw error;
      if (macData) {
        // The integrity check accepted the password, so the encrypted part itself is damaged.
        throw new ServiceError('INVALID_PKCS12', 'This .pfx file is damaged: the password is right but its content does not decrypt. Export it again.');
      }
      lastWrong = error;
    }
  }
  if (noPassword) {
    throw new ServiceError('PFX_PASSWORD_REQUIRED', 'This .pfx file is protected by a password. Enter the password it was exported with.');
  }
  throw new ServiceError('PFX_BAD_PASSWORD', 'The password does not open this .pfx file. Check it and try again.', lastWrong ? 'decryption failed' : 'integrity check (MAC) failed');
}

function macVerifies(macData: Tlv, authSafeBytes: Buffer, password: string | null): boolean {
  const [digestInfo, saltTlv, iterationsTlv] = children(expectTag(macData, TAG.SEQUENCE, 'MacData'));
  const [algorithm, digestTlv] = children(expectTag(digestInfo, TAG.SEQUENCE, 'the MAC digest'));
  const [oidTlv] = children(expectTag(algorithm, TAG.SEQUENCE, 'the MAC algorithm'));
  const oid = decodeOid(expectTag(oidTlv, TAG.OID, 'the MAC algorithm OID'));
  const digest = MAC_DIGESTS[oid];
  if (!digest) throw unsupported(`an integrity algorithm (${oid})`);
  const iterations = iterationsTlv ? decodeSmallInteger(iterationsTlv) : 1;
  checkIterations(iterations);
  const salt = forge.util.createBuffer(contentBytes(expectTag(saltTlv, TAG.OCTET_STRING, 'the MAC salt')).toString('binary'));
  const key = forge.pkcs12.generateKey(password, salt, 3, iterations, digest.size, digest.forge());
  const expected = contentBytes(expectTag(digestTlv, TAG.OCTET_STRING, 'the MAC value'));
  const actual = createHmac(digest.node, Buffer.from(key.getBytes(), 'binary')).update(authSafeBytes).digest();
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

function checkIterations(iterations: number): void {
  if (iterations < 1 || iterations > MAX_ITERATIONS) {
    throw new ServiceError('INVALID_PKCS12', `This .pfx file asks for ${iterations} key-derivation rounds, which no real export uses: it is damaged. Export it again.`);
  }
}

function readAuthenticatedSafe(bytes: Buffer, password: string | null): Pkcs12Contents {
  const result: Pkcs12Contents = { certificates: [], keys: [] };
  for (const contentInfo of children(expectTag(readTlv(bytes), TAG.SEQUENCE, 'AuthenticatedSafe'))) {
    const [typeTlv, wrapper] = children(expectTag(contentInfo, TAG.SEQUENCE, 'a ContentInfo'));
    const type = decodeOid(expectTag(typeTlv, TAG.OID, 'a content type'));
    const [inner] = wrapper ? children(expectTag(wrapper, 0xa0, 'the [0] content')) : [];
    if (!inner) continue;
    if (type === OID.data) {
      readSafeContents(octetStringContent(inner), password, result);
    } else if (type === OID.encryptedData) {
      readSafeContents(decryptEncryptedData(inner, password), password, result);
    } else {
      throw unsupported('certificate-based encryption (envelopedData)');
    }
  }
  return result;
}

function decryptEncryptedData(encryptedData: Tlv, password: string | null): Buffer {
  const [, info] = children(expectTag(encryptedData, TAG.SEQUENCE, 'EncryptedData'));
  const [, algorithm, encrypted] = children(expectTag(info, TAG.SEQUENCE, 'EncryptedContentInfo'));
  if (!algorithm || !encrypted) throw new Asn1Error('EncryptedContentInfo incomplete');
  // [0] IMPLICIT OCTET STRING: primitive (0x80) or, in BER, constructed of OCTET STRINGs (0xA0).
  const ciphertext = encrypted.tag === 0x80 ? contentBytes(encrypted) : Buffer.concat(children(encrypted).map(octetStringContent));
  return decrypt(algorithm, ciphertext, password);
}

function readSafeContents(bytes: Buffer, password: string | null, result: Pkcs12Contents): void {
  for (const bag of children(expectTag(readTlv(bytes), TAG.SEQUENCE, 'SafeContents'))) {
    const [idTlv, valueWrapper] = children(expectTag(bag, TAG.SEQUENCE, 'a SafeBag'));
    const id = decodeOid(expectTag(idTlv, TAG.OID, 'a bag type'));
    const [value] = children(expectTag(valueWrapper, 0xa0, 'the bag value'));
    if (!value) continue;
    switch (id) {
      case OID.certBag: {
        const [certType, certWrapper] = children(expectTag(value, TAG.SEQUENCE, 'a CertBag'));
        if (decodeOid(expectTag(certType, TAG.OID, 'a certificate type')) !== OID.x509Certificate) break;
        const [certValue] = children(expectTag(certWrapper, 0xa0, 'the certificate value'));
        if (certValue) result.certificates.push(Buffer.from(octetStringContent(certValue)));
        break;
      }
      case OID.keyBag:
        result.keys.push(privateKeyFromPkcs8(elementBytes(value)));
        break;
      case OID.shroudedKeyBag: {
        const [algorithm, encrypted] = children(expectTag(value, TAG.SEQUENCE, 'EncryptedPrivateKeyInfo'));
        if (!algorithm || !encrypted) throw new Asn1Error('EncryptedPrivateKeyInfo incomplete');
        result.keys.push(privateKeyFromPkcs8(decrypt(algorithm, octetStringContent(encrypted), password)));
        break;
      }
      case OID.safeContentsBag:
        readSafeContents(elementBytes(value), password, result);
        break;
      default:
        // CRL and secret bags carry nothing this app uses.
        break;
    }
  }
}

function privateKeyFromPkcs8(der: Buffer): KeyObject {
  try {
    return createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
  } catch (error) {
    throw new ServiceError('PFX_UNSUPPORTED', 'The private key in this .pfx file is of a kind this app cannot read.', (error as Error).message);
  }
}

/** Decrypts with the password spelled as each scheme expects: UTF-8 for PBES2, BMPString (via forge) for PKCS#12 PBE. */
function decrypt(algorithm: Tlv, ciphertext: Buffer, password: string | null): Buffer {
  const [oidTlv, params] = children(expectTag(algorithm, TAG.SEQUENCE, 'an encryption algorithm'));
  const oid = decodeOid(expectTag(oidTlv, TAG.OID, 'an encryption algorithm OID'));
  if (!params) throw new Asn1Error('encryption parameters missing');
  checkIterations(pbeIterations(oid, params));
  const secret = oid === OID.pbes2 ? forge.util.encodeUtf8(password ?? '') : password;
  let cipher: forge.cipher.BlockCipher;
  try {
    const forgeParams = forge.asn1.fromDer(forge.util.createBuffer(elementBytes(params).toString('binary')));
    cipher = pbe.getCipher(oid, forgeParams, secret as string);
  } catch {
    throw unsupported(`an encryption scheme (${oid})`);
  }
  let finished: boolean;
  try {
    cipher.update(forge.util.createBuffer(ciphertext.toString('binary')));
    finished = cipher.finish();
  } catch {
    finished = false;
  }
  if (!finished) throw new WrongPassword();
  const plain = Buffer.from(cipher.output.getBytes(), 'binary');
  // A wrong password (when there is no MAC to say so) decrypts to bytes that are not DER.
  try {
    readTlv(plain);
  } catch {
    throw new WrongPassword();
  }
  return plain;
}

/** Iteration count of PKCS#12 PBE params or PBES2/PBKDF2 params, read before any derivation runs. */
function pbeIterations(oid: string, params: Tlv): number {
  if (oid === OID.pbes2) {
    const [kdf] = children(expectTag(params, TAG.SEQUENCE, 'PBES2 parameters'));
    const [, kdfParams] = children(expectTag(kdf, TAG.SEQUENCE, 'the key derivation function'));
    const [, iterations] = children(expectTag(kdfParams, TAG.SEQUENCE, 'PBKDF2 parameters'));
    return decodeSmallInteger(expectTag(iterations, TAG.INTEGER, 'the PBKDF2 iteration count'));
  }
  const [, iterations] = children(expectTag(params, TAG.SEQUENCE, 'PBE parameters'));
  return decodeSmallInteger(expectTag(iterations, TAG.INTEGER, 'the PBE iteration count'));
}
