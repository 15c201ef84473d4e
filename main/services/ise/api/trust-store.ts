/**
 * ISE's trust store read through the API, turned into certificates the Chains screen's gap
 * code understands. An entry becomes a CertificateInfo when ISE exports its PEM; otherwise it
 * is tied to a chain CA by the fields ISE lists: the SHA-256 fingerprint, or issuer and serial
 * number (unique per issuer, RFC 5280 4.1.2.2). The gap itself is computed by the same
 * findTrustStoreGap the Chains screen uses, so both always agree.
 */
import type { CertificateInfo } from '../../../../preload/types/certs';
import type { TrustStoreGap } from '../../../../preload/types/chains';
import type { IseChainGap, IseTrustedCertificate, IseTrustStoreRead } from '../../../../preload/types/ise-api';
import { decodeThumbprint, describeCertificate } from '../../certs';
import { findTrustStoreGap, type ChainForIse } from '../../tls';
import type { IseApiClient } from './client';
import { certificateLabel, issuerLabel } from '../../../../preload/labels';

export interface ReadTrustStoreOptions {
  now?: Date;
  pageSize?: number;
  /** Export each entry's PEM (default true); false lists only. */
  exportPem?: boolean;
  /** Exports run this many at a time. */
  concurrency?: number;
  /**
   * The CA certificates the read is for (a chain's CAs, the CAs to import). An entry whose
   * listed fingerprint identifies it is exported only when it may be a cross-signed twin of one
   * of them (same subject, other certificate), which only its PEM can tell.
   */
  candidates?: CertificateInfo[];
}

export async function readIseTrustStore(client: IseApiClient, options: ReadTrustStoreOptions = {}): Promise<IseTrustStoreRead> {
  const now = options.now ?? new Date();
  const listed = await client.listTrustedCertificates({ now, ...(options.pageSize ? { pageSize: options.pageSize } : {}) });
  const store: IseTrustStoreRead = {
    host: client.endpoint.host,
    port: client.endpoint.port,
    readAt: now.toISOString(),
    entries: listed.entries,
    exported: [],
    exportProblem: null,
    pages: listed.pages,
  };
  if (options.exportPem === false) {
    store.exportProblem = 'PEM export was not requested.';
    return store;
  }
  // ISE does not export its internal CA certificates (ISE API documentation). An entry whose
  // listing carries its SHA-256 fingerprint is already identified: one request per certificate
  // is spent only on the entries that cannot be matched any other way.
  const candidates = options.candidates ?? [];
  const wanted = new Set(candidates.map((info) => info.thumbprints.sha256.toLowerCase()));
  const subjects = new Set(candidates.map((info) => certificateLabel(info)));
  const exportable = store.entries.filter((entry) => {
    if (entry.internalCA) return false;
    const fingerprint = listedFingerprint(entry);
    if (fingerprint === null) return true;
    return !wanted.has(fingerprint.toString('hex')) && subjects.has(entry.issuedTo.trim());
  });
  const [first, ...rest] = exportable;
  if (!first) return store;
  // One try first: when ISE does not export at all, the rest is not asked for.
  if (!(await exportInto(client, first, store, now))) return store;
  await eachLimited(rest, options.concurrency ?? 4, (entry) => exportInto(client, entry, store, now));
  return store;
}

/** The SHA-256 fingerprint the listing gives for an entry, when it is a usable one. */
function listedFingerprint(entry: IseTrustedCertificate): Buffer | null {
  const fingerprint = entry.sha256Fingerprint ? decodeThumbprint(entry.sha256Fingerprint) : null;
  return fingerprint !== null && fingerprint.length === 32 ? fingerprint : null;
}

async function exportInto(client: IseApiClient, entry: IseTrustedCertificate, store: IseTrustStoreRead, now: Date): Promise<boolean> {
  const answer = await client.exportTrustedCertificate(entry.id);
  if (!answer.ok) {
    store.exportProblem ??= answer.reason;
    return false;
  }
  const info = describeCertificate(answer.der, now);
  entry.identifiedBy = 'export';
  entry.certificate = info.thumbprints.sha256;
  if (!store.exported.some((known) => known.thumbprints.sha256 === info.thumbprints.sha256)) store.exported.push(info);
  return true;
}

async function eachLimited<T>(items: T[], limit: number, work: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const item = items[next++] as T;
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

export interface ResolvedIseStore {
  /** Every certificate ISE is known to hold: exported ones plus candidates identified by fields. */
  certificates: CertificateInfo[];
  /** The entries, with `identifiedBy` / `certificate` filled in where a certificate was tied to them. */
  entries: IseTrustedCertificate[];
}

/** Ties unexported entries to candidate certificates (the chain CAs) by fingerprint or issuer+serial. */
export function resolveIseStore(store: IseTrustStoreRead, candidates: CertificateInfo[]): ResolvedIseStore {
  const certificates = [...store.exported];
  const known = new Set(certificates.map((info) => info.thumbprints.sha256));
  const entries = store.entries.map((entry) => {
    if (entry.identifiedBy === 'export') return entry;
    for (const candidate of candidates) {
      const how = sameByFields(entry, candidate);
      if (how === null) continue;
      if (!known.has(candidate.thumbprints.sha256)) {
        known.add(candidate.thumbprints.sha256);
        certificates.push(candidate);
      }
      return { ...entry, identifiedBy: how, certificate: candidate.thumbprints.sha256 };
    }
    return entry;
  });
  return { certificates, entries };
}

function sameByFields(entry: IseTrustedCertificate, candidate: CertificateInfo): 'fingerprint' | 'issuer-serial' | null {
  const fingerprint = listedFingerprint(entry);
  if (fingerprint !== null) {
    // A fingerprint decides on its own, in both directions.
    return fingerprint.equals(Buffer.from(candidate.thumbprints.sha256, 'hex')) ? 'fingerprint' : null;
  }
  const serial = entry.serialNumberDecimalFormat.trim();
  if (!/^\d+$/.test(serial) || BigInt(serial) !== BigInt(`0x${candidate.serialNumber}`)) return null;
  // ISE lists the issuer and subject by common name ("Issued By", "Issued To").
  const issuerMatches = entry.issuedBy.trim() !== '' && entry.issuedBy.trim() === (issuerLabel(candidate));
  const subjectMatches = entry.issuedTo.trim() === '' || entry.issuedTo.trim() === (certificateLabel(candidate));
  return issuerMatches && subjectMatches ? 'issuer-serial' : null;
}

/** For each fetched chain: which of its CAs ISE holds and which are missing (the Chains screen's gap). */
export function iseGapForChains(chains: ChainForIse[], store: IseTrustStoreRead): { gaps: IseChainGap[]; entries: IseTrustedCertificate[] } {
  const candidates = chains.flatMap((chain) => chain.chain.slice(1));
  const resolved = resolveIseStore(store, candidates);
  return {
    gaps: chains.map((chain) => ({ target: chain.target, ...findTrustStoreGap(chain.chain, resolved.certificates) })),
    entries: resolved.entries,
  };
}

/** The same gap for a plain list of CA certificates (files given to `ise import-ca`, or the CAs just imported). */
export function iseGapForCas(cas: CertificateInfo[], store: IseTrustStoreRead): TrustStoreGap & { entries: IseTrustedCertificate[] } {
  const resolved = resolveIseStore(store, cas);
  const [first] = cas;
  if (!first) return { present: [], missing: [], entries: resolved.entries };
  // findTrustStoreGap takes a leaf-first chain and skips its leaf: the first CA stands in for one.
  return { ...findTrustStoreGap([first, ...cas], resolved.certificates), entries: resolved.entries };
}
