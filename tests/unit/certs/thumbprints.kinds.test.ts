/**
 * sameThumbprint on garbage (issue 23): whatever a manifest, a log or a JSON answer holds, the
 * comparison says false and never throws, in either argument order.
 */
import { describe, expect, it } from 'vitest';
import { computeThumbprints, decodeThumbprint, sameThumbprint } from '../../../main/services/certs';

const t = computeThumbprints(Buffer.from('a certificate, as far as thumbprints care'));
const other = computeThumbprints(Buffer.from('another certificate'));

describe('sameThumbprint with garbage on one side', () => {
  const garbage: unknown[] = [
    '', ' ', "''", '""', '=', '====', '::::', '--', 'zz', 'not a thumbprint', '\u0000', '💥', 'x'.repeat(100_000),
    t.sha1.slice(1), `${t.sha1}0`, `${t.sha1Base64}=`, `${t.sha1Base64.replace(/=$/, '')}+_`,
    null, undefined, 42, {}, [], Buffer.from(t.sha1, 'hex'),
  ];
  it.each(garbage.map((value, index) => [index, value]))('garbage #%s is not the same as a valid thumbprint, either way round', (_index, value) => {
    for (const valid of [t.sha1, t.sha1Colon, t.sha1Base64, t.sha256, t.sha256Base64Url]) {
      expect(sameThumbprint(value, valid)).toBe(false);
      expect(sameThumbprint(valid, value)).toBe(false);
    }
    expect(sameThumbprint(value, value)).toBe(false);
    expect(decodeThumbprint(value)).toBeNull();
  });

  it('still matches one thumbprint across spellings and tells different ones apart', () => {
    expect(sameThumbprint(t.sha1Colon.toLowerCase(), t.sha1Base64)).toBe(true);
    expect(sameThumbprint(` "${t.sha1Base64Url}" `, t.sha1)).toBe(true);
    expect(sameThumbprint(t.sha256Base64Url, t.sha256.toLowerCase())).toBe(true);
    expect(sameThumbprint(t.sha1, other.sha1)).toBe(false);
    // The SHA-1 and the SHA-256 of one certificate are different thumbprints.
    expect(sameThumbprint(t.sha1, t.sha256)).toBe(false);
  });
});
