/**
 * ISE's own API (OpenAPI, /api/v1/certs/trusted-certificate): the connection with its pinned
 * admin certificate, ISE's trusted certificates, and importing the missing Microsoft CAs.
 * Types only: the renderer compiles this file too. JSON-serialisable; dates are ISO 8601 (UTC)
 * where ISE's text could be read as a date. No password ever appears here.
 */
import type { CertificateInfo, CertificateRef } from './certs';
import type { TrustStoreGap } from './chains';

/** Where ISE's API is, and who logs in. The password travels separately and is never stored here. */
export interface IseConnectionRequest {
  /** Primary PAN host name or IP address. */
  host: string;
  /** 443 for the OpenAPI (default); 9060 where ERS is used. */
  port?: number;
  username: string;
}

/**
 * `new`: no pin for this host:port yet, the user must look at the certificate and trust it.
 * `trusted`: the certificate presented equals the pin.
 * `changed`: a pin exists and the certificate presented differs — a loud warning, never a silent accept.
 */
export type IsePinState = 'new' | 'trusted' | 'changed';

/** What the first TLS handshake with ISE showed (no credentials sent yet). */
export interface IseConnectionInfo {
  host: string;
  port: number;
  /** `host:port`, the key the pin is stored under. */
  target: string;
  /** ISE's admin (HTTPS) certificate, as the certificate workbench describes it. */
  certificate: CertificateInfo;
  /** The rest of what ISE sent (issuers), leaf first after `certificate`; often empty for a self-signed one. */
  issuers: CertificateInfo[];
  pinState: IsePinState;
  /** SHA-256 (64 uppercase hex) the user trusted earlier, or null when none. */
  pinnedSha256: string | null;
}

/** ISE's "Trusted For" usages, as the import request names them. */
export type IseTrustFlag = 'trustForIseAuth' | 'trustForClientAuth' | 'trustForCiscoServicesAuth' | 'trustForCertificateBasedAdminAuth';

/** Every flag of `POST /api/v1/certs/trusted-certificate/import` besides name, data and description. */
export interface IseImportFlags {
  trustForIseAuth: boolean;
  trustForClientAuth: boolean;
  trustForCiscoServicesAuth: boolean;
  trustForCertificateBasedAdminAuth: boolean;
  allowBasicConstraintCAFalse: boolean;
  allowOutOfDateCert: boolean;
  allowSHA1Certificates: boolean;
  validateCertificateExtensions: boolean;
}

/** One row of the table the UI shows before importing: which flag, the value sent, and why. */
export interface IseTrustFlagRow {
  flag: keyof IseImportFlags;
  /** The check box as ISE's GUI labels it. */
  guiLabel: string;
  /** The value sent, or `per-certificate` when it depends on the certificate (see `rule`). */
  value: boolean | 'per-certificate';
  /** When the value is per certificate: how it is chosen. */
  rule: string | null;
  reason: string;
}

/** One entry of ISE's trusted certificates, as `GET /api/v1/certs/trusted-certificate` lists it. */
export interface IseTrustedCertificate {
  id: string;
  friendlyName: string;
  description: string;
  /** As ISE writes it (e.g. `CN=...,O=...,C=US`). */
  subject: string;
  issuedTo: string;
  issuedBy: string;
  /** ISO 8601 when ISE's text could be read as a date, otherwise ISE's text as is ('' when absent). */
  validFrom: string;
  expirationDate: string;
  /** Expired as of the read (null when the date could not be read). */
  expired: boolean | null;
  /** ISE's "Trusted For" words (e.g. `Infrastructure`, `Cisco Services`), split on commas. */
  trustedFor: string[];
  /** `Enabled` / `Disabled` as ISE writes it. */
  status: string;
  serialNumberDecimalFormat: string;
  /** As ISE wrote it ('' when absent); compared in any spelling. */
  sha256Fingerprint: string;
  /** ISE's own internal CA certificates (ISE does not export them). */
  internalCA: boolean;
  /** How this entry was tied to a certificate: its PEM export, its fingerprint or issuer+serial matching a chain CA, or not at all. */
  identifiedBy: 'export' | 'fingerprint' | 'issuer-serial' | null;
  /** SHA-256 of the certificate it was identified as, or null. */
  certificate: CertificateRef | null;
}

/** ISE's trust store as read through the API. */
export interface IseTrustStoreRead {
  host: string;
  port: number;
  readAt: string;
  entries: IseTrustedCertificate[];
  /** Certificates whose PEM ISE exported (decoded and described). */
  exported: CertificateInfo[];
  /** Why PEM export was not used (API answer, format), or null when every exportable entry was exported. */
  exportProblem: string | null;
  pages: number;
}

/** The gap for one fetched chain against ISE's trust store read through the API. */
export interface IseChainGap extends TrustStoreGap {
  target: string;
}

/** A CA the user selected for import, with the friendly name it will get in ISE. */
export interface IseCaToImport {
  certificate: CertificateInfo;
  friendlyName: string;
}

/**
 * `imported`: ISE accepted it. `already-present`: ISE already trusts it (found before sending,
 * or ISE answered that it exists) — a success for the user. `refused`: not sent, the app
 * checked it first (expired, not a CA). `failed`: ISE refused it or could not be reached.
 */
export type IseImportOutcome = 'imported' | 'already-present' | 'refused' | 'failed';

export interface IseImportResult {
  sha256: CertificateRef;
  subjectCN: string;
  /** The name sent (or that would have been sent). */
  friendlyName: string;
  outcome: IseImportOutcome;
  message: string;
  /** ISE's id of the new entry, when ISE returned one. */
  iseId: string | null;
  errorCode: string | null;
  flags: IseImportFlags;
}

export interface IseImportReport {
  results: IseImportResult[];
  /** True when a re-read of ISE's store shows every imported or already-present CA. */
  confirmed: boolean;
  /** Selected CAs the re-read does not show. */
  stillMissing: CertificateInfo[];
  /** The store as re-read after importing; null when ISE could no longer be reached (then `confirmed` is false). */
  storeAfter: IseTrustStoreRead | null;
  /** Why the import stopped early (lost connection, login refused), or null. */
  stopped: string | null;
}
