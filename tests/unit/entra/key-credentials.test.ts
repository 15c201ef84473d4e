/**
 * The seed's PowerShell, reproduced: customKeyIdentifier = base64(GetCertHash()), value/key =
 * base64(GetRawCertData()), keyId = a new GUID — checked against OpenSSL on generated ISE
 * certificates, in both manifest formats.
 */
import { describe, expect, it } from 'vitest';
import type { GraphKeyCredential, LegacyKeyCredential } from '../../../preload/types/entra';
import { loadCertificateFile } from '../../../main/services/certs';
import { manifestDate, toKeyCredential, toPortalUpload } from '../../../main/services/entra';
import { openssl } from '../../support/pki';
import { opensslKeyValues, useIsePki } from './ise-pki';

const pki = useIsePki();
const V4_GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

async function infoOf(path: string) {
  const info = (await loadCertificateFile(path)).certificates[0]?.info;
  if (!info) throw new Error(`no certificate in ${path}`);
  return info;
}

describe('keyCredentials', () => {
  it.each(['pan', 'span', 'psnEc'] as const)('gives the %s certificate the values OpenSSL computes (legacy format)', async (name) => {
    const certificate = pki()[name];
    const expected = await opensslKeyValues(certificate);
    const entry = toKeyCredential(await infoOf(certificate.pemPath), 'legacy') as LegacyKeyCredential;
    expect(Object.keys(entry)).toEqual(['customKeyIdentifier', 'endDate', 'keyId', 'startDate', 'type', 'usage', 'value']);
    expect(entry.customKeyIdentifier).toBe(expected.thumbprint);
    expect(entry.customKeyIdentifier).toHaveLength(28);
    expect(entry.value).toBe(expected.value);
    expect(entry).toMatchObject({ type: 'AsymmetricX509Cert', usage: 'Verify' });
    expect(entry.keyId).toMatch(V4_GUID);
  });

  it('fills the Graph format from the certificate: key, displayName CN=..., start and end in the manifest date form', async () => {
    const { pan } = pki();
    const expected = await opensslKeyValues(pan);
    const entry = toKeyCredential(await infoOf(pan.derPath), 'graph') as GraphKeyCredential;
    expect(Object.keys(entry)).toEqual(['customKeyIdentifier', 'displayName', 'endDateTime', 'key', 'keyId', 'startDateTime', 'type', 'usage']);
    expect(entry).toMatchObject({ customKeyIdentifier: expected.thumbprint, key: expected.value, displayName: 'CN=ise-pan.example.test', type: 'AsymmetricX509Cert', usage: 'Verify' });
    const dates = (await openssl(['x509', '-in', pan.pemPath, '-noout', '-startdate', '-enddate'])).stdout.toString();
    const [notBefore, notAfter] = [/notBefore=(.+)/.exec(dates)?.[1], /notAfter=(.+)/.exec(dates)?.[1]].map((text) => new Date(text ?? ''));
    expect(entry.startDateTime).toBe(notBefore?.toISOString().replace('.000Z', 'Z'));
    expect(entry.endDateTime).toBe(notAfter?.toISOString().replace('.000Z', 'Z'));
    expect(entry.endDateTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/); // as the seed's "2019-01-22T11:41:01Z"
  });

  it('makes a new random keyId each time, or uses the one given', async () => {
    const info = await infoOf(pki().pan.pemPath);
    const ids = new Set(Array.from({ length: 20 }, () => toKeyCredential(info, 'graph').keyId));
    expect(ids.size).toBe(20);
    expect(toKeyCredential(info, 'legacy', 'eb7b1833-3240-4203-98a6-c3ccc6790d9d').keyId).toBe('eb7b1833-3240-4203-98a6-c3ccc6790d9d');
  });

  it('writes manifest dates in whole seconds, UTC', () => {
    expect(manifestDate('2019-01-22T11:41:01.000Z')).toBe('2019-01-22T11:41:01Z');
    expect(manifestDate('2099-12-31T23:59:59Z')).toBe('2099-12-31T23:59:59Z');
  });

  it('offers the .cer for the portal upload with the thumbprint the portal will show (OpenSSL SHA-1 fingerprint)', async () => {
    const { pan } = pki();
    const upload = toPortalUpload(await infoOf(pan.pemPath));
    expect(upload.portalThumbprint).toBe((await opensslKeyValues(pan)).sha1Hex);
    expect(upload.suggestedFileName).toBe('ise-pan.example.test.cer');
    expect(upload.pem.trim()).toBe(pan.pem.trim());
  });
});
