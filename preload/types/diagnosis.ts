/**
 * Troubleshooting data that crosses from main to the renderer: what an error text or ISE's
 * `ise-psc.log` says went wrong, with the evidence and the fix. Types only: the renderer
 * compiles this file too. Everything is JSON-serialisable.
 */
import type { CertificateInfo } from './certs';
import type { ExistingKeyEntry, IseNodeRole } from './entra';

/** Stable codes: the UI maps them to translated titles; scripts rely on them. */
export type FindingCode =
  | 'PKIX_PATH'
  | 'KEY_NOT_FOUND'
  | 'KEY_EXPIRED'
  | 'KEY_MISMATCH'
  | 'APP_NOT_FOUND'
  | 'SECRET_INSTEAD_OF_CERT'
  | 'CONSENT_MISSING'
  | 'LEGACY_GRAPH'
  | 'LEGACY_NAC_API'
  | 'TOKEN_FAILED'
  | 'NETWORK'
  | 'TLS_UNTRUSTED'
  | 'CLOCK_SKEW'
  | 'RESOURCE_NOT_FOUND'
  | 'TENANT_NOT_FOUND'
  | 'MDM_UNREACHABLE'
  | 'INTUNE_ACCESS_DENIED'
  | 'UNKNOWN_AADSTS';

/** `blocking`: ISE gets no token or no compliance data; `warning`: works today or soon breaks. */
export type FindingSeverity = 'blocking' | 'warning';

/** The app screen that fixes a finding (`setup-*` are steps of the Setup wizard). */
export type FixScreen = 'chains' | 'manifest' | 'certificates' | 'setup-permissions' | 'setup-mdm' | 'settings';

export interface Remedy {
  /** What to do, as a sentence. */
  text: string;
  /** Where the app helps; null when the fix is outside the app only. */
  screen: FixScreen | null;
  /** The ISE or Entra console path, e.g. `Administration > System > Certificates > Trusted Certificates`. */
  menuPath: string | null;
}

/** One log line that shows a finding. */
export interface Evidence {
  /** The file (or archive `bundle.tgz!support/ise-psc.log`, or `pasted text`). */
  file: string;
  /** 1-based line number in that file. */
  line: number;
  /** The line as read (cut at the line-length cap, see `truncated`). */
  text: string;
  /** The log entry's timestamp as ISE writes it (`2016-10-17 12:45:52,158`); null for free text. */
  timestamp: string | null;
  /** The entry's first line when the match is on a continuation line (a stack trace under an ERROR). */
  entryHeader: string | null;
  truncated: boolean;
}

/** Where in an error text a thumbprint was written. */
export type ThumbprintSource = 'key-used-by-client' | 'configured-key' | 'found-key';

/** A thumbprint (or key dates) read from the text. */
export interface ThumbprintInText {
  /** As written (hex, colon-hex or base64); '' for a `Found key` that names dates only. */
  text: string;
  source: ThumbprintSource;
  /** The decoded bytes as uppercase hex (SHA-1: 40, SHA-256: 64); null when the text is not a whole thumbprint. */
  hex: string | null;
  encoding: 'hex' | 'base64' | 'unreadable' | 'none';
  /** `Start=` / `End=` as written next to it (configured and found keys). */
  start: string | null;
  end: string | null;
  file: string;
  line: number;
}

/** A loaded ISE node certificate, as the Entra screen or `--cert` provides it. */
export interface DiagnosisCertificate {
  /** Node name (hostname) or, on the command line, the file name. */
  name: string;
  role?: IseNodeRole;
  file: string;
  certificate: CertificateInfo;
}

/** What the diagnosis can compare the text with. */
export interface DiagnosisContext {
  certificates?: DiagnosisCertificate[];
  /** The app's keyCredentials from a loaded manifest; absent or null when none is loaded. */
  manifest?: { file: string; entries: ExistingKeyEntry[] } | null;
  /** ISO 8601; expiry sentences are judged against it. Defaults to now. */
  now?: string;
}

export interface MatchedCertificate {
  file: string;
  subjectCN: string;
  /** Uppercase hex SHA-1. */
  sha1: string;
  node: string;
  notAfter: string;
}

/** A thumbprint of the text that is one of the loaded certificates. */
export interface ThumbprintMatch {
  /** As written in the text. */
  thumbprint: string;
  source: ThumbprintSource;
  certificate: MatchedCertificate;
  /**
   * The certificate is on the app: from the loaded manifest, or the error's own list of
   * configured keys. null when neither tells (no manifest loaded, no list in the text).
   */
  registered: boolean | null;
}

/** A loaded certificate and whether the app holds it (the newer AADSTS700027 wording names no thumbprint). */
export interface CertificatePresence {
  certificate: MatchedCertificate;
  registered: boolean | null;
  /** How `registered` was decided. */
  basis: 'manifest' | 'error-text' | 'unknown';
}

export interface Finding {
  code: FindingCode;
  title: string;
  severity: FindingSeverity;
  cause: string;
  remedy: Remedy;
  /** The AADSTS code for UNKNOWN_AADSTS (and the known codes' own numbers), e.g. `AADSTS90002`. */
  aadsts: string | null;
  /** Microsoft's error lookup page for `aadsts`. */
  lookupUrl: string | null;
  /** Kept lines: the first occurrence and the most recent ones, in time order. */
  evidence: Evidence[];
  /** Every occurrence, including those not kept in `evidence`. */
  count: number;
  firstSeen: string | null;
  lastSeen: string | null;
  thumbprints: ThumbprintInText[];
  matched: ThumbprintMatch[];
  /** Sentences that tie the thumbprints to nodes and the app ("the key ISE used is ..."). */
  explanations: string[];
  /** The same sentences as keys and values for the window's language, one per sentence, same order. */
  explanationPhrases: ExplanationPhrase[];
}

/**
 * One explanation sentence, for translation: `troubleshoot.explain.<key>` with `values`. Dates are
 * ISO days (YYYY-MM-DD); a list of node names is an array, joined by the window (", " for `{{x}}`,
 * "a's and b's" style for `{{xPossessive}}`); `count`, when present, picks the plural form.
 */
export interface ExplanationPhrase {
  key: string;
  values: Record<string, string | number | string[]>;
}

export interface FindingSummary {
  code: FindingCode;
  title: string;
  count: number;
  firstSeen: string | null;
  lastSeen: string | null;
}

/** One input of the diagnosis: a file, an archive member, stdin or pasted text. */
export interface DiagnosedSource {
  name: string;
  ok: boolean;
  linesRead: number;
  bytesRead: number;
  error: { code: string; message: string } | null;
}

export interface Diagnosis {
  /** Most severe first, then most recent first. */
  findings: Finding[];
  /** One row per finding, most recent first. */
  summary: FindingSummary[];
  linesRead: number;
  /** Lines of MDM-related entries (cisco.cpm.mdm.*, AADSTS, PKIX, ...). */
  linesRelevant: number;
  bytesRead: number;
  /** Lines longer than the cap: counted and cut, not kept whole. */
  linesTruncated: number;
  sources: DiagnosedSource[];
  /** Loaded certificates and whether each is on the app (empty when none is loaded). */
  certificates: CertificatePresence[];
  checkedAt: string;
}

export interface DiagnosisProgress {
  /** The source being read. */
  source: string;
  /** Bytes read so far over all sources (compressed bytes for archives). */
  bytesRead: number;
  /** null when the size is not known in advance (stdin). */
  bytesTotal: number | null;
  /** 0-100, or null with bytesTotal null. */
  percent: number | null;
  linesRead: number;
}
