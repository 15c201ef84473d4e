/**
 * The one entry point for certificate input, from a path (dialog, CLI) or dropped bytes:
 * detect the format, take every certificate out, keep any private key in the vault, and
 * report what was skipped. A file with no usable certificate is a ServiceError saying what
 * the file is instead.
 */
import { createPrivateKey, createPublicKey, type KeyObject, type X509Certificate } from 'node:crypto';
import type { InputFormat, LoadedCertificate, LoadedFile, LoadedKey, LoadProblem, LoadResult } from '../../../preload/types/certs';
import { ServiceError, isServiceError } from '../errors';
import { readBoundedFile } from '../files';
import { describeCertificate, describeKey, parseCertificate } from './describe';
import { MAX_INPUT_BYTES, detectInput, tooLargeError } from './detect';
import type { KeyVault } from './key-vault';
import { describeBlock } from './pem';
import { extractPkcs7Certificates } from './pkcs7';
import { openPkcs12 } from './pkcs12';
import { certificateLength, classifyDer, type DerKind } from './x509-der';
import { certificateLabel } from '../../../preload/labels';

export interface LoadOptions {
  /** PFX password, or the passphrase of an encrypted private key next to certificates. */
  password?: string;
  /** The moment validity is judged against; defaults to the current time. */
  now?: Date;
  /** Where keys found in the input are kept; without a vault keys are reported but not kept. */
  vault?: KeyVault;
}

interface Piece {
  der: Buffer;
  /** PEM block position, null for a whole DER/base64 file. */
  blockIndex: number | null;
  /** PEM label, which tells encrypted legacy keys apart when the body is not DER. */
  label: string | null;
  /** How messages name this piece. */
  what: string;
}

interface Collected {
  certificates: { der: Buffer; parsed: X509Certificate }[];
  keys: KeyObject[];
  problems: { blockIndex: number | null; error: ServiceError }[];
  /** What to say about each key if the file turns out to hold no certificate. */
  keyRefusals: { blockIndex: number | null; error: ServiceError }[];
}

export function loadCertificateBytes(bytes: Buffer, file: string, options: LoadOptions = {}): LoadedFile {
  const detected = detectInput(bytes);
  const collected: Collected = { certificates: [], keys: [], problems: [], keyRefusals: [] };
  let format: InputFormat = detected.format;
  if (detected.format === 'pem') {
    for (const block of detected.blocks) {
      const total = detected.blocks.length;
      if (!block.result.ok) {
        collected.problems.push({ blockIndex: block.index, error: block.result.error });
        continue;
      }
      const what = total === 1 ? 'This file' : describeBlock(block.label, block.index, total);
      collect({ der: block.result.der, blockIndex: block.index, label: block.label, what }, options, collected);
    }
  } else {
    detected.ders.forEach((der, index) => {
      const single = detected.ders.length === 1;
      const what = single ? 'This file' : `Line ${index + 1}`;
      const kind = collect({ der, blockIndex: single ? null : index, label: null, what }, options, collected);
      if (single && (kind === 'pkcs7' || kind === 'pkcs12')) format = kind;
    });
  }
  if (collected.certificates.length === 0) {
    // Say what the file is instead, starting with its first block.
    const [first] = [...collected.keyRefusals, ...collected.problems].sort((a, b) => (a.blockIndex ?? 0) - (b.blockIndex ?? 0));
    throw first?.error ?? new ServiceError('NOT_A_CERTIFICATE', 'This file holds no certificate.');
  }
  return assemble(file, format, collected, options);
}

/** Reads a file from disk: only a regular file, and never past the size limit. */
export async function loadCertificateFile(path: string, options: LoadOptions = {}): Promise<LoadedFile> {
  const bytes = await readBoundedFile(path, { code: 'UNREADABLE_FILE', noun: 'certificate file', maxBytes: MAX_INPUT_BYTES, tooLarge: tooLargeError });
  return loadCertificateBytes(bytes, path, options);
}

/** Loads each file on its own: one bad file never hides the others. */
export async function loadCertificateFiles(paths: string[], options: LoadOptions = {}): Promise<LoadResult[]> {
  const results: LoadResult[] = [];
  for (const path of paths) {
    try {
      results.push(await loadCertificateFile(path, options));
    } catch (error) {
      if (!isServiceError(error)) throw error;
      const failure: LoadResult = { ok: false, file: path, error: { code: error.code, message: error.message } };
      if (error.details !== undefined) failure.error.details = error.details;
      results.push(failure);
    }
  }
  return results;
}

/** Takes what a piece holds into `collected`; returns what kind of object it was. */
function collect(piece: Piece, options: LoadOptions, collected: Collected): DerKind {
  const kind = classifyDer(piece.der);
  try {
    switch (kind) {
      case 'certificate': {
        const der = Buffer.from(piece.der.subarray(0, certificateLength(piece.der)));
        collected.certificates.push({ der, parsed: parseCertificate(der, piece.what) });
        break;
      }
      case 'pkcs7': {
        const certificates = extractPkcs7Certificates(piece.der);
        if (certificates.length === 0) {
          throw new ServiceError('P7B_EMPTY', `${piece.what} is a PKCS#7 (.p7b) bundle with no certificate in it. Export the bundle again with its certificates.`);
        }
        for (const der of certificates) collected.certificates.push({ der, parsed: parseCertificate(der, `A certificate in ${lower(piece.what)}`) });
        break;
      }
      case 'pkcs12': {
        const contents = openPkcs12(piece.der, options.password);
        if (contents.certificates.length === 0) {
          throw new ServiceError(
            'PFX_NO_CERTIFICATE',
            `${piece.what} is a .pfx holding ${contents.keys.length > 0 ? 'a private key but ' : ''}no certificate. Export it again including the certificate.`,
          );
        }
        for (const der of contents.certificates) collected.certificates.push({ der, parsed: parseCertificate(der, `A certificate in ${lower(piece.what)}`) });
        collected.keys.push(...contents.keys);
        break;
      }
      case 'private-key':
      case 'encrypted-private-key':
        collected.keys.push(readPrivateKey(piece, kind, options));
        collected.keyRefusals.push({ blockIndex: piece.blockIndex, error: notCertificate(piece, kind) });
        break;
      default:
        throw notCertificate(piece, kind);
    }
  } catch (error) {
    if (!isServiceError(error)) throw error;
    collected.problems.push({ blockIndex: piece.blockIndex, error });
  }
  return kind;
}

function lower(what: string): string {
  return what.charAt(0).toLowerCase() + what.slice(1);
}

/**
 * A key is kept only when it sits next to certificates (cert + key PEM, as ISE exports);
 * a key alone is reported as "not a certificate" once the file turns out to hold none.
 */
function readPrivateKey(piece: Piece, kind: DerKind, options: LoadOptions): KeyObject {
  const refusal = notCertificate(piece, kind);
  if (kind === 'encrypted-private-key' && options.password === undefined) throw refusal;
  const attempts = kind === 'encrypted-private-key' ? (['pkcs8'] as const) : (['pkcs8', 'pkcs1', 'sec1'] as const);
  for (const type of attempts) {
    try {
      return createPrivateKey({ key: piece.der, format: 'der', type, passphrase: options.password });
    } catch {
      // Try the next encoding.
    }
  }
  throw refusal;
}

function notCertificate(piece: Piece, kind: DerKind): ServiceError {
  const label = piece.label ?? '';
  if (kind === 'private-key' || kind === 'encrypted-private-key' || label.includes('PRIVATE KEY')) {
    return new ServiceError(
      'PRIVATE_KEY_NOT_CERTIFICATE',
      `${piece.what} is ${privateKeyKind(piece, kind)}, not a certificate. Load the certificate (.cer, .pem, .crt) or a .pfx holding both.`,
    );
  }
  const texts: Partial<Record<DerKind, [string, string]>> = {
    csr: ['CSR_NOT_CERTIFICATE', 'a certificate signing request (CSR), not a certificate. Submit it to your CA and load the certificate the CA sends back.'],
    crl: ['CRL_NOT_CERTIFICATE', "a certificate revocation list (CRL), not a certificate. Load the CA's certificate instead."],
    'public-key': ['PUBLIC_KEY_NOT_CERTIFICATE', 'a bare public key, not a certificate. Load the certificate that contains it.'],
  };
  const [code, text] = texts[kind] ?? [
    'NOT_A_CERTIFICATE',
    `not a certificate in any format this app reads${label ? ` (PEM label "${label}")` : ''}.`,
  ];
  return new ServiceError(code, `${piece.what} is ${text}`);
}

function privateKeyKind(piece: Piece, kind: DerKind): string {
  if (kind === 'encrypted-private-key' || piece.label === 'ENCRYPTED PRIVATE KEY') return 'an encrypted private key';
  for (const type of ['pkcs8', 'pkcs1', 'sec1'] as const) {
    try {
      const key = createPrivateKey({ key: piece.der, format: 'der', type });
      const { keyType } = describeKey(key);
      return keyType === 'rsa' ? 'an RSA private key' : keyType === 'ec' ? 'an EC private key' : `a private key (${keyType})`;
    } catch {
      // Try the next encoding.
    }
  }
  return 'a private key';
}

/** SubjectPublicKeyInfo DER of a private key's public half, or of a public key. */
function spki(key: KeyObject): Buffer {
  const publicKey = key.type === 'private' ? createPublicKey(key) : key;
  return publicKey.export({ type: 'spki', format: 'der' });
}

function assemble(file: string, format: InputFormat, collected: Collected, options: LoadOptions): LoadedFile {
  const now = options.now ?? new Date();
  // Only files with a key pay for exporting every certificate's public key.
  const certificateKeys = collected.keys.length === 0 ? [] : collected.certificates.map(({ parsed }) => {
    try {
      return spki(parsed.publicKey);
    } catch {
      return null;
    }
  });
  const keys: LoadedKey[] = [];
  const keyIdByCertificate = new Map<number, string | null>();
  for (const key of collected.keys) {
    const publicKey = spki(key);
    const index = certificateKeys.findIndex((certificateKey) => certificateKey !== null && certificateKey.equals(publicKey));
    const keyId = options.vault ? options.vault.put(key) : null;
    if (index >= 0 && !keyIdByCertificate.has(index)) keyIdByCertificate.set(index, keyId);
    keys.push({ keyId, ...describeKey(key), keyMatchesCertificate: index >= 0, certificateIndex: index >= 0 ? index : null });
  }
  const certificates: LoadedCertificate[] = collected.certificates.map(({ der, parsed }, index) => ({
    index,
    info: describeCertificate(der, now, parsed),
    hasPrivateKey: keyIdByCertificate.has(index),
    keyId: keyIdByCertificate.get(index) ?? null,
  }));
  const problems: LoadProblem[] = collected.problems.map(({ blockIndex, error }) => ({ code: error.code, message: error.message, blockIndex }));
  return { ok: true, file, format, certificates, keys, hasPrivateKey: keys.length > 0, problems };
}

/**
 * "holds 2 private keys: key 1 (RSA 2048) belongs to certificate 1 (ise-pan), key 2 (EC P-256)
 * belongs to no certificate in it" — null for a file with at most one key. A .pfx can carry
 * several keys; none is ever dropped silently.
 */
export function describeSeveralKeys(file: LoadedFile): string | null {
  if (file.keys.length < 2) return null;
  const parts = file.keys.map((key, index) => {
    const kind = key.keyType === 'ec' ? `EC ${key.curve ?? ''}`.trim() : `${key.keyType.toUpperCase()} ${key.keySize ?? ''}`.trim();
    const owner = key.certificateIndex === null ? null : file.certificates[key.certificateIndex];
    const name = owner ? certificateLabel(owner.info) : '';
    return `key ${index + 1} (${kind}) belongs to ${owner ? `certificate ${owner.index + 1} (${name})` : 'no certificate in it'}`;
  });
  return `holds ${file.keys.length} private keys: ${parts.join(', ')}`;
}
