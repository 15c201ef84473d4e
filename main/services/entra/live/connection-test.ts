/**
 * The connection test, as ISE runs it (DOMAIN.md "How ISE finds Intune", "Token request ISE
 * makes"): (1) a token for Graph with a certificate client assertion — the SHA-1 `x5t` form ISE
 * sends decides, the SHA-256 `x5t#S256` form newer MSAL sends is reported beside it; (2) Intune
 * endpoint discovery on Graph; (3) a token for the Intune audience; (4) one read of the
 * discovered compliance service (MDM info). Bad input is refused before any network call; a
 * failed step becomes a Troubleshoot finding and the steps after it are skipped. The private
 * key lives only inside this call.
 */
import { AuthError, ConfidentialClientApplication, type INetworkModule } from '@azure/msal-node';
import { performance } from 'node:perf_hooks';
import type { ConnectionStepName, ConnectionTestProgress, ConnectionTestResult, ConnectionTestStep, DiscoveredEndpoint, StepFinding, TokenAttempt, AssertionForm } from '../../../../preload/types/live';
import { ServiceError } from '../../errors';
import { parseProxy } from '../../tls/proxy';
import { cleanClientId, cleanTenantId } from '../mdm-values';
import { defaultScope, resolveCloud, type CloudOptions, type ResolvedCloud } from './clouds';
import { loadSigningCredential, type CredentialInput, type SigningCredential } from './credential';
import { findingFromText, liveFinding, networkFinding, type FindingContext } from './findings';
import { GraphError, INTUNE_APP_ID, createGraphClient, type GraphEndpoint } from './graph-client';
import { msalAuthority, msalSystem } from './msal-config';
import { createMsalNetworkClient, createTransport, transportFailure, type HttpTransport } from './network-client';

export interface ConnectionTestOptions {
  tenant: string;
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
  'graph-token': 'Token for Microsoft Graph with the ISE certificate',
  'intune-discovery': 'Intune endpoint discovery on Microsoft Graph',
  'intune-token': 'Token for the Intune API',
  'intune-read': 'Read of the Intune compliance service (MDM info)',
};
const ORDER: ConnectionStepName[] = ['graph-token', 'intune-discovery', 'intune-token', 'intune-read'];
/** v3 (Compliance Retrieval API) first; the v2 NAC API stopped in 2024 (DOMAIN.md). */
const PROVIDERS = ['ComplianceRetrievalService', 'NACAPIService'];

/** Validates everything, then runs the four steps. Throws ServiceError only for bad input. */
export async function testConnection(options: ConnectionTestOptions): Promise<ConnectionTestResult> {
  const now = options.now ?? new Date();
  const tenant = cleanTenantId(options.tenant).value;
  const clientId = cleanClientId(options.clientId).value;
  if (tenant === clientId) {
    throw new ServiceError('IDS_IDENTICAL', 'The tenant ID and the client ID are the same GUID: one of them was pasted twice. The Overview page of the app registration shows both.');
  }
  const cloud = resolveCloud(options.cloud);
  const proxy = options.proxy ? parseProxy(options.proxy, options.proxyPassword, options.proxyUser) : null;
  let credential: SigningCredential | null = await loadSigningCredential(options.credential, now);
  const transport = options.transport ?? createTransport({ caCertificates: options.caCertificates ?? [], proxy, ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}), ...(options.signal ? { signal: options.signal } : {}) });
  const context: FindingContext = { certificate: credential.certificate, now };
  const run = new StepRunner(options.onProgress);
  let endpoint: DiscoveredEndpoint | null = null;
  try {
    const tokens = new TokenRequester(cloud, tenant, clientId, credential, createMsalNetworkClient(transport), context);
    const graphToken = await run.step('graph-token', async (step) => {
      const attempts: TokenAttempt[] = [];
      let token: string | null = null;
      for (const form of ['x5t', 'x5t#S256'] as const) {
        const started = performance.now();
        const outcome = await tokens.request(defaultScope(cloud.graphAudience), form);
        const attempt: TokenAttempt = { form, ok: outcome.ok, ms: Math.round(performance.now() - started) };
        if (!outcome.ok) attempt.finding = outcome.finding;
        else if (form === 'x5t') token = outcome.token;
        attempts.push(attempt);
      }
      step.attempts = attempts;
      const ise = attempts[0] as TokenAttempt;
      const other = attempts[1] as TokenAttempt;
      step.detail = `POST ${tokens.tokenEndpoint} for ${defaultScope(cloud.graphAudience)}: x5t (SHA-1, RS256, as ISE) ${ise.ok ? 'accepted' : 'refused'}; x5t#S256 (SHA-256, PS256) ${other.ok ? 'accepted' : 'refused'}.`;
      return token === null ? { finding: ise.finding as StepFinding } : { value: token };
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
      step.detail = `POST ${tokens.tokenEndpoint} for ${defaultScope(cloud.intuneAudience)} (x5t, as ISE)`;
      const outcome = await tokens.request(defaultScope(cloud.intuneAudience), 'x5t');
      return outcome.ok ? { value: outcome.token } : { finding: outcome.finding };
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
    cloud: cloud.name,
    tenant,
    clientId,
    authority: `${cloud.authorityHost}/${tenant}`,
    graphBase: cloud.graphBase,
    certificate: { subjectCN: certificate.subjectCN || certificate.subject, sha1: certificate.thumbprints.sha1, sha256: certificate.thumbprints.sha256, notAfter: certificate.notAfter },
    endpoint,
    proxy: proxy?.url ?? null,
    checkedAt: now.toISOString(),
  };
}

type StepOutcome<T> = { value: T } | { finding: StepFinding };

/** Runs steps in order, times them, reports progress; a failed step makes the rest skipped. */
class StepRunner {
  private readonly steps: ConnectionTestStep[] = [];

  constructor(private readonly onProgress?: (progress: ConnectionTestProgress) => void) {}

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
    const skipped = ORDER.filter((name) => !ran.has(name)).map((name): ConnectionTestStep => ({ name, title: TITLES[name], ok: false, skipped: true, ms: 0, detail: 'Not run: an earlier step failed.' }));
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
  for (const providerName of PROVIDERS) {
    const found = endpoints.find((endpoint) => endpoint.providerName === providerName && /^https:\/\//i.test(endpoint.uri));
    if (found) return { value: { providerName, uri: found.uri } };
  }
  const names = endpoints.map((endpoint) => endpoint.providerName).join(', ') || 'none';
  return { finding: liveFinding('INTUNE_NOT_DISCOVERED', `Graph listed no ComplianceRetrievalService or NACAPIService endpoint for Intune (providers: ${names}).`, [`providers: ${names}`]) };
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
  if (response.status === 403) {
    const finding = findingFromText(`Intune answered HTTP 403 to the MDM info read: ${summary}`, 'CONSENT_MISSING', context, 'The Intune service refused the read (HTTP 403): get_device_compliance is not granted to the app, or admin consent is missing.');
    return { finding };
  }
  return { finding: liveFinding('INTUNE_REFUSED', `The Intune service answered HTTP ${response.status} to the MDM info read.`, [`HTTP ${response.status}: ${summary}`]) };
}
