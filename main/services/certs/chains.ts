/**
 * Orders a set of certificates into chains, leaf to root. "A issued B" needs both B's issuer
 * DN to equal A's subject and B's signature to verify with A's key: names alone mislead when
 * CAs are cross-signed (the Microsoft Azure TLS Issuing CAs exist twice, same subject and key,
 * one under DigiCert Global Root G2 and one under Microsoft RSA Root CA 2017).
 */
import { X509Certificate } from 'node:crypto';
import { subjectPublicKeyInfo } from './x509-der';
import type { CertificateInfo, CertificateRef, ChainGroup, ChainReport, IssuedByLink, TwinGroup } from '../../../preload/types/certs';

/** Bounds the work on pathological sets (many mutually cross-signed CAs). */
const MAX_CHAINS = 64;
const MAX_DEPTH = 16;

interface Node {
  ref: CertificateRef;
  info: CertificateInfo;
  certificate: X509Certificate;
  issuers: Node[];
  selfSigned: boolean;
}

export function buildChainReport(certificates: CertificateInfo[]): ChainReport {
  const nodes = uniqueNodes(certificates);
  const links: IssuedByLink[] = [];
  for (const node of nodes) {
    for (const candidate of nodes) {
      if (candidate === node || node.selfSigned || node.certificate.issuer !== candidate.certificate.subject) continue;
      if (verifies(node.certificate, candidate.certificate)) {
        node.issuers.push(candidate);
        links.push({ subject: node.ref, issuer: candidate.ref });
      }
    }
  }
  const issuedSomething = new Set(links.map((link) => link.issuer));
  const chains: ChainGroup[] = [];
  for (const node of nodes) {
    if (issuedSomething.has(node.ref)) continue;
    walk(node, [node], chains);
  }
  return {
    chains,
    links,
    roots: nodes.filter((node) => node.selfSigned).map((node) => node.ref),
    orphans: nodes.filter((node) => !node.selfSigned && node.issuers.length === 0).map((node) => node.ref),
    twins: findTwins(nodes),
  };
}

function uniqueNodes(certificates: CertificateInfo[]): Node[] {
  // A certificate given twice (two files holding it) is one node: same thumbprint, same DER.
  const byRef = new Map(certificates.map((info) => [info.thumbprints.sha256, info]));
  return [...byRef].map(([ref, info]) => ({ ref, info, certificate: new X509Certificate(Buffer.from(info.base64Der, 'base64')), issuers: [], selfSigned: info.selfSigned }));
}

function verifies(subject: X509Certificate, issuer: X509Certificate): boolean {
  try {
    return subject.verify(issuer.publicKey);
  } catch {
    return false;
  }
}

/** Every path upwards from `node`; one ChainGroup per path (twins give a leaf several paths). */
function walk(node: Node, path: Node[], chains: ChainGroup[]): void {
  if (chains.length >= MAX_CHAINS) return;
  const next = node.issuers.filter((issuer) => !path.includes(issuer));
  if (next.length === 0 || path.length >= MAX_DEPTH) {
    const top = path[path.length - 1] as Node;
    chains.push({
      certificates: path.map((step) => step.ref),
      complete: top.selfSigned,
      missingIssuer: top.selfSigned ? null : top.info.issuer,
    });
    return;
  }
  for (const issuer of next) walk(issuer, [...path, issuer], chains);
}

function findTwins(nodes: Node[]): TwinGroup[] {
  const groups = new Map<string, Node[]>();
  for (const node of nodes) {
    // The key as encoded in the certificate: X509Certificate's publicKey throws for algorithms OpenSSL does not know.
    const key = `${node.certificate.subject}\u0000${subjectPublicKeyInfo(node.certificate.raw).toString('base64')}`;
    groups.set(key, [...(groups.get(key) ?? []), node]);
  }
  return [...groups.values()]
    .filter((group) => group.length > 1)
    .map((group) => ({ subject: (group[0] as Node).info.subject, certificates: group.map((node) => node.ref) }));
}
