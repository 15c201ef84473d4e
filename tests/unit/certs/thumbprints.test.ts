/**
 * One thumbprint, many spellings (DOMAIN.md): every spelling ISE, Entra, manifests and JWTs
 * use decodes to the same bytes, so a thumbprint quoted in an AADSTS error matches the
 * certificate whatever its form.
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeThumbprints, decodeThumbprint, loadCertificateFile, sameThumbprint } from '../../../main/services/certs';
import { MICROSOFT_CA } from './pki-setup';

describe('thumbprints', () => {
  it('computes every spelling of DigiCert Global Root G2 as DOMAIN.md and the PowerShell of the procedure give them', async () => {
    const info = (await loadCertificateFile(join(MICROSOFT_CA, 'digicert_global_root_g2.pem'))).certificates[0]?.info;
    const der = Buffer.from(info?.base64Der ?? '', 'base64');
    const sha1 = createHash('sha1').update(der).digest();
    expect(info?.thumbprints).toEqual({
      sha1: 'DF3C24F9BFD666761B268073FE06D1CC8D4F82A4',
      sha1Colon: 'DF:3C:24:F9:BF:D6:66:76:1B:26:80:73:FE:06:D1:CC:8D:4F:82:A4',
      sha1Base64: sha1.toString('base64'), // $base64Thumbprint = base64(GetCertHash())
      sha1Base64Url: sha1.toString('base64url'),
      sha256: createHash('sha256').update(der).digest('hex').toUpperCase(),
      sha256Base64Url: createHash('sha256').update(der).digest('base64url'),
    });
    expect(info?.thumbprints.sha1Base64).toBe('3zwk+b/WZnYbJoBz/gbRzI1PgqQ=');
    expect(info?.thumbprints.sha1Base64Url).toBe('3zwk-b_WZnYbJoBz_gbRzI1PgqQ');
  });

  it('decodes every spelling to the same 20 or 32 bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 64 }), (data) => {
        const t = computeThumbprints(Buffer.from(data));
        const sha1 = Buffer.from(t.sha1, 'hex');
        const spellings = [
          t.sha1, t.sha1.toLowerCase(), t.sha1Colon, t.sha1Colon.toLowerCase(), t.sha1Colon.replace(/:/g, ' '),
          t.sha1Base64, t.sha1Base64.replace(/=+$/, ''), t.sha1Base64Url, ` '${t.sha1}' `, `"${t.sha1Base64}"`,
        ];
        for (const spelling of spellings) expect(decodeThumbprint(spelling)?.equals(sha1)).toBe(true);
        const sha256 = Buffer.from(t.sha256, 'hex');
        for (const spelling of [t.sha256, t.sha256.toLowerCase(), t.sha256Base64Url, sha256.toString('base64')]) {
          expect(decodeThumbprint(spelling)?.equals(sha256)).toBe(true);
        }
        expect(sameThumbprint(t.sha1Colon, t.sha1Base64Url)).toBe(true);
        expect(sameThumbprint(t.sha256Base64Url, t.sha256)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('matches the AADSTS hex thumbprint against the manifest base64 one, and tells different ones apart', () => {
    expect(sameThumbprint('DF3C24F9BFD666761B268073FE06D1CC8D4F82A4', '3zwk+b/WZnYbJoBz/gbRzI1PgqQ=')).toBe(true);
    expect(sameThumbprint('df:3c:24:f9:bf:d6:66:76:1b:26:80:73:fe:06:d1:cc:8d:4f:82:a4', '3zwk-b_WZnYbJoBz_gbRzI1PgqQ')).toBe(true);
    expect(sameThumbprint('DF3C24F9BFD666761B268073FE06D1CC8D4F82A4', 'A8985D3A65E5E5C4B2D7D66D40C6DD2FB19C5436')).toBe(false);
    expect(sameThumbprint('DF3C24F9BFD666761B268073FE06D1CC8D4F82A4', 'not a thumbprint')).toBe(false);
  });

  it('returns null for anything that is not a SHA-1 or SHA-256 thumbprint', () => {
    for (const text of ['', 'null', 'DF3C24F9', 'DF3C24F9BFD666761B268073FE06D1CC8D4F82A4FF', 'ZZ3C24F9BFD666761B268073FE06D1CC8D4F82A4', '3zwk+b_WZnYbJoBz/gbRzI1PgqQ=', '3zwk+b/WZnYbJoBz/gbRzI1PgqR=', '3zwk+b/WZnYbJoBz/gbRzI1PgqQ===']) {
      expect(decodeThumbprint(text)).toBeNull();
    }
  });
});
