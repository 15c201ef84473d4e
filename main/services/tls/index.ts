/**
 * Live chains, the public API (plain Node: IPC handlers, the CLI and tests use it). For each
 * `host[:port]`: fetch what the server sends (directly or through a proxy), complete the path,
 * judge it, and report per-host progress. Hosts run concurrently, each with its own timeout and
 * cancel; one host failing never hides the others.
 */
import { performance } from 'node:perf_hooks';
import type { CertificateInfo } from '../../../preload/types/certs';
import type { CatalogEntry, ChainFetchResult, ChainProgressEvent, ChainVerdictCode } from '../../../preload/types/chains';
import { bundledCatalog, bundledCatalogDers } from '../catalog/microsoft-cas';
import { loadCertificateFile } from '../certs';
import { ServiceError, isServiceError } from '../errors';
import { ChainMemo, parsedCertificate } from './certificate-cache';
import { completeChain, toCandidates, trustStoreCandidates, type CaCandidate, type CaSources } from './complete-chain';
import { fetchServedChain } from './fetch-chain';
import { inspectingCa, microsoftRootsForIse } from './inspection';
import { parseProxy, proxyRoutesFromResolverAnswer, type ProxyConfig } from './proxy';
import { judgeChain } from './verdict';

export { createNetAiaGet, downloadIssuer, AIA_MAX_BYTES, AIA_MAX_REDIRECTS, type AiaDownload, type AiaDownloadOptions, type AiaGet } from './aia';
import type { AiaGet } from './aia';
export { completeChain, toCandidates, trustStoreCandidates, type CaCandidate, type CaSources, type CompletedChain } from './complete-chain';
export { fetchServedChain, tlsFailureSentence, type ServedChain } from './fetch-chain';
export {
  authSchemes,
  openProxyTunnel,
  openRoute,
  parseProxy,
  proxyFromEnvironment,
  proxyFromResolverAnswer,
  proxyRoutesFromResolverAnswer,
  type ProxyConfig,
} from './proxy';
export { judgeChain, type Verdict } from './verdict';
export { collectIseNeeds, FRIENDLY_NAME_PREFIX, type ChainForIse } from './ise-needs';
export { findTrustStoreGap, loadIseTrustStore, type IseTrustStore } from './trust-store-gap';
export { inspectingCa, isMicrosoftHost, microsoftRootsForIse } from './inspection';
export { exportForIse, importSteps, BUNDLE_FILE, ISE_MENU_PATH, STEPS_FILE, type IseExportOptions } from './export-for-ise';

export const DEFAULT_TIMEOUT_MS = 10_000;
export const DEFAULT_PORT = 443;

/**
 * Hosts every current ISE release talks to (DOMAIN.md "Hosts ISE talks to"): tokens and Graph
 * discovery. The Intune service host comes from discovery (the connection test adds it); the
 * retired graph.windows.net and the seed's portal.azure.com example are no longer defaults.
 */
export const PRESET_HOSTS: readonly string[] = ['login.microsoftonline.com', 'graph.microsoft.com'];

export interface FetchChainsOptions {
  /** Per host, covering proxy tunnel and handshake. Default 10 s. */
  timeoutMs?: number;
  /** `http://[user:pass@]host:port`, or null/undefined for none (then `resolveProxy` is asked). */
  proxy?: string | null;
  /** Kept apart from the URL so it is never shown or logged. */
  proxyPassword?: string;
  /** For a proxy the system picks (`resolveProxy`): the user name of System mode's credentials. */
  proxyUser?: string;
  /** System proxy lookup (Electron's session.resolveProxy in the app): URL or PAC answer, null for direct. */
  resolveProxy?: (url: string) => Promise<string | null>;
  /** Download missing issuers from AIA URLs (default true). */
  aia?: boolean;
  aiaTimeoutMs?: number;
  /** Follow AIA URLs to loopback, private and link-local addresses (an internal CA); default false. */
  aiaAllowPrivate?: boolean;
  /** The platform's GET for AIA downloads (Chromium's stack in the app); when given, `proxy` is its business. */
  aiaGet?: AiaGet;
  /** DER of roots trusted besides Node's bundle (a test root), shown as "the trust store". */
  extraTrustedRoots?: Buffer[];
  /** DER of this computer's trusted roots (the Windows store in the app), shown as their own source. */
  systemRoots?: Buffer[];
  /** DER of CA certificates the user gave (--ca-file): used to complete and as trust anchors. */
  caCertificates?: Buffer[];
  /** Defaults to the bundled catalog (pass `loadCatalog(...)` to include the user's CA files). */
  catalog?: CatalogEntry[];
  /** Host name -> IP address to connect to, skipping DNS (direct connections; like curl --resolve). */
  resolve?: Record<string, string>;
  now?: Date;
  /** Cancels every host. */
  signal?: AbortSignal;
  /** Cancels one host (the screen's per-host cancel button). */
  signalFor?: (target: string) => AbortSignal | undefined;
}

export interface HostTarget {
  target: string;
  host: string;
  port: number;
}

/** `host`, `host:port`, `[v6]:port`, or a pasted `https://host[:port]/path` URL. */
export function parseTarget(text: string): HostTarget {
  const trimmed = text.trim();
  const invalid = (): ServiceError => new ServiceError('INVALID_HOST', `"${text}" is not a host name. Use host or host:port, for example login.microsoftonline.com:443.`);
  if (trimmed === '') throw invalid();
  let url: URL;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `https://${trimmed}`);
  } catch {
    throw invalid();
  }
  if (url.username || url.password || url.hostname === '') throw invalid();
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const port = url.port === '' ? (url.protocol === 'http:' ? 80 : DEFAULT_PORT) : Number(url.port);
  return { target: `${host.includes(':') ? `[${host}]` : host}:${port}`, host, port };
}

/** DER of every certificate in the given files (for `caCertificates` / `extraTrustedRoots`). */
export async function loadCaFiles(paths: string[], now = new Date()): Promise<Buffer[]> {
  const ders: Buffer[] = [];
  for (const path of paths) {
    const loaded = await loadCertificateFile(path, { now });
    ders.push(...loaded.certificates.map((certificate) => Buffer.from(certificate.info.base64Der, 'base64')));
  }
  return ders;
}

export async function fetchChains(
  targets: string[],
  options: FetchChainsOptions = {},
  onProgress: (event: ChainProgressEvent) => void = () => undefined,
): Promise<ChainFetchResult[]> {
  const parsed = targets.map(parseTarget);
  const now = options.now ?? new Date();
  const sources: CaSources = {
    caFiles: toCandidates(options.caCertificates ?? [], 'ca-file'),
    trustStore: trustStoreCandidates(options.extraTrustedRoots ?? []),
    systemStore: toCandidates(options.systemRoots ?? [], 'system-store'),
    catalog: options.catalog ? toCandidates(options.catalog.map((entry) => Buffer.from(entry.certificate.base64Der, 'base64')), 'catalog') : bundledCandidates(),
  };
  // Microsoft's own CAs are the bundled ones: a CA file the user added (a proxy's root, say) is not Microsoft's.
  const bundledInfos = options.catalog?.filter((entry) => entry.origin === 'bundled').map((entry) => entry.certificate);
  const microsoft: Microsoft = {
    cas: bundledInfos ? toCandidates(bundledInfos.map((info) => Buffer.from(info.base64Der, 'base64')), 'catalog') : bundledCandidates(),
    // Described only when a chain turns out inspected.
    rootsForIse: () => microsoftRootsForIse(bundledInfos ?? bundledCatalog(now).map((entry) => entry.certificate)),
  };
  // Hosts of one call share their intermediates and roots: each signature is verified once per call.
  const memo = new ChainMemo(now);
  for (const target of parsed) onProgress({ target: target.target, phase: 'queued', elapsedMs: 0 });
  return Promise.all(parsed.map((target) => fetchOne(target, sources, microsoft, { ...options, now }, memo, onProgress)));
}

interface Microsoft {
  cas: CaCandidate[];
  rootsForIse: () => CertificateInfo[];
}

let bundled: CaCandidate[] | undefined;

/** The bundled catalog, parsed once per process. */
function bundledCandidates(): CaCandidate[] {
  bundled ??= toCandidates(bundledCatalogDers(), 'catalog');
  return bundled;
}

async function fetchOne(
  target: HostTarget,
  sources: CaSources,
  microsoft: Microsoft,
  options: FetchChainsOptions & { now: Date },
  memo: ChainMemo,
  onProgress: (event: ChainProgressEvent) => void,
): Promise<ChainFetchResult> {
  const started = performance.now();
  const elapsed = (): number => Math.round(performance.now() - started);
  const signals = [options.signal, options.signalFor?.(target.target)].filter((signal): signal is AbortSignal => signal !== undefined);
  const signal = signals.length === 0 ? undefined : signals.length === 1 ? signals[0] : AbortSignal.any(signals);
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  let proxy: ProxyConfig | null = null;
  try {
    const routes = await chooseRoutes(target, options);
    proxy = routes.find((route) => route !== null) ?? null;
    onProgress({ target: target.target, phase: routes[0] ? 'proxy' : 'connecting', elapsedMs: elapsed() });
    const address = options.resolve?.[target.host];
    const served = await fetchServedChain({ ...target, ...(address ? { address } : {}) }, { timeoutMs, routes, ...(signal ? { signal } : {}) });
    proxy = served.proxy;
    onProgress({ target: target.target, phase: 'completing', elapsedMs: elapsed() });
    const aiaAllowed = options.aia ?? true;
    const completed = await completeChain(served.certificates, sources, {
      now: options.now,
      aia: aiaAllowed ? { timeoutMs: options.aiaTimeoutMs ?? timeoutMs, proxy, allowPrivate: options.aiaAllowPrivate === true, ...(signal ? { signal } : {}), ...(options.aiaGet ? { get: options.aiaGet } : {}) } : null,
      memo,
    });
    const chain = completed.links.map((link) => memo.describe(link));
    const inspecting = inspectingCa(target.host, completed.links, microsoft.cas);
    const inspectedBy = inspecting ? (chain[completed.links.indexOf(inspecting)] as CertificateInfo) : null;
    const verdict = judgeChain({ host: target.host, completed, chain, viaProxy: proxy !== null, aiaAllowed, inspectedBy, proxyUrl: proxy?.url ?? null });
    const result: ChainFetchResult = {
      ...target,
      fetched: true,
      // Served certificates are chain links (already parsed and described) unless the server sent extras.
      served: served.certificates.map((der, index) => (index === 0 ? (chain[0] as CertificateInfo) : memo.describe(parsedCertificate(der)))),
      chain,
      completedFrom: completed.links.flatMap((link, index) =>
        link.source === 'served'
          ? []
          : [{ sha256: link.sha256, subjectCN: (chain[index] as CertificateInfo).subjectCN, from: link.source, ...(link.url ? { url: link.url, finalUrl: link.finalUrl ?? link.url } : {}) }],
      ),
      aiaAttempts: completed.aiaAttempts,
      verdict: verdict.code,
      message: verdict.message,
      findings: verdict.findings,
      tlsVersion: served.tlsVersion,
      cipher: served.cipher,
      elapsedMs: elapsed(),
      proxy: proxy?.url ?? null,
      errorCode: null,
      ...(inspectedBy ? { inspection: { proxyCa: inspectedBy.thumbprints.sha256, microsoftCas: microsoft.rootsForIse() } } : {}),
    };
    onProgress({ target: target.target, phase: 'done', elapsedMs: result.elapsedMs, result });
    return result;
  } catch (error) {
    if (!isServiceError(error)) throw error;
    const result = failedResult(target, error, elapsed(), proxy);
    onProgress({ target: target.target, phase: result.verdict === 'cancelled' ? 'cancelled' : 'failed', elapsedMs: result.elapsedMs, result });
    return result;
  }
}

/** The routes to try in order: the explicit proxy, or every entry of the system's answer (PAC failover), or direct. */
async function chooseRoutes(target: HostTarget, options: FetchChainsOptions): Promise<(ProxyConfig | null)[]> {
  if (options.proxy) return [parseProxy(options.proxy, options.proxyPassword)];
  if (!options.resolveProxy) return [null];
  const routes = proxyRoutesFromResolverAnswer(await options.resolveProxy(`https://${target.target}/`));
  return routes.map((url) => (url === null ? null : parseProxy(url, options.proxyPassword, options.proxyUser)));
}

const ERROR_VERDICTS: [RegExp, ChainVerdictCode][] = [
  [/^CANCELLED$/, 'cancelled'],
  [/^TLS_TIMEOUT$/, 'timeout'],
  [/^PROXY_/, 'proxy-error'],
  [/^(CONNECTION_REFUSED|HOST_NOT_FOUND|UNREACHABLE|INVALID_HOST)$/, 'unreachable'],
];

function failedResult(target: HostTarget, error: ServiceError, elapsedMs: number, proxy: ProxyConfig | null): ChainFetchResult {
  const verdict = ERROR_VERDICTS.find(([pattern]) => pattern.test(error.code))?.[1] ?? 'tls-error';
  return {
    ...target,
    fetched: false,
    served: [],
    chain: [],
    completedFrom: [],
    aiaAttempts: [],
    verdict,
    message: error.message,
    findings: [{ code: verdict, message: error.message, certificate: null }],
    tlsVersion: null,
    cipher: null,
    elapsedMs,
    proxy: proxy?.url ?? null,
    errorCode: error.code,
  };
}
