/**
 * A small BER/DER reader and DER writer: enough to recognise what a file is and walk PKCS#7 and
 * PKCS#12 containers, without handing whole structures to a parser that may reject them
 * (node-forge throws on EC certificates). Certificate fields and extensions are read with
 * @peculiar/asn1-x509 (x509-der.ts, extensions.ts).
 *
 * The reader accepts BER indefinite lengths because Windows and Java write PKCS#7/PKCS#12
 * that way. Every failure is an `Asn1Error`; callers turn it into a user-facing ServiceError.
 */

export class Asn1Error extends Error {
  override readonly name = 'Asn1Error';
}

export const TAG = {
  BOOLEAN: 0x01,
  INTEGER: 0x02,
  BIT_STRING: 0x03,
  OCTET_STRING: 0x04,
  NULL: 0x05,
  OID: 0x06,
  UTC_TIME: 0x17,
  GENERALIZED_TIME: 0x18,
  SEQUENCE: 0x30,
  SET: 0x31,
  CONSTRUCTED_OCTET_STRING: 0x24,
} as const;

export interface Tlv {
  /** The identifier octet (single-octet tags only: that is all X.509/PKCS use). */
  tag: number;
  /** Offset of the identifier octet in `bytes`. */
  start: number;
  /** Offset of the first content octet. */
  contentStart: number;
  /** Offset just past the content (before the end-of-contents octets of an indefinite form). */
  contentEnd: number;
  /** Offset just past the whole element. */
  end: number;
  bytes: Buffer;
}

/** Nesting deeper than this is not a real certificate container; it also bounds recursion. */
const MAX_DEPTH = 64;

export function isConstructed(tlv: Tlv): boolean {
  return (tlv.tag & 0x20) !== 0;
}

/** Reads the element that starts at `offset`. */
export function readTlv(bytes: Buffer, offset = 0, limit = bytes.length, depth = 0): Tlv {
  if (depth > MAX_DEPTH) throw new Asn1Error('ASN.1 nesting too deep');
  if (offset + 2 > limit) throw new Asn1Error('ASN.1 element cut short');
  const tag = bytes[offset] as number;
  if ((tag & 0x1f) === 0x1f) throw new Asn1Error('multi-byte ASN.1 tags are not used here');
  let pos = offset + 1;
  const first = bytes[pos++] as number;
  if (first === 0x80) {
    if ((tag & 0x20) === 0) throw new Asn1Error('indefinite length on a primitive element');
    // Indefinite length: children until the 00 00 end-of-contents marker.
    const contentStart = pos;
    for (;;) {
      if (pos + 2 > limit) throw new Asn1Error('indefinite-length element never ends');
      if (bytes[pos] === 0 && bytes[pos + 1] === 0) {
        return { tag, start: offset, contentStart, contentEnd: pos, end: pos + 2, bytes };
      }
      pos = readTlv(bytes, pos, limit, depth + 1).end;
    }
  }
  let length = first;
  if (first & 0x80) {
    const count = first & 0x7f;
    if (count > 4) throw new Asn1Error('ASN.1 length too large');
    if (pos + count > limit) throw new Asn1Error('ASN.1 length cut short');
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + (bytes[pos++] as number);
  }
  const contentEnd = pos + length;
  if (contentEnd > limit) throw new Asn1Error('ASN.1 element longer than its container');
  return { tag, start: offset, contentStart: pos, contentEnd, end: contentEnd, bytes };
}

/** The direct children of a constructed element. */
export function children(tlv: Tlv, depth = 0): Tlv[] {
  if (!isConstructed(tlv)) throw new Asn1Error('expected a constructed ASN.1 element');
  const result: Tlv[] = [];
  let pos = tlv.contentStart;
  while (pos < tlv.contentEnd) {
    const child = readTlv(tlv.bytes, pos, tlv.contentEnd, depth + 1);
    result.push(child);
    pos = child.end;
  }
  return result;
}

export function expectTag(tlv: Tlv | undefined, tag: number, what: string): Tlv {
  if (!tlv || tlv.tag !== tag) throw new Asn1Error(`expected ${what}`);
  return tlv;
}

/** The encoded element itself (identifier, length, content). */
export function elementBytes(tlv: Tlv): Buffer {
  return tlv.bytes.subarray(tlv.start, tlv.end);
}

export function contentBytes(tlv: Tlv): Buffer {
  return tlv.bytes.subarray(tlv.contentStart, tlv.contentEnd);
}

/** OCTET STRING content, joining the pieces of a BER constructed OCTET STRING. */
export function octetStringContent(tlv: Tlv): Buffer {
  if (tlv.tag === TAG.OCTET_STRING) return contentBytes(tlv);
  if (tlv.tag === TAG.CONSTRUCTED_OCTET_STRING) return Buffer.concat(children(tlv).map(octetStringContent));
  throw new Asn1Error('expected an OCTET STRING');
}

export function decodeOid(tlv: Tlv): string {
  expectTag(tlv, TAG.OID, 'an OBJECT IDENTIFIER');
  const content = contentBytes(tlv);
  if (content.length === 0) throw new Asn1Error('empty OBJECT IDENTIFIER');
  const parts: number[] = [];
  let value = 0;
  for (const byte of content) {
    value = value * 128 + (byte & 0x7f);
    if (value > Number.MAX_SAFE_INTEGER) throw new Asn1Error('OBJECT IDENTIFIER arc too large');
    if ((byte & 0x80) === 0) {
      if (parts.length === 0) {
        const first = value < 80 ? Math.floor(value / 40) : 2;
        parts.push(first, value - first * 40);
      } else {
        parts.push(value);
      }
      value = 0;
    }
  }
  if ((content[content.length - 1] as number) & 0x80) throw new Asn1Error('OBJECT IDENTIFIER cut short');
  return parts.join('.');
}

/** A non-negative INTEGER that fits a JS number (iteration counts, versions). */
export function decodeSmallInteger(tlv: Tlv): number {
  expectTag(tlv, TAG.INTEGER, 'an INTEGER');
  const content = contentBytes(tlv);
  if (content.length === 0 || content.length > 6 || ((content[0] as number) & 0x80) !== 0) {
    throw new Asn1Error('INTEGER out of range');
  }
  return content.readUIntBE(0, content.length);
}

// --- DER writer -----------------------------------------------------------------------------

function encodeLength(length: number): Buffer {
  if (length < 0x80) return Buffer.from([length]);
  const octets: number[] = [];
  for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) octets.unshift(rest & 0xff);
  return Buffer.from([0x80 | octets.length, ...octets]);
}

export function derElement(tag: number, ...content: Buffer[]): Buffer {
  const body = Buffer.concat(content);
  return Buffer.concat([Buffer.from([tag]), encodeLength(body.length), body]);
}

export function derOid(oid: string): Buffer {
  const arcs = oid.split('.').map(Number);
  const [a = 0, b = 0, ...rest] = arcs;
  const bytes: number[] = [];
  for (const arc of [a * 40 + b, ...rest]) {
    const chunk: number[] = [arc & 0x7f];
    for (let v = Math.floor(arc / 128); v > 0; v = Math.floor(v / 128)) chunk.unshift((v & 0x7f) | 0x80);
    bytes.push(...chunk);
  }
  return derElement(TAG.OID, Buffer.from(bytes));
}

export function derSmallInteger(value: number): Buffer {
  return derElement(TAG.INTEGER, Buffer.from([value]));
}
