import { create } from 'zustand';
import type { ApiError, CertificateRef, ChainReport, ExportFormat, ExportSummary, LoadedCertificate, OpenedFile } from '../../preload/contract';
import { api } from '../api';
import { receiveOpenedFiles } from './opened-files';

/** The certificate core's input limit; bigger files are refused before their bytes are sent. */
const MAX_FILE_BYTES = 20 * 1024 * 1024;

export interface FileEntry {
  /** Local id of the list row. */
  id: string;
  result: OpenedFile;
}

export interface ExportOutcome {
  summary: ExportSummary | null;
  error: ApiError | null;
}

interface CertificatesState {
  files: FileEntry[];
  selected: CertificateRef | null;
  checked: CertificateRef[];
  chains: ChainReport | null;
  busy: boolean;
  error: ApiError | null;
  lastExport: ExportOutcome | null;
  openFiles: () => Promise<void>;
  dropFiles: (files: File[]) => Promise<void>;
  /** Resolves to an error only when the retry itself failed (e.g. the file was forgotten). */
  unlock: (entryId: string, password: string) => Promise<ApiError | null>;
  remove: (entryId: string) => void;
  clear: () => void;
  select: (ref: CertificateRef) => void;
  toggleChecked: (ref: CertificateRef) => void;
  exportCertificates: (format: ExportFormat, bundle: boolean) => Promise<void>;
}

let nextId = 0;
const entry = (result: OpenedFile): FileEntry => ({ id: `file-${(nextId += 1)}`, result });

/** Every loaded certificate once (by SHA-256), in list order. */
export function loadedCertificates(files: FileEntry[]): LoadedCertificate[] {
  const seen = new Map<CertificateRef, LoadedCertificate>();
  for (const { result } of files) {
    if (!result.ok) continue;
    for (const certificate of result.certificates) {
      if (!seen.has(certificate.info.thumbprints.sha256)) seen.set(certificate.info.thumbprints.sha256, certificate);
    }
  }
  return [...seen.values()];
}

export function findCertificate(files: FileEntry[], ref: CertificateRef | null): LoadedCertificate | null {
  if (!ref) return null;
  return loadedCertificates(files).find((certificate) => certificate.info.thumbprints.sha256 === ref) ?? null;
}

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  const chunk = 0x8000;
  for (let i = 0; i < bytes.length; i += chunk) binary += String.fromCharCode(...bytes.subarray(i, i + chunk));
  return btoa(binary);
}

export const useCertificatesStore = create<CertificatesState>((set, get) => {
  const refreshChains = async () => {
    const refs = loadedCertificates(get().files).map((certificate) => certificate.info.thumbprints.sha256);
    if (refs.length < 2) return set({ chains: null });
    const result = await api().getChainReport({ certificates: refs });
    set({ chains: result.ok ? result.value : null });
  };

  const add = async (results: OpenedFile[]) => {
    const files = [...get().files, ...results.map(entry)];
    const selected = get().selected ?? loadedCertificates(files)[0]?.info.thumbprints.sha256 ?? null;
    set({ files, selected });
    await refreshChains();
  };

  // Files opened from Windows (double-click, Open with) or File > Open arrive through main's event.
  receiveOpenedFiles((results) => void add(results));

  return {
    files: [],
    selected: null,
    checked: [],
    chains: null,
    busy: false,
    error: null,
    lastExport: null,

    openFiles: async () => {
      set({ busy: true, error: null });
      const result = await api().openCertificateFiles();
      set({ busy: false });
      if (!result.ok) return set({ error: result.error });
      if (result.value) await add(result.value);
    },

    dropFiles: async (dropped) => {
      set({ busy: true, error: null });
      const results: OpenedFile[] = [];
      for (const file of dropped) {
        if (file.size > MAX_FILE_BYTES) {
          const megabytes = Math.round(file.size / 1048576);
          results.push({
            ok: false,
            file: file.name,
            sourceId: null,
            fileId: null,
            error: {
              code: 'FILE_TOO_LARGE',
              message: `${file.name} is ${megabytes} MB; certificate files are far smaller (limit 20 MB). Check that this is the right file.`,
            },
          });
          continue;
        }
        const base64 = toBase64(new Uint8Array(await file.arrayBuffer()));
        const result = await api().loadDroppedFile({ name: file.name, base64 });
        results.push(
          result.ok ? result.value : { ok: false, file: file.name, sourceId: null, fileId: null, error: result.error },
        );
      }
      set({ busy: false });
      await add(results);
    },

    unlock: async (entryId, password) => {
      const current = get().files.find((file) => file.id === entryId);
      if (!current || current.result.ok || !current.result.sourceId) return null;
      const result = await api().unlockFile({ sourceId: current.result.sourceId, password });
      if (!result.ok) return result.error;
      const files = get().files.map((file) => (file.id === entryId ? { ...file, result: result.value } : file));
      const selected = get().selected ?? loadedCertificates(files)[0]?.info.thumbprints.sha256 ?? null;
      set({ files, selected });
      await refreshChains();
      // A still-locked file shows its new error in the file's own message, once.
      return null;
    },

    remove: (entryId) => {
      const files = get().files.filter((file) => file.id !== entryId);
      const refs = new Set(loadedCertificates(files).map((certificate) => certificate.info.thumbprints.sha256));
      const selected = get().selected && refs.has(get().selected as string) ? get().selected : null;
      set({ files, selected, checked: get().checked.filter((ref) => refs.has(ref)) });
      void refreshChains();
    },

    clear: () => set({ files: [], selected: null, checked: [], chains: null, lastExport: null, error: null }),

    select: (ref) => set({ selected: ref }),

    toggleChecked: (ref) => {
      const checked = get().checked;
      set({ checked: checked.includes(ref) ? checked.filter((item) => item !== ref) : [...checked, ref] });
    },

    exportCertificates: async (format, bundle) => {
      const all = loadedCertificates(get().files).map((certificate) => certificate.info.thumbprints.sha256);
      const chosen = get().checked.length ? all.filter((ref) => get().checked.includes(ref)) : all;
      const result = await api().exportCertificates({ certificates: chosen, format, bundle });
      if (!result.ok) return set({ lastExport: { summary: null, error: result.error } });
      if (result.value) set({ lastExport: { summary: result.value, error: null } });
    },
  };
});
