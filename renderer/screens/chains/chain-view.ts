/**
 * The Chains screen's view model: a fetched chain as its tree shows it, verdicts as intents, and
 * findings as translation keys with their values. Pure functions of main's ChainsState.
 */
import type { CertificateInfo, CertificateRef, ChainFetchResult, ChainFinding, ChainsState, ChainVerdictCode, CompletedFrom, IseStoreMatch } from '../../../preload/contract';
import { certificateLabel, issuerLabel } from '../../../preload/labels';

export type NodeRole = 'leaf' | 'intermediate' | 'root';
export type NodeOrigin = 'served' | CompletedFrom;
export type VerdictIntent = 'success' | 'info' | 'warning' | 'error';

/** One certificate of a fetched chain, as the tree shows it. */
export interface ChainNode {
  info: CertificateInfo;
  role: NodeRole;
  origin: NodeOrigin;
  /** When an ISE store is loaded: whether ISE has this CA (the leaf is never looked for). */
  inIse: IseStoreMatch | 'missing' | null;
}

/** A translation key and its values: the UI says findings in the user's language from the data. */
export interface Phrase {
  key: string;
  values: Record<string, string | number>;
}

/** How ISE's loaded store holds a needed CA: the match, 'missing', or null when no store is loaded. */
export function iseMatch(state: ChainsState, ref: CertificateRef): IseStoreMatch | 'missing' | null {
  if (!state.missingInIse) return null;
  if (state.missingInIse.includes(ref)) return 'missing';
  for (const result of state.results) {
    const match = result.presentInIse?.find((present) => present.certificate.thumbprints.sha256 === ref);
    if (match) return match;
  }
  return 'missing';
}

export function chainNodes(result: ChainFetchResult): ChainNode[] {
  return result.chain.map((info, index) => {
    const ref = info.thumbprints.sha256;
    const completed = result.completedFrom.find((entry) => entry.sha256 === ref);
    const role: NodeRole = index === 0 ? 'leaf' : info.selfSigned ? 'root' : 'intermediate';
    let inIse: ChainNode['inIse'] = null;
    if (index > 0 && result.missingInIse) {
      inIse = result.missingInIse.some((missing) => missing.thumbprints.sha256 === ref)
        ? 'missing'
        : (result.presentInIse?.find((present) => present.certificate.thumbprints.sha256 === ref) ?? 'missing');
    }
    return { info, role, origin: completed?.from ?? 'served', inIse };
  });
}

const INTENTS: Record<ChainVerdictCode, VerdictIntent> = {
  inspected: 'warning',
  trusted: 'success',
  'incomplete-completed': 'info',
  incomplete: 'error',
  'untrusted-root': 'error',
  expired: 'error',
  'not-yet-valid': 'error',
  'hostname-mismatch': 'error',
  'self-signed': 'warning',
  weak: 'warning',
  unreachable: 'error',
  timeout: 'error',
  'proxy-error': 'error',
  'tls-error': 'error',
  cancelled: 'info',
};

export function verdictIntent(code: ChainVerdictCode): VerdictIntent {
  return INTENTS[code];
}

const certificateName = certificateLabel;

/**
 * What a finding says, as a translation key (under `chains.findings` or `chains.errors`) with its
 * values taken from the result; main's English sentence is the fallback for anything unknown.
 */
export function findingPhrase(result: ChainFetchResult, finding: ChainFinding, index: number): Phrase | null {
  const info = result.chain.find((certificate) => certificate.thumbprints.sha256 === finding.certificate) ?? null;
  const name = info ? certificateName(info) : '';
  const leaf = result.chain[0];
  const values = { host: result.host, target: result.target, name, proxy: result.proxy ?? '' };
  if (!result.fetched) {
    return result.errorCode ? { key: `chains.errors.${result.errorCode}`, values } : null;
  }
  switch (finding.code) {
    case 'inspected': {
      // The proxy's CA; when the proxy sent only its forged certificate, the name of its issuer.
      const ca = info && !info.isCA ? issuerLabel(info) : name;
      return { key: result.proxy ? 'chains.findings.inspectedProxy' : 'chains.findings.inspected', values: { ...values, name: ca } };
    }
    case 'trusted':
      return { key: 'chains.findings.trusted', values: { path: result.chain.map(certificateName).join(' ← ') } };
    case 'incomplete-completed': {
      const from = result.completedFrom.find((entry) => entry.sha256 === finding.certificate)?.from ?? 'catalog';
      return { key: `chains.findings.completed.${from}`, values };
    }
    case 'incomplete': {
      // Why the issuer is still missing: no AIA address, AIA turned off (no try), or the download failed.
      const urls = info?.aiaIssuers ?? [];
      const tried = result.aiaAttempts.some((attempt) => urls.includes(attempt.url));
      const key = urls.length === 0 ? 'incompleteNoAia' : tried ? 'incompleteAiaFailed' : 'incompleteAiaOff';
      return { key: `chains.findings.${key}`, values: { ...values, issuer: info?.issuer ?? '' } };
    }
    case 'untrusted-root':
      return { key: result.proxy ? 'chains.findings.untrustedRootProxy' : 'chains.findings.untrustedRoot', values };
    case 'expired':
      return { key: info === leaf ? 'chains.findings.expiredLeaf' : 'chains.findings.expiredCa', values: { ...values, date: info?.notAfter.slice(0, 10) ?? '' } };
    case 'not-yet-valid':
      return { key: 'chains.findings.notYetValid', values: { ...values, date: info?.notBefore.slice(0, 10) ?? '' } };
    case 'hostname-mismatch': {
      const names = (leaf?.subjectAltNames ?? []).filter((entry) => /^(DNS|IP Address):/.test(entry)).map((entry) => entry.replace(/^(DNS|IP Address):/, ''));
      return { key: 'chains.findings.hostnameMismatch', values: { ...values, names: names.length ? names.join(', ') : `CN ${leaf?.subjectCN ?? ''}` } };
    }
    case 'self-signed':
      return { key: 'chains.findings.selfSigned', values };
    case 'weak': {
      // A certificate can be weak twice (key, then signature): main reports them in that order.
      const earlier = result.findings.slice(0, index).filter((other) => other.code === 'weak' && other.certificate === finding.certificate).length;
      const weakKey = info !== null && info.keyType === 'rsa' && info.keySize !== null && info.keySize < 2048;
      return weakKey && earlier === 0
        ? { key: 'chains.findings.weakKey', values: { ...values, bits: info.keySize ?? 0 } }
        : { key: 'chains.findings.weakSignature', values: { ...values, algorithm: info?.signatureAlgorithm ?? '' } };
    }
    default:
      return null;
  }
}

