/**
 * Live checks with Microsoft that cross from main to the renderer: the connection test ISE's
 * way (four steps), the audit of the app registration, the certificate fix (PATCH of
 * keyCredentials) and the admin sign-in state. Types only: the renderer compiles this file
 * too. No token, client assertion, private key or password ever appears here.
 */
import type { ExplanationPhrase, FindingCode } from './diagnosis';
import type { GraphKeyCredential } from './entra';

/** National clouds change every host (login, Graph, Intune). */
export const CLOUD_NAMES = ['public', 'usgov'] as const;
export type CloudName = (typeof CLOUD_NAMES)[number];

export interface Cloud {
  name: CloudName;
  label: string;
  /** `https://login.microsoftonline.com`; the tenant is appended. */
  authorityHost: string;
  /** `https://graph.microsoft.com`; `/v1.0/...` is appended. */
  graphBase: string;
  /** Graph's resource identifier (token audience); stays when only the base URL is overridden. */
  graphAudience: string;
  /** The Token Audience ISE asks for: `https://api.manage.microsoft.com/`. */
  intuneAudience: string;
  /** Facts about this cloud that are not confirmed (shown to the admin as such). */
  unconfirmed: string[];
}

/** The steps, in the order ISE runs them (DOMAIN.md "How ISE finds Intune"); `form-values` only when the values typed into ISE's form are given. */
export type ConnectionStepName = 'form-values' | 'graph-token' | 'intune-discovery' | 'intune-token' | 'intune-read';

/** `x5t`: SHA-1 thumbprint header, RS256 (what ISE sends); `x5t#S256`: SHA-256, PS256 (newer MSAL). */
export type AssertionForm = 'x5t' | 'x5t#S256';

/**
 * The Troubleshoot screen's codes, plus two only a live test can observe: Graph discovery
 * names no usable Intune service, and the Intune service refuses a token Entra issued.
 */
export type LiveFindingCode =
  | FindingCode
  | 'INTUNE_NOT_DISCOVERED'
  | 'INTUNE_REFUSED'
  // The values typed into ISE's form, checked before they are used:
  | 'TOKEN_URL_INVALID'
  | 'TOKEN_URL_FORM'
  | 'DISCOVERY_URL_INVALID'
  | 'AUDIENCE_INVALID'
  | 'AUDIENCE_FORM';

/** A failure, named with the Troubleshoot screen's codes and the response that shows it. */
export interface StepFinding {
  code: LiveFindingCode;
  title: string;
  /** What went wrong, in a sentence. */
  message: string;
  /** True when `message` is the code's general cause (the window shows it in its language), not a sentence about this failure. */
  messageIsCause?: boolean;
  remedy: string;
  /** `AADSTS700027` when the service named one. */
  aadsts: string | null;
  /** The service's own words (error_description, Graph error message, HTTP status). */
  evidence: string[];
  /** Thumbprints named in the evidence, as written (e.g. the key used by the client). */
  thumbprints: string[];
  /** Sentences tying the evidence to the loaded certificate. */
  explanations: string[];
  /** The same sentences as keys and values for the window's language (Troubleshoot's `troubleshoot.explain.*`). */
  explanationPhrases: ExplanationPhrase[];
  /** Entra's trace and correlation IDs, for a support case. */
  traceId: string | null;
  correlationId: string | null;
}

/** One token request of step 1 in one assertion form. */
export interface TokenAttempt {
  form: AssertionForm;
  ok: boolean;
  ms: number;
  finding?: StepFinding;
}

export interface ConnectionTestStep {
  name: ConnectionStepName;
  title: string;
  ok: boolean;
  /** Not run because an earlier step failed. */
  skipped: boolean;
  /** Wall time of the step in milliseconds. */
  ms: number;
  /** What was asked and what came back (URL, audience, provider), never a secret. */
  detail: string;
  finding?: StepFinding;
  /** Step 1 only: the ISE form (x5t) decides; the SHA-256 form is tried beside it only when Entra refused the assertion's format. */
  attempts?: TokenAttempt[];
  /** Values that work but differ from Cisco's guide (form-values step). */
  warnings?: StepFinding[];
}

/** The Intune service endpoint Graph discovery returned. */
export interface DiscoveredEndpoint {
  providerName: string;
  uri: string;
}

export interface ConnectionTestResult {
  ok: boolean;
  steps: ConnectionTestStep[];
  /** Which ISE releases' behaviour the test imitates, in a sentence. */
  imitates: string;
  /** The `aud` claim of the tokens Entra issued (null when none was issued). */
  audiences: { graph: string | null; intune: string | null };
  cloud: CloudName;
  tenant: string;
  clientId: string;
  authority: string;
  graphBase: string;
  /** The certificate that signed the assertions (no key material). */
  certificate: { subjectCN: string; sha1: string; sha256: string; notAfter: string };
  endpoint: DiscoveredEndpoint | null;
  /** Proxy used, without credentials; null for a direct connection. */
  proxy: string | null;
  checkedAt: string;
}

export interface ConnectionTestProgress {
  step: ConnectionStepName;
  phase: 'running' | 'done';
  result?: ConnectionTestStep;
}

// --- audit of the app registration ------------------------------------------------------------

export type AuditItemKind = 'app-exists' | 'permission-configured' | 'permission-consented' | 'certificate-registered';

/** `warn`: works today but needs attention soon (a certificate valid for fewer than 60 days). */
export type AuditStatus = 'pass' | 'fail' | 'warn';

export interface AuditItem {
  id: string;
  kind: AuditItemKind;
  status: AuditStatus;
  label: string;
  detail: string;
  /** The Troubleshoot code when the item fails (APP_NOT_FOUND, CONSENT_MISSING, KEY_NOT_FOUND, ...). */
  finding?: FindingCode;
  /** The ISE node a certificate item is about. */
  node?: string;
}

/** A keyCredential as Graph returns it (the certificate itself reads back as null). */
export interface RegisteredKey {
  keyId: string;
  displayName: string | null;
  /** SHA-1 (uppercase hex) spelled by customKeyIdentifier; null when it spells none. */
  sha1: string | null;
  startDateTime: string | null;
  endDateTime: string | null;
  /** Whole days from the audit time to endDateTime; null without an end date. */
  daysRemaining: number | null;
  type: string;
  usage: string;
}

export interface AuditedApplication {
  /** Object ID (what PATCH /applications/{id} takes). */
  id: string;
  appId: string;
  displayName: string;
  keys: RegisteredKey[];
  servicePrincipalId: string | null;
}

export interface AuditResult {
  ok: boolean;
  items: AuditItem[];
  application: AuditedApplication | null;
  checkedAt: string;
}

/** One ISE certificate the fix adds. */
export interface PlannedKey {
  nodes: string[];
  sha1: string;
  subjectCN: string;
  notAfter: string;
  keyCredential: GraphKeyCredential;
}

/** The diff shown before the PATCH; the PATCH sends keep + add, in that order. */
export interface KeyCredentialPatchPlan {
  applicationId: string;
  appId: string;
  /** Existing entries sent back unchanged (their key stays null, as read). */
  keep: RegisteredKey[];
  add: PlannedKey[];
  /** Existing entries the admin selected for removal; never any other. */
  remove: RegisteredKey[];
  /** Nodes whose certificate is already on the app. */
  alreadyRegistered: { nodes: string[]; sha1: string; keyId: string }[];
  /** keyIds as read when planning: the apply refuses if the app changed since. */
  basedOn: string[];
  /** Nothing to add or remove. */
  empty: boolean;
}

export interface KeyCredentialPatchResult {
  plan: KeyCredentialPatchPlan;
  /** The keys as re-read after the PATCH. */
  keys: RegisteredKey[];
  added: string[];
  removed: string[];
}

// --- admin sign-in ----------------------------------------------------------------------------

export interface SignedInAccount {
  username: string;
  tenantId: string;
  name: string | null;
}

export interface SignInState {
  signedIn: boolean;
  account: SignedInAccount | null;
  /** The public client used to sign in (see main/services/entra/live/sign-in.ts). */
  clientId: string;
}

/** What the admin types at the device-login page (the fallback when no browser can open). */
export interface DeviceCodePrompt {
  userCode: string;
  verificationUri: string;
  /** Entra's own instruction sentence. */
  message: string;
  expiresOn: string;
}
