import { create } from 'zustand';
import type { ApiError, EntraState, IseNodeAssignment, OpenedFile, SavedManifest } from '../../preload/contract';
import { api } from '../api';
import { certificateLabel } from '../../preload/labels';

/** A chosen node file that could not be loaded yet (wrong file, or a .pfx waiting for its password). */
export interface PendingNodeFile {
  result: OpenedFile;
}

/** A private key loaded with a node certificate (.pfx): what the connection test signs with. */
export interface SigningKey {
  keyId: string;
  /** The certificate's CN, to choose by. */
  label: string;
  fileId: string;
}

interface EntraStoreState {
  state: EntraState | null;
  assignments: IseNodeAssignment[];
  pending: PendingNodeFile[];
  keys: SigningKey[];
  /** Reading the state failed (shown at the top of the screen). */
  error: ApiError | null;
  /** The last node action failed: shown in the node section, gone on the next success there. */
  nodesError: ApiError | null;
  /** The last manifest action (open, close, save) failed: shown beside its buttons, gone on the next success. */
  manifestError: { action: 'open' | 'close' | 'save' | 'saveAs'; error: ApiError } | null;
  saved: SavedManifest | null;
  /** The state main restored a deployment into (its node certificates, its manifest). */
  restored: (state: EntraState) => void;
  load: () => Promise<void>;
  addNodeFiles: () => Promise<void>;
  unlockPending: (sourceId: string, password: string) => Promise<void>;
  dismissPending: (index: number) => void;
  updateNode: (index: number, patch: Partial<Pick<IseNodeAssignment, 'name' | 'role'>>) => Promise<void>;
  removeNode: (index: number) => Promise<void>;
  openManifest: () => Promise<void>;
  closeManifest: () => Promise<void>;
  save: () => Promise<void>;
  /** The merged manifest to a file the admin chooses; the one downloaded from Entra stays as it was. */
  saveAs: () => Promise<void>;
}

/** A node name from the certificate: the host part of its CN (ISE certificates name the node). */
function nodeName(result: OpenedFile): string {
  if (!result.ok) return '';
  const cn = result.certificates.find((c) => c.hasPrivateKey)?.info.subjectCN ?? result.certificates.find((c) => !c.info.isCA)?.info.subjectCN ?? result.certificates[0]?.info.subjectCN ?? '';
  return cn.split('.')[0] ?? cn;
}

export const useEntraStore = create<EntraStoreState>((set, get) => {
  const apply = async (assignments: IseNodeAssignment[]) => {
    const result = await api().setIseNodes({ nodes: assignments });
    if (!result.ok) return set({ nodesError: result.error });
    set({ state: result.value, assignments, error: null, nodesError: null, saved: null });
  };

  const adopt = async (results: OpenedFile[]) => {
    const assignments = [...get().assignments];
    const pending = [...get().pending];
    const keys = [...get().keys];
    for (const result of results) {
      if (result.ok && result.fileId) {
        for (const certificate of result.certificates) {
          if (certificate.keyId) keys.push({ keyId: certificate.keyId, label: certificateLabel(certificate.info), fileId: result.fileId });
        }
        const used = new Set(assignments.map((a) => a.name));
        let name = nodeName(result) || `ise-${assignments.length + 1}`;
        for (let n = 2; used.has(name); n += 1) name = `${nodeName(result)}-${n}`;
        // The admin chooses each node's role; the order the files came in says nothing about it.
        assignments.push({ fileId: result.fileId, name, role: 'unassigned' });
      } else {
        pending.push({ result });
      }
    }
    set({ pending, keys });
    await apply(assignments);
  };

  return {
    state: null,
    restored: (state) =>
      set({
        state,
        assignments: state.nodes.flatMap((node, index) => {
          const fileId = state.fileIds[index];
          return fileId ? [{ fileId, name: node.name, role: node.role }] : [];
        }),
        pending: [],
        saved: null,
        error: null,
        nodesError: null,
        manifestError: null,
      }),
    assignments: [],
    pending: [],
    keys: [],
    error: null,
    nodesError: null,
    manifestError: null,
    saved: null,
    load: async () => {
      const result = await api().getEntraState();
      if (result.ok) set({ state: result.value, error: null });
      else set({ error: result.error });
    },
    addNodeFiles: async () => {
      const result = await api().openCertificateFiles();
      if (!result.ok) return set({ nodesError: result.error });
      if (result.value) await adopt(result.value);
    },
    unlockPending: async (sourceId, password) => {
      const result = await api().unlockFile({ sourceId, password });
      const pending = get().pending.filter((p) => p.result.sourceId !== sourceId);
      if (!result.ok) return set({ nodesError: result.error });
      set({ pending, nodesError: null });
      await adopt([result.value]);
    },
    dismissPending: (index) => set({ pending: get().pending.filter((_p, i) => i !== index) }),
    updateNode: async (index, patch) => {
      await apply(get().assignments.map((a, i) => (i === index ? { ...a, ...patch } : a)));
    },
    removeNode: async (index) => {
      const removed = get().assignments[index];
      set({ keys: get().keys.filter((key) => key.fileId !== removed?.fileId) });
      await apply(get().assignments.filter((_a, i) => i !== index));
    },
    openManifest: async () => {
      const result = await api().openManifest();
      if (!result.ok) return set({ manifestError: { action: 'open', error: result.error }, saved: null });
      if (result.value) set({ state: result.value, manifestError: null, saved: null });
    },
    closeManifest: async () => {
      const result = await api().closeManifest();
      if (result.ok) set({ state: result.value, saved: null, manifestError: null });
      else set({ manifestError: { action: 'close', error: result.error } });
    },
    save: async () => {
      const result = await api().saveManifest();
      if (!result.ok) return set({ manifestError: { action: 'save', error: result.error }, saved: null });
      set({ saved: result.value, manifestError: null });
      await get().load();
    },
    saveAs: async () => {
      const result = await api().saveManifestAs();
      if (!result.ok) return set({ manifestError: { action: 'saveAs', error: result.error }, saved: null });
      if (!result.value) return;
      set({ saved: result.value, manifestError: null });
      await get().load();
    },
  };
});
