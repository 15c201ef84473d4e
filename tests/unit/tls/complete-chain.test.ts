/**
 * completeChain's structure (issue 23): the depth limit and the root right at it, CA loops,
 * which source wins when several have the issuer, the system store, Node's own roots, what a
 * served certificate that is not in the path does, and an empty input. Real certificates
 * (OpenSSL, fixed dates, one clock); no AIA (covered in complete-chain.kinds.test.ts).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { X509Certificate } from 'node:crypto';
import { rootCertificates } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { completeChain, toCandidates, trustStoreCandidates, type CaSources, type CompletedChain } from '../../../main/services/tls';
import { isSelfIssued, issuedBy } from '../../../main/services/tls/complete-chain';
import { parsedCertificate } from '../../../main/services/tls/certificate-cache';
import { fixtureKey, issueCertificate, type GeneratedCertificate } from '../../support/pki';

const NOW = new Date('2026-01-01T00:00:00Z');
/** Intermediates C1 (lowest) .. C9 (issued by the root); C10 is what a tenth would be called. */
const DEPTH = 9;

let dir = '';
let root: GeneratedCertificate;
/** chain[0] = C1 ... chain[8] = C9. */
let ladder: GeneratedCertificate[] = [];
/** Leaf under C1: leaf, C1..C9, root = 11 certificates, one more than completeChain follows. */
let deepLeaf: GeneratedCertificate;
/** Leaf under C2: leaf, C2..C9, root = exactly 10. */
let tenLeaf: GeneratedCertificate;
/** Two CAs that signed each other, and no root. */
let loopA: GeneratedCertificate;
let loopB: GeneratedCertificate;
let loopLeaf: GeneratedCertificate;
/** Another self-signed certificate the server sends along (not part of the path). */
let stray: GeneratedCertificate;
/** Named "Depth Root" by "Depth Root", but another key, signed with the root's: a re-keyed root, not self-issued. */
let rekeyed: GeneratedCertificate;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ise-intune-complete-'));
  const [rootKey, caKey, leafKey, loopKey] = await Promise.all([
    fixtureKey(dir, 'complete-chain', 'root', { type: 'ec', curve: 'P-256' }),
    fixtureKey(dir, 'complete-chain', 'ca', { type: 'ec', curve: 'P-256' }),
    fixtureKey(dir, 'complete-chain', 'leaf', { type: 'ec', curve: 'P-256' }),
    fixtureKey(dir, 'complete-chain', 'loop', { type: 'ec', curve: 'P-256' }),
  ]);
  const ca = ['basicConstraints = critical,CA:TRUE', 'keyUsage = critical,keyCertSign,cRLSign'];
  const leafExt = ['basicConstraints = critical,CA:FALSE', 'keyUsage = critical,digitalSignature', 'subjectAltName = DNS:deep.test'];
  const dates = { notBefore: new Date('2024-01-01T00:00:00Z'), notAfter: new Date('2034-01-01T00:00:00Z') };
  [root, stray] = await Promise.all([
    issueCertificate(dir, { name: 'root', subject: '/O=Depth Lab/CN=Depth Root', key: rootKey, extensions: ca, ...dates }),
    issueCertificate(dir, { name: 'stray', subject: '/O=Depth Lab/CN=Stray Root', key: loopKey, extensions: ca, ...dates }),
  ]);
  // One key for every rung: a rung is told apart by its name, as completeChain requires.
  let issuer = root;
  const rungs: GeneratedCertificate[] = [];
  for (let level = DEPTH; level >= 1; level -= 1) {
    issuer = await issueCertificate(dir, { name: `c${level}`, subject: `/O=Depth Lab/CN=C${level}`, key: caKey, issuer, extensions: ca, ...dates });
    rungs.unshift(issuer);
  }
  ladder = rungs;
  // The loop: A and B share a key and each one's issuer is the other's name.
  const loopDraftB = await issueCertificate(dir, { name: 'loop-b-self', subject: '/O=Depth Lab/CN=Loop B', key: loopKey, extensions: ca, ...dates });
  loopA = await issueCertificate(dir, { name: 'loop-a', subject: '/O=Depth Lab/CN=Loop A', key: loopKey, issuer: loopDraftB, extensions: ca, ...dates });
  [loopB, deepLeaf, tenLeaf] = await Promise.all([
    issueCertificate(dir, { name: 'loop-b', subject: '/O=Depth Lab/CN=Loop B', key: loopKey, issuer: loopA, extensions: ca, ...dates }),
    issueCertificate(dir, { name: 'deep-leaf', subject: '/CN=deep.test', key: leafKey, issuer: ladder[0] as GeneratedCertificate, extensions: leafExt, ...dates }),
    issueCertificate(dir, { name: 'ten-leaf', subject: '/CN=deep.test', key: leafKey, issuer: ladder[1] as GeneratedCertificate, extensions: leafExt, ...dates }),
  ]);
  [loopLeaf, rekeyed] = await Promise.all([
    issueCertificate(dir, { name: 'loop-leaf', subject: '/CN=deep.test', key: leafKey, issuer: loopA, extensions: leafExt, ...dates }),
    issueCertificate(dir, { name: 'rekeyed', subject: '/O=Depth Lab/CN=Depth Root', key: leafKey, issuer: root, extensions: ca, ...dates }),
  ]);
});

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

const none: CaSources = { caFiles: [], trustStore: [], catalog: [] };
const names = (completed: CompletedChain): string[] => completed.links.map((link) => /CN=(.*)$/m.exec(link.subject)?.[1] ?? link.subject);
const ders = (...certificates: GeneratedCertificate[]): Buffer[] => certificates.map((certificate) => certificate.der);

describe('the depth limit (10 certificates)', () => {
  it('stops after 10 certificates and does not claim a root it never reached', async () => {
    const completed = await completeChain(ders(deepLeaf, ...ladder, root), none, { now: NOW, aia: null });
    expect(completed.links).toHaveLength(10);
    expect(names(completed)).toEqual(['deep.test', 'C1', 'C2', 'C3', 'C4', 'C5', 'C6', 'C7', 'C8', 'C9']);
    expect(completed).toMatchObject({ reachesRoot: false, anchor: null });
  });

  it('a root that is exactly the tenth certificate is reached, and anchored in the store that has it', async () => {
    const completed = await completeChain(ders(tenLeaf, ...ladder.slice(1)), { ...none, trustStore: toCandidates([root.der], 'trust-store') }, { now: NOW, aia: null });
    expect(names(completed)).toEqual(['deep.test', 'C2', 'C3', 'C4', 'C5', 'C6', 'C7', 'C8', 'C9', 'Depth Root']);
    expect(completed).toMatchObject({ reachesRoot: true, anchor: 'trust-store' });
  });
});

describe('loops and strays', () => {
  it('follows two CAs that signed each other only once each, and stops without a root', async () => {
    const completed = await completeChain(ders(loopLeaf, loopA, loopB), none, { now: NOW, aia: null });
    expect(names(completed)).toEqual(['deep.test', 'Loop A', 'Loop B']);
    expect(completed).toMatchObject({ reachesRoot: false, anchor: null, aiaAttempts: [] });
    // The same loop offered by a store: each certificate is still used once.
    const fromStore = await completeChain(ders(loopLeaf), { ...none, caFiles: toCandidates(ders(loopA, loopB), 'ca-file') }, { now: NOW, aia: null });
    expect(names(fromStore)).toEqual(['deep.test', 'Loop A', 'Loop B']);
    expect(fromStore.reachesRoot).toBe(false);
  });

  it('leaves out a served certificate that issued nothing in the path', async () => {
    const completed = await completeChain(ders(tenLeaf, stray, ...ladder.slice(1), root), none, { now: NOW, aia: null });
    expect(names(completed)).not.toContain('Stray Root');
    expect(completed.links.every((link) => link.source === 'served')).toBe(true);
    expect(completed).toMatchObject({ reachesRoot: true, anchor: null });
  });

  it('needs at least the leaf', async () => {
    await expect(completeChain([], none, { now: NOW, aia: null })).rejects.toThrow('completeChain needs at least the leaf certificate');
  });
});

describe('which source gives the issuer', () => {
  const all = (): CaSources => ({
    caFiles: toCandidates([root.der], 'ca-file'),
    trustStore: toCandidates([root.der], 'trust-store'),
    systemStore: toCandidates([root.der], 'system-store'),
    catalog: toCandidates([root.der], 'catalog'),
  });

  it('the server first, then CA files, the trust store, the system store, the catalog', async () => {
    const served = await completeChain(ders(ladder[8] as GeneratedCertificate, root), all(), { now: NOW, aia: null });
    expect(served.links.map((link) => link.source)).toEqual(['served', 'served']);
    expect(served.anchor).toBe('ca-file');
    const order: (keyof CaSources)[] = ['caFiles', 'trustStore', 'systemStore', 'catalog'];
    const seen: string[] = [];
    for (let skip = 0; skip < order.length; skip += 1) {
      const sources = all();
      for (const key of order.slice(0, skip)) sources[key] = [];
      const completed = await completeChain(ders(ladder[8] as GeneratedCertificate), sources, { now: NOW, aia: null });
      seen.push(`${completed.links[1]?.source}/${completed.anchor}`);
    }
    expect(seen).toEqual(['ca-file/ca-file', 'trust-store/trust-store', 'system-store/system-store', 'catalog/catalog']);
  });

  it('anchors the root where it is, not in the first store that has anything', async () => {
    const completed = await completeChain(ders(ladder[8] as GeneratedCertificate, root), { ...none, caFiles: toCandidates([stray.der], 'ca-file'), catalog: toCandidates([root.der], 'catalog') }, { now: NOW, aia: null });
    expect(completed).toMatchObject({ reachesRoot: true, anchor: 'catalog' });
  });

  it('a re-keyed root (same name, signed with the old key) is not a root: the chain goes on to the old one', async () => {
    const completed = await completeChain(ders(rekeyed), { ...none, trustStore: toCandidates([root.der], 'trust-store') }, { now: NOW, aia: null });
    expect(completed.links.map((link) => link.sha256)).toEqual([parsedCertificate(rekeyed.der).sha256, parsedCertificate(root.der).sha256]);
    expect(completed).toMatchObject({ reachesRoot: true, anchor: 'trust-store' });
    expect(isSelfIssued(parsedCertificate(rekeyed.der).x509)).toBe(false);
  });

  it('without a system store at all, the catalog', async () => {
    const completed = await completeChain(ders(ladder[8] as GeneratedCertificate), { ...none, catalog: toCandidates([root.der], 'catalog') }, { now: NOW, aia: null });
    expect(completed.links[1]?.source).toBe('catalog');
  });
});

describe('trust store candidates', () => {
  it("are Node's bundled roots, plus the extra roots given, as trust-store candidates", () => {
    const bundled = trustStoreCandidates();
    expect(bundled).toHaveLength(rootCertificates.length);
    expect(bundled.every((candidate) => candidate.from === 'trust-store')).toBe(true);
    // Each bundled PEM decoded to the DER Node itself reads.
    const first = rootCertificates[0] as string;
    expect(bundled[0]?.x509.fingerprint256).toBe(new X509Certificate(first).fingerprint256);
    expect(trustStoreCandidates()).toBe(bundled);
    const extended = trustStoreCandidates([root.der]);
    expect(extended).toHaveLength(rootCertificates.length + 1);
    expect(extended.at(-1)).toMatchObject({ sha256: parsedCertificate(root.der).sha256, from: 'trust-store' });
  });
});

describe('issuedBy and isSelfIssued', () => {
  it('need the name and the signature', () => {
    const c9 = parsedCertificate((ladder[8] as GeneratedCertificate).der).x509;
    const c8 = parsedCertificate((ladder[7] as GeneratedCertificate).der).x509;
    const rootX509 = parsedCertificate(root.der).x509;
    expect(issuedBy(c9, rootX509)).toBe(true);
    expect(issuedBy(c8, c9)).toBe(true);
    // C8's signature verifies with C9's key, which every rung shares, but C7 is not C8's issuer by name.
    expect(issuedBy(c8, parsedCertificate((ladder[6] as GeneratedCertificate).der).x509)).toBe(false);
    expect(isSelfIssued(rootX509)).toBe(true);
    expect(isSelfIssued(c9)).toBe(false);
    // Loop B's first draft: self-signed with the loop key, same name as loopB, which is not self-issued.
    expect(isSelfIssued(parsedCertificate(loopB.der).x509)).toBe(false);
  });
});
