/**
 * The CA certificates ISE must trust for a set of hosts: every root and intermediate of each
 * chain (never the leaf: ISE validates the server, it does not pin it), deduplicated by
 * SHA-256 across hosts. Cross-signed twins (same subject and key, different issuer) are both
 * kept when both appear: which copy a server sends decides which path ISE has to build.
 */
import { X509Certificate } from 'node:crypto';
import type { CertificateInfo } from '../../../preload/types/certs';
import type { IseNeededCertificate, IseNeeds } from '../../../preload/types/chains';
import { certificateLabel, issuerLabel } from '../../../preload/labels';

export const FRIENDLY_NAME_PREFIX = 'Azure MDM';

export interface ChainForIse {
  target: string;
  chain: CertificateInfo[];
  /** The chain was replaced by a TLS-inspecting proxy (inspection.ts): Microsoft's roots stand in for its CAs. */
  inspection?: { proxyCa: string; microsoftCas: CertificateInfo[] };
}

export function collectIseNeeds(chains: ChainForIse[], prefix = FRIENDLY_NAME_PREFIX): IseNeeds {
  const byRef = new Map<string, IseNeededCertificate>();
  const notes: string[] = [];
  for (const { target, chain, inspection } of chains) {
    if (inspection) notes.push(inspectionNote(target, chain, inspection.proxyCa));
    for (const certificate of inspection ? inspection.microsoftCas : chain.slice(1)) {
      const ref = certificate.thumbprints.sha256;
      const known = byRef.get(ref);
      if (known) {
        if (!known.targets.includes(target)) known.targets.push(target);
        continue;
      }
      byRef.set(ref, { certificate, role: certificate.selfSigned ? 'root' : 'intermediate', targets: [target], friendlyName: '', twins: [] });
    }
  }
  const needed = [...byRef.values()];
  for (const group of twinGroups(needed)) {
    const refs = group.map((entry) => entry.certificate.thumbprints.sha256);
    for (const entry of group) entry.twins = refs.filter((ref) => ref !== entry.certificate.thumbprints.sha256);
    const first = group[0] as IseNeededCertificate;
    const issuers = group.map((entry) => `${issuerLabel(entry.certificate)} (${entry.targets.join(', ')})`);
    notes.push(
      `${first.certificate.subjectCN} appears ${group.length} times with the same subject and key but different issuers: ${issuers.join('; ')}. ` +
        'These are cross-signed twins. Both are kept because each server decides which copy it sends, and ISE must build a path from whichever one arrives.',
    );
  }
  for (const entry of needed) {
    const cn = certificateLabel(entry.certificate);
    entry.friendlyName = entry.twins.length > 0 ? `${prefix} - ${cn} (${entry.certificate.issuerCN || 'unknown issuer'})` : `${prefix} - ${cn}`;
  }
  // Roots first: ISE accepts an intermediate more readily once its issuer is trusted.
  needed.sort((a, b) => (a.role === b.role ? a.friendlyName.localeCompare(b.friendlyName) : a.role === 'root' ? -1 : 1));
  return { certificates: needed, notes };
}

function inspectionNote(target: string, chain: CertificateInfo[], proxyCa: string): string {
  const ca = chain.find((info) => info.thumbprints.sha256 === proxyCa);
  const caName = !ca ? 'its own CA' : ca.isCA ? certificateLabel(ca) : issuerLabel(ca);
  return (
    `The chain of ${target} was replaced by a TLS-inspecting proxy (its CA: ${caName}). The CAs listed for it are Microsoft's roots, ` +
    `which ISE sees when it connects to Microsoft directly; Microsoft's servers send their intermediate CAs. ` +
    `If ISE goes through the same inspecting proxy, import ${caName} in ISE instead${ca?.isCA ? ` (SHA-1 ${ca.thumbprints.sha1Colon})` : ''}.`
  );
}

/** Groups of two or more certificates with the same subject and public key. */
export function twinGroups<T extends { certificate: CertificateInfo }>(entries: T[]): T[][] {
  const groups = new Map<string, T[]>();
  for (const entry of entries) {
    const key = subjectKey(entry.certificate);
    groups.set(key, [...(groups.get(key) ?? []), entry]);
  }
  return [...groups.values()].filter((group) => group.length > 1);
}

/** Subject DN plus SubjectPublicKeyInfo: what Java's PKIX (ISE) matches a trust anchor by. */
export function subjectKey(certificate: CertificateInfo): string {
  const x509 = new X509Certificate(Buffer.from(certificate.base64Der, 'base64'));
  return `${x509.subject}\u0000${x509.publicKey.export({ type: 'spki', format: 'der' }).toString('base64')}`;
}
