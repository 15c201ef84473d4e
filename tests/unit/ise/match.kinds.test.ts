/**
 * Tying an error text's thumbprints to the loaded ISE node certificates, by kind (issue 23):
 * where the answer "is it on the app?" comes from (a loaded manifest, the error's own lists of
 * configured and not-found keys, nothing), each sentence ThumbprintMatcher gives for the key ISE
 * used, the dates of the key Entra found, cut thumbprints, and expiry at the instant itself.
 * The node certificates are described by their SHA-1/SHA-256 of real bytes; the matcher reads
 * nothing else of them.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { CertificateInfo } from '../../../preload/types/certs';
import type { DiagnosisCertificate, DiagnosisContext, FindingCode, ThumbprintInText } from '../../../preload/types/diagnosis';
import type { ExistingKeyEntry } from '../../../preload/types/entra';
import { ThumbprintMatcher } from '../../../main/services/ise/match';

const NOW = '2026-06-01T00:00:00.000Z';

function node(name: string, notAfter = '2027-01-31T00:00:00.000Z'): DiagnosisCertificate & { sha1: string; sha256: string } {
  const der = Buffer.from(`certificate of ${name}`);
  const sha1 = createHash('sha1').update(der).digest('hex').toUpperCase();
  const sha256 = createHash('sha256').update(der).digest('hex').toUpperCase();
  // Loaded certificates carry upper-case hex; the matcher must not depend on it.
  const certificate = { subjectCN: `${name}.example.test`, notAfter, thumbprints: { sha1: sha1.toLowerCase(), sha256: sha256.toLowerCase() } } as unknown as CertificateInfo;
  return { name, file: `${name}.pem`, certificate, sha1, sha256 };
}

const ISE1 = node('ise-1');
const ISE2 = node('ise-2');
const ISE3 = node('ise-3');

function seen(hex: string | null, source: ThumbprintInText['source'], extra: Partial<ThumbprintInText> = {}): ThumbprintInText {
  return { text: hex ?? 'F00D', source, hex, encoding: hex === null ? 'unreadable' : 'hex', start: null, end: null, file: 'pasted text', line: 1, ...extra };
}

function entry(index: number, fields: Partial<ExistingKeyEntry>): ExistingKeyEntry {
  return { index, keyId: null, displayName: null, customKeyIdentifier: null, sha1: null, startDate: null, endDate: null, status: 'valid', checkedAt: NOW, hasCertificate: false, nodes: [], ...fields };
}

const base64Of = (hex: string) => Buffer.from(hex, 'hex').toString('base64');

function matcher(context: Partial<DiagnosisContext>, all: ThumbprintInText[] = [], notFound: ThumbprintInText[] = []): ThumbprintMatcher {
  return new ThumbprintMatcher({ now: NOW, certificates: [ISE1, ISE2, ISE3], ...context }, all, notFound);
}

const registered = (m: ThumbprintMatcher) => Object.fromEntries(m.presences().map((presence) => [presence.certificate.node, [presence.registered, presence.basis]]));

describe('whether each loaded certificate is on the app', () => {
  it('from a loaded manifest, by its SHA-1 (either case) or its customKeyIdentifier (base64 or hex)', () => {
    const manifest = {
      file: 'manifest.json',
      entries: [entry(0, { sha1: ISE1.sha1.toLowerCase() }), entry(1, { customKeyIdentifier: base64Of(ISE2.sha1) }), entry(2, { customKeyIdentifier: 'not a thumbprint' })],
    };
    expect(registered(matcher({ manifest }))).toEqual({ 'ise-1': [true, 'manifest'], 'ise-2': [true, 'manifest'], 'ise-3': [false, 'manifest'] });
    const hexIdentifier = { file: 'm.json', entries: [entry(0, { customKeyIdentifier: ISE3.sha1.toLowerCase() })] };
    expect(registered(matcher({ manifest: hexIdentifier }))['ise-3']).toEqual([true, 'manifest']);
  });

  it("a loaded manifest wins over the error's own lists", () => {
    const m = matcher({ manifest: { file: 'm.json', entries: [] } }, [seen(ISE1.sha1, 'configured-key')]);
    expect(registered(m)['ise-1']).toEqual([false, 'manifest']);
  });

  it("without a manifest: a configured key listed in the error is on the app, the others are not", () => {
    const m = matcher({}, [seen(ISE1.sha1, 'configured-key'), seen(ISE2.sha1, 'key-used-by-client')]);
    expect(registered(m)).toEqual({ 'ise-1': [true, 'error-text'], 'ise-2': [false, 'error-text'], 'ise-3': [false, 'error-text'] });
  });

  it('a configured key named by SHA-256 counts too', () => {
    expect(registered(matcher({}, [seen(ISE2.sha256, 'configured-key')]))['ise-2']).toEqual([true, 'error-text']);
  });

  it("without a manifest or a list: only a key the error says was not found is off the app; the rest is unknown", () => {
    const m = matcher({}, [seen(ISE2.sha1, 'key-used-by-client')], [seen(ISE2.sha1, 'key-used-by-client'), seen(null, 'key-used-by-client')]);
    expect(registered(m)).toEqual({ 'ise-1': [null, 'unknown'], 'ise-2': [false, 'error-text'], 'ise-3': [null, 'unknown'] });
    expect(registered(matcher({}))).toEqual({ 'ise-1': [null, 'unknown'], 'ise-2': [null, 'unknown'], 'ise-3': [null, 'unknown'] });
  });

  it('ignores configured keys that are not whole thumbprints', () => {
    expect(registered(matcher({}, [seen(null, 'configured-key')]))['ise-1']).toEqual([null, 'unknown']);
  });
});

describe('the key ISE used', () => {
  const explain = (m: ThumbprintMatcher, code: FindingCode, thumbprints: ThumbprintInText[]) => m.explain(code, thumbprints);
  const keyOf = (m: ThumbprintMatcher, code: FindingCode, hex: string | null) => explain(m, code, [seen(hex, 'key-used-by-client')]).explanationPhrases.map((phrase) => phrase.key);

  it('is matched to its node by SHA-1 or SHA-256, with whether the app has it', () => {
    const m = matcher({}, [seen(ISE1.sha1, 'configured-key')]);
    const result = explain(m, 'KEY_NOT_FOUND', [seen(ISE2.sha256, 'key-used-by-client'), seen(ISE1.sha1, 'configured-key'), seen('AB'.repeat(20), 'configured-key')]);
    expect(result.matched).toEqual([
      { thumbprint: ISE2.sha256, source: 'key-used-by-client', certificate: expect.objectContaining({ node: 'ise-2', sha1: ISE2.sha1, file: 'ise-2.pem', subjectCN: 'ise-2.example.test' }), registered: false },
      { thumbprint: ISE1.sha1, source: 'configured-key', certificate: expect.objectContaining({ node: 'ise-1' }), registered: true },
    ]);
  });

  it('KEY_NOT_FOUND: in the loaded manifest, other nodes only, none of the loaded ones, or simply missing', () => {
    const inManifest = matcher({ manifest: { file: 'm.json', entries: [entry(0, { sha1: ISE2.sha1 })] } });
    expect(keyOf(inManifest, 'KEY_NOT_FOUND', ISE2.sha1)).toEqual(['keyUsed.expires.inManifest']);
    const others = matcher({ manifest: { file: 'm.json', entries: [entry(0, { sha1: ISE1.sha1 }), entry(1, { sha1: ISE3.sha1 })] } });
    const result = explain(others, 'KEY_NOT_FOUND', [seen(ISE2.sha1, 'key-used-by-client')]);
    expect(result.explanationPhrases).toEqual([{ key: 'keyUsed.expires.othersOnly', values: { node: 'ise-2', date: '2027-01-31', others: ['ise-1', 'ise-3'] } }]);
    expect(result.explanations).toEqual(['The key ISE used is the certificate of node ise-2 (expires 2027-01-31); the app has keys for ise-1, ise-3 only → register ise-2\'s certificate.']);
    const noneLoaded = matcher({ manifest: { file: 'm.json', entries: [entry(0, { sha1: 'CD'.repeat(20) })] } });
    expect(keyOf(noneLoaded, 'KEY_NOT_FOUND', ISE2.sha1)).toEqual(['keyUsed.expires.noneLoaded']);
    // The error's own list of configured keys also tells that none of the loaded ones is there.
    expect(keyOf(matcher({}, [seen('CD'.repeat(20), 'configured-key')]), 'KEY_NOT_FOUND', ISE2.sha1)).toEqual(['keyUsed.expires.noneLoaded']);
    expect(keyOf(matcher({}), 'KEY_NOT_FOUND', ISE2.sha1)).toEqual(['keyUsed.expires.missing']);
  });

  it('a node that is itself registered is not among the "others"', () => {
    const m = matcher({}, [seen(ISE1.sha1, 'configured-key'), seen(ISE2.sha1, 'configured-key')]);
    expect(explain(m, 'KEY_NOT_FOUND', [seen(ISE2.sha1, 'key-used-by-client')]).explanationPhrases[0]).toEqual({
      key: 'keyUsed.expires.othersOnly',
      values: { node: 'ise-2', date: '2027-01-31', others: ['ise-1'] },
    });
  });

  it.each<[FindingCode, string]>([
    ['KEY_EXPIRED', 'keyUsed.expires.keyExpired'],
    ['KEY_MISMATCH', 'keyUsed.expires.mismatch'],
    ['PKIX_PATH', 'keyUsed.expires.other'],
  ])('%s: %s', (code, key) => {
    expect(keyOf(matcher({}), code, ISE1.sha1)).toEqual([key]);
  });

  it('is "expired" only after its notAfter instant, not at it', () => {
    const at = node('ise-at', NOW);
    const before = node('ise-before', '2026-05-31T23:59:59.000Z');
    const m = new ThumbprintMatcher({ now: NOW, certificates: [at, before] }, [], []);
    expect(m.explain('KEY_EXPIRED', [seen(at.sha1, 'key-used-by-client')]).explanationPhrases[0]?.key).toBe('keyUsed.expires.keyExpired');
    expect(m.explain('KEY_EXPIRED', [seen(before.sha1, 'key-used-by-client')]).explanations[0]).toBe(
      "The key ISE used is the certificate of node ise-before (expired 2026-05-31); the app's key for it has expired → renew ise-before's certificate on ISE, then register the new one.",
    );
  });

  it('names no node when it is none of the loaded certificates, or when none is loaded', () => {
    expect(keyOf(matcher({}), 'KEY_NOT_FOUND', 'EF'.repeat(20))).toEqual(['keyUsedUnknown']);
    expect(keyOf(matcher({}), 'KEY_NOT_FOUND', null)).toEqual(['keyUsedUnknown', 'unreadable']);
    const none = new ThumbprintMatcher({ now: NOW }, [], []);
    expect(none.explain('KEY_NOT_FOUND', [seen(ISE1.sha1, 'key-used-by-client')]).explanations).toEqual([`Load the ISE node certificates to see which node's key ISE used (${ISE1.sha1}).`]);
  });
});

describe('the other sentences of a finding', () => {
  it('gives the dates of the key Entra found, only for a found key with dates', () => {
    const result = matcher({}).explain('KEY_EXPIRED', [
      seen(null, 'found-key', { text: '', encoding: 'none', start: '2024-01-01', end: '2025-01-01' }),
      seen(null, 'found-key', { text: '', encoding: 'none' }),
      seen(ISE1.sha1, 'configured-key', { start: '2023-01-01', end: '2024-01-01' }),
    ]);
    expect(result.explanations[0]).toBe('The key Entra found on the app is valid from 2024-01-01 to 2025-01-01.');
    expect(result.explanationPhrases.filter((phrase) => phrase.key === 'foundKeyDates')).toHaveLength(1);
    const endOnly = matcher({}).explain('KEY_EXPIRED', [seen(null, 'found-key', { text: '', encoding: 'none', end: '2025-01-01' })]);
    expect(endOnly.explanations[0]).toBe('The key Entra found on the app is valid from ? to 2025-01-01.');
  });

  it('quotes every cut thumbprint once, in one sentence', () => {
    const result = matcher({}).explain('KEY_MISMATCH', [seen(null, 'configured-key', { text: '3F2B9C' }), seen(null, 'configured-key', { text: 'QUJD' }), seen(ISE1.sha1, 'configured-key')]);
    expect(result.explanationPhrases).toEqual([{ key: 'unreadable', values: { thumbprints: '"3F2B9C", "QUJD"', count: 2 } }]);
    expect(result.explanations).toEqual(['"3F2B9C", "QUJD" is not a whole thumbprint (the text looks cut); it cannot be compared.']);
  });

  it('when the error names no key ISE used: which nodes are on the app, for KEY_NOT_FOUND and KEY_EXPIRED only', () => {
    const m = matcher({}, [seen(ISE1.sha1, 'configured-key')], []);
    const phrases = (code: FindingCode) => m.explain(code, []).explanationPhrases;
    expect(phrases('KEY_NOT_FOUND')).toEqual([
      { key: 'onApp', values: { nodes: ['ise-1'], count: 1 } },
      { key: 'notOnApp', values: { nodes: ['ise-2', 'ise-3'], count: 2 } },
    ]);
    expect(m.explain('KEY_EXPIRED', []).explanations).toEqual(['On the app: ise-1.', "Not on the app: ise-2, ise-3 → register ise-2's and ise-3's certificate."]);
    expect(phrases('KEY_MISMATCH')).toEqual([]);
    expect(phrases('PKIX_PATH')).toEqual([]);
    // With the key ISE used named, its own sentence says it all.
    expect(m.explain('KEY_NOT_FOUND', [seen(ISE2.sha1, 'key-used-by-client')]).explanationPhrases.map((phrase) => phrase.key)).toEqual(['keyUsed.expires.othersOnly']);
  });

  it('says when presence is unknown, and asks for certificates when none is loaded', () => {
    expect(matcher({}).explain('KEY_NOT_FOUND', []).explanations).toEqual(['Load the app manifest to see whether ise-1, ise-2, ise-3 are on the app.']);
    const one = new ThumbprintMatcher({ now: NOW, certificates: [ISE1] }, [], []);
    expect(one.explain('KEY_NOT_FOUND', []).explanations).toEqual(['Load the app manifest to see whether ise-1 is on the app.']);
    const none = new ThumbprintMatcher({ now: NOW }, [], []);
    expect(none.hasCertificates).toBe(false);
    expect(none.explain('KEY_EXPIRED', []).explanationPhrases).toEqual([{ key: 'noThumbprint', values: {} }]);
  });
});
