/**
 * The caches behind chain fetching (main/services/tls/certificate-cache.ts): parsed
 * certificates kept per process by content, signature checks and descriptions kept per
 * fetchChains call. They must never change a result: a wrong signature is rejected even when
 * the names match, and a changed CA list is honoured on the next call.
 */
import { X509Certificate } from 'node:crypto';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { CatalogEntry } from '../../../preload/types/chains';
import { computeThumbprints, describeCertificate } from '../../../main/services/certs';
import { ChainMemo, PARSED_CACHE_SIZE, parsedCache, parsedCertificate, sha256Hex } from '../../../main/services/tls/certificate-cache';
import { completeChain, fetchChains, toCandidates, trustStoreCandidates } from '../../../main/services/tls';
import { createKey, issueCertificate, type GeneratedCertificate } from '../../support/pki';
import { useLab } from './lab';

const lab = useLab();
const NOW = new Date();

/** Same subjects as the lab's RSA intermediate and root, other keys: names match, signatures must not. */
let impostor: GeneratedCertificate;
let impostorRoot: GeneratedCertificate;

beforeAll(async () => {
  const dir = lab().dir;
  const ca = ['basicConstraints = critical,CA:TRUE', 'keyUsage = critical,keyCertSign,cRLSign'];
  const [key, rootKey] = await Promise.all([createKey(dir, 'impostor', { type: 'rsa', bits: 2048 }), createKey(dir, 'impostor-root', { type: 'rsa', bits: 2048 })]);
  [impostor, impostorRoot] = await Promise.all([
    issueCertificate(dir, { name: 'impostor', subject: '/C=US/O=Chain Lab/CN=Lab RSA Issuing CA 01', key, extensions: ca }),
    issueCertificate(dir, { name: 'impostor-root', subject: '/C=US/O=Chain Lab/CN=Lab RSA Root', key: rootKey, extensions: ca }),
  ]);
});

afterEach(() => {
  vi.restoreAllMocks();
  parsedCache.limit = PARSED_CACHE_SIZE;
});

/** The leaf with the last byte of its signature changed: same names, same size, still parses. */
function tampered(der: Buffer): Buffer {
  const copy = Buffer.from(der);
  copy[copy.length - 1] = (copy[copy.length - 1] as number) ^ 0x01;
  return copy;
}

describe('parsed certificates (kept per process, by content)', () => {
  it('parses equal bytes once, whatever buffer they come in, and spells SHA-256 as computeThumbprints does', () => {
    const der = lab().pki.rsaIntermediate.der;
    const first = parsedCertificate(der);
    const second = parsedCertificate(Buffer.from(der));
    expect(second.x509).toBe(first.x509);
    expect(second.der).not.toBe(first.der);
    expect(second.der.equals(der)).toBe(true);
    expect(first.sha256).toBe(computeThumbprints(der).sha256);
    expect(sha256Hex(der)).toBe(first.sha256);
    expect(first).toMatchObject({ subject: first.x509.subject, issuer: first.x509.issuer });
  });

  it('keeps at most its limit, dropping the least recently used', () => {
    const { rsaRoot, ecRoot, rsaIntermediate, ecIntermediate } = lab().pki;
    parsedCache.clear();
    parsedCache.limit = 2;
    parsedCertificate(rsaRoot.der);
    parsedCertificate(ecRoot.der);
    parsedCertificate(rsaRoot.der); // used again: ecRoot is now the oldest
    parsedCertificate(rsaIntermediate.der);
    expect(parsedCache.size).toBe(2);
    expect(parsedCache.has(computeThumbprints(rsaRoot.der).sha256)).toBe(true);
    expect(parsedCache.has(computeThumbprints(ecRoot.der).sha256)).toBe(false);
    parsedCache.limit = 1;
    expect([parsedCache.size, parsedCache.has(computeThumbprints(rsaIntermediate.der).sha256)]).toEqual([1, true]);
    parsedCertificate(ecIntermediate.der);
    expect(parsedCache.has(computeThumbprints(rsaIntermediate.der).sha256)).toBe(false);
  });

  it('throws what X509Certificate throws for bytes that do not parse, and keeps nothing for them', () => {
    const garbage = Buffer.from('3003020101', 'hex');
    const before = parsedCache.size;
    expect(() => parsedCertificate(garbage)).toThrow();
    expect(() => new X509Certificate(garbage)).toThrow();
    expect(parsedCache.size).toBe(before);
    expect(parsedCache.has(sha256Hex(garbage))).toBe(false);
  });
});

describe('signature checks (kept per fetchChains call)', () => {
  it('rejects a wrong signature even when the names match, after the genuine pair was accepted', () => {
    const memo = new ChainMemo(NOW);
    const leaf = parsedCertificate(lab().pki.leaves['full.test'].der);
    const intermediate = parsedCertificate(lab().pki.rsaIntermediate.der);
    const forged = parsedCertificate(tampered(lab().pki.leaves['full.test'].der));
    const other = parsedCertificate(impostor.der);
    expect([forged.subject, forged.issuer, other.subject]).toEqual([leaf.subject, leaf.issuer, intermediate.subject]);
    expect(memo.issuedBy(leaf, intermediate)).toBe(true);
    expect(memo.issuedBy(forged, intermediate)).toBe(false);
    expect(memo.issuedBy(leaf, other)).toBe(false);
    // Asked again: the memo answers the same, without verifying again.
    const verified = memo.verifications;
    expect([memo.issuedBy(leaf, intermediate), memo.issuedBy(forged, intermediate), memo.issuedBy(leaf, other)]).toEqual([true, false, false]);
    expect(memo.verifications).toBe(verified);
  });

  it('completes past an impostor with the right name to the issuer whose key verifies, and not from a forged leaf', async () => {
    const { leaves, rsaIntermediate, rsaRoot } = lab().pki;
    const memo = new ChainMemo(NOW);
    const sources = { caFiles: [], trustStore: trustStoreCandidates([rsaRoot.der]), catalog: toCandidates([impostor.der, rsaIntermediate.der], 'catalog') };
    const completed = await completeChain([leaves['full.test'].der], sources, { now: NOW, aia: null, memo });
    expect(completed.links.map((link) => link.sha256)).toEqual([leaves['full.test'].der, rsaIntermediate.der, rsaRoot.der].map(sha256Hex));
    const forged = await completeChain([tampered(leaves['full.test'].der)], sources, { now: NOW, aia: null, memo });
    expect(forged.links).toHaveLength(1);
    expect(forged.reachesRoot).toBe(false);
  });

  it('verifies each (child, issuer) pair once per memo, and afresh with a new one', async () => {
    const { leaves, rsaIntermediate, rsaRoot } = lab().pki;
    const sources = { caFiles: [], trustStore: trustStoreCandidates([rsaRoot.der]), catalog: [] };
    const served = [leaves['full.test'].der, rsaIntermediate.der];
    const memo = new ChainMemo(NOW);
    const first = await completeChain(served, sources, { now: NOW, aia: null, memo });
    // leaf <- intermediate, intermediate <- root, root <- root
    expect(memo.verifications).toBe(3);
    const second = await completeChain(served, sources, { now: NOW, aia: null, memo });
    expect(memo.verifications).toBe(3);
    expect(second).toEqual(first);
    const fresh = new ChainMemo(NOW);
    await completeChain(served, sources, { now: NOW, aia: null, memo: fresh });
    expect(fresh.verifications).toBe(3);
  });

  it('describes as describeCertificate does, verifying a root once for completion and description', () => {
    const memo = new ChainMemo(NOW);
    const { leaves, ecIntermediate, ecRoot } = lab().pki;
    for (const der of [leaves['ec.test'].der, ecIntermediate.der, ecRoot.der, leaves['selfsigned.test'].der]) {
      expect(memo.describe(parsedCertificate(der))).toEqual(describeCertificate(der, NOW));
    }
    const root = parsedCertificate(ecRoot.der);
    expect(memo.selfIssued(root)).toBe(true);
    const verified = memo.verifications;
    expect(memo.describe(root).selfSigned).toBe(true);
    expect(memo.verifications).toBe(verified);
  });

  it('describeCertificate takes a self-signature check the caller already made', () => {
    const { ecRoot, leaves } = lab().pki;
    const verify = vi.spyOn(X509Certificate.prototype, 'verify');
    const root = new X509Certificate(ecRoot.der);
    expect(describeCertificate(ecRoot.der, NOW, root, { selfSigned: true })).toEqual(describeCertificate(ecRoot.der, NOW, root));
    expect(verify).toHaveBeenCalledTimes(1);
    expect(describeCertificate(leaves['full.test'].der, NOW, undefined, {}).selfSigned).toBe(false);
  });

  it('fetchChains verifies each signature once per call, however many hosts share it', async () => {
    const verify = vi.spyOn(X509Certificate.prototype, 'verify');
    const target = lab().target('full.test');
    const results = await fetchChains([target, target, target], lab().options({ now: NOW }));
    expect(results.map((result) => result.verdict)).toEqual(['trusted', 'trusted', 'trusted']);
    expect(verify).toHaveBeenCalledTimes(3);
    expect(results[1]?.chain).toEqual(results[0]?.chain);
    const [again] = await fetchChains([target], lab().options({ now: NOW }));
    expect(verify).toHaveBeenCalledTimes(6);
    expect(again?.chain).toEqual(results[0]?.chain);
  });
});

describe('changed CA lists', () => {
  const catalogEntry = (der: Buffer): CatalogEntry => {
    const certificate = describeCertificate(der, NOW);
    return { id: certificate.thumbprints.sha256, generation: 'user', name: certificate.subjectCN, role: 'root', origin: 'user', source: 'test', file: 'x.pem', status: certificate.status, note: null, certificate };
  };

  it('uses exactly the CA files, roots and catalog of each call, whatever earlier calls parsed', async () => {
    const target = lab().target('full.test');
    const { rsaRoot } = lab().pki;
    const fetch = async (options: Parameters<ReturnType<typeof lab>['options']>[0]) => (await fetchChains([target], lab().options({ extraTrustedRoots: [], ...options })))[0];
    expect(await fetch({ caCertificates: [rsaRoot.der] })).toMatchObject({ verdict: 'trusted', completedFrom: [{ from: 'ca-file' }] });
    expect(await fetch({})).toMatchObject({ verdict: 'incomplete', completedFrom: [] });
    expect(await fetch({ catalog: [catalogEntry(rsaRoot.der)] })).toMatchObject({ completedFrom: [{ from: 'catalog' }] });
    expect(await fetch({ catalog: [] })).toMatchObject({ verdict: 'incomplete' });
    expect(await fetch({ extraTrustedRoots: [rsaRoot.der] })).toMatchObject({ verdict: 'trusted', completedFrom: [{ from: 'trust-store' }] });
    // A root with the right name and another key: not the issuer.
    expect(await fetch({ extraTrustedRoots: [impostorRoot.der] })).toMatchObject({ verdict: 'incomplete', completedFrom: [] });
    expect(await fetch({ extraTrustedRoots: [impostorRoot.der, rsaRoot.der] })).toMatchObject({ verdict: 'trusted', completedFrom: [{ from: 'trust-store' }] });
  });
});
