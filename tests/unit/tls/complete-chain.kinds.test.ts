/**
 * Kinds of chain-completion bug the older tests let through (issue 23): choosing between two
 * issuers with the same subject and key when one is expired, the validity instant itself, a
 * served root that is a re-issued twin of a store root, AIA cancelled mid-download, a
 * programming error inside AIA handling, an AIA answer that is the wrong issuer, and verdicts
 * with several findings at once. Its own small PKI (OpenSSL) with fixed dates and one clock.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { describeCertificate } from '../../../main/services/certs';
import { isServiceError } from '../../../main/services/errors';
import { completeChain, judgeChain, toCandidates, type CaSources, type CompletedChain } from '../../../main/services/tls';
import { startAiaServer, type AiaServer } from '../../support/aia-server';
import { fixtureKey, issueCertificate, type GeneratedCertificate } from '../../support/pki';

/** The one clock of this file; every certificate has fixed dates around it. */
const NOW = new Date('2026-01-01T00:00:00Z');
/** An instant some CA certificates start or end at, exactly. */
const EDGE = new Date('2026-03-01T00:00:00Z');
const SECOND = 1000;

interface KindsPki {
  root: GeneratedCertificate;
  /** Same subject and key as root, other dates and serial: other bytes. */
  rootTwin: GeneratedCertificate;
  /** Same subject as root, another key. */
  rootImpostor: GeneratedCertificate;
  crossRoot: GeneratedCertificate;
  /** Valid at NOW, issued by root. */
  intCurrent: GeneratedCertificate;
  /** Same subject and key as intCurrent, issued by crossRoot, expired before NOW. */
  intExpiredTwin: GeneratedCertificate;
  /** Same subject and key, ends exactly at EDGE. */
  intEndsAtEdge: GeneratedCertificate;
  /** Same subject and key, starts exactly at EDGE. */
  intStartsAtEdge: GeneratedCertificate;
  /** Same subject as intCurrent, another key (signed nothing we serve). */
  intImpostor: GeneratedCertificate;
  leaf: GeneratedCertificate;
  leafAiaGood: GeneratedCertificate;
  leafAiaWrong: GeneratedCertificate;
  leafAiaSlow: GeneratedCertificate;
  leafAiaTwo: GeneratedCertificate;
  /** 1024-bit RSA, expired, for kinds.test only, no AIA. */
  weakExpiredLeaf: GeneratedCertificate;
}

let dir = '';
let aia: AiaServer;
let pki: KindsPki;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ise-intune-kinds-'));
  aia = await startAiaServer();
  const [rootKey, impostorKey, crossKey, intKey, intImpostorKey, leafKey, weakKey] = await Promise.all([
    fixtureKey(dir, 'chain-kinds', 'root', { type: 'ec', curve: 'P-256' }),
    fixtureKey(dir, 'chain-kinds', 'impostor', { type: 'ec', curve: 'P-256' }),
    fixtureKey(dir, 'chain-kinds', 'cross', { type: 'ec', curve: 'P-256' }),
    fixtureKey(dir, 'chain-kinds', 'int', { type: 'ec', curve: 'P-256' }),
    fixtureKey(dir, 'chain-kinds', 'int-impostor', { type: 'ec', curve: 'P-256' }),
    fixtureKey(dir, 'chain-kinds', 'leaf', { type: 'ec', curve: 'P-256' }),
    fixtureKey(dir, 'chain-kinds', 'weak', { type: 'rsa', bits: 1024 }),
  ]);
  const ca = ['basicConstraints = critical,CA:TRUE', 'keyUsage = critical,keyCertSign,cRLSign,digitalSignature', 'subjectKeyIdentifier = hash'];
  const leafExt = (...aiaPaths: string[]): string[] => [
    'basicConstraints = critical,CA:FALSE',
    'keyUsage = critical,digitalSignature',
    'extendedKeyUsage = serverAuth',
    'subjectAltName = DNS:kinds.test',
    ...(aiaPaths.length > 0 ? [`authorityInfoAccess = ${aiaPaths.map((path) => `caIssuers;URI:${aia.baseUrl}${path}`).join(',')}`] : []),
  ];
  const rootSubject = '/O=Kinds Lab/CN=Kinds Root';
  const years = (from: string, to: string) => ({ notBefore: new Date(from), notAfter: new Date(to) });
  const [root, rootTwin, rootImpostor, crossRoot] = await Promise.all([
    issueCertificate(dir, { name: 'root', subject: rootSubject, key: rootKey, extensions: ca, ...years('2020-01-01T00:00:00Z', '2040-01-01T00:00:00Z') }),
    issueCertificate(dir, { name: 'root-twin', subject: rootSubject, key: rootKey, extensions: ca, ...years('2021-01-01T00:00:00Z', '2041-01-01T00:00:00Z') }),
    issueCertificate(dir, { name: 'root-impostor', subject: rootSubject, key: impostorKey, extensions: ca, ...years('2020-01-01T00:00:00Z', '2040-01-01T00:00:00Z') }),
    issueCertificate(dir, { name: 'cross-root', subject: '/O=Kinds Lab/CN=Kinds Cross Root', key: crossKey, extensions: ca, ...years('2015-01-01T00:00:00Z', '2040-01-01T00:00:00Z') }),
  ]);
  const intSubject = '/O=Kinds Lab/CN=Kinds Issuing CA';
  const [intCurrent, intExpiredTwin, intEndsAtEdge, intStartsAtEdge, intImpostor] = await Promise.all([
    issueCertificate(dir, { name: 'int', subject: intSubject, key: intKey, issuer: root, extensions: ca, ...years('2024-01-01T00:00:00Z', '2034-01-01T00:00:00Z') }),
    issueCertificate(dir, { name: 'int-expired', subject: intSubject, key: intKey, issuer: crossRoot, extensions: ca, ...years('2016-01-01T00:00:00Z', '2025-06-01T00:00:00Z') }),
    issueCertificate(dir, { name: 'int-ends', subject: intSubject, key: intKey, issuer: crossRoot, extensions: ca, notBefore: new Date('2020-01-01T00:00:00Z'), notAfter: EDGE }),
    issueCertificate(dir, { name: 'int-starts', subject: intSubject, key: intKey, issuer: crossRoot, extensions: ca, notBefore: EDGE, notAfter: new Date('2035-01-01T00:00:00Z') }),
    issueCertificate(dir, { name: 'int-impostor', subject: intSubject, key: intImpostorKey, issuer: root, extensions: ca, ...years('2024-01-01T00:00:00Z', '2034-01-01T00:00:00Z') }),
  ]);
  const leafDates = years('2025-01-01T00:00:00Z', '2027-01-01T00:00:00Z');
  const issueLeaf = (name: string, ...aiaPaths: string[]) =>
    issueCertificate(dir, { name, subject: '/CN=kinds.test', key: leafKey, issuer: intCurrent, extensions: leafExt(...aiaPaths), ...leafDates });
  const [leaf, leafAiaGood, leafAiaWrong, leafAiaSlow, leafAiaTwo, weakExpiredLeaf] = await Promise.all([
    issueLeaf('leaf'),
    issueLeaf('leaf-aia-good', '/int.crt'),
    issueLeaf('leaf-aia-wrong', '/impostor.crt'),
    issueLeaf('leaf-aia-slow', '/slow.crt'),
    issueLeaf('leaf-aia-two', '/missing.crt', '/int.crt'),
    issueCertificate(dir, { name: 'weak', subject: '/CN=kinds.test', key: weakKey, issuer: intCurrent, extensions: leafExt(), ...years('2020-01-01T00:00:00Z', '2021-01-01T00:00:00Z') }),
  ]);
  aia.route('/int.crt', { kind: 'body', body: intCurrent.der, contentType: 'application/pkix-cert' });
  aia.route('/impostor.crt', { kind: 'body', body: intImpostor.der, contentType: 'application/pkix-cert' });
  aia.route('/slow.crt', { kind: 'slow', delayMs: 60_000, body: intCurrent.der, contentType: 'application/pkix-cert' });
  pki = { root, rootTwin, rootImpostor, crossRoot, intCurrent, intExpiredTwin, intEndsAtEdge, intStartsAtEdge, intImpostor, leaf, leafAiaGood, leafAiaWrong, leafAiaSlow, leafAiaTwo, weakExpiredLeaf };
});

afterAll(async () => {
  await aia?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const sources = (parts: Partial<Record<keyof CaSources, GeneratedCertificate[]>>): CaSources => ({
  caFiles: toCandidates((parts.caFiles ?? []).map((c) => c.der), 'ca-file'),
  trustStore: toCandidates((parts.trustStore ?? []).map((c) => c.der), 'trust-store'),
  catalog: toCandidates((parts.catalog ?? []).map((c) => c.der), 'catalog'),
});
const bytesOf = (completed: CompletedChain): string[] => completed.links.map((link) => link.der.toString('base64'));
const b64 = (...certificates: GeneratedCertificate[]): string[] => certificates.map((c) => c.der.toString('base64'));
const verdictOf = (completed: CompletedChain, now: Date, host = 'kinds.test', aiaAllowed = false) =>
  judgeChain({ host, completed, chain: completed.links.map((link) => describeCertificate(link.der, now)), viaProxy: false, aiaAllowed });

describe('two candidate issuers with the same subject and key', () => {
  it.each([
    ['expired twin listed first', () => [pki.intExpiredTwin, pki.intCurrent]],
    ['current one listed first', () => [pki.intCurrent, pki.intExpiredTwin]],
  ])('takes the one valid now, not the expired cross-signed twin (%s)', async (_label, order) => {
    const completed = await completeChain([pki.leaf.der], sources({ caFiles: order(), trustStore: [pki.root, pki.crossRoot] }), { now: NOW, aia: null });
    expect(bytesOf(completed)).toEqual(b64(pki.leaf, pki.intCurrent, pki.root));
    expect(completed.links.map((link) => link.source)).toEqual(['served', 'ca-file', 'trust-store']);
    expect(completed).toMatchObject({ reachesRoot: true, anchor: 'trust-store' });
    expect(verdictOf(completed, NOW).code).toBe('incomplete-completed');
  });

  it('still uses the expired twin when it is the only issuer, and the verdict names it expired', async () => {
    const completed = await completeChain([pki.leaf.der], sources({ caFiles: [pki.intExpiredTwin], trustStore: [pki.root, pki.crossRoot] }), { now: NOW, aia: null });
    expect(bytesOf(completed)).toEqual(b64(pki.leaf, pki.intExpiredTwin, pki.crossRoot));
    const verdict = verdictOf(completed, NOW);
    expect(verdict.code).toBe('expired');
    expect(verdict.message).toMatch(/^Kinds Issuing CA expired on 2025-06-01; a chain through it is no longer valid\.$/);
  });

  it('prefers a valid issuer from a later source over an expired one from an earlier source', async () => {
    const completed = await completeChain([pki.leaf.der], sources({ caFiles: [pki.intExpiredTwin], catalog: [pki.intCurrent], trustStore: [pki.root, pki.crossRoot] }), { now: NOW, aia: null });
    expect(completed.links.map((link) => link.source)).toEqual(['served', 'catalog', 'trust-store']);
  });

  it('never takes a same-named CA whose key did not sign the certificate', async () => {
    const completed = await completeChain([pki.leaf.der], sources({ caFiles: [pki.intImpostor], trustStore: [pki.root] }), { now: NOW, aia: null });
    expect(bytesOf(completed)).toEqual(b64(pki.leaf));
    expect(completed).toMatchObject({ reachesRoot: false, anchor: null });
    expect(verdictOf(completed, NOW).code).toBe('incomplete');
  });
});

describe('the validity instant: a certificate is valid from its first to its last second, both included', () => {
  it.each([
    ['ends exactly now', () => pki.intEndsAtEdge, EDGE, 'edge'],
    ['ended a second ago', () => pki.intEndsAtEdge, new Date(EDGE.getTime() + SECOND), 'current'],
    ['starts exactly now', () => pki.intStartsAtEdge, EDGE, 'edge'],
    ['starts in a second', () => pki.intStartsAtEdge, new Date(EDGE.getTime() - SECOND), 'current'],
  ] as const)('an issuer that %s is %s', async (_label, edgeIssuer, now, expected) => {
    const edge = edgeIssuer();
    // The edge certificate is listed first: it wins exactly when it is valid at `now`.
    const completed = await completeChain([pki.leaf.der], sources({ caFiles: [edge, pki.intCurrent], trustStore: [pki.root, pki.crossRoot] }), { now, aia: null });
    expect(completed.links[1]?.der.toString('base64')).toBe((expected === 'edge' ? edge : pki.intCurrent).der.toString('base64'));
  });
});

describe('a served root that is a re-issued twin of a store root', () => {
  it('is anchored in the store: same subject and key, other bytes', async () => {
    expect(pki.rootTwin.der.equals(pki.root.der)).toBe(false);
    const completed = await completeChain([pki.leaf.der, pki.intCurrent.der, pki.rootTwin.der], sources({ trustStore: [pki.root] }), { now: NOW, aia: null });
    // The twin verifies the intermediate (same key), so the served one ends the chain.
    expect(bytesOf(completed)).toEqual(b64(pki.leaf, pki.intCurrent, pki.rootTwin));
    expect(completed).toMatchObject({ reachesRoot: true, anchor: 'trust-store' });
    expect(verdictOf(completed, NOW).code).toBe('trusted');
  });

  it('is not anchored by a store root that only shares the name (another key)', async () => {
    const completed = await completeChain([pki.rootImpostor.der], sources({ trustStore: [pki.root], caFiles: [pki.root] }), { now: NOW, aia: null });
    expect(completed).toMatchObject({ reachesRoot: true, anchor: null });
    expect(verdictOf(completed, NOW).code).toBe('self-signed');
    const chain = await completeChain([pki.leaf.der, pki.intCurrent.der, pki.rootImpostor.der], sources({ trustStore: [pki.root] }), { now: NOW, aia: null });
    // The impostor root did not sign the intermediate: the store's root is used instead.
    expect(bytesOf(chain)).toEqual(b64(pki.leaf, pki.intCurrent, pki.root));
  });

  it('is anchored where the same bytes are: the user CA files come first', async () => {
    const completed = await completeChain([pki.leaf.der, pki.intCurrent.der, pki.root.der], sources({ caFiles: [pki.root], trustStore: [pki.root] }), { now: NOW, aia: null });
    expect(completed.anchor).toBe('ca-file');
  });
});

describe('AIA downloads inside chain completion', () => {
  // The AIA server is on loopback: allowed here as for an internal CA (public addresses only by default).
  const aiaOptions = (extra: { signal?: AbortSignal } = {}) => ({ timeoutMs: 30_000, allowPrivate: true, ...extra });

  it('takes the issuer the AIA URL serves and records where it came from', async () => {
    const completed = await completeChain([pki.leafAiaGood.der], sources({ trustStore: [pki.root] }), { now: NOW, aia: aiaOptions() });
    expect(bytesOf(completed)).toEqual(b64(pki.leafAiaGood, pki.intCurrent, pki.root));
    expect(completed.links[1]).toMatchObject({ source: 'aia', url: `${aia.baseUrl}/int.crt`, finalUrl: `${aia.baseUrl}/int.crt` });
    expect(completed.aiaAttempts).toEqual([expect.objectContaining({ ok: true, url: `${aia.baseUrl}/int.crt`, message: `Downloaded the issuer from ${aia.baseUrl}/int.crt.` })]);
  });

  it('refuses an AIA answer that is the wrong issuer (same name, another key) and says so', async () => {
    const completed = await completeChain([pki.leafAiaWrong.der], sources({ trustStore: [pki.root] }), { now: NOW, aia: aiaOptions() });
    expect(bytesOf(completed)).toEqual(b64(pki.leafAiaWrong));
    expect(completed.reachesRoot).toBe(false);
    expect(completed.aiaAttempts).toEqual([
      expect.objectContaining({ ok: false, code: 'AIA_WRONG_ISSUER', url: `${aia.baseUrl}/impostor.crt`, message: `${aia.baseUrl}/impostor.crt returned a certificate that did not sign CN=kinds.test.` }),
    ]);
    const verdict = verdictOf(completed, NOW, 'kinds.test', true);
    expect(verdict.code).toBe('incomplete');
    expect(verdict.message).toContain('the AIA download failed: ');
    expect(verdict.message).toContain('did not sign CN=kinds.test');
  });

  it('tries the next AIA URL after a failed one and keeps both attempts', async () => {
    const completed = await completeChain([pki.leafAiaTwo.der], sources({ trustStore: [pki.root] }), { now: NOW, aia: aiaOptions() });
    expect(completed.links.map((link) => link.source)).toEqual(['served', 'aia', 'trust-store']);
    expect(completed.aiaAttempts.map((attempt) => [attempt.ok, attempt.code ?? null, attempt.url])).toEqual([
      [false, 'AIA_HTTP_STATUS', `${aia.baseUrl}/missing.crt`],
      [true, null, `${aia.baseUrl}/int.crt`],
    ]);
    // The failed attempt ended where it started, with nothing followed.
    expect(completed.aiaAttempts[0]).toMatchObject({ finalUrl: `${aia.baseUrl}/missing.crt`, redirects: [], values: { status: 404 } });
  });

  it('stops with CANCELLED when cancelled mid-download, instead of reporting a failed AIA attempt', async () => {
    const controller = new AbortController();
    const before = aia.requests.length;
    const completing = completeChain([pki.leafAiaSlow.der], sources({ trustStore: [pki.root] }), { now: NOW, aia: aiaOptions({ signal: controller.signal }) });
    const outcome = completing.then(
      () => 'resolved',
      (error: unknown) => (isServiceError(error) ? error.code : `not a ServiceError: ${String(error)}`),
    );
    // Cancel once the server has the request: the download is under way.
    await vi.waitFor(() => expect(aia.requests.slice(before)).toContain('/slow.crt'), { timeout: 10_000, interval: 5 });
    controller.abort();
    expect(await outcome).toBe('CANCELLED');
  });

  it('stops with CANCELLED when cancelled before the download starts', async () => {
    const controller = new AbortController();
    controller.abort();
    const before = aia.requests.length;
    await expect(completeChain([pki.leafAiaGood.der], sources({ trustStore: [pki.root] }), { now: NOW, aia: aiaOptions({ signal: controller.signal }) })).rejects.toMatchObject({
      code: 'CANCELLED',
    });
    expect(aia.requests.length).toBe(before);
  });

  it('lets a programming error inside AIA handling through instead of calling it an AIA failure', async () => {
    // Options whose proxy cannot be read make the download code throw a TypeError: a bug, not a network failure.
    const broken = {
      timeoutMs: 1000,
      get proxy(): never {
        throw new TypeError('a bug in the AIA code');
      },
    };
    const before = aia.requests.length;
    const error = await completeChain([pki.leafAiaGood.der], sources({ trustStore: [pki.root] }), { now: NOW, aia: broken }).then(
      () => null,
      (thrown: unknown) => thrown,
    );
    expect(aia.requests.length).toBe(before);
    expect(error).toBeInstanceOf(TypeError);
    expect(isServiceError(error)).toBe(false);
  });
});

describe('verdicts with several findings at once follow the documented priority', () => {
  it('missing intermediate + expired + weak key: incomplete first, then expired, then weak', async () => {
    const completed = await completeChain([pki.weakExpiredLeaf.der], sources({ trustStore: [pki.root] }), { now: NOW, aia: null });
    const verdict = verdictOf(completed, NOW);
    expect(verdict.findings.map((finding) => finding.code)).toEqual(['incomplete', 'expired', 'weak']);
    expect(verdict.code).toBe('incomplete');
    expect(verdict.message).toBe(verdict.findings[0]?.message);
    expect(verdict.message).toMatch(/^kinds\.test was issued by O=Kinds Lab, CN=Kinds Issuing CA, which the server did not send.*downloading issuers \(AIA\) is turned off/s);
    // Each finding points at the certificate it is about.
    const leafSha256 = describeCertificate(pki.weakExpiredLeaf.der, NOW).thumbprints.sha256;
    expect(verdict.findings.map((finding) => finding.certificate)).toEqual([leafSha256, leafSha256, leafSha256]);
  });

  it('completed intermediate + weak key + other host name: hostname-mismatch, weak, incomplete-completed', async () => {
    const completed = await completeChain([pki.weakExpiredLeaf.der], sources({ caFiles: [pki.intCurrent], trustStore: [pki.root] }), { now: NOW, aia: null });
    // A clock inside the weak leaf's validity, so that it is not expired.
    const now = new Date('2020-06-01T00:00:00Z');
    const inTime = await completeChain([pki.weakExpiredLeaf.der], sources({ caFiles: [pki.intExpiredTwin], trustStore: [pki.crossRoot] }), { now, aia: null });
    const verdict = verdictOf(inTime, now, 'other.test');
    expect(verdict.findings.map((finding) => finding.code)).toEqual(['hostname-mismatch', 'weak', 'incomplete-completed']);
    expect(verdict.code).toBe('hostname-mismatch');
    // At NOW the same chain is expired as well, which comes before the host name.
    expect(verdictOf(completed, NOW, 'other.test').findings.map((finding) => finding.code)).toEqual(['expired', 'hostname-mismatch', 'weak', 'incomplete-completed']);
  });

  it('not valid yet comes after expired, and a trusted chain has exactly one finding', async () => {
    const now = new Date('2024-06-01T00:00:00Z');
    // The leaf starts in 2025 (not yet valid); the expired twin ended 2025-06-01, so at this clock it is valid.
    const completed = await completeChain([pki.leaf.der, pki.intCurrent.der], sources({ trustStore: [pki.root] }), { now, aia: null });
    expect(verdictOf(completed, now).findings.map((finding) => finding.code)).toEqual(['not-yet-valid']);
    const trusted = verdictOf(await completeChain([pki.leaf.der, pki.intCurrent.der], sources({ trustStore: [pki.root] }), { now: NOW, aia: null }), NOW);
    expect(trusted.findings).toEqual([expect.objectContaining({ code: 'trusted', certificate: null })]);
    expect(trusted.message).toBe('The chain is complete and trusted: kinds.test <- Kinds Issuing CA <- Kinds Root (root in the trust store).');
  });
});
