/**
 * The connection test, as ISE runs it (DOMAIN.md "How ISE finds Intune", "Token request ISE
 * makes"). It imitates ISE 3.3 and later (and 3.1 Patch 8, 3.2 Patch 4, where this was
 * back-ported): tokens from Entra's v2.0 endpoint of the tenant, signed with the node's
 * certificate in the SHA-1 `x5t` form. With the values as typed into ISE's form, (0) checks
 * them; then (1) a token for Graph — one request; only when Entra refuses the assertion's
 * format (the key it names or its signature) is the SHA-256 `x5t#S256` form tried beside it, to
 * tell the admin whether that form would be accepted; (2) Intune endpoint discovery on Graph;
 * (3) a token for the Token Audience exactly as typed; (4) one read of the discovered
 * compliance service (MDM info) — never on the retired NACAPIService. Bad input is refused
 * before any network call; a failed step becomes a Troubleshoot finding and the steps after it
 * are skipped. The private key lives only inside this call.
 */
import { AuthError, ConfidentialClientApplication, type INetworkModule } from '@azure/msal-node';
import { performance } from 'node:perf_hooks';
import type { ConnectionStepName, ConnectionTestProgress, ConnectionTestResult, ConnectionTestStep, DiscoveredEndpoint, StepFinding, TokenAttempt, AssertionForm } from '../../../../preload/types/live';
import { ServiceError } from '../../errors';
import { parseProxy } from '../../tls/proxy';
import { cleanClientId, cleanTenantId } from '../mdm-values';
import { defaultScope, resolveCloud, type CloudOptions, type ResolvedCloud } from './clouds';
import { loadSigningCredential, type CredentialInput, type SigningCredential } from './credential';
import { FINDINGS_CATALOG } from '../../ise';
import { findingFromText, liveFinding, networkFinding, type FindingContext } from './findings';
import { checkFormValues, type IseFormValues } from './form-values';
import { GraphError, INTUNE_APP_ID, createGraphClient, type GraphEndpoint } from './graph-client';
import { msalAuthority, msalSystem } from './msal-config';
import { createMsalNetworkClient, createTransport, transportFailure, type HttpTransport } from './network-client';
import { certificateLabel } from '../../../../preload/labels';

export interface ConnectionTestOptions {
  /** The tenant; or give `form`, the values as typed into ISE's form (the tenant comes from its Token Issuing URL). */
  tenant?: string;
  form?: IseFormValues;
  clientId: string;
  credential: CredentialInput;
  cloud?: CloudOptions;
  /** Trusted besides Node's bundle (a TLS-inspecting proxy's root; the test CA). */
  caCertificates?: (Buffer | string)[];
  /** `http://[user@]host:port`; null or absent for a direct connection. */
  proxy?: string | null;
  proxyPassword?: string;
  /** User name for a proxy the system picked (System mode), when `proxy` has none. */
  proxyUser?: string;
  /** The platform's transport (Chromium's network stack in the app); when given, `proxy` and `caCertificates` are its business. */
  transport?: HttpTransport;
  /** Per request. Default 15 s. */
  timeoutMs?: number;
  signal?: AbortSignal;
  now?: Date;
  onProgress?: (progress: ConnectionTestProgress) => void;
}

const TITLES: Record<ConnectionStepName, string> = {
  'form-values': "The values typed into ISE's External MDM form",
  'graph-token': 'Token for Microsoft Graph with the ISE certificate',
  'intune-discovery': 'Intune endpoint discovery on Microsoft Graph',
  'intune-token': 'Token for the Intune API',
  'intune-read': 'Read of the Intune compliance service (MDM info)',
};
const ORDER: ConnectionStepName[] = ['form-values', 'graph-token', 'intune-discovery', 'intune-token', 'intune-read'];
/** The v3 Compliance Retrieval API; the v2 NACAPIService stopped on 2024-03-24 (DOMAIN.md) and is never called. */
const PROVIDER = 'ComplianceRetrievalService';
const RETIRED_PROVIDERS = ['NACAPIService', 'StatelessNACService'];
/** What the test imitates, in a sentence (shown with the result). */
export const IMITATES = "ISE 3.3 and later, 3.1 Patch 8 and 3.2 Patch 4: tokens from Entra's v2.0 endpoint, signed with the node certificate (SHA-1 x5t, RS256).";
/**
 * Refusals about the assertion's format (which key its header names, its signature): only then is
 * the other thumbprint form worth a second request. Never after a wrong tenant (AADSTS90002), an
 * unknown app (700016) or a network failure.
 */
const ASSERTION_FORMAT = new Set(['KEY_NOT_FOUND', 'KEY_MISMATCH']);
const ASSERTION_FORMAT_AADSTS = new Set(['AADSTS50027', 'AADSTS5002723']);

/** Validates everything, then runs the four steps. Throws ServiceError only for bad input. */
export async function testConnection(options: ConnectionTestOptions): Promise<ConnectionTestResult> {
  const now = options.now ?? new Date();
  if ((options.tenant === undefined) === (options.form === undefined)) {
    throw new ServiceError('TENANT_OR_FORM', "Give either the tenant, or the values typed into ISE's External MDM form (Token Issuing URL, Auto Discovery URL, Token Audience).");
  }
  const checked = options.form ? checkFormValues(options.form) : null;
  const tenant = checked === null ? cleanTenantId(options.tenant ?? '').value : 'finding' in checked ? null : checked.tenant;
  const clientId = cleanClientId(options.clientId).value;
  if (tenant === clientId) {
    throw new ServiceError('IDS_IDENTICAL', 'The tenant ID and the client ID are the same GUID: one of them was pasted twice. The Overview page of the app registration shows both.');
  }
  const typed = checked !== null && !('finding' in checked) ? checked : null;
  // Typed values choose the cloud and Graph; an explicit authority or Graph still says where the requests go (a stand-in, a sovereign host).
  const cloud = resolveCloud({
    ...options.cloud,
    ...(typed ? { cloud: typed.cloud, intuneAudience: typed.audience, ...(options.cloud?.graph === undefined && typed.graphBase !== resolveCloud({ cloud: typed.cloud }).graphBase ? { graph: typed.graphBase } : {}) } : {}),
  });
  const proxy = options.proxy ? parseProxy(options.proxy, options.proxyPassword, options.proxyUser) : null;
  let credential: SigningCredential | null = await loadSigningCredential(options.credential, now);
  const transport = options.transport ?? createTransport({ caCertificates: options.caCertificates ?? [], proxy, ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}), ...(options.signal ? { signal: options.signal } : {}) });
  const context: FindingContext = { certificate: credential.certificate, now };
  const run = new StepRunner(options.onProgress, options.form !== undefined);
  let endpoint: DiscoveredEndpoint | null = null;
  const audiences: { graph: string | null; intune: string | null } = { graph: null, intune: null };
  try {
    const formOk =
      checked === null
        ? true
        : await run.step('form-values', async (step) => {
            if ('finding' in checked) return checked;
            step.warnings = checked.warnings;
            step.detail = `Tenant ${checked.tenant} (${checked.cloud === 'public' ? 'Microsoft global cloud' : 'Azure US Government'}) from the Token Issuing URL; Graph ${checked.graphBase} from the Auto Discovery URL; Token Audience "${checked.audience}" requested as typed.`;
            return { value: true };
          });
    const tokens = new TokenRequester(cloud, tenant ?? '', clientId, credential, createMsalNetworkClient(transport), context);
    const graphToken = formOk === undefined ? undefined : await run.step('graph-token', async (step) => {
      const scope = defaultScope(cloud.graphAudience);
      const attempts: TokenAttempt[] = [];
      const ise = await timed('x5t', () => tokens.request(scope, 'x5t'));
      attempts.push(ise.attempt);
      if (!ise.outcome.ok && isAssertionFormat(ise.outcome.finding)) attempts.push((await timed('x5t#S256', () => tokens.request(scope, 'x5t#S256'))).attempt);
      step.attempts = attempts;
      const other = attempts[1];
      step.detail = `POST ${tokens.tokenEndpoint} for ${scope}: x5t (SHA-1, RS256, as ISE) ${ise.outcome.ok ? 'accepted' : 'refused'}${other ? `; x5t#S256 (SHA-256, PS256) ${other.ok ? 'accepted' : 'refused'}` : ''}.`;
      if (!ise.outcome.ok) return { finding: ise.outcome.finding };
      audiences.graph = tokenAudience(ise.outcome.token);
      return { value: ise.outcome.token };
    });
    const endpoints = graphToken === undefined ? undefined : await run.step('intune-discovery', async (step) => {
      const graph = createGraphClient({ graphBase: cloud.graphBase, transport, getToken: async () => graphToken });
      step.detail = `GET ${cloud.graphBase}/v1.0/servicePrincipals/appId=${INTUNE_APP_ID}/endpoints`;
      try {
        const found = choose(await graph.readIntuneEndpoints());
        if ('finding' in found) return found;
        step.detail += ` → ${found.value.providerName} ${found.value.uri}`;
        return found;
      } catch (error) {
        return { finding: failureFinding(error, context) };
      }
    });
    endpoint = endpoints ?? null;
    const intuneToken = endpoints === undefined ? undefined : await run.step('intune-token', async (step) => {
      step.detail = `POST ${tokens.tokenEndpoint} for ${defaultScope(cloud.intuneAudience)} (x5t, as ISE; Token Audience "${cloud.intuneAudience}" as typed)`;
      const outcome = await tokens.request(defaultScope(cloud.intuneAudience), 'x5t');
      if (!outcome.ok) return { finding: outcome.finding };
      audiences.intune = tokenAudience(outcome.token);
      step.detail += ` → the token carries the audience "${audiences.intune ?? 'none'}"`;
      return { value: outcome.token };
    });
    if (intuneToken !== undefined && endpoint !== null) {
      const target = endpoint;
      await run.step('intune-read', (step) => readMdmInfo(transport, target, intuneToken, step, context));
    }
  } finally {
    // The key is not kept beyond the test (the caller's KeyObject aside).
    credential = null;
  }
  const steps = run.finish();
  const certificate = context.certificate;
  return {
    ok: steps.every((step) => step.ok),
    steps,
    imitates: IMITATES,
    audiences,
    cloud: cloud.name,
    tenant: tenant ?? '',
    clientId,
    authority: `${cloud.authorityHost}/${tenant}`,
    graphBase: cloud.graphBase,
    certificate: { subjectCN: certificateLabel(certificate), sha1: certificate.thumbprints.sha1, sha256: certificate.thumbprints.sha256, notAfter: certificate.notAfter },
    endpoint,
    proxy: proxy?.url ?? null,
    checkedAt: now.toISOString(),
  };
}

type StepOutcome<T> = { value: T } | { finding: StepFinding };

/** Runs steps in order, times them, reports progress; a failed step makes the rest skipped. */
class StepRunner {
  private readonly steps: ConnectionTestStep[] = [];

  constructor(
    private readonly onProgress?: (progress: ConnectionTestProgress) => void,
    private readonly withForm = false,
  ) {}

  async step<T>(name: ConnectionStepName, body: (step: ConnectionTestStep) => Promise<StepOutcome<T>>): Promise<T | undefined> {
    const step: ConnectionTestStep = { name, title: TITLES[name], ok: false, skipped: false, ms: 0, detail: '' };
    this.onProgress?.({ step: name, phase: 'running' });
    const started = performance.now();
    const outcome = await body(step);
    step.ms = Math.round(performance.now() - started);
    if ('finding' in outcome) step.finding = outcome.finding;
    else step.ok = true;
    this.steps.push(step);
    this.onProgress?.({ step: name, phase: 'done', result: step });
    return 'value' in outcome ? outcome.value : undefined;
  }

  finish(): ConnectionTestStep[] {
    const ran = new Set(this.steps.map((step) => step.name));
    const skipped = ORDER.filter((name) => !ran.has(name) && (this.withForm || name !== 'form-values')).map((name): ConnectionTestStep => ({ name, title: TITLES[name], ok: false, skipped: true, ms: 0, detail: 'Not run: an earlier step failed.' }));
    return [...this.steps, ...skipped];
  }
}

type TokenOutcome = { ok: true; token: string } | { ok: false; finding: StepFinding };

/** Client-credentials requests with the certificate, one fresh MSAL client per form (no token cache). */
class TokenRequester {
  readonly tokenEndpoint: string;

  constructor(
    private readonly cloud: ResolvedCloud,
    private readonly tenant: string,
    private readonly clientId: string,
    private readonly credential: SigningCredential,
    private readonly network: INetworkModule,
    private readonly context: FindingContext,
  ) {
    this.tokenEndpoint = `${cloud.authorityHost}/${tenant}/oauth2/v2.0/token`;
  }

  async request(scope: string, form: AssertionForm): Promise<TokenOutcome> {
    const thumbprints = this.credential.certificate.thumbprints;
    // MSAL wants the key as PKCS#8 PEM; the string lives only for this request.
    const privateKey = this.credential.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const app = new ConfidentialClientApplication({
      auth: {
        clientId: this.clientId,
        ...msalAuthority(this.cloud, this.tenant),
        clientCertificate: form === 'x5t' ? { thumbprint: thumbprints.sha1, privateKey } : { thumbprintSha256: thumbprints.sha256, privateKey },
      },
      system: msalSystem(this.network),
    });
    try {
      const result = await app.acquireTokenByClientCredential({ scopes: [scope], skipCache: true });
      if (!result?.accessToken) return { ok: false, finding: liveFinding('INTUNE_REFUSED', 'Entra answered without an access token.', []) };
      return { ok: true, token: result.accessToken };
    } catch (error) {
      return { ok: false, finding: failureFinding(error, this.context) };
    }
  }
}

/** MSAL, Graph and transport failures, each named with the Troubleshoot codes. */
function failureFinding(error: unknown, context: FindingContext): StepFinding {
  if (error instanceof GraphError) {
    // The discovery call's own words, so that the ISE diagnosis sees a 403 on discovery.
    const text = `HTTP ${error.status} ${error.graphCode}: ${error.graphMessage} (GET servicePrincipals/appId=${INTUNE_APP_ID}/endpoints)`;
    return findingFromText(text, error.status === 403 ? 'CONSENT_MISSING' : 'TOKEN_FAILED', context, error.message);
  }
  const failure = transportFailure(error);
  if (failure) return networkFinding(failure);
  if (error instanceof AuthError) {
    // MSAL wraps Entra's error_description as "Error(s): ... - Description: <text> - Correlation ID: ...".
    const text = /Description: ([\s\S]*?) - Correlation ID:/.exec(error.errorMessage)?.[1] ?? (error.errorMessage || error.message);
    return findingFromText(text, 'TOKEN_FAILED', context);
  }
  throw error;
}

function choose(endpoints: GraphEndpoint[]): StepOutcome<DiscoveredEndpoint> {
  const found = endpoints.find((endpoint) => endpoint.providerName === PROVIDER && /^https:\/\//i.test(endpoint.uri));
  if (found) return { value: { providerName: PROVIDER, uri: found.uri } };
  const names = endpoints.map((endpoint) => endpoint.providerName).join(', ') || 'none';
  const retired = endpoints.find((endpoint) => RETIRED_PROVIDERS.includes(endpoint.providerName));
  if (retired) {
    // The retired v2 NAC API: its compliance API is never called.
    const entry = FINDINGS_CATALOG.LEGACY_NAC_API;
    return {
      finding: {
        ...liveFinding('INTUNE_NOT_DISCOVERED', '', []),
        code: 'LEGACY_NAC_API',
        title: entry.title,
        message: `Graph discovery lists only Intune's retired ${retired.providerName} (${retired.uri}), no ComplianceRetrievalService: the Compliance Retrieval API ISE needs is not offered, and the retired API gets no compliance data since 2024-03-24.`,
        remedy: entry.remedy.text,
        evidence: [`providers: ${names}`],
      },
    };
  }
  return { finding: liveFinding('INTUNE_NOT_DISCOVERED', `Graph listed no ComplianceRetrievalService endpoint for Intune (providers: ${names}).`, [`providers: ${names}`]) };
}

function isAssertionFormat(finding: StepFinding): boolean {
  return ASSERTION_FORMAT.has(finding.code) || (finding.aadsts !== null && ASSERTION_FORMAT_AADSTS.has(finding.aadsts));
}

async function timed(form: AssertionForm, request: () => Promise<TokenOutcome>): Promise<{ attempt: TokenAttempt; outcome: TokenOutcome }> {
  const started = performance.now();
  const outcome = await request();
  const attempt: TokenAttempt = { form, ok: outcome.ok, ms: Math.round(performance.now() - started) };
  if (!outcome.ok) attempt.finding = outcome.finding;
  return { attempt, outcome };
}

/** The `aud` claim of an issued access token (its payload only; the token itself is never kept or shown). */
function tokenAudience(token: string): string | null {
  try {
    const payload = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as { aud?: unknown };
    return typeof payload.aud === 'string' ? payload.aud : null;
  } catch {
    return null;
  }
}

async function readMdmInfo(transport: HttpTransport, endpoint: DiscoveredEndpoint, token: string, step: ConnectionTestStep, context: FindingContext): Promise<StepOutcome<true>> {
  const url = `${endpoint.uri.replace(/\/+$/, '')}/ciscoise/mdminfo/?ise_api_version=3`;
  step.detail = `GET ${url}`;
  let response;
  try {
    response = await transport.send({ method: 'GET', url, headers: { authorization: `Bearer ${token}`, accept: 'application/xml, application/json' } });
  } catch (error) {
    return { finding: failureFinding(error, context) };
  }
  const summary = response.text.replace(/\s+/g, ' ').slice(0, 300);
  if (response.status === 200) {
    const vendor = /<vendor>([^<]*)<\/vendor>/i.exec(response.text)?.[1];
    const product = /<product_name>([^<]*)<\/product_name>/i.exec(response.text)?.[1];
    step.detail += ` → HTTP 200${vendor || product ? ` (${[vendor, product].filter(Boolean).join(' ')})` : ''}`;
    return { value: true };
  }
  if (response.status === 401 || response.status === 403) {
    const entry = FINDINGS_CATALOG.INTUNE_ACCESS_DENIED;
    const why =
      response.status === 403
        ? 'The Intune service refused the read (HTTP 403): get_device_compliance is not granted to the app, or admin consent is missing.'
        : "The Intune service refused the token (HTTP 401): it is not for Intune's audience or tenant.";
    return { finding: { ...liveFinding('INTUNE_REFUSED', why, [`HTTP ${response.status}: ${summary}`]), code: 'INTUNE_ACCESS_DENIED', title: entry.title, remedy: entry.remedy.text } };
  }
  return { finding: liveFinding('INTUNE_REFUSED', `The Intune service answered HTTP ${response.status} to the MDM info read.`, [`HTTP ${response.status}: ${summary}`]) };
}
