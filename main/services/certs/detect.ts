/**
 * What a file holds, from its bytes alone (extensions lie: a .crt may be DER, PEM, a PKCS#7
 * bundle or an HTML error page). Gives either the PEM blocks of a text or one DER object.
 */
import { ServiceError } from '../errors';
import { readTlv } from './asn1';
import { decodeBase64Strict, decodeText, findPemBlocks, hasPemArmour, type PemBlock } from './pem';

/** Certificate files are kilobytes; anything this big is the wrong file, and reading it would stall the app. */
export const MAX_INPUT_BYTES = 20 * 1024 * 1024;

export type DetectedInput = { format: 'pem'; blocks: PemBlock[] } | { format: 'der' | 'base64'; ders: Buffer[] };

export function tooLargeError(size: number): ServiceError {
  const megabytes = (size / 1024 / 1024).toFixed(1);
  return new ServiceError(
    'FILE_TOO_LARGE',
    `This file is ${megabytes} MB; certificate files are a few kilobytes (the limit is 20 MB). Choose the certificate file itself.`,
  );
}

export function detectInput(bytes: Buffer): DetectedInput {
  if (bytes.length > MAX_INPUT_BYTES) throw tooLargeError(bytes.length);
  if (bytes.every((byte) => byte === 0x20 || byte === 0x09 || byte === 0x0a || byte === 0x0d || byte === 0x00)) {
    throw new ServiceError('EMPTY_FILE', 'This file is empty. Export or download the certificate again.');
  }
  if (bytes[0] === 0x30) {
    try {
      readTlv(bytes);
      return { format: 'der', ders: [bytes] };
    } catch {
      // Not well-formed DER: it may still be text that happens to start with "0".
    }
  }
  const text = decodeText(bytes);
  if (hasPemArmour(text)) return { format: 'pem', blocks: findPemBlocks(text) };
  const html = htmlTitle(text);
  if (html !== null) {
    const titled = html ? ` ("${html}")` : '';
    throw new ServiceError(
      'HTML_NOT_CERTIFICATE',
      `This file is an HTML web page${titled}, not a certificate. It was probably saved from a browser error or redirect page; download the certificate again.`,
    );
  }
  const trimmed = text.trim();
  if (/^[A-Za-z0-9+/=\s]+$/.test(trimmed) && trimmed.length >= 16) {
    const ders = decodeBareBase64(trimmed);
    if (ders.every((der) => der[0] === 0x30)) return { format: 'base64', ders };
  }
  if (bytes[0] === 0x30) {
    throw new ServiceError(
      'TRUNCATED_DER',
      'This file looks like a binary (DER) certificate or container, but it is cut short or damaged. Download or export it again.',
    );
  }
  throw new ServiceError(
    'NOT_A_CERTIFICATE',
    'This file is not a certificate in any format this app reads (PEM, DER, single-line base64, PKCS#7 .p7b or PKCS#12 .pfx).',
  );
}

/**
 * A PEM body without armour: one object wrapped over lines, or one object per line (the
 * manifest `value` of several certificates, as this app's base64 export writes them).
 */
function decodeBareBase64(text: string): Buffer[] {
  const perLine = text.split(/\s*\n\s*/).map(decodeWholeObject);
  if (perLine.every((der): der is Buffer => der !== null)) return perLine;
  return [decodeBase64Strict(text, 'The base64 text')];
}

/** The line's bytes when they are exactly one complete DER object, else null. */
function decodeWholeObject(line: string): Buffer | null {
  try {
    const der = decodeBase64Strict(line, 'line');
    return readTlv(der).end === der.length ? der : null;
  } catch {
    return null;
  }
}

/** The page title ('' when untitled) if the text is an HTML document, otherwise null. */
function htmlTitle(text: string): string | null {
  const head = text.slice(0, 4096);
  if (!/^\s*(<!doctype html|<html[\s>]|<head[\s>]|<body[\s>]|<\?xml[^>]*>\s*<!doctype html)/i.test(head)) return null;
  const title = /<title[^>]*>([^<]{0,120})<\/title>/i.exec(head);
  return title ? (title[1] as string).trim().replace(/\s+/g, ' ') : '';
}
