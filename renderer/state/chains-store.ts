import { create } from 'zustand';
import type { ApiError, CatalogAddResult, CatalogEntry, CertificateInfo, CertificateRef, ChainFetchPhase, ChainsState, IseExportResult, SettingsPatch } from '../../preload/contract';
import { hostTarget } from '../../preload/rules';
import { api, events, newTaskId } from '../api';

/** A host being fetched: the task that carries it and the last stage main reported. */
export interface HostRun {
  taskId: string;
  stage: ChainFetchPhase;
  elapsedMs: number;
  /** Date.now() when the renderer started it, to tick the elapsed time between stages. */
  startedAt: number;
}

const DEFAULT_TIMEOUT_SECONDS = 10;

interface ChainsStoreState {
  /** The host list as `host:port`; null until the presets arrived. */
  hosts: string[] | null;
  timeoutSeconds: number;
  aia: boolean;
  state: ChainsState | null;
  runs: Record<string, HostRun>;
  /** A call about one host that failed outright (an invalid name, ...), shown next to it. */
  hostErrors: Record<string, ApiError>;
  /** The certificate shown in the details panel. */
  detail: CertificateInfo | null;
  /** The admin's ticks in "What ISE needs"; unticked refs fall back to the default choice. */
  overrides: Record<CertificateRef, boolean>;
  bundle: boolean;
  exported: IseExportResult | null;
  exportError: ApiError | null;
  iseStoreError: ApiError | null;
  error: ApiError | null;
  catalog: CatalogEntry[] | null;
  catalogAdded: CatalogAddResult | null;
  catalogError: ApiError | null;
  load: () => Promise<void>;
  /** Follows main's progress events; returns the unsubscribe function. */
  listen: () => () => void;
  /** Adds `host[:port]`; resolves to the reason when it cannot ('invalid' or 'duplicate'). */
  addHost: (text: string) => 'invalid' | 'duplicate' | null;
  removeHost: (target: string) => Promise<void>;
  setTimeoutSeconds: (seconds: number) => void;
  setAia: (aia: boolean) => void;
  fetchHost: (target: string) => Promise<void>;
  fetchAll: () => Promise<void>;
  cancel: (target: string) => Promise<void>;
  showDetail: (info: CertificateInfo | null) => void;
  toggleNeeded: (ref: CertificateRef) => void;
  setBundle: (bundle: boolean) => void;
  exportForIse: () => Promise<void>;
  loadIseStore: () => Promise<void>;
  clearIseStore: () => Promise<void>;
  loadCatalog: () => Promise<void>;
  addCatalogFiles: () => Promise<void>;
  removeCatalogCa: (id: CertificateRef) => Promise<void>;
}

/**
 * `host`, `host:port` or a pasted `https://host[:port]/path`, as main normalises it
 * (`host:443` by default; preload/rules.ts, the same rule); null when it is no host name.
 */
export function normaliseTarget(text: string): string | null {
  return hostTarget(text)?.target ?? null;
}

/** The ISE needs the admin has ticked: by default all, or only the missing ones once ISE's store is loaded. */
export function isNeededChecked(state: ChainsState, overrides: Record<CertificateRef, boolean>, ref: CertificateRef): boolean {
  return overrides[ref] ?? (state.missingInIse ? state.missingInIse.includes(ref) : true);
}

export function checkedNeeds(state: ChainsState | null, overrides: Record<CertificateRef, boolean>): CertificateRef[] {
  if (!state) return [];
  return state.needs.certificates.map((entry) => entry.certificate.thumbprints.sha256).filter((ref) => isNeededChecked(state, overrides, ref));
}

export const useChainsStore = create<ChainsStoreState>((set, get) => {
  /*
   * The host list, timeout and AIA switch are kept in the settings, one save after the other
   * (two saves in flight could each start from the file as it was and undo the other).
   */
  let saving: Promise<unknown> = Promise.resolve();
  const persist = (patch: SettingsPatch) => {
    saving = saving.then(() => api().updateSettings(patch)).catch(() => undefined);
  };

  const refresh = async () => {
    const first = !get().hosts;
    const [result, settings] = await Promise.all([api().getChainsState(), first ? api().getSettings() : null]);
    if (!result.ok) return set({ error: result.error });
    let hosts = get().hosts;
    if (!hosts) {
      // First load: the list as the admin left it (or the presets), then hosts main still has
      // results for (e.g. after a reload).
      const saved = settings?.ok ? settings.value : null;
      const listed = saved?.chainHosts ?? result.value.presets.map((preset) => normaliseTarget(preset) ?? preset);
      hosts = [...new Set([...listed, ...result.value.results.map((entry) => entry.target)])];
      if (saved) set({ timeoutSeconds: saved.chainTimeoutSeconds, aia: saved.chainAia });
    }
    // The Intune host the connection test discovered joins the list (and is kept with it).
    const listedNow = hosts;
    const discovered = result.value.discovered.map((host) => normaliseTarget(host) ?? host).filter((host) => !listedNow.includes(host));
    if (discovered.length > 0) {
      hosts = [...hosts, ...discovered];
      persist({ chainHosts: hosts });
    }
    set({ state: result.value, hosts, error: null });
  };

  const setHosts = (hosts: string[]) => {
    set({ hosts });
    persist({ chainHosts: hosts });
  };

  const setRun = (target: string, run: HostRun | null) => {
    const runs = { ...get().runs };
    if (run) runs[target] = run;
    else delete runs[target];
    set({ runs });
  };

  const setHostError = (target: string, error: ApiError | null) => {
    const hostErrors = { ...get().hostErrors };
    if (error) hostErrors[target] = error;
    else delete hostErrors[target];
    set({ hostErrors });
  };

  const adoptStore = (state: ChainsState) => set({ state, overrides: {}, exported: null, exportError: null, iseStoreError: null });

  return {
    hosts: null,
    timeoutSeconds: DEFAULT_TIMEOUT_SECONDS,
    aia: true,
    state: null,
    runs: {},
    hostErrors: {},
    detail: null,
    overrides: {},
    bundle: false,
    exported: null,
    exportError: null,
    iseStoreError: null,
    error: null,
    catalog: null,
    catalogAdded: null,
    catalogError: null,

    load: async () => {
      await refresh();
    },

    listen: () =>
      events().on('taskProgress', ({ taskId, event }) => {
        const entry = Object.entries(get().runs).find(([, run]) => run.taskId === taskId);
        if (!entry) return;
        const [target, run] = entry;
        const detail = event.detail as { elapsedMs?: number } | undefined;
        setRun(target, { ...run, stage: event.stage as ChainFetchPhase, elapsedMs: detail?.elapsedMs ?? run.elapsedMs });
      }),

    addHost: (text) => {
      const target = normaliseTarget(text);
      if (!target) return 'invalid';
      const hosts = get().hosts ?? [];
      if (hosts.includes(target)) return 'duplicate';
      setHosts([...hosts, target]);
      return null;
    },

    removeHost: async (target) => {
      await get().cancel(target);
      setHosts((get().hosts ?? []).filter((host) => host !== target));
      setHostError(target, null);
      if (get().state?.results.some((result) => result.target === target)) {
        const result = await api().removeChainResult({ target });
        if (result.ok) set({ state: result.value });
      }
    },

    setTimeoutSeconds: (seconds) => {
      const timeoutSeconds = Math.min(120, Math.max(1, Math.round(seconds)));
      if (timeoutSeconds === get().timeoutSeconds) return;
      set({ timeoutSeconds });
      persist({ chainTimeoutSeconds: timeoutSeconds });
    },
    setAia: (aia) => {
      set({ aia });
      persist({ chainAia: aia });
    },

    fetchHost: async (target) => {
      if (get().runs[target]) return;
      const taskId = newTaskId('chain');
      setRun(target, { taskId, stage: 'queued', elapsedMs: 0, startedAt: Date.now() });
      setHostError(target, null);
      const result = await api().fetchChain({ taskId, target, timeoutMs: get().timeoutSeconds * 1000, aia: get().aia });
      setRun(target, null);
      if (!result.ok) return setHostError(target, result.error);
      if (!(get().hosts ?? []).includes(target)) {
        // Removed while it ran: forget what came back.
        await api().removeChainResult({ target: result.value.target });
      } else if (result.value.target !== target) {
        // Main spelled it differently (e.g. an international name): follow main's spelling.
        setHosts((get().hosts ?? []).map((host) => (host === target ? result.value.target : host)));
      }
      await refresh();
    },

    fetchAll: async () => {
      await Promise.all((get().hosts ?? []).map((target) => get().fetchHost(target)));
    },

    cancel: async (target) => {
      const run = get().runs[target];
      if (run) await api().cancelTask({ taskId: run.taskId });
    },

    showDetail: (info) => set({ detail: info }),

    toggleNeeded: (ref) => {
      const state = get().state;
      if (!state) return;
      set({ overrides: { ...get().overrides, [ref]: !isNeededChecked(state, get().overrides, ref) } });
    },

    setBundle: (bundle) => set({ bundle }),

    exportForIse: async () => {
      const certificates = checkedNeeds(get().state, get().overrides);
      set({ exportError: null });
      const result = await api().exportForIse({ certificates, bundle: get().bundle });
      if (!result.ok) return set({ exportError: result.error, exported: null });
      if (result.value) set({ exported: result.value });
    },

    loadIseStore: async () => {
      set({ iseStoreError: null });
      const result = await api().loadIseTrustStore();
      if (!result.ok) return set({ iseStoreError: result.error });
      if (result.value) adoptStore(result.value);
    },

    clearIseStore: async () => {
      const result = await api().clearIseTrustStore();
      if (!result.ok) return set({ iseStoreError: result.error });
      adoptStore(result.value);
    },

    loadCatalog: async () => {
      const result = await api().getCatalog();
      if (!result.ok) return set({ catalogError: result.error });
      set({ catalog: result.value, catalogError: null });
    },

    addCatalogFiles: async () => {
      set({ catalogError: null });
      const result = await api().addCatalogFiles();
      if (!result.ok) return set({ catalogError: result.error });
      if (!result.value) return;
      set({ catalogAdded: result.value });
      await get().loadCatalog();
    },

    removeCatalogCa: async (id) => {
      set({ catalogError: null, catalogAdded: null });
      const result = await api().removeCatalogCa({ id });
      if (!result.ok) return set({ catalogError: result.error });
      set({ catalog: result.value });
    },
  };
});
