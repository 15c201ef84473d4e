/**
 * The Chains screen's state in main: the last result per host, ISE's trusted certificates when
 * the admin loaded them, and what ISE needs across hosts. Fetching goes through the tls
 * service with the proxy from Settings; the bundled catalog plus the user's CA files complete chains.
 */
import type { CertificateInfo, ChainFetchResult, ChainsState, IseExportResult } from '../../../preload/contract';
import { addUserCaFiles, loadCatalog, removeUserCa } from '../catalog/microsoft-cas';
import { ServiceError } from '../errors';
import type { NetworkSettings } from '../settings/settings-service';
import { PRESET_HOSTS, collectIseNeeds, exportForIse, fetchChains, findTrustStoreGap, loadIseTrustStore, parseTarget, type AiaGet, type IseTrustStore } from '../tls';

export interface FetchOptions {
  timeoutMs: number;
  aia: boolean;
  /** The setting that lets AIA reach private addresses (an internal CA). */
  aiaAllowPrivate?: boolean;
  network: NetworkSettings;
  /** The OS proxy lookup (Electron) for the `system` mode; absent elsewhere, which means direct. */
  resolveProxy?: (url: string) => Promise<string | null>;
  /** Where user-added CA files live (the data folder). */
  dataFolder: string;
  /** The operating system's trusted roots (DER), where the runtime exposes them. */
  systemRoots?: Buffer[];
  /** AIA downloads through the platform's network stack (the app); Node's http otherwise. */
  aiaGet?: AiaGet;
  signal: AbortSignal;
  onPhase: (phase: string, elapsedMs: number) => void;
}

export class ChainsWorkbench {
  readonly #results = new Map<string, ChainFetchResult>();
  #iseStore: (IseTrustStore & { files: string[] }) | null = null;
  readonly #discovered = new Set<string>();

  constructor(private readonly now: () => Date = () => new Date()) {}

  async fetch(target: string, options: FetchOptions): Promise<ChainFetchResult> {
    const normalised = parseTarget(target).target;
    const proxy = options.network.mode === 'explicit' ? options.network.proxyUrl : null;
    const [result] = await fetchChains(
      [normalised],
      {
        timeoutMs: options.timeoutMs,
        aia: options.aia,
        aiaAllowPrivate: options.aiaAllowPrivate === true,
        proxy,
        ...(options.network.proxyPassword !== undefined ? { proxyPassword: options.network.proxyPassword } : {}),
        ...(options.network.proxyUser !== undefined ? { proxyUser: options.network.proxyUser } : {}),
        ...(options.network.mode === 'system' && options.resolveProxy ? { resolveProxy: options.resolveProxy } : {}),
        catalog: await loadCatalog(options.dataFolder || null, this.now()),
        ...(options.systemRoots?.length ? { systemRoots: options.systemRoots } : {}),
        ...(options.aiaGet ? { aiaGet: options.aiaGet } : {}),
        now: this.now(),
        signal: options.signal,
      },
      (event) => options.onPhase(event.phase, event.elapsedMs),
    );
    if (!result) throw new ServiceError('CHAIN_NO_RESULT', `Nothing came back for ${normalised}.`);
    this.#results.set(result.target, result);
    return this.#annotate(result);
  }

  remove(target: string): ChainsState {
    this.#results.delete(target);
    return this.state();
  }

  async loadIseStore(paths: string[]): Promise<ChainsState> {
    const store = await loadIseTrustStore(paths, this.now());
    if (store.certificates.length === 0) {
      const reason = store.problems[0]?.message ?? 'no certificate was found there';
      throw new ServiceError('ISE_STORE_EMPTY', `No trusted certificate could be read from what you chose: ${reason}`);
    }
    this.#iseStore = { ...store, files: paths };
    return this.state();
  }

  /** The Intune service URL discovery returned (connection test): its host joins the host list. */
  addDiscoveredEndpoint(uri: string): void {
    try {
      const url = new URL(uri);
      if (url.protocol === 'https:' && url.hostname) this.#discovered.add(url.port && url.port !== '443' ? `${url.hostname}:${url.port}` : url.hostname);
    } catch {
      // Not a URL: nothing to fetch a chain from.
    }
  }

  /** ISE's trusted certificates as exported and loaded here, or null when none are loaded. */
  iseStoreCertificates(): CertificateInfo[] | null {
    return this.#iseStore ? [...this.#iseStore.certificates] : null;
  }

  clearIseStore(): ChainsState {
    this.#iseStore = null;
    return this.state();
  }

  state(): ChainsState {
    const results = [...this.#results.values()].map((result) => this.#annotate(result));
    const fetched = results.filter((result) => result.fetched);
    const needs = collectIseNeeds(fetched.map((result) => ({ target: result.target, chain: result.chain, ...(result.inspection ? { inspection: result.inspection } : {}) })));
    const store = this.#iseStore;
    const missing = store ? new Set(fetched.flatMap((result) => (result.missingInIse ?? []).map((c) => c.thumbprints.sha256))) : null;
    return {
      presets: [...PRESET_HOSTS],
      discovered: [...this.#discovered],
      results,
      needs,
      missingInIse: missing ? [...missing] : null,
      iseStore: store ? { files: store.files, count: store.certificates.length, problems: store.problems } : null,
    };
  }

  async exportForIse(refs: string[], folder: string, bundle: boolean): Promise<IseExportResult> {
    const { certificates: needed, notes } = this.state().needs;
    const chosen = refs.map((ref) => {
      const found = needed.find((item) => item.certificate.thumbprints.sha256 === ref);
      if (!found) throw new ServiceError('CERTIFICATE_NOT_LOADED', 'A chosen CA certificate is not part of the fetched chains any more. Fetch again.');
      return found;
    });
    return exportForIse(chosen, folder, { bundle, now: this.now(), notes });
  }

  async addCatalogFiles(dataFolder: string, paths: string[]) {
    return addUserCaFiles(dataFolder, paths, this.now());
  }

  /** Only what the user added can go; the next fetch completes chains without it. */
  async removeCatalogCa(dataFolder: string, id: string) {
    if (!(await removeUserCa(dataFolder, id))) {
      const bundled = (await this.catalog(dataFolder)).some((entry) => entry.id === id && entry.origin === 'bundled');
      throw bundled
        ? new ServiceError('CATALOG_BUNDLED', 'The bundled Microsoft CAs cannot be removed; only the CA files you added can.')
        : new ServiceError('CATALOG_ENTRY_NOT_FOUND', 'That CA certificate is no longer in the catalog (it may have been removed in another window).');
    }
    return this.catalog(dataFolder);
  }

  catalog(dataFolder: string) {
    return loadCatalog(dataFolder || null, this.now());
  }

  #annotate(result: ChainFetchResult): ChainFetchResult {
    if (!this.#iseStore || !result.fetched) return result;
    const gap = findTrustStoreGap(result.chain, this.#iseStore.certificates);
    return { ...result, missingInIse: gap.missing, presentInIse: gap.present };
  }
}
