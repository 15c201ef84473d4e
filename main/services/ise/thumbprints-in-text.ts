/**
 * Thumbprints written in Entra's error texts (DOMAIN.md "One thumbprint, many spellings"):
 * `Thumbprint of key used by client: 'HEX'`, `Configured keys: [Key0:Start=..., End=...,
 * Thumbprint=HEX-or-BASE64;...]` and `Found key 'Start=..., End=...'`. Spellings are decoded
 * to bytes so that they can be compared with certificates whatever the encoding.
 */
import type { ThumbprintInText, ThumbprintSource } from '../../../preload/types/diagnosis';
import { decodeThumbprint } from '../certs';

const KEY_USED = /Thumbprint of key used by client:\s*'?([^'\s,\]]*)'?/gi;
const CONFIGURED_KEY = /Key\d+\s*:\s*Start=([^,\]]*),\s*End=([^,\]]*),\s*Thumbprint=([^,;\]\s']*)/gi;
const FOUND_KEY = /Found key\s*'Start=([^,']*),\s*End=([^,']*)(?:,\s*Thumbprint=([^,']*))?'/gi;

function spelling(text: string, source: ThumbprintSource, start: string | null, end: string | null, file: string, line: number): ThumbprintInText {
  if (text === '') return { text, source, hex: null, encoding: 'none', start, end, file, line };
  const bytes = decodeThumbprint(text);
  const encoding = bytes === null ? 'unreadable' : /^[0-9a-f:\s-]+$/i.test(text) ? 'hex' : 'base64';
  return { text, source, hex: bytes ? bytes.toString('hex').toUpperCase() : null, encoding, start, end, file, line };
}

/** Every thumbprint (and found-key dates) in one line of text. */
export function extractThumbprints(text: string, file: string, line: number): ThumbprintInText[] {
  const found: ThumbprintInText[] = [];
  for (const match of text.matchAll(KEY_USED)) found.push(spelling(match[1] ?? '', 'key-used-by-client', null, null, file, line));
  for (const match of text.matchAll(CONFIGURED_KEY)) {
    found.push(spelling(match[3] ?? '', 'configured-key', (match[1] ?? '').trim(), (match[2] ?? '').trim(), file, line));
  }
  for (const match of text.matchAll(FOUND_KEY)) {
    found.push(spelling((match[3] ?? '').trim(), 'found-key', (match[1] ?? '').trim(), (match[2] ?? '').trim(), file, line));
  }
  return found;
}

/** Same source and same bytes (or same text when undecodable) is the same thumbprint. */
export function thumbprintKey(thumbprint: ThumbprintInText): string {
  return `${thumbprint.source}:${thumbprint.hex ?? `${thumbprint.text}|${thumbprint.start ?? ''}|${thumbprint.end ?? ''}`}`;
}
