/**
 * oddSerial at its edges (issue 23): RFC 5280 4.1.2.2 allows a positive serial of at most 20
 * octets, and a leading 0x00 that only keeps the INTEGER positive does not count. The DER is
 * written here byte by byte (only the headers oddSerial reads), with short and long lengths,
 * with and without the [0] version, and cut or wrong where a reader must give up (null).
 * Real OpenSSL certificates with odd serials: tests/unit/hardening/keycred-warnings.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { oddSerial } from '../../../main/services/entra/ise-nodes';

/** DER length octets: short form under 128, else long form with as many octets as needed. */
function length(value: number): number[] {
  if (value < 0x80) return [value];
  const octets: number[] = [];
  for (let rest = value; rest > 0; rest = Math.floor(rest / 256)) octets.unshift(rest % 256);
  return [0x80 | octets.length, ...octets];
}
const tlv = (tag: number, content: number[]): number[] => [tag, ...length(content.length), ...content];

/** Certificate > TBSCertificate > [0] version (unless v1) > serial INTEGER > the rest (padding). */
function certificate(serial: number[], options: { version?: boolean; padding?: number } = {}): Buffer {
  const version = options.version === false ? [] : tlv(0xa0, tlv(0x02, [0x02]));
  const tbs = tlv(0x30, [...version, ...tlv(0x02, serial), ...tlv(0x04, new Array<number>(options.padding ?? 4).fill(0x41))]);
  return Buffer.from(tlv(0x30, tbs));
}
const bytes = (count: number, first = 0x01): number[] => [first, ...new Array<number>(count - 1).fill(0x22)];

describe('oddSerial', () => {
  it.each([
    ['one byte', [0x07]],
    ['20 bytes', bytes(20)],
    ['20 bytes after a 0x00 that keeps it positive', [0x00, ...bytes(20, 0x81)]],
    ['0x00 then one byte', [0x00, 0x80]],
  ])('accepts %s', (_label, serial) => {
    expect(oddSerial(certificate(serial))).toBeNull();
    expect(oddSerial(certificate(serial, { version: false }))).toBeNull();
  });

  it.each([
    ['negative', [0x80], 'is negative'],
    ['negative, long', bytes(5, 0xff), 'is negative'],
    ['zero', [0x00], 'is zero'],
    ['zero in several bytes', [0x00, 0x00, 0x00], 'is zero'],
    ['21 bytes', bytes(21), 'is 21 bytes long'],
    ['21 bytes after a 0x00', [0x00, ...bytes(21, 0x81)], 'is 21 bytes long'],
    ['32 bytes', bytes(32), 'is 32 bytes long'],
  ])('says a %s serial is odd', (_label, serial, reason) => {
    expect(oddSerial(certificate(serial))?.text).toBe(reason);
    expect(oddSerial(certificate(serial, { version: false }))?.text).toBe(reason);
  });

  it('reads long-form lengths of one and two octets (certificates over 127 and 255 bytes)', () => {
    for (const padding of [200, 70_000]) {
      expect(oddSerial(certificate(bytes(21), { padding }))).toEqual({ kind: 'long', bytes: 21, text: 'is 21 bytes long' });
      expect(oddSerial(certificate([0x80], { padding, version: false }))?.text).toBe('is negative');
    }
    // A three-octet length, to the reader's limit of four.
    expect(certificate([0x01], { padding: 70_000 })[1]).toBe(0x83);
  });

  it.each([
    ['empty', Buffer.alloc(0)],
    ['not a SEQUENCE', Buffer.from([0x31, 0x03, 0x02, 0x01, 0x05])],
    ['a TBS that is not a SEQUENCE', Buffer.from(tlv(0x30, tlv(0x31, tlv(0x02, [0x80]))))],
    ['no serial INTEGER', Buffer.from(tlv(0x30, tlv(0x30, tlv(0x04, [0x80]))))],
    ['an empty serial', Buffer.from(tlv(0x30, tlv(0x30, [0x02, 0x00])))],
    ['a length of five octets', Buffer.from([0x30, 0x85, 0, 0, 0, 0, 9, 0x30, 0x03, 0x02, 0x01, 0x80])],
    ['a long length of zero octets', Buffer.from([0x30, 0x80, 0x30, 0x03, 0x02, 0x01, 0x80])],
    ['a certificate cut after its headers', Buffer.from(tlv(0x30, tlv(0x30, [0xa0, 0x03, 0x02, 0x01, 0x02]))).subarray(0, 4)],
  ])('gives up (null) on %s', (_label, der) => {
    expect(oddSerial(der)).toBeNull();
  });
});
