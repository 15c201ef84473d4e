import { create } from 'zustand';
import type { ApiError, CertificateInfo, CertificateRef, IseConnectionInfo, IseImportReport, IseState } from '../../preload/contract';
import { api } from '../api';

/** What is running now, to disable the buttons and show a spinner next to the right one. */
export type IseBusy = 'inspect' | 'trust' | 'connect' | 'refresh' | 'import' | 'disconnect' | null;

/** Which step an error belongs to, so it shows next to that step. */
export type IseErrorStep = 'certificate' | 'login' | 'store' | 'import';

export const ISE_DEFAULT_PORT = 443;

interface IseStoreState {
  host: string;
  /** As typed; checked by `portNumber`. */
  port: string;
  /** ISE's certificate as last inspected for `host:port`; cleared when either changes. */
  info: IseConnectionInfo | null;
  state: IseState | null;
  report: IseImportReport | null;
  busy: IseBusy;
  error: { step: IseErrorStep; error: ApiError } | null;
  setHost: (host: string) => void;
  setPort: (port: string) => void;
  /** Main's session as it is (after a reload, or when the fetched chains changed). */
  load: () => Promise<void>;
  inspect: () => Promise<void>;
  trust: () => Promise<void>;
  /** The password goes straight to main; the store never keeps it. Resolves true when connected. */
  connect: (username: string, password: string, remember: boolean) => Promise<boolean>;
  refresh: () => Promise<void>;
  importCas: (refs: CertificateRef[]) => Promise<void>;
  disconnect: () => Promise<void>;
}

/** The port as a number, or null when it is not 1–65535. */
export function portNumber(text: string): number | null {
  const trimmed = text.trim();
  if (trimmed === '') return ISE_DEFAULT_PORT;
  if (!/^\d{1,5}$/.test(trimmed)) return null;
  const port = Number(trimmed);
  return port >= 1 && port <= 65535 ? port : null;
}

/** The CAs some fetched chain lacks in ISE, once each, in the order the chains list them. */
export function missingCas(state: IseState | null): CertificateInfo[] {
  const seen = new Map<string, CertificateInfo>();
  for (const gap of state?.gaps ?? []) {
    for (const certificate of gap.missing) {
      if (!seen.has(certificate.thumbprints.sha256)) seen.set(certificate.thumbprints.sha256, certificate);
    }
  }
  return [...seen.values()];
}

export const useIseStore = create<IseStoreState>((set, get) => {
  /** Runs one call with `busy` set; an error lands on `step`. Returns the value or null. */
  const call = async <T>(busy: Exclude<IseBusy, null>, step: IseErrorStep, run: () => Promise<{ ok: true; value: T } | { ok: false; error: ApiError }>): Promise<T | null> => {
    set({ busy, error: null });
    try {
      const result = await run();
      if (!result.ok) {
        set({ error: { step, error: result.error } });
        return null;
      }
      return result.value;
    } finally {
      set({ busy: null });
    }
  };

  const target = (): { host: string; port: number } | null => {
    const host = get().host.trim();
    const port = portNumber(get().port);
    return host && port !== null ? { host, port } : null;
  };

  return {
    host: '',
    port: String(ISE_DEFAULT_PORT),
    info: null,
    state: null,
    report: null,
    busy: null,
    error: null,

    setHost: (host) => set({ host, info: null, error: null }),
    setPort: (port) => set({ port, info: null, error: null }),

    load: async () => {
      const result = await api().getIseState();
      if (!result.ok) return;
      const connected = result.value.connected;
      set({ state: result.value, ...(connected && get().host.trim() === '' ? { host: connected.host, port: String(connected.port) } : {}) });
    },

    inspect: async () => {
      const where = target();
      if (!where) return;
      set({ info: null, report: null });
      const info = await call('inspect', 'certificate', () => api().inspectIse(where));
      if (info) set({ info });
    },

    trust: async () => {
      const info = get().info;
      if (!info) return;
      const trusted = await call('trust', 'certificate', () => api().trustIseCertificate({ host: info.host, port: info.port, sha256: info.certificate.thumbprints.sha256 }));
      if (trusted) set({ info: trusted });
      else if (get().error?.error.code === 'ISE_CERT_CHANGED') {
        // ISE presents yet another certificate: show that one, so the admin looks again.
        const again = await api().inspectIse({ host: info.host, port: info.port });
        if (again.ok) set({ info: again.value });
      }
    },

    connect: async (username, password, remember) => {
      const info = get().info;
      if (!info) return false;
      set({ report: null });
      const state = await call('connect', 'login', () => api().connectIse({ host: info.host, port: info.port, username, password, remember }));
      if (state) {
        set({ state });
        return true;
      }
      const code = get().error?.error.code;
      if (code === 'ISE_CERT_CHANGED' || code === 'ISE_NOT_PINNED') {
        // The certificate is not the pinned one (any more): show what ISE presents now.
        const again = await api().inspectIse({ host: info.host, port: info.port });
        if (again.ok) set({ info: again.value });
      }
      return false;
    },

    refresh: async () => {
      const state = await call('refresh', 'store', () => api().refreshIseTrustStore());
      if (state) set({ state });
    },

    importCas: async (refs) => {
      set({ report: null });
      const report = await call('import', 'import', () => api().importIseCas({ certificates: refs }));
      if (report) set({ report });
      await get().load();
    },

    disconnect: async () => {
      const state = await call('disconnect', 'store', () => api().disconnectIse());
      if (state) set({ state, report: null });
    },
  };
});
