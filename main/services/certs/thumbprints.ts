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

const DIGEST_LENGTHS = new Set([20, 32]);

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
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(trimmed)) return null;
  if (/[+/]/.test(trimmed) && /[_-]/.test(trimmed)) return null;
  const unpadded = trimmed.replace(/=+$/, '');
  // 20 bytes are 27 characters unpadded (28 padded), 32 bytes are 43 (44 padded).
  if (unpadded.length !== 27 && unpadded.length !== 43) return null;
  const padding = trimmed.length - unpadded.length;
  if (padding !== 0 && (unpadded.length + padding) % 4 !== 0) return null;
  const bytes = Buffer.from(unpadded.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  // Reject non-canonical trailing bits so that one byte string has one spelling per alphabet.
  if (!DIGEST_LENGTHS.has(bytes.length) || bytes.toString('base64').replace(/=+$/, '') !== unpadded.replace(/-/g, '+').replace(/_/g, '/')) {
    return null;
  }
  return bytes;
}

/** True when both texts spell the same thumbprint bytes; false (never an exception) for anything else. */
export function sameThumbprint(a: unknown, b: unknown): boolean {
  const left = decodeThumbprint(a);
  const right = decodeThumbprint(b);
  return left !== null && right !== null && left.equals(right);
}
