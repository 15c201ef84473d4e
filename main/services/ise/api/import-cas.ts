/**
 * Importing the CAs ISE lacks, step 1 of the procedure without the GUI: each selected CA is
 * posted with the friendly-name convention of the Chains export ("Azure MDM - <CN>") and the
 * flags below, one result per certificate, then the store is read again to confirm the gap is
 * closed. The caller (UI or CLI) lists the certificates and gets the user's confirmation first.
 */
import type { CertificateInfo } from '../../../../preload/types/certs';
import type { IseCaToImport, IseImportFlags, IseImportReport, IseImportResult, IseTrustFlagRow, IseTrustStoreRead } from '../../../../preload/types/ise-api';
import { ServiceError, isServiceError } from '../../errors';
import { CATALOGS } from '../../texts';
import { collectIseNeeds, FRIENDLY_NAME_PREFIX } from '../../tls';
import type { IseApiClient, IseImportBody } from './client';
import { iseGapForCas, readIseTrustStore, type ReadTrustStoreOptions } from './trust-store';
import { certificateLabel } from '../../../../preload/labels';

/** The flags, their labels in ISE's GUI and the values sent, in the order ISE's form shows them. */
const FLAG_VALUES: readonly Pick<IseTrustFlagRow, 'flag' | 'guiLabel' | 'value'>[] = [
  { flag: 'trustForCiscoServicesAuth', guiLabel: 'Trust for authentication of Cisco Services', value: true },
  { flag: 'trustForIseAuth', guiLabel: 'Trust for authentication within ISE', value: false },
  { flag: 'trustForClientAuth', guiLabel: 'Trust for client authentication and Syslog', value: false },
  { flag: 'trustForCertificateBasedAdminAuth', guiLabel: 'Trust for certificate based admin authentication', value: false },
  { flag: 'allowBasicConstraintCAFalse', guiLabel: 'Allow certificates with Basic Constraints CA field false', value: false },
  { flag: 'allowOutOfDateCert', guiLabel: 'Allow out of date certificates', value: false },
  { flag: 'allowSHA1Certificates', guiLabel: 'Allow certificates signed with SHA-1', value: 'per-certificate' },
  { flag: 'validateCertificateExtensions', guiLabel: 'Validate certificate extensions', value: 'per-certificate' },
];

type FlagTexts = Record<keyof IseImportFlags, { reason: string; rule?: string }>;

/**
 * Why each flag of the import request has its value; the UI shows this table before importing
 * (in its language, from the same catalog entries), the CLI prints it in English.
 */
export const ISE_TRUST_FLAG_ROWS: readonly IseTrustFlagRow[] = FLAG_VALUES.map((row) => {
  const texts = (CATALOGS.en.ise.import.flags as FlagTexts)[row.flag];
  return { ...row, rule: texts.rule ?? null, reason: texts.reason };
});

/** The flags sent for one certificate (see ISE_TRUST_FLAG_ROWS for the reasons). */
export function importFlagsFor(certificate: CertificateInfo): IseImportFlags {
  const sha1Signature = /sha1|SHA1/.test(certificate.signatureAlgorithm);
  return {
    trustForCiscoServicesAuth: true,
    trustForIseAuth: false,
    trustForClientAuth: false,
    trustForCertificateBasedAdminAuth: false,
    allowBasicConstraintCAFalse: false,
    allowOutOfDateCert: false,
    allowSHA1Certificates: sha1Signature && certificate.selfSigned,
    validateCertificateExtensions: certificate.isCA && certificate.keyUsage.includes('keyCertSign'),
  };
}

/**
 * ISE's API refuses some characters with "Security Check Failed" (an apostrophe, as in
 * "Let's Encrypt": sieteunoseis/netSSL#6); names and descriptions are kept to safe characters.
 */
export function safeIseText(text: string): string {
  return text.replace(/['"<>`\\;]/g, '').replace(/\s+/g, ' ').trim();
}

/**
 * A trusted certificate's description as ISE is reported to accept it: letters, digits, spaces,
 * `-`, `.` and `:` only (a comma is refused with "Security Check Failed"; DOMAIN.md). Anything
 * else becomes a space.
 */
export function safeIseDescription(text: string): string {
  return text.replace(/[^A-Za-z0-9 .:-]/g, ' ').replace(/\s+/g, ' ').trim();
}

/** Friendly names by the Chains export's convention ("Azure MDM - <CN>", twins told apart by issuer). */
export function friendlyNamesFor(cas: CertificateInfo[], prefix = FRIENDLY_NAME_PREFIX): IseCaToImport[] {
  const [first] = cas;
  if (!first) return [];
  // collectIseNeeds takes leaf-first chains and skips the leaf: the first CA stands in for one.
  const needs = collectIseNeeds([{ target: 'selected', chain: [first, ...cas] }], prefix);
  const names = new Map(needs.certificates.map((entry) => [entry.certificate.thumbprints.sha256, entry.friendlyName]));
  return cas.map((certificate) => ({ certificate, friendlyName: names.get(certificate.thumbprints.sha256) ?? `${prefix} - ${certificateLabel(certificate)}` }));
}

export function importBody(ca: IseCaToImport, now: Date): IseImportBody {
  const info = ca.certificate;
  return {
    name: safeIseText(ca.friendlyName),
    description: safeIseDescription(
      `Added by ISE Intune Assistant on ${now.toISOString().slice(0, 10)}: CA for ISE connections to Microsoft Entra ID - Graph - Intune. SHA-1 ${info.thumbprints.sha1Colon}`,
    ),
    data: info.pem,
    ...importFlagsFor(info),
  };
}

/** Errors after which nothing more can be sent: the rest is reported as not sent. */
const CONNECTION_CODES = new Set(['ISE_AUTH_FAILED', 'ISE_FORBIDDEN', 'ISE_API_DISABLED', 'ISE_CERT_CHANGED', 'ISE_UNREACHABLE', 'ISE_TIMEOUT', 'CANCELLED', 'ISE_NO_CERTIFICATE']);

export interface ImportCasOptions extends ReadTrustStoreOptions {
  /** The store as just read (skips the first read). */
  storeBefore?: IseTrustStoreRead;
}

export async function importCasIntoIse(client: IseApiClient, cas: IseCaToImport[], options: ImportCasOptions = {}): Promise<IseImportReport> {
  if (cas.length === 0) throw new ServiceError('ISE_NOTHING_TO_IMPORT', 'No CA certificate was selected for import.');
  const now = options.now ?? new Date();
  const candidates = cas.map((ca) => ca.certificate);
  const before = options.storeBefore ?? (await readIseTrustStore(client, { ...options, now, candidates }));
  const gapBefore = iseGapForCas(cas.map((ca) => ca.certificate), before);
  const results: IseImportResult[] = [];
  let stopped: string | null = null;
  // Roots first (stable otherwise): an intermediate is accepted more readily once its issuer is trusted.
  const ordered = [...cas].sort((a, b) => Number(b.certificate.selfSigned) - Number(a.certificate.selfSigned));
  for (const ca of ordered) {
    const sha256 = ca.certificate.thumbprints.sha256;
    const body = importBody(ca, now);
    const base = { sha256, subjectCN: certificateLabel(ca.certificate), friendlyName: body.name, iseId: null, errorCode: null, flags: importFlagsFor(ca.certificate) };
    const present = gapBefore.present.find((match) => match.certificate.thumbprints.sha256 === sha256);
    if (present) {
      const entry = gapBefore.entries.find((candidate) => candidate.certificate === present.iseCertificate);
      const named = entry ? ` as "${entry.friendlyName}"` : '';
      results.push({
        ...base,
        outcome: 'already-present',
        message: present.matchedBy === 'sha1' ? `ISE already trusts this certificate${named}.` : `ISE already trusts its cross-signed twin (same subject and key)${named}, which serves as the same trust anchor.`,
      });
      continue;
    }
    const refusal = localRefusal(ca.certificate, now);
    if (refusal) {
      results.push({ ...base, outcome: 'refused', message: refusal, errorCode: 'ISE_IMPORT_REFUSED' });
      continue;
    }
    if (stopped !== null) {
      results.push({ ...base, outcome: 'failed', message: `Not sent: ${stopped}`, errorCode: 'ISE_NOT_SENT' });
      continue;
    }
    try {
      results.push(await importOne(client, body, base));
    } catch (error) {
      if (!isServiceError(error)) throw error;
      if (CONNECTION_CODES.has(error.code)) stopped = error.message;
      results.push({ ...base, outcome: 'failed', message: error.message, errorCode: error.code });
    }
  }
  let storeAfter: IseTrustStoreRead | null = null;
  if (stopped === null) {
    try {
      storeAfter = await readIseTrustStore(client, { ...options, now, candidates });
    } catch (error) {
      if (!isServiceError(error)) throw error;
      stopped = `The trust store could not be read again to confirm the import: ${error.message}`;
    }
  }
  const stillMissing = storeAfter ? iseGapForCas(cas.map((ca) => ca.certificate), storeAfter).missing : cas.map((ca) => ca.certificate);
  return { results, confirmed: storeAfter !== null && stillMissing.length === 0, stillMissing, storeAfter, stopped };
}

type ResultBase = Omit<IseImportResult, 'outcome' | 'message'>;

/** Posts one CA; a name already used by another certificate gets the start of its SHA-256 appended, once. */
async function importOne(client: IseApiClient, body: IseImportBody, base: ResultBase): Promise<IseImportResult> {
  let sent = body;
  for (let attempt = 0; ; attempt++) {
    try {
      const answer = await client.importTrustedCertificate(sent);
      return answer.outcome === 'imported'
        ? { ...base, friendlyName: sent.name, outcome: 'imported', iseId: answer.id, message: `Imported as "${sent.name}".` }
        : { ...base, friendlyName: sent.name, outcome: 'already-present', message: answer.message };
    } catch (error) {
      if (!isServiceError(error) || error.code !== 'ISE_NAME_TAKEN' || attempt > 0) throw error;
      sent = { ...body, name: `${body.name} (${base.sha256.slice(0, 8)})` };
    }
  }
}

function localRefusal(certificate: CertificateInfo, now: Date): string | null {
  const name = certificateLabel(certificate);
  if (!certificate.isCA) {
    return `${name} is not a CA certificate (Basic Constraints CA is not true); ISE needs only the roots and intermediates.`;
  }
  const today = now.toISOString().slice(0, 10);
  if (new Date(certificate.notAfter).getTime() < now.getTime()) {
    return `${name} expired on ${certificate.notAfter.slice(0, 10)} (today is ${today}); it cannot validate a chain and ISE would refuse it. Fetch the chain again for the current CA.`;
  }
  if (new Date(certificate.notBefore).getTime() > now.getTime()) {
    return `${name} is valid only from ${certificate.notBefore.slice(0, 10)} (today is ${today}); ISE would refuse it as out of date.`;
  }
  return null;
}
