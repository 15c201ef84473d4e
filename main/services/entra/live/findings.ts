/**
 * A failed live step becomes a Troubleshoot finding with the same codes as a pasted error text:
 * the service's words go through the ISE diagnosis (main/services/ise `diagnoseText`), so an
 * AADSTS700027 from the test and one from ise-psc.log are named and explained alike.
 */
import type { CertificateInfo } from '../../../../preload/types/certs';
import type { FindingCode } from '../../../../preload/types/diagnosis';
import type { LiveFindingCode, StepFinding } from '../../../../preload/types/live';
import type { ServiceError } from '../../errors';
import { FINDINGS_CATALOG, diagnoseText } from '../../ise';
import { PHRASES } from '../../ise/match';
import { certificateLabel } from '../../../../preload/labels';

/** The certificate the diagnosis compares thumbprints in the error with. */
export interface FindingContext {
  certificate: CertificateInfo;
  now: Date;
}

const LIVE_ONLY: Record<Exclude<LiveFindingCode, FindingCode>, { title: string; remedy: string }> = {
  INTUNE_NOT_DISCOVERED: {
    title: 'Graph discovery names no Intune compliance service',
    remedy: 'Check that the tenant has Intune licensed and active; ISE needs the ComplianceRetrievalService endpoint (ISE 3.1 Patch 8, 3.2 Patch 4, 3.3+).',
  },
  INTUNE_REFUSED: {
    title: 'The Intune service refused the token Entra issued',
    remedy: 'Check the Token Audience (https://api.manage.microsoft.com/ in the public cloud) and that get_device_compliance is granted with admin consent.',
  },
  TOKEN_URL_INVALID: {
    title: 'The Token Issuing URL cannot work',
    remedy: "Type the Token Issuing URL as Cisco's guide shows it: https://login.microsoftonline.com/<Directory (tenant) ID>/oauth2/token.",
  },
  TOKEN_URL_FORM: {
    title: "The Token Issuing URL is not in the form Cisco's guide shows",
    remedy: "Prefer https://login.microsoftonline.com/<Directory (tenant) ID>/oauth2/token, the form Cisco's guide shows; Cisco does not say whether ISE accepts other forms.",
  },
  DISCOVERY_URL_INVALID: {
    title: 'The Auto Discovery URL cannot work',
    remedy: 'Type the Auto Discovery URL as https://graph.microsoft.com (ISE 3.1 Patch 3 and later).',
  },
  AUDIENCE_INVALID: {
    title: 'The Token Audience is not a URL',
    remedy: 'Type the Token Audience as https://api.manage.microsoft.com/ (with the slash at the end).',
  },
  AUDIENCE_FORM: {
    title: "The Token Audience differs from the value Cisco's guide shows",
    remedy: "Cisco's guide shows https://api.manage.microsoft.com/ with the slash at the end; Cisco does not say whether ISE sends it with or without. Prefer the guide's value.",
  },
};

/** First line of an Entra error_description, without the Trace ID / Correlation ID / Timestamp lines. */
function firstLine(text: string): string {
  return text.split(/\r?\n/)[0]?.trim() ?? text;
}

function idAfter(label: string, text: string): string | null {
  const match = new RegExp(`${label}:\\s*([0-9a-f-]{36})`, 'i').exec(text);
  return match?.[1]?.toLowerCase() ?? null;
}

/** Names the failure from the service's text; `fallback` when the text names no known cause. */
export function findingFromText(text: string, fallback: FindingCode, context: FindingContext, message?: string): StepFinding {
  const diagnosis = diagnoseText(text, {
    now: context.now.toISOString(),
    certificates: [{ name: certificateLabel(context.certificate), file: 'tested certificate', certificate: context.certificate }],
  }, 'connection test');
  const found = diagnosis.findings.find((finding) => finding.code !== 'TOKEN_FAILED') ?? diagnosis.findings[0];
  const entry = FINDINGS_CATALOG[found?.code ?? fallback];
  const named = (found?.thumbprints ?? []).map((thumbprint) => thumbprint.text).filter((text) => text !== '');
  // KEY_NOT_FOUND names the thumbprint the test signed with, also when Entra's text carries none.
  const signed = entry.code === 'KEY_NOT_FOUND' && named.length === 0;
  const name = certificateLabel(context.certificate);
  const sha1 = context.certificate.thumbprints.sha1;
  return {
    code: entry.code,
    title: found?.title ?? entry.title,
    message: message ?? found?.cause ?? entry.cause,
    ...(message === undefined ? { messageIsCause: true } : {}),
    remedy: found?.remedy.text ?? entry.remedy.text,
    aadsts: found?.aadsts ?? null,
    evidence: [firstLine(text)],
    thumbprints: signed ? [sha1] : named,
    explanations: [...(found?.explanations ?? []), ...(signed ? [PHRASES.signedWith(name, sha1).english] : [])],
    explanationPhrases: [...(found?.explanationPhrases ?? []), ...(signed ? [{ key: 'signedWith', values: PHRASES.signedWith(name, sha1).values }] : [])],
    traceId: idAfter('Trace ID', text),
    correlationId: idAfter('Correlation ID', text),
  };
}

/** A failure on the way (DNS, TCP, TLS, proxy, timeout): the network finding with the transport's sentence. */
export function networkFinding(failure: ServiceError): StepFinding {
  // An untrusted chain is its own finding: which certificate, what to import or which proxy intercepts.
  const entry = failure.code === 'TLS_UNTRUSTED' ? FINDINGS_CATALOG.TLS_UNTRUSTED : FINDINGS_CATALOG.NETWORK;
  return {
    code: entry.code,
    title: entry.title,
    message: failure.message,
    remedy: entry.remedy.text,
    aadsts: null,
    evidence: [`${failure.code}: ${failure.message}`],
    thumbprints: [],
    explanations: [],
    explanationPhrases: [],
    traceId: null,
    correlationId: null,
  };
}

export function liveFinding(code: Exclude<LiveFindingCode, FindingCode>, message: string, evidence: string[]): StepFinding {
  return {
    code,
    title: LIVE_ONLY[code].title,
    message,
    remedy: LIVE_ONLY[code].remedy,
    aadsts: null,
    evidence,
    thumbprints: [],
    explanations: [],
    explanationPhrases: [],
    traceId: null,
    correlationId: null,
  };
}
