/**
 * Live TLS chains, their completion and what ISE must trust. Types only: the renderer compiles
 * this file too. Everything is JSON-serialisable; dates are ISO 8601 strings (UTC).
 */
import type { CertificateInfo, CertificateRef, ValidityStatus } from './certs';

/**
 * Where a certificate the server did not send was found. `trust-store` is the public roots the
 * app ships with (Node's bundle); `system-store` is this computer's own store (Windows' Trusted
 * Root Certification Authorities in the app), where a company's proxy CA is deployed by policy.
 */
export type CompletedFrom = 'aia' | 'catalog' | 'trust-store' | 'system-store' | 'ca-file';

/**
 * One word per chain, most serious finding first (see `ChainFinding` for all of them).
 * The first group is about a chain that was fetched; the last four mean nothing was fetched.
 */
export type ChainVerdictCode =
  | 'inspected'
  | 'trusted'
  | 'incomplete-completed'
  | 'incomplete'
  | 'untrusted-root'
  | 'expired'
  | 'not-yet-valid'
  | 'hostname-mismatch'
  | 'self-signed'
  | 'weak'
  | 'unreachable'
  | 'timeout'
  | 'proxy-error'
  | 'tls-error'
  | 'cancelled';

/** One problem (or the all-clear) found in a chain, with the certificate concerned. */
export interface ChainFinding {
  code: ChainVerdictCode;
  message: string;
  /** SHA-256 of the certificate concerned, or null when it is about the whole chain. */
  certificate: CertificateRef | null;
}

/** A certificate added to the served chain, and where it came from. */
export interface CompletedCertificate {
  sha256: CertificateRef;
  subjectCN: string;
  from: CompletedFrom;
  /** The AIA URL it was downloaded from (and the final URL after redirects), for `aia`. */
  url?: string;
  finalUrl?: string;
}

/** One try at downloading an issuer from an AIA "CA Issuers" URL. */
export interface AiaAttempt {
  url: string;
  ok: boolean;
  /** Where the download ended after redirects (equal to `url` without redirects). */
  finalUrl: string;
  redirects: string[];
  /** Error code when it failed (AIA_HTTP_STATUS, AIA_HTML, AIA_TIMEOUT, ...). */
  code?: string;
  /** What the window needs to say `code` in the user's language (status, seconds, ...). */
  values?: Record<string, string | number>;
  /** In English, for the command line and logs. */
  message: string;
}

/** Whether a chain CA is already in ISE's trusted certificates, and how it matched. */
export interface IseStoreMatch {
  certificate: CertificateInfo;
  /** `sha1`: the same certificate; `subject-key`: same subject and public key (e.g. the other cross-signed twin). */
  matchedBy: 'sha1' | 'subject-key';
  /** The ISE certificate that matched (SHA-256). */
  iseCertificate: CertificateRef;
}

export interface TrustStoreGap {
  present: IseStoreMatch[];
  /** CA certificates of the chain ISE does not have: the ones to import. */
  missing: CertificateInfo[];
}

/** What one host's chain looks like and what it means for ISE. */
export interface ChainFetchResult {
  /** `host:port` as typed (normalised). */
  target: string;
  host: string;
  port: number;
  /** The TLS connection was made and a certificate received. */
  fetched: boolean;
  /** As the server sent them, in order. */
  served: CertificateInfo[];
  /** The path leaf to root: served certificates plus any added (see `completedFrom`). */
  chain: CertificateInfo[];
  completedFrom: CompletedCertificate[];
  aiaAttempts: AiaAttempt[];
  verdict: ChainVerdictCode;
  message: string;
  /** Every finding, most serious first; the verdict is the first one. */
  findings: ChainFinding[];
  /** `TLSv1.3`, ...; null when no handshake happened. */
  tlsVersion: string | null;
  cipher: string | null;
  elapsedMs: number;
  /** Proxy used, without credentials (`http://host:port`), or null for a direct connection. */
  proxy: string | null;
  /** Stable error code when nothing was fetched (TLS_TIMEOUT, PROXY_AUTH_REQUIRED, ...). */
  errorCode: string | null;
  /**
   * A Microsoft host whose chain does not end in one of Microsoft's CAs: a TLS-inspecting proxy
   * (or security software) replaced it. The proxy's CA (the top of `chain`), and the Microsoft
   * roots ISE sees when it connects to Microsoft directly (what "Export for ISE" offers instead).
   */
  inspection?: { proxyCa: CertificateRef; microsoftCas: CertificateInfo[] };
  /** CA certificates of the chain missing from ISE's trust store, when one was given. */
  missingInIse?: CertificateInfo[];
  presentInIse?: IseStoreMatch[];
  /** Files written for this host's CAs by an export. */
  exported?: string[];
}

export type ChainFetchPhase = 'queued' | 'proxy' | 'connecting' | 'completing' | 'done' | 'failed' | 'cancelled';

/** Progress of one host in a multi-host fetch. */
export interface ChainProgressEvent {
  target: string;
  phase: ChainFetchPhase;
  /** Milliseconds since this host's work started. */
  elapsedMs: number;
  /** Present with `done`, `failed` and `cancelled`. */
  result?: ChainFetchResult;
}

/** One CA ISE must trust, across all fetched hosts. */
export interface IseNeededCertificate {
  certificate: CertificateInfo;
  role: 'root' | 'intermediate';
  /** Targets whose chain contains it. */
  targets: string[];
  /** Friendly name to type in ISE, e.g. "Azure MDM - DigiCert Global Root G2". */
  friendlyName: string;
  /** SHA-256 of its cross-signed twins (same subject and key) that are also needed. */
  twins: CertificateRef[];
}

export interface IseNeeds {
  certificates: IseNeededCertificate[];
  /** Plain explanations, e.g. why both cross-signed twins are kept. */
  notes: string[];
}

export type CatalogOrigin = 'bundled' | 'user';

/** A CA certificate known offline: bundled Microsoft/DigiCert CAs, or one the user added. */
export interface CatalogEntry {
  /** SHA-256 of the certificate. */
  id: CertificateRef;
  name: string;
  role: 'root' | 'intermediate';
  origin: CatalogOrigin;
  /** Where the certificate came from (repository and commit, or the file the user added). */
  source: string;
  /** Bundled file name, or the added file's name. */
  file: string;
  /** As of the `now` the catalog was read with. */
  status: ValidityStatus;
  note: string | null;
  certificate: CertificateInfo;
}

/** A file or certificate not added to the catalog. */
export interface CatalogSkip {
  file: string;
  /**
   * CATALOG_ALREADY_BUNDLED, CATALOG_ALREADY_ADDED, CATALOG_NOT_A_CA, or the loader's error code
   * for a file that could not be read (NOT_A_CERTIFICATE, ...).
   */
  code: string;
  /** The certificate's name, for the CATALOG_* codes. */
  name?: string;
  /** The added file it duplicates, for CATALOG_ALREADY_ADDED. */
  addedFrom?: string;
  /** In English, for the command line and logs. */
  reason: string;
}

/** Result of adding CA files to the catalog. */
export interface CatalogAddResult {
  added: CatalogEntry[];
  /** Files or certificates not added, with the reason. */
  skipped: CatalogSkip[];
}

/** Files written by "Export for ISE". */
export interface IseExportResult {
  folder: string;
  files: { path: string; certificates: CertificateRef[]; friendlyName: string }[];
  stepsFile: string;
  /** Existing files that were replaced, and where their previous content was kept. */
  backups: { path: string; backupPath: string }[];
}
