/**
 * Text that is not UTF-8. Notepad before Windows 10 1903, PowerShell 5's Set-Content and many
 * Windows tools save "ANSI": Windows-1252 in Western Europe and the Americas, where an "é" in a
 * display name is one byte (0xE9) that UTF-8 cannot read. Such bytes are converted from
 * Windows-1252 and the conversion is reported, or refused with the reason; never decoded into
 * U+FFFD replacement characters silently. (UTF-16 with a BOM is handled by the JSON reader.)
 */
import { ServiceError } from '../errors';

/** Byte values Windows-1252 leaves undefined: their presence means the text is something else. */
const UNDEFINED_IN_1252 = new Set([0x81, 0x8d, 0x8f, 0x90, 0x9d]);

export interface DecodedText {
  text: string;
  /** Set when the bytes were not UTF-8 and were read as Windows-1252. */
  converted: { encoding: 'windows-1252'; line: number; sample: string } | null;
}

function lineOf(bytes: Buffer, offset: number): number {
  let line = 1;
  for (let index = 0; index < offset; index += 1) if (bytes[index] === 0x0a) line += 1;
  return line;
}

/** Offset of the first byte sequence that is not valid UTF-8, or -1. */
function firstInvalidUtf8(bytes: Buffer): number {
  for (let index = 0; index < bytes.length; ) {
    const byte = bytes[index] as number;
    const length = byte < 0x80 ? 1 : byte >= 0xc2 && byte <= 0xdf ? 2 : byte >= 0xe0 && byte <= 0xef ? 3 : byte >= 0xf0 && byte <= 0xf4 ? 4 : 0;
    if (length === 0) return index;
    for (let next = 1; next < length; next += 1) if (((bytes[index + next] ?? 0) & 0xc0) !== 0x80) return index;
    index += length;
  }
  return -1;
}

/**
 * UTF-8 as it is, or Windows-1252 converted (with where the first such character was), or a
 * ServiceError (MANIFEST_ENCODING) saying why the bytes are neither.
 */
export function decodeUtf8OrWindows1252(bytes: Buffer, what: string): DecodedText {
  const invalid = firstInvalidUtf8(bytes);
  if (invalid < 0) return { text: bytes.toString('utf8'), converted: null };
  const line = lineOf(bytes, invalid);
  if (bytes.includes(0x00)) {
    throw new ServiceError('MANIFEST_ENCODING', `${what} is not UTF-8 text: it holds NUL bytes (line ${line}), as UTF-16 text saved without its byte order mark does. Save it again as UTF-8 (Notepad: Save as, Encoding UTF-8).`);
  }
  const undefinedByte = [...bytes].find((byte) => UNDEFINED_IN_1252.has(byte));
  if (undefinedByte !== undefined) {
    throw new ServiceError(
      'MANIFEST_ENCODING',
      `${what} is not UTF-8 text (line ${line}) and not Windows-1252 either (byte 0x${undefinedByte.toString(16).toUpperCase()} has no meaning there). Save it again as UTF-8 (Notepad: Save as, Encoding UTF-8).`,
    );
  }
  const text = new TextDecoder('windows-1252').decode(bytes);
  const lineText = text.split('\n')[line - 1] ?? '';
  const column = [...lineText].findIndex((char) => char.charCodeAt(0) > 0x7f);
  const sample = column < 0 ? '' : [...lineText].slice(Math.max(0, column - 12), column + 12).join('').trim();
  return { text, converted: { encoding: 'windows-1252', line, sample } };
}
