/**
 * PEM text: decoding the file's text encoding, finding armoured blocks wherever they sit in
 * the text (bag attributes, `openssl x509 -text` output, blank lines), strict base64, and
 * writing PEM the way ISE imports it.
 */
import { ServiceError } from '../errors';

export interface PemBlock {
  /** The word(s) between BEGIN and the dashes, e.g. CERTIFICATE, PKCS7, EC PRIVATE KEY. */
  label: string;
  /** 0-based position among the blocks of the text. */
  index: number;
  /** Decoded body, or the error explaining why it could not be decoded. */
  result: { ok: true; der: Buffer } | { ok: false; error: ServiceError };
}

const BEGIN = /-----BEGIN ([A-Z0-9 #._-]{1,64})-----/g;

/**
 * Text of a file, honouring a UTF-8 BOM and UTF-16 LE/BE (with BOM, or recognisable by the
 * NUL bytes around "-----BEGIN"), as older Windows tools write "Base-64 encoded X.509".
 * Other bytes are read as Latin-1 so that binary input stays byte-for-byte searchable.
 */
export function decodeText(bytes: Buffer): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return bytes.subarray(3).toString('utf8');
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return bytes.subarray(2).toString('utf16le');
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return swapBytes(bytes.subarray(2)).toString('utf16le');
  const head = bytes.subarray(0, 256);
  if (head.includes(Buffer.from('-\0-\0-\0-\0-\0'))) {
    return bytes[0] === 0 ? swapBytes(bytes).toString('utf16le') : bytes.toString('utf16le');
  }
  return bytes.toString('latin1');
}

function swapBytes(bytes: Buffer): Buffer {
  const even = Buffer.from(bytes.subarray(0, bytes.length - (bytes.length % 2)));
  return even.swap16();
}

export function hasPemArmour(text: string): boolean {
  return text.includes('-----BEGIN ');
}

/** Every armoured block of the text, in order; a block without its END line is reported truncated. */
export function findPemBlocks(text: string): PemBlock[] {
  const starts = [...text.matchAll(BEGIN)];
  return starts.map((match, index) => {
    const label = match[1] as string;
    const bodyStart = (match.index ?? 0) + match[0].length;
    const nextBegin = starts[index + 1]?.index ?? text.length;
    const endMarker = `-----END ${label}-----`;
    const endAt = text.indexOf(endMarker, bodyStart);
    if (endAt < 0 || endAt > nextBegin) {
      return {
        label,
        index,
        result: {
          ok: false,
          error: new ServiceError(
            'TRUNCATED_PEM',
            `${describeBlock(label, index, starts.length)} has no "${endMarker}" line: the file was cut short. Copy or download the whole certificate again.`,
          ),
        },
      };
    }
    return { label, index, result: decodeBody(text.slice(bodyStart, endAt), describeBlock(label, index, starts.length)) };
  });
}

/** How messages name a block: "The CERTIFICATE block" alone, "Block 2 of 3 (CERTIFICATE)" in a bundle. */
export function describeBlock(label: string, index: number, total: number): string {
  return total === 1 ? `The ${label} block` : `Block ${index + 1} of ${total} (${label})`;
}

function decodeBody(body: string, what: string): PemBlock['result'] {
  // RFC 1421 headers (Proc-Type, DEK-Info) precede the base64 in legacy encrypted keys.
  const lines = body.split(/\r?\n|\r/).filter((line) => !line.includes(':'));
  try {
    return { ok: true, der: decodeBase64Strict(lines.join('\n'), what) };
  } catch (error) {
    return { ok: false, error: error as ServiceError };
  }
}

/**
 * Standard base64 with whitespace allowed, nothing else. Node's decoder silently skips bad
 * characters and missing padding, which would turn a damaged certificate into wrong bytes.
 */
export function decodeBase64Strict(text: string, what: string): Buffer {
  const bad = /[^A-Za-z0-9+/=\s]/.exec(text);
  if (bad) {
    const line = text.slice(0, bad.index).split('\n').length;
    const shown = JSON.stringify(bad[0]);
    throw new ServiceError(
      'INVALID_BASE64',
      `${what} contains ${shown} on line ${line}, which is not a base64 character: the text was altered. Copy the certificate again without editing it.`,
    );
  }
  const compact = text.replace(/\s/g, '');
  if (compact.length === 0) {
    throw new ServiceError('INVALID_BASE64', `${what} is empty between its BEGIN and END lines.`);
  }
  if (compact.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(compact)) {
    throw new ServiceError(
      'INVALID_BASE64',
      `${what} is damaged: its ${compact.length} base64 characters are not a whole number of 4-character groups, so part of it was lost or altered. Download the certificate again.`,
    );
  }
  return Buffer.from(compact, 'base64');
}

/** PEM as ISE's "BASE64" import and OpenSSL write it: 64-character lines, LF, final newline. */
export function toPem(der: Buffer, label = 'CERTIFICATE'): string {
  const body = der.toString('base64').replace(/.{64}/g, '$&\n').replace(/\n$/, '');
  return `-----BEGIN ${label}-----\n${body}\n-----END ${label}-----\n`;
}
