/**
 * Ties the thumbprints of an error text to the ISE node certificates and the app's keys the
 * admin has loaded, on decoded bytes (hex in one place, base64 in another: DOMAIN.md), and says
 * it as the admin needs it: "the key ISE used is the certificate of node ise-2 (expires ...);
 * the app has keys for ise-1 only → register ise-2's certificate".
 */
import type {
  CertificatePresence,
  DiagnosisCertificate,
  DiagnosisContext,
  FindingCode,
  MatchedCertificate,
  ThumbprintInText,
  ThumbprintMatch,
} from '../../../preload/types/diagnosis';
import { decodeThumbprint } from '../certs';

interface KnownCertificate {
  loaded: DiagnosisCertificate;
  summary: MatchedCertificate;
  sha1: string;
  sha256: string;
}

export interface MatchResult {
  matched: ThumbprintMatch[];
  explanations: string[];
}

const day = (iso: string): string => iso.slice(0, 10);

function nodeLabel(certificate: KnownCertificate): string {
  return `node ${certificate.loaded.name}`;
}

/** Matching state over one diagnosis: what is loaded and what the text says is configured. */
export class ThumbprintMatcher {
  private readonly certificates: KnownCertificate[];
  private readonly manifestKeys: Set<string> | null;
  private readonly configuredInText = new Set<string>();
  private readonly notFoundInText = new Set<string>();
  private readonly now: Date;

  constructor(context: DiagnosisContext, allThumbprints: ThumbprintInText[], notFound: ThumbprintInText[]) {
    this.now = context.now ? new Date(context.now) : new Date();
    this.certificates = (context.certificates ?? []).map((loaded) => ({
      loaded,
      sha1: loaded.certificate.thumbprints.sha1.toUpperCase(),
      sha256: loaded.certificate.thumbprints.sha256.toUpperCase(),
      summary: {
        file: loaded.file,
        subjectCN: loaded.certificate.subjectCN,
        sha1: loaded.certificate.thumbprints.sha1.toUpperCase(),
        node: loaded.name,
        notAfter: loaded.certificate.notAfter,
      },
    }));
    this.manifestKeys = context.manifest ? manifestKeySet(context.manifest.entries) : null;
    for (const thumbprint of allThumbprints) if (thumbprint.source === 'configured-key' && thumbprint.hex) this.configuredInText.add(thumbprint.hex);
    for (const thumbprint of notFound) if (thumbprint.hex) this.notFoundInText.add(thumbprint.hex);
  }

  get hasCertificates(): boolean {
    return this.certificates.length > 0;
  }

  private find(hex: string | null): KnownCertificate | undefined {
    if (hex === null) return undefined;
    return this.certificates.find((certificate) => certificate.sha1 === hex || certificate.sha256 === hex);
  }

  /** On the app? The loaded manifest decides; else the error's own lists; else unknown. */
  presence(certificate: KnownCertificate): CertificatePresence {
    const keys = [certificate.sha1, certificate.sha256];
    if (this.manifestKeys) return { certificate: certificate.summary, registered: keys.some((key) => this.manifestKeys?.has(key)), basis: 'manifest' };
    if (keys.some((key) => this.configuredInText.has(key))) return { certificate: certificate.summary, registered: true, basis: 'error-text' };
    if (this.configuredInText.size > 0 || keys.some((key) => this.notFoundInText.has(key))) {
      return { certificate: certificate.summary, registered: false, basis: 'error-text' };
    }
    return { certificate: certificate.summary, registered: null, basis: 'unknown' };
  }

  presences(): CertificatePresence[] {
    return this.certificates.map((certificate) => this.presence(certificate));
  }

  /** Matches and sentences for one finding's thumbprints. */
  explain(code: FindingCode, thumbprints: ThumbprintInText[]): MatchResult {
    const matched: ThumbprintMatch[] = [];
    const explanations: string[] = [];
    for (const thumbprint of thumbprints) {
      const certificate = this.find(thumbprint.hex);
      if (certificate) matched.push({ thumbprint: thumbprint.text, source: thumbprint.source, certificate: certificate.summary, registered: this.presence(certificate).registered });
    }
    const used = thumbprints.filter((thumbprint) => thumbprint.source === 'key-used-by-client');
    for (const thumbprint of used) explanations.push(this.sentenceForKeyUsed(code, thumbprint));
    for (const thumbprint of thumbprints.filter((candidate) => candidate.source === 'found-key' && candidate.end)) {
      explanations.push(`The key Entra found on the app is valid from ${thumbprint.start ?? '?'} to ${thumbprint.end ?? '?'}.`);
    }
    const unreadable = thumbprints.filter((thumbprint) => thumbprint.encoding === 'unreadable');
    if (unreadable.length > 0) {
      explanations.push(`${unreadable.map((thumbprint) => `"${thumbprint.text}"`).join(', ')} is not a whole thumbprint (the text looks cut); it cannot be compared.`);
    }
    if (used.length === 0 && (code === 'KEY_NOT_FOUND' || code === 'KEY_EXPIRED')) explanations.push(...this.presenceSentences());
    return { matched, explanations };
  }

  private sentenceForKeyUsed(code: FindingCode, thumbprint: ThumbprintInText): string {
    const certificate = this.find(thumbprint.hex);
    if (!certificate) {
      if (!this.hasCertificates) return `Load the ISE node certificates to see which node's key ISE used (${thumbprint.text}).`;
      return `The key ISE used (${thumbprint.text}) is none of the loaded certificates: load the system certificate of every ISE node that talks to Intune to find which node it is.`;
    }
    const expires = new Date(certificate.loaded.certificate.notAfter) < this.now ? 'expired' : 'expires';
    const usedBy = `the key ISE used is the certificate of ${nodeLabel(certificate)} (${expires} ${day(certificate.loaded.certificate.notAfter)})`;
    const registered = this.certificates.filter((other) => other !== certificate && this.presence(other).registered === true).map((other) => other.loaded.name);
    if (code === 'KEY_NOT_FOUND') {
      if (this.manifestKeys && this.presence(certificate).registered) {
        return `${capital(usedBy)}; the loaded manifest already has it → make sure that manifest (or the certificate) was saved on the app in Entra, then test again.`;
      }
      const has = registered.length > 0 ? `the app has keys for ${registered.join(', ')} only` : this.hasManifestOrList() ? 'the app has none of the loaded certificates' : 'the app does not have it';
      return `${capital(usedBy)}; ${has} → register ${certificate.loaded.name}'s certificate.`;
    }
    if (code === 'KEY_EXPIRED') {
      const renew = expires === 'expired' ? `renew ${certificate.loaded.name}'s certificate on ISE, then register the new one` : `register ${certificate.loaded.name}'s current certificate`;
      return `${capital(usedBy)}; the app's key for it has expired → ${renew}.`;
    }
    if (code === 'KEY_MISMATCH') return `${capital(usedBy)}; Entra has this certificate but ISE's signature does not verify with it → check that ISE signs with this certificate's private key.`;
    return `${capital(usedBy)}.`;
  }

  private hasManifestOrList(): boolean {
    return this.manifestKeys !== null || this.configuredInText.size > 0;
  }

  /** The newer AADSTS700027 wording names no thumbprint: say which loaded certificates are on the app. */
  private presenceSentences(): string[] {
    if (!this.hasCertificates) return ['The error names no thumbprint: load the ISE node certificates and the app manifest to see which node is missing from the app.'];
    const presences = this.presences();
    const on = presences.filter((presence) => presence.registered === true).map((presence) => presence.certificate.node);
    const off = presences.filter((presence) => presence.registered === false).map((presence) => presence.certificate.node);
    const unknown = presences.filter((presence) => presence.registered === null).map((presence) => presence.certificate.node);
    const sentences: string[] = [];
    if (on.length > 0) sentences.push(`On the app: ${on.join(', ')}.`);
    if (off.length > 0) sentences.push(`Not on the app: ${off.join(', ')} → register ${off.map((name) => `${name}'s`).join(' and ')} certificate.`);
    if (unknown.length > 0) sentences.push(`Load the app manifest to see whether ${unknown.join(', ')} ${unknown.length === 1 ? 'is' : 'are'} on the app.`);
    return sentences;
  }
}

function capital(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Every thumbprint (uppercase hex) the manifest's keys stand for, from the certificate or customKeyIdentifier. */
function manifestKeySet(entries: NonNullable<DiagnosisContext['manifest']>['entries']): Set<string> {
  const keys = new Set<string>();
  for (const entry of entries) {
    if (entry.sha1) keys.add(entry.sha1.toUpperCase());
    const identifier = entry.customKeyIdentifier ? decodeThumbprint(entry.customKeyIdentifier) : null;
    if (identifier) keys.add(identifier.toString('hex').toUpperCase());
  }
  return keys;
}
