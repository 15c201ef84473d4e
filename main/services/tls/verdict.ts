/**
 * Our own verification of a completed chain (Node was told not to verify, so that broken
 * chains are shown). Every finding has a stable code and an English sentence; the verdict is
 * the most serious one, in the order of `SEVERITY`.
 */
import type { X509Certificate } from 'node:crypto';
import { isIP } from 'node:net';
import type { CertificateInfo } from '../../../preload/types/certs';
import type { AiaAttempt, ChainFinding, ChainVerdictCode, CompletedFrom } from '../../../preload/types/chains';
import type { CompletedChain } from './complete-chain';
import { certificateLabel, issuerLabel } from '../../../preload/labels';

const SEVERITY: ChainVerdictCode[] = [
  'inspected',
  'self-signed',
  'untrusted-root',
  'incomplete',
  'expired',
  'not-yet-valid',
  'hostname-mismatch',
  'weak',
  'incomplete-completed',
  'trusted',
];

const WEAK_SIGNATURES = /^(sha1WithRSAEncryption|ecdsa-with-SHA1|dsa_with_SHA1|md5WithRSAEncryption)$/;

const SOURCE_NAMES: Record<CompletedFrom, string> = {
  aia: 'downloaded from its AIA address',
  catalog: "found in the app's Microsoft CA catalog",
  'trust-store': 'found in the trust store',
  'system-store': "found in this computer's trust store",
  'ca-file': 'found in your CA files',
};

export interface VerdictInput {
  /** Host name or IP address the client asked for. */
  host: string;
  completed: CompletedChain;
  /** Descriptions of `completed.links`, same order. */
  chain: CertificateInfo[];
  /** A proxy carried the connection (a TLS-inspecting proxy can swap the chain). */
  viaProxy: boolean;
  aiaAllowed: boolean;
  /** A Microsoft host's chain that reaches none of Microsoft's CAs: the CA that replaced them (inspection.ts). */
  inspectedBy?: CertificateInfo | null;
  /** The proxy that carried the connection, for the message. */
  proxyUrl?: string | null;
}

export interface Verdict {
  code: ChainVerdictCode;
  message: string;
  findings: ChainFinding[];
}

const name = certificateLabel;

export function judgeChain(input: VerdictInput): Verdict {
  const { completed, chain } = input;
  const leaf = chain[0] as CertificateInfo;
  const top = chain[chain.length - 1] as CertificateInfo;
  const findings: ChainFinding[] = [];
  const add = (code: ChainVerdictCode, message: string, certificate: CertificateInfo | null): void => {
    findings.push({ code, message, certificate: certificate?.thumbprints.sha256 ?? null });
  };

  if (input.inspectedBy) {
    // The proxy's CA, or its name when the proxy sent only the forged certificate and the CA was not found.
    const ca = input.inspectedBy.isCA ? name(input.inspectedBy) : issuerLabel(input.inspectedBy);
    const how = input.proxyUrl ? ` The connection went through the proxy ${input.proxyUrl}.` : '';
    add(
      'inspected',
      `${input.host}'s chain ends at ${ca}, not at one of the CAs Microsoft publishes for its services: a TLS-inspecting proxy or security software on this network replaced it.${how} ` +
        `ISE connecting to Microsoft directly sees Microsoft's chain, so Export for ISE gives Microsoft's root CAs, not ${ca}. If ISE goes through the same inspecting proxy, ISE needs ${ca} instead; better, ask the proxy team to exempt Microsoft's hosts from inspection.`,
      input.inspectedBy,
    );
  }

  if (chain.length === 1 && completed.reachesRoot) {
    add('self-signed', `${input.host} presents a self-signed certificate (${name(leaf)}): no CA vouches for it, so ISE trusts it only if this exact certificate is imported.`, leaf);
  } else if (completed.reachesRoot && completed.anchor === null) {
    const proxyHint = input.viaProxy
      ? ` A proxy carried this connection: a TLS-inspecting corporate proxy most likely replaced ${input.host}'s chain with its own. Ask the proxy team to exempt Microsoft hosts from inspection, or, if ISE goes through the same proxy, import that proxy root in ISE.`
      : ' It is a private CA: import it in ISE only if you know who runs it.';
    add('untrusted-root', `The chain ends at ${name(top)}, which is not a public root (neither in the trust store nor in the Microsoft catalog).${proxyHint}`, top);
  } else if (!completed.reachesRoot) {
    const proxyHint = input.viaProxy ? ' A proxy carried this connection: if that issuer belongs to your company, a TLS-inspecting proxy replaced the chain.' : '';
    add(
      'incomplete',
      `${name(top)} was issued by ${top.issuer}, which the server did not send and which was not found in the catalog, the trust store or your CA files; ${aiaStory(completed.aiaAttempts, input.aiaAllowed, top)}${proxyHint}`,
      top,
    );
  }

  for (const info of chain) {
    if (info.status === 'expired') add('expired', `${name(info)} expired on ${info.notAfter.slice(0, 10)}${info === leaf ? ': the server must install a renewed certificate' : '; a chain through it is no longer valid'}.`, info);
    if (info.status === 'not-yet-valid') add('not-yet-valid', `${name(info)} is not valid before ${info.notBefore.slice(0, 10)}: check the server's certificate or this computer's clock.`, info);
  }

  const mismatch = hostnameMismatch(input.host, completed.links[0]?.x509, leaf);
  if (mismatch) add('hostname-mismatch', mismatch, leaf);

  chain.forEach((info) => {
    if (info.keyType === 'rsa' && info.keySize !== null && info.keySize < 2048) {
      add('weak', `${name(info)} has a ${info.keySize}-bit RSA key; at least 2048 bits are required by current clients.`, info);
    }
    if (!info.selfSigned && WEAK_SIGNATURES.test(info.signatureAlgorithm)) {
      add('weak', `${name(info)} is signed with ${info.signatureAlgorithm}; SHA-1 and MD5 signatures are refused by current clients.`, info);
    }
  });

  completed.links.forEach((link, index) => {
    const info = chain[index] as CertificateInfo;
    if (link.source === 'served' || info.selfSigned) return;
    add(
      'incomplete-completed',
      `${input.host} did not send the intermediate ${name(info)}; it was ${SOURCE_NAMES[link.source]}. ISE does not fetch missing intermediates: import it in ISE's trusted certificates.`,
      info,
    );
  });

  if (findings.length === 0) {
    add('trusted', `The chain is complete and trusted: ${chain.map(name).join(' <- ')} (root ${SOURCE_NAMES[completed.anchor ?? 'trust-store'].replace(/^found in /, 'in ')}).`, null);
  }
  findings.sort((a, b) => SEVERITY.indexOf(a.code) - SEVERITY.indexOf(b.code));
  const first = findings[0] as ChainFinding;
  return { code: first.code, message: first.message, findings };
}

function aiaStory(attempts: AiaAttempt[], allowed: boolean, top: CertificateInfo): string {
  if (!allowed) return 'downloading issuers (AIA) is turned off. Add the issuer with a CA file, or allow AIA downloads.';
  if (top.aiaIssuers.length === 0) return 'the certificate names no address to download it from (AIA). Get the issuer from the CA and add it as a CA file.';
  const failures = attempts.filter((attempt) => !attempt.ok).map((attempt) => attempt.message);
  return `the AIA download failed: ${failures.join(' ')}`;
}

function hostnameMismatch(host: string, leaf: X509Certificate | undefined, info: CertificateInfo): string | null {
  if (!leaf) return null;
  const matched = isIP(host) === 0 ? leaf.checkHost(host) : leaf.checkIP(host);
  if (matched !== undefined) return null;
  const names = info.subjectAltNames.filter((entry) => entry.startsWith('DNS:') || entry.startsWith('IP Address:')).map((entry) => entry.replace(/^(DNS|IP Address):/, ''));
  const shown = names.length > 0 ? names.join(', ') : `CN ${info.subjectCN || '(none)'}`;
  return `The certificate is for ${shown}, not ${host}: clients (ISE included) refuse it for this name.`;
}
