/**
 * One thumbprint, many spellings (DOMAIN.md): ISE shows SHA-1 hex with colons, Entra and
 * AADSTS errors plain hex, the legacy manifest standard base64, JWT headers base64url.
 * Matching is always done on the decoded bytes.
 */
import { createHash } from 'node:crypto';
import type { Thumbprints } from '../../../preload/types/certs';

export function computeThumbprints(der: Buffer): Thumbprints {
  const sha1 = createHash('sha1').update(der).digest();
  const sha256 = createHash('sha256').update(der).digest();
  const sha1Hex = sha1.toString('hex').toUpperCase();
  return {
    sha1: sha1Hex,
    sha1Colon: sha1Hex.replace(/..(?!$)/g, '$&:'),
    sha1Base64: sha1.toString('base64'),
    sha1Base64Url: sha1.toString('base64url'),
    sha256: sha256.toString('hex').toUpperCase(),
    sha256Base64Url: sha256.toString('base64url'),
  };
}

/**
 * The bytes of a SHA-1 (20) or SHA-256 (32) thumbprint written in any spelling: hex with or
 * without colons/spaces/dashes in any case, standard base64 (with or without padding) or
 * base64url. Returns null for anything else. Quotes around the value (as copied out of
 * error texts and JSON) are ignored.
 */
export function decodeThumbprint(text: unknown): Buffer | null {
  // Values come out of JSON and log texts: anything that is not a string spells no thumbprint.
  if (typeof text !== 'string') return null;
  const trimmed = text.trim().replace(/^['"]|['"]$/g, '').trim();
  const hex = trimmed.replace(/[\s:-]/g, '');
  if (/^[0-9a-fA-F]+$/.test(hex) && (hex.length === 40 || hex.length === 64)) {
    return Buffer.from(hex, 'hex');
  }
  // 20 bytes are 27 base64 characters (28 with the one "=" of padding), 32 bytes are 43 (44).
  const base64 = /^([A-Za-z0-9+/_-]{27}|[A-Za-z0-9+/_-]{43})=?$/.exec(trimmed)?.[1];
  if (base64 === undefined || (/[+/]/.test(base64) && /[_-]/.test(base64))) return null;
  // Node decodes both alphabets. Rejecting non-canonical trailing bits gives one byte string one spelling per alphabet.
  const bytes = Buffer.from(base64, 'base64');
  return bytes.toString('base64url') === base64.replace(/\+/g, '-').replace(/\//g, '_') ? bytes : null;
}

/** True when both texts spell the same thumbprint bytes; false (never an exception) for anything else. */
export function sameThumbprint(a: unknown, b: unknown): boolean {
  const left = decodeThumbprint(a);
  const right = decodeThumbprint(b);
  return left !== null && right !== null && left.equals(right);
}
