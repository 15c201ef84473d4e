/**
 * Manifest key kinds the older tests let through (issue 23): keys that start in the future or
 * end exactly now, a certificate held only in a legacy entry's `value`, and junk in `key`.
 * Inputs are manifest texts; outputs are what the editor shows and what the merge adds.
 */
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { NodeCertificate } from '../../../preload/types/entra';
import { loadCertificateFile } from '../../../main/services/certs';
import { checkIseNodes, describeManifest, mergeKeyCredentials, parseManifest } from '../../../main/services/entra';
import { graphEntry, graphManifest, legacyManifestFromSeed, SEED_KEY_CREDENTIALS_SAMPLE } from '../../support/manifests';
import { MICROSOFT_CA } from '../../support/fixture-paths';

const NOW = new Date('2026-11-26T12:00:00Z');
const KEY_ID = '3c3f1b7e-9a55-4d0e-8f7a-2b1c0d9e8f7a';
let node: NodeCertificate;

beforeAll(async () => {
  // Any real certificate serves as "the ISE node's certificate" for recognising it in a manifest.
  const file = await loadCertificateFile(join(MICROSOFT_CA, 'digicert_global_root_g2.pem'), { now: NOW });
  [node] = checkIseNodes([{ name: 'ise-pan', role: 'other', file }], { now: NOW }) as [NodeCertificate];
});

const legacyManifest = (entries: Record<string, unknown>[]): string =>
  legacyManifestFromSeed().replace(SEED_KEY_CREDENTIALS_SAMPLE, `  "keyCredentials": ${JSON.stringify(entries, null, 2)},`);
const legacyEntry = (extra: Record<string, unknown>): Record<string, unknown> => ({
  customKeyIdentifier: null,
  endDate: '2027-01-01T00:00:00Z',
  keyId: KEY_ID,
  startDate: '2026-01-01T00:00:00Z',
  type: 'AsymmetricX509Cert',
  usage: 'Verify',
  value: null,
  ...extra,
});
const graphWith = (options: { start?: string; end?: string; key?: string | null; sha1Hex?: string | null }): string =>
  graphManifest([
    graphEntry({ sha1Hex: options.sha1Hex ?? null, displayName: 'CN=someone', keyId: KEY_ID, start: options.start ?? '2026-01-01T00:00:00Z', end: options.end ?? '2027-01-01T00:00:00Z', key: options.key ?? null }),
  ]);
const entriesOf = (text: string, now = NOW) => describeManifest('manifest.json', parseManifest(text), [node], now).entries;

describe('key dates against the clock', () => {
  it.each([
    ['starts in the future', { start: '2026-11-26T12:00:01Z' }, 'not-yet-valid'],
    ['starts exactly now', { start: '2026-11-26T12:00:00Z' }, 'valid'],
    ['ends exactly now', { end: '2026-11-26T12:00:00Z' }, 'valid'],
    ['ended a second ago', { end: '2026-11-26T11:59:59Z' }, 'expired'],
    ['has an unreadable end date', { end: 'next year' }, 'unknown'],
    ['has an unreadable start date', { start: 'soon' }, 'unknown'],
  ] as const)('a Graph key that %s is %s', (_label, dates, status) => {
    const [entry] = entriesOf(graphWith(dates));
    expect(entry).toMatchObject({ status, checkedAt: NOW.toISOString(), keyId: KEY_ID });
  });

  it('reads the legacy startDate/endDate the same way', () => {
    const [future, endsNow] = entriesOf(legacyManifest([legacyEntry({ startDate: '2027-01-01T00:00:00Z', endDate: '2028-01-01T00:00:00Z' }), legacyEntry({ endDate: '2026-11-26T12:00:00Z' })]));
    expect([future?.status, endsNow?.status]).toEqual(['not-yet-valid', 'valid']);
    expect(future).toMatchObject({ startDate: '2027-01-01T00:00:00Z', endDate: '2028-01-01T00:00:00Z' });
  });
});

describe('a certificate held only in a legacy entry\'s value', () => {
  it('is recognised by its bytes: shown with its SHA-1 and node, and not added again', () => {
    const text = legacyManifest([legacyEntry({ value: node.certificate.base64Der })]);
    const [entry] = entriesOf(text);
    expect(entry).toMatchObject({ hasCertificate: true, sha1: node.certificate.thumbprints.sha1, customKeyIdentifier: null, nodes: ['ise-pan'] });
    const merged = mergeKeyCredentials(parseManifest(text), [node], { now: NOW, newKeyId: () => 'not-used' });
    expect(merged.diff.added).toEqual([]);
    expect(merged.diff.alreadyRegistered).toEqual([expect.objectContaining({ nodes: ['ise-pan'], index: 0, keyId: KEY_ID, matchedBy: 'certificate' })]);
  });

  it('is recognised with the base64 wrapped over lines, as some editors save it', () => {
    const wrapped = node.certificate.base64Der.replace(/.{64}/g, '$&\n');
    const [entry] = entriesOf(legacyManifest([legacyEntry({ value: wrapped })]));
    expect(entry).toMatchObject({ hasCertificate: true, nodes: ['ise-pan'] });
  });
});

describe('junk in key', () => {
  it.each([
    ['not base64 at all', 'this is not a certificate!'],
    ['base64 with junk around it', `<${'QUJD'.repeat(20)}>`],
    ['an empty string', ''],
  ])('a key that is %s carries no certificate, and the node is added', (_label, key) => {
    const text = graphWith({ key });
    const [entry] = entriesOf(text);
    expect(entry).toMatchObject({ hasCertificate: false, sha1: null, nodes: [] });
    const merged = mergeKeyCredentials(parseManifest(text), [node], { now: NOW, newKeyId: () => 'new-key-id' });
    expect(merged.diff.added.map((added) => [added.nodes, added.sha1])).toEqual([[['ise-pan'], node.certificate.thumbprints.sha1]]);
    expect(merged.diff.alreadyRegistered).toEqual([]);
  });

  it('a key holding another certificate does not claim the node', () => {
    const [entry] = entriesOf(graphWith({ key: Buffer.from('some other bytes entirely').toString('base64') }));
    expect(entry).toMatchObject({ hasCertificate: true, nodes: [] });
    expect(entry?.sha1).not.toBe(node.certificate.thumbprints.sha1);
  });

  it('junk in key with the right thumbprint is still the node, recognised by its thumbprint', () => {
    const text = graphWith({ key: '%%%junk%%%', sha1Hex: node.certificate.thumbprints.sha1 });
    expect(entriesOf(text)[0]).toMatchObject({ hasCertificate: false, sha1: node.certificate.thumbprints.sha1, nodes: ['ise-pan'] });
    const merged = mergeKeyCredentials(parseManifest(text), [node], { now: NOW });
    expect(merged.diff.added).toEqual([]);
    expect(merged.diff.alreadyRegistered).toEqual([expect.objectContaining({ matchedBy: 'thumbprint' })]);
  });

  it('a SHA-256 customKeyIdentifier names the node but gives no SHA-1 to show', () => {
    const [entry] = entriesOf(graphWith({ sha1Hex: node.certificate.thumbprints.sha256 }));
    expect(entry).toMatchObject({ sha1: null, nodes: ['ise-pan'], hasCertificate: false });
  });
});
