/**
 * Builds the path leaf -> root from what the server sent, then completes it: a missing issuer
 * is looked up in the user's CA files, the trust store (Node's bundled roots plus extra roots),
 * the Microsoft CA catalog and, when allowed, downloaded from the certificate's AIA URL.
 * "A issued B" needs B's issuer name to equal A's subject AND B's signature to verify with A's
 * key, because the cross-signed twins share subject and key (DOMAIN.md).
 */
import { X509Certificate } from 'node:crypto';
import { rootCertificates } from 'node:tls';
import type { AiaAttempt, CompletedFrom } from '../../../preload/types/chains';
import { computeThumbprints, describeCertificate } from '../certs';
import { isServiceError } from '../errors';
import { downloadIssuer, type AiaDownloadOptions } from './aia';

const MAX_DEPTH = 10;

export interface CaCandidate {
  der: Buffer;
  x509: X509Certificate;
  sha256: string;
  /** `x509.subject`, read once: Node rebuilds the string on every access. */
  subject: string;
  from: CompletedFrom;
}

export interface CaSources {
  caFiles: CaCandidate[];
  trustStore: CaCandidate[];
  catalog: CaCandidate[];
}

export interface ChainLink {
  der: Buffer;
  x509: X509Certificate;
  sha256: string;
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
}

export function toCandidates(ders: Buffer[], from: CompletedFrom): CaCandidate[] {
  return ders.map((der) => {
    const x509 = new X509Certificate(der);
    return { der, x509, sha256: computeThumbprints(der).sha256, subject: x509.subject, from };
  });
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
  if (child.issuer !== parent.subject) return false;
  try {
    return child.verify(parent.publicKey);
  } catch {
    return false;
  }
}

function validAt(certificate: X509Certificate, now: Date): boolean {
  return new Date(certificate.validFrom).getTime() <= now.getTime() && now.getTime() <= new Date(certificate.validTo).getTime();
}

/** Among issuers that verify, a currently valid one first, then in the order given. */
function pickIssuer(child: X509Certificate, candidates: CaCandidate[], now: Date, exclude: Set<string>): CaCandidate | undefined {
  const issuerName = child.issuer;
  const issuers = candidates.filter((candidate) => candidate.subject === issuerName && !exclude.has(candidate.sha256) && issuedBy(child, candidate.x509));
  return issuers.find((candidate) => validAt(candidate.x509, now)) ?? issuers[0];
}

function sameSubjectAndKey(a: X509Certificate, b: X509Certificate): boolean {
  if (a.subject !== b.subject) return false;
  const spki = (x: X509Certificate): Buffer => x.publicKey.export({ type: 'spki', format: 'der' });
  return spki(a).equals(spki(b));
}

export async function completeChain(served: Buffer[], sources: CaSources, options: CompleteOptions): Promise<CompletedChain> {
  const servedCandidates = served.map((der) => ({ der, x509: new X509Certificate(der), sha256: computeThumbprints(der).sha256 }));
  const [leaf] = servedCandidates;
  if (!leaf) throw new Error('completeChain needs at least the leaf certificate');
  const links: ChainLink[] = [{ ...leaf, source: 'served' }];
  const used = new Set([leaf.sha256]);
  const aiaAttempts: AiaAttempt[] = [];
  const stores = [...sources.caFiles, ...sources.trustStore, ...sources.catalog];
  let reachesRoot = false;
  while (links.length < MAX_DEPTH) {
    const top = links[links.length - 1] as ChainLink;
    reachesRoot = isSelfIssued(top.x509);
    if (reachesRoot) break;
    const fromServer = servedCandidates.find((candidate) => !used.has(candidate.sha256) && issuedBy(top.x509, candidate.x509));
    let next: ChainLink | undefined = fromServer ? { ...fromServer, source: 'served' } : undefined;
    if (!next) {
      const found = pickIssuer(top.x509, stores, options.now, used);
      if (found) next = { der: found.der, x509: found.x509, sha256: found.sha256, source: found.from };
    }
    if (!next && options.aia) next = await issuerFromAia(top, options.aia, options.now, used, aiaAttempts);
    if (!next) break;
    links.push(next);
    used.add(next.sha256);
  }
  const top = links[links.length - 1] as ChainLink;
  // True only when the loop stopped at a root; after MAX_DEPTH the last link was never checked.
  if (!reachesRoot) reachesRoot = isSelfIssued(top.x509);
  const topSubject = top.x509.subject;
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
): Promise<ChainLink | undefined> {
  for (const url of describeCertificate(top.der, now, top.x509).aiaIssuers) {
    try {
      const download = await downloadIssuer(url, options);
      const found = pickIssuer(top.x509, toCandidates(download.certificates, 'aia'), now, used);
      if (!found) {
        attempts.push({
          url,
          ok: false,
          finalUrl: download.finalUrl,
          redirects: download.redirects,
          code: 'AIA_WRONG_ISSUER',
          message: `${url} returned a certificate that did not sign ${top.x509.subject.split('\n').pop() ?? 'this certificate'}.`,
        });
        continue;
      }
      const via = download.redirects.length > 0 ? ` (redirected to ${download.finalUrl})` : '';
      attempts.push({ url, ok: true, finalUrl: download.finalUrl, redirects: download.redirects, message: `Downloaded the issuer from ${url}${via}.` });
      return { der: found.der, x509: found.x509, sha256: found.sha256, source: 'aia', url, finalUrl: download.finalUrl };
    } catch (error) {
      if (!isServiceError(error)) throw error;
      if (error.code === 'CANCELLED') throw error;
      attempts.push({ url, ok: false, finalUrl: url, redirects: [], code: error.code, message: error.message });
    }
  }
  return undefined;
}
