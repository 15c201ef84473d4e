/**
 * Builds the path leaf -> root from what the server sent, then completes it: a missing issuer
 * is looked up in the user's CA files, the trust store (Node's bundled roots plus extra roots),
 * the Microsoft CA catalog and, when allowed, downloaded from the certificate's AIA URL.
 * "A issued B" needs B's issuer name to equal A's subject AND B's signature to verify with A's
 * key, because the cross-signed twins share subject and key (DOMAIN.md). Certificates are parsed
 * once per process and each signature is verified once per fetchChains call (certificate-cache.ts).
 */
import type { X509Certificate } from 'node:crypto';
import { rootCertificates } from 'node:tls';
import type { AiaAttempt, CompletedFrom } from '../../../preload/types/chains';
import { isServiceError } from '../errors';
import { AiaError, downloadIssuer, type AiaDownloadOptions } from './aia';
import { ChainMemo, parsedCertificate, verifiesWith, type ParsedCertificate } from './certificate-cache';

const MAX_DEPTH = 10;

export interface CaCandidate extends ParsedCertificate {
  from: CompletedFrom;
}

export interface CaSources {
  caFiles: CaCandidate[];
  trustStore: CaCandidate[];
  /** This computer's own store (Windows in the app), kept apart so the chain view names it. */
  systemStore?: CaCandidate[];
  catalog: CaCandidate[];
}

export interface ChainLink extends ParsedCertificate {
  source: 'served' | CompletedFrom;
  url?: string;
  finalUrl?: string;
}

export interface CompletedChain {
  links: ChainLink[];
  aiaAttempts: AiaAttempt[];
  /** The top is self-signed. */
  reachesRoot: boolean;
  /** Where the top certificate is trusted from (the same certificate, or same subject and key); null when nowhere. */
  anchor: CompletedFrom | null;
}

export interface CompleteOptions {
  now: Date;
  /** Download missing issuers from AIA URLs; the options bound each download. */
  aia: AiaDownloadOptions | null;
  /** Signature checks shared with other chains of the same call (fetchChains passes one); a fresh one by default. */
  memo?: ChainMemo;
}

/** Parsed once per process per distinct certificate (certificate-cache.ts), whatever list it comes in. */
export function toCandidates(ders: Buffer[], from: CompletedFrom): CaCandidate[] {
  return ders.map((der) => ({ ...parsedCertificate(der), from }));
}

let nodeRoots: CaCandidate[] | undefined;

/** Node's bundled Mozilla roots (parsed once) plus `extra` DER roots. */
export function trustStoreCandidates(extra: Buffer[] = []): CaCandidate[] {
  nodeRoots ??= toCandidates(rootCertificates.map((pem) => Buffer.from(pem.replace(/-----(BEGIN|END) CERTIFICATE-----|\s/g, ''), 'base64')), 'trust-store');
  return extra.length === 0 ? nodeRoots : [...nodeRoots, ...toCandidates(extra, 'trust-store')];
}

export function isSelfIssued(certificate: X509Certificate): boolean {
  return certificate.subject === certificate.issuer && issuedBy(certificate, certificate);
}

export function issuedBy(child: X509Certificate, parent: X509Certificate): boolean {
  return child.issuer === parent.subject && verifiesWith(child, parent);
}

function validAt(certificate: X509Certificate, now: Date): boolean {
  return new Date(certificate.validFrom).getTime() <= now.getTime() && now.getTime() <= new Date(certificate.validTo).getTime();
}

/** Among issuers that verify, a currently valid one first, then in the order given. */
function pickIssuer(child: ChainLink, candidates: CaCandidate[], now: Date, exclude: Set<string>, memo: ChainMemo): CaCandidate | undefined {
  const issuerName = child.issuer;
  const issuers = candidates.filter((candidate) => candidate.subject === issuerName && !exclude.has(candidate.sha256) && memo.issuedBy(child, candidate));
  return issuers.find((candidate) => validAt(candidate.x509, now)) ?? issuers[0];
}

function linkFields(candidate: CaCandidate): ParsedCertificate {
  return { der: candidate.der, x509: candidate.x509, sha256: candidate.sha256, subject: candidate.subject, issuer: candidate.issuer };
}

function sameSubjectAndKey(a: X509Certificate, b: X509Certificate): boolean {
  if (a.subject !== b.subject) return false;
  const spki = (x: X509Certificate): Buffer => x.publicKey.export({ type: 'spki', format: 'der' });
  return spki(a).equals(spki(b));
}

export async function completeChain(served: Buffer[], sources: CaSources, options: CompleteOptions): Promise<CompletedChain> {
  const memo = options.memo ?? new ChainMemo(options.now);
  const servedCandidates = served.map(parsedCertificate);
  const [leaf] = servedCandidates;
  if (!leaf) throw new Error('completeChain needs at least the leaf certificate');
  const links: ChainLink[] = [{ ...leaf, source: 'served' }];
  const used = new Set([leaf.sha256]);
  const aiaAttempts: AiaAttempt[] = [];
  const stores = [...sources.caFiles, ...sources.trustStore, ...(sources.systemStore ?? []), ...sources.catalog];
  let reachesRoot = false;
  while (links.length < MAX_DEPTH) {
    const top = links[links.length - 1] as ChainLink;
    reachesRoot = memo.selfIssued(top);
    if (reachesRoot) break;
    const fromServer = servedCandidates.find((candidate) => !used.has(candidate.sha256) && memo.issuedBy(top, candidate));
    let next: ChainLink | undefined = fromServer ? { ...fromServer, source: 'served' } : undefined;
    if (!next) {
      const found = pickIssuer(top, stores, options.now, used, memo);
      if (found) next = { ...linkFields(found), source: found.from };
    }
    if (!next && options.aia) next = await issuerFromAia(top, options.aia, options.now, used, aiaAttempts, memo);
    if (!next) break;
    links.push(next);
    used.add(next.sha256);
  }
  const top = links[links.length - 1] as ChainLink;
  // True only when the loop stopped at a root; after MAX_DEPTH the last link was never checked.
  if (!reachesRoot) reachesRoot = memo.selfIssued(top);
  const topSubject = top.subject;
  const anchorSource = reachesRoot
    ? stores.find((candidate) => candidate.sha256 === top.sha256 || (candidate.subject === topSubject && sameSubjectAndKey(candidate.x509, top.x509)))
    : undefined;
  return { links, aiaAttempts, reachesRoot, anchor: anchorSource?.from ?? null };
}

async function issuerFromAia(
  top: ChainLink,
  options: AiaDownloadOptions,
  now: Date,
  used: Set<string>,
  attempts: AiaAttempt[],
  memo: ChainMemo,
): Promise<ChainLink | undefined> {
  for (const url of memo.describe(top).aiaIssuers) {
    try {
      const download = await downloadIssuer(url, options);
      const found = pickIssuer(top, toCandidates(download.certificates, 'aia'), now, used, memo);
      if (!found) {
        attempts.push({
          url,
          ok: false,
          finalUrl: download.finalUrl,
          redirects: download.redirects,
          code: 'AIA_WRONG_ISSUER',
          message: `${url} returned a certificate that did not sign ${top.subject.split('\n').pop() ?? 'this certificate'}.`,
        });
        continue;
      }
      const via = download.redirects.length > 0 ? ` (redirected to ${download.finalUrl})` : '';
      attempts.push({ url, ok: true, finalUrl: download.finalUrl, redirects: download.redirects, message: `Downloaded the issuer from ${url}${via}.` });
      return { ...linkFields(found), source: 'aia', url, finalUrl: download.finalUrl };
    } catch (error) {
      if (!isServiceError(error)) throw error;
      if (error.code === 'CANCELLED') throw error;
      attempts.push({ url, ok: false, finalUrl: url, redirects: [], code: error.code, message: error.message, ...(error instanceof AiaError ? { values: error.values } : {}) });
    }
  }
  return undefined;
}
