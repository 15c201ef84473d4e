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

/** The first certificate-like bytes whose SHA-1 base64 holds both "+" and "/" and SHA-256 base64url both "-" and "_". */
function thumbprintsWithEverySymbol(): ReturnType<typeof computeThumbprints> {
  for (let n = 0; ; n++) {
    const candidate = computeThumbprints(Buffer.from(`certificate ${n}`));
    if (/\+/.test(candidate.sha1Base64) && /\//.test(candidate.sha1Base64) && /-/.test(candidate.sha256Base64Url) && /_/.test(candidate.sha256Base64Url)) return candidate;
  }
}

describe('spellings by kind', () => {
  const s = thumbprintsWithEverySymbol();
  const sha1 = Buffer.from(s.sha1, 'hex');
  const sha256 = Buffer.from(s.sha256, 'hex');
  const sha256Base64 = sha256.toString('base64');

  it('reads base64 and base64url in both alphabets, with or without their one "=" of padding', () => {
    for (const text of [s.sha1Base64, s.sha1Base64.replace(/=$/, ''), s.sha1Base64Url, `${s.sha1Base64Url}=`]) expect(decodeThumbprint(text), text).toEqual(sha1);
    for (const text of [sha256Base64, sha256Base64.replace(/=$/, ''), s.sha256Base64Url, `${s.sha256Base64Url}=`]) expect(decodeThumbprint(text), text).toEqual(sha256);
  });

  it('refuses extra "=" however many, and lengths one character off', () => {
    for (const text of [`${s.sha1Base64}=`, `${s.sha1Base64}====`, `${s.sha1Base64Url}=====`, `${sha256Base64}=`, `${sha256Base64}====`, `${s.sha256Base64Url}=====`, `=${s.sha1Base64}`]) {
      expect(decodeThumbprint(text), text).toBeNull();
    }
    for (const text of [s.sha1Base64Url.slice(1), `A${s.sha1Base64Url}`, `${s.sha1Base64.slice(1)}`, s.sha256Base64Url.slice(1), `${s.sha256Base64Url}A`, `A${sha256Base64}`]) {
      expect(decodeThumbprint(text), text).toBeNull();
    }
  });

  it('refuses the two alphabets mixed, and trailing bits no encoder writes', () => {
    expect(decodeThumbprint(s.sha1Base64.replace('+', '-'))).toBeNull();
    expect(decodeThumbprint(s.sha256Base64Url.replace('_', '/'))).toBeNull();
    // The last character of 27 carries 2 bits past the 20 bytes, of 43 carries 2 past the 32: they must be zero.
    const bump = (text: string, at: number) => `${text.slice(0, at)}${String.fromCharCode(text.charCodeAt(at) + 1)}${text.slice(at + 1)}`;
    for (const text of [bump(s.sha1Base64, 26), bump(s.sha1Base64Url, 26), bump(sha256Base64, 42), bump(s.sha256Base64Url, 42)]) expect(decodeThumbprint(text), text).toBeNull();
  });

  it('strips one quote at either end, with the spaces inside them, and never a quote inside the value', () => {
    for (const text of [`"${s.sha1}"`, `'${s.sha1Colon}'`, `" ${s.sha1Base64} "`, `'\t${s.sha1Base64Url}'`, `"${s.sha1}`, `${s.sha1Base64}'`]) expect(decodeThumbprint(text), text).toEqual(sha1);
    for (const text of [`${s.sha1.slice(0, 20)}"${s.sha1.slice(20)}`, `${s.sha1Base64.slice(0, 10)}'${s.sha1Base64.slice(10)}`, `""${s.sha1}""`, `"'${s.sha256Base64Url}'"`]) {
      expect(decodeThumbprint(text), text).toBeNull();
    }
  });
});
