/**
 * Ties the thumbprints of an error text to the ISE node certificates and the app's keys the
 * admin has loaded, on decoded bytes (hex in one place, base64 in another: DOMAIN.md), and says
 * it as the admin needs it: "the key ISE used is the certificate of node ise-2 (expires ...);
 * the app has keys for ise-1 only → register ise-2's certificate".
 */
import type { CertificatePresence, DiagnosisCertificate, DiagnosisContext, ExplanationPhrase, FindingCode, MatchedCertificate, ThumbprintInText, ThumbprintMatch } from '../../../preload/types/diagnosis';
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
  /** The same sentences for translation, same order. */
  explanationPhrases: ExplanationPhrase[];
}

const day = (iso: string): string => iso.slice(0, 10);

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
    const phrases: Phrase[] = [];
    for (const thumbprint of thumbprints) {
      const certificate = this.find(thumbprint.hex);
      if (certificate) matched.push({ thumbprint: thumbprint.text, source: thumbprint.source, certificate: certificate.summary, registered: this.presence(certificate).registered });
    }
    const used = thumbprints.filter((thumbprint) => thumbprint.source === 'key-used-by-client');
    for (const thumbprint of used) phrases.push(this.sentenceForKeyUsed(code, thumbprint));
    for (const thumbprint of thumbprints.filter((candidate) => candidate.source === 'found-key' && candidate.end)) {
      phrases.push(PHRASES.foundKeyDates(thumbprint.start ?? '?', thumbprint.end ?? '?'));
    }
    const unreadable = thumbprints.filter((thumbprint) => thumbprint.encoding === 'unreadable');
    if (unreadable.length > 0) phrases.push(PHRASES.unreadable(unreadable.map((thumbprint) => thumbprint.text)));
    if (used.length === 0 && (code === 'KEY_NOT_FOUND' || code === 'KEY_EXPIRED')) phrases.push(...this.presenceSentences());
    return { matched, explanations: phrases.map((phrase) => phrase.english), explanationPhrases: phrases.map(({ key, values }) => ({ key, values })) };
  }

  private sentenceForKeyUsed(code: FindingCode, thumbprint: ThumbprintInText): Phrase {
    const certificate = this.find(thumbprint.hex);
    if (!certificate) {
      if (!this.hasCertificates) return PHRASES.keyUsedNoCertificates(thumbprint.text);
      return PHRASES.keyUsedUnknown(thumbprint.text);
    }
    const used: KeyUsed = {
      node: certificate.loaded.name,
      date: day(certificate.loaded.certificate.notAfter),
      expiry: new Date(certificate.loaded.certificate.notAfter) < this.now ? 'expired' : 'expires',
    };
    const registered = this.certificates.filter((other) => other !== certificate && this.presence(other).registered === true).map((other) => other.loaded.name);
    if (code === 'KEY_NOT_FOUND') {
      if (this.manifestKeys && this.presence(certificate).registered) return PHRASES.keyUsed(used, 'inManifest');
      if (registered.length > 0) return PHRASES.keyUsed(used, 'othersOnly', registered);
      return PHRASES.keyUsed(used, this.hasManifestOrList() ? 'noneLoaded' : 'missing');
    }
    if (code === 'KEY_EXPIRED') return PHRASES.keyUsed(used, 'keyExpired');
    if (code === 'KEY_MISMATCH') return PHRASES.keyUsed(used, 'mismatch');
    return PHRASES.keyUsed(used, 'other');
  }

  private hasManifestOrList(): boolean {
    return this.manifestKeys !== null || this.configuredInText.size > 0;
  }

  /** The newer AADSTS700027 wording names no thumbprint: say which loaded certificates are on the app. */
  private presenceSentences(): Phrase[] {
    if (!this.hasCertificates) return [PHRASES.noThumbprint()];
    const presences = this.presences();
    const on = presences.filter((presence) => presence.registered === true).map((presence) => presence.certificate.node);
    const off = presences.filter((presence) => presence.registered === false).map((presence) => presence.certificate.node);
    const unknown = presences.filter((presence) => presence.registered === null).map((presence) => presence.certificate.node);
    const sentences: Phrase[] = [];
    if (on.length > 0) sentences.push(PHRASES.onApp(on));
    if (off.length > 0) sentences.push(PHRASES.notOnApp(off));
    if (unknown.length > 0) sentences.push(PHRASES.presenceUnknown(unknown));
    return sentences;
  }
}

/** One explanation: its English sentence and the key and values the window translates it from. */
export interface Phrase extends ExplanationPhrase {
  english: string;
}

interface KeyUsed {
  node: string;
  /** ISO day of the certificate's notAfter. */
  date: string;
  expiry: 'expires' | 'expired';
}

type KeyUsedCase = 'inManifest' | 'othersOnly' | 'noneLoaded' | 'missing' | 'keyExpired' | 'mismatch' | 'other';

/** English names of the renderer's list forms: `{{x}}` and `{{xPossessive}}` (ExplanationPhrase). */
const list = (names: string[]): string => names.join(', ');
/** "a's", "a's and b's", "a's, b's, and c's": as the renderer lists them (Intl.ListFormat) in English. */
const possessives = (names: string[]): string => new Intl.ListFormat('en', { type: 'conjunction' }).format(names.map((name) => `${name}'s`));

/**
 * Every sentence shape, each returning the English sentence together with its key and values, so
 * the two cannot drift (tests/unit/ise/explanation-phrases.test.ts renders the English texts of
 * renderer/i18n/en/troubleshoot.json `explain.*` with the values and compares).
 */
export const PHRASES = {
  /** The connection test's KEY_NOT_FOUND when Entra's text names no thumbprint. */
  signedWith: (name: string, thumbprint: string): Phrase => ({
    key: 'signedWith',
    values: { name, thumbprint },
    english: `Entra's answer names no thumbprint: the test signed with ${name}, SHA-1 ${thumbprint}. Register this certificate on the app.`,
  }),
  foundKeyDates: (start: string, end: string): Phrase => ({
    key: 'foundKeyDates',
    values: { start, end },
    english: `The key Entra found on the app is valid from ${start} to ${end}.`,
  }),
  unreadable: (texts: string[]): Phrase => {
    const thumbprints = texts.map((text) => `"${text}"`).join(', ');
    return {
      key: 'unreadable',
      values: { thumbprints, count: texts.length },
      english: `${thumbprints} is not a whole thumbprint (the text looks cut); it cannot be compared.`,
    };
  },
  keyUsedNoCertificates: (thumbprint: string): Phrase => ({
    key: 'keyUsedNoCertificates',
    values: { thumbprint },
    english: `Load the ISE node certificates to see which node's key ISE used (${thumbprint}).`,
  }),
  keyUsedUnknown: (thumbprint: string): Phrase => ({
    key: 'keyUsedUnknown',
    values: { thumbprint },
    english: `The key ISE used (${thumbprint}) is none of the loaded certificates: load the system certificate of every ISE node that talks to Intune to find which node it is.`,
  }),
  keyUsed: ({ node, date, expiry }: KeyUsed, which: KeyUsedCase, others: string[] = []): Phrase => {
    const usedBy = `The key ISE used is the certificate of node ${node} (${expiry} ${date})`;
    const key = `keyUsed.${expiry}.${which}`;
    switch (which) {
      case 'inManifest':
        return { key, values: { node, date }, english: `${usedBy}; the loaded manifest already has it → make sure that manifest (or the certificate) was saved on the app in Entra, then test again.` };
      case 'othersOnly':
        return { key, values: { node, date, others }, english: `${usedBy}; the app has keys for ${list(others)} only → register ${node}'s certificate.` };
      case 'noneLoaded':
        return { key, values: { node, date }, english: `${usedBy}; the app has none of the loaded certificates → register ${node}'s certificate.` };
      case 'missing':
        return { key, values: { node, date }, english: `${usedBy}; the app does not have it → register ${node}'s certificate.` };
      case 'keyExpired': {
        const renew = expiry === 'expired' ? `renew ${node}'s certificate on ISE, then register the new one` : `register ${node}'s current certificate`;
        return { key, values: { node, date }, english: `${usedBy}; the app's key for it has expired → ${renew}.` };
      }
      case 'mismatch':
        return { key, values: { node, date }, english: `${usedBy}; Entra has this certificate but ISE's signature does not verify with it → check that ISE signs with this certificate's private key.` };
      case 'other':
        return { key, values: { node, date }, english: `${usedBy}.` };
    }
  },
  noThumbprint: (): Phrase => ({
    key: 'noThumbprint',
    values: {},
    english: 'The error names no thumbprint: load the ISE node certificates and the app manifest to see which node is missing from the app.',
  }),
  onApp: (nodes: string[]): Phrase => ({ key: 'onApp', values: { nodes, count: nodes.length }, english: `On the app: ${list(nodes)}.` }),
  notOnApp: (nodes: string[]): Phrase => ({
    key: 'notOnApp',
    values: { nodes, count: nodes.length },
    english: `Not on the app: ${list(nodes)} → register ${possessives(nodes)} certificate.`,
  }),
  presenceUnknown: (nodes: string[]): Phrase => ({
    key: 'presenceUnknown',
    values: { nodes, count: nodes.length },
    english: `Load the app manifest to see whether ${list(nodes)} ${nodes.length === 1 ? 'is' : 'are'} on the app.`,
  }),
};

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
