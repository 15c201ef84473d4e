/**
 * TLS inspection of Microsoft's hosts. A corporate proxy (or security software) that inspects
 * TLS presents a chain of its own, issued by its CA; when that CA is in the Windows store the
 * chain even looks trusted. Microsoft's hosts are served only under the CAs Microsoft publishes
 * (DOMAIN.md; the bundled catalog holds every one of them), so a Microsoft host whose chain
 * reaches none of them was replaced on the way. ISE connecting directly sees Microsoft's chain,
 * not this one: what it needs then are Microsoft's roots, not the proxy's.
 */
import type { CertificateInfo } from '../../../preload/types/certs';
import type { CaCandidate, ChainLink } from './complete-chain';

/** Domains whose TLS certificates Microsoft issues under the CAs of its "Azure Certificate Authority details" page. */
const MICROSOFT_DOMAINS = [
  'microsoftonline.com',
  'microsoftonline.us',
  'microsoft.com',
  'microsoft.us',
  'windows.net',
  'azure.com',
  'azure.net',
  'azure.us',
  'usgovcloudapi.net',
  'microsoftazure.de',
  'chinacloudapi.cn',
  'partner.microsoftonline.cn',
  'office.com',
  'office365.com',
  'live.com',
  'msftauth.net',
  'msauth.net',
];

export function isMicrosoftHost(host: string): boolean {
  const name = host.toLowerCase().replace(/\.$/, '');
  return MICROSOFT_DOMAINS.some((domain) => name === domain || name.endsWith(`.${domain}`));
}

/** The certificate is one of `cas`, or has the same subject and key (a cross-signed twin). */
function isOneOf(link: ChainLink, cas: CaCandidate[]): boolean {
  return cas.some((ca) => ca.sha256 === link.sha256 || (ca.subject === link.subject && ca.x509.publicKey.equals(link.x509.publicKey)));
}

/**
 * For a Microsoft host: the link that stands in for Microsoft's CAs (the chain's top, the
 * inspecting proxy's CA) when no CA of the chain is one of Microsoft's; null when the chain is
 * Microsoft's, or the host is not Microsoft's.
 */
export function inspectingCa(host: string, links: ChainLink[], microsoftCas: CaCandidate[]): ChainLink | null {
  if (!isMicrosoftHost(host) || links.length === 0 || microsoftCas.length === 0) return null;
  const cas = links.slice(1);
  if (cas.some((link) => isOneOf(link, microsoftCas))) return null;
  // Not even completed to a CA: the leaf's issuer name still says whose chain it is.
  const top = links[links.length - 1] as ChainLink;
  if (microsoftCas.some((ca) => ca.subject === top.issuer)) return null;
  return top;
}

/** What ISE trusts when it reaches Microsoft directly: the catalog's roots valid today (the servers send their intermediates). */
export function microsoftRootsForIse(catalog: CertificateInfo[]): CertificateInfo[] {
  return catalog.filter((info) => info.isCA && info.selfSigned && info.status === 'valid');
}
