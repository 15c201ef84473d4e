import { create } from 'zustand';
import type { ApiError, DiagnosisProgress, DiagnosisResult, EntraState, Evidence, Finding, FixScreen } from '../../preload/contract';
import { api, events, newTaskId } from '../api';
import type { Screen } from './navigation-store';

/** Dropped files are read in the page; anything bigger goes through "Open logs…", which streams. */
export const MAX_DROPPED_TEXT_BYTES = 20 * 1024 * 1024;

/** What the screen is doing: reading logs shows progress, cancelled says so calmly. */
export type TroubleshootStatus = 'idle' | 'diagnosing' | 'reading' | 'done' | 'cancelled';

/** Why a dropped file was not diagnosed in place (the screen says what to do instead). */
export interface DropNotice {
  reason: 'archive' | 'tooLarge' | 'several' | 'unreadable';
  name: string;
  megabytes: number;
}

/** What the diagnosis compares thumbprints with: the App manifest screen's nodes and manifest. */
export interface DiagnosisInputs {
  nodes: string[];
  manifestFile: string | null;
}

interface TroubleshootState {
  text: string;
  status: TroubleshootStatus;
  result: DiagnosisResult | null;
  /** The running "Open logs…" read: its progress events and cancelTask carry it. */
  taskId: string | null;
  progress: DiagnosisProgress | null;
  /** The last failed paste, drop or "Open logs…" (shown by those buttons; cleared by the next try). */
  error: ApiError | null;
  /** A finding's lookup link that could not be opened (shown by that link; cleared by the next success). */
  lookupError: { url: string; error: ApiError } | null;
  dropNotice: DropNotice | null;
  inputs: DiagnosisInputs | null;
  setText: (text: string) => void;
  /** Follows main's progress events for the running read; returns the unsubscribe function. */
  listen: () => () => void;
  loadInputs: () => Promise<void>;
  diagnosePasted: () => Promise<void>;
  openLogs: () => Promise<void>;
  cancel: () => Promise<void>;
  dropFiles: (files: File[]) => Promise<void>;
  openLookup: (url: string) => Promise<void>;
}

/** The app screen each remedy points to (`setup-*` are steps of the Setup wizard). */
export const FIX_TARGETS: Readonly<Record<FixScreen, Screen>> = {
  chains: 'chains',
  manifest: 'manifest',
  certificates: 'certificates',
  'setup-permissions': 'setup',
  'setup-mdm': 'setup',
  settings: 'settings',
};

const ARCHIVE_NAME = /\.(?:gz|tgz|zip|tar|7z|rar|bz2|xz|gpg|pgp)$/i;

/** gzip, zip and PGP start with magic bytes; text logs never do. */
function isArchiveHead(head: Uint8Array): boolean {
  const [a, b] = head;
  if (a === 0x1f && b === 0x8b) return true;
  if (a === 0x50 && b === 0x4b) return true;
  return a === 0x85 || a === 0x8c || a === 0xa3;
}

/** Whether the dropped file can be read as text here, or why not. */
async function dropRefusal(file: File): Promise<DropNotice | null> {
  const megabytes = Math.ceil(file.size / 1048576);
  if (ARCHIVE_NAME.test(file.name)) return { reason: 'archive', name: file.name, megabytes };
  if (file.size > MAX_DROPPED_TEXT_BYTES) return { reason: 'tooLarge', name: file.name, megabytes };
  const head = new Uint8Array(await file.slice(0, 4).arrayBuffer());
  return isArchiveHead(head) ? { reason: 'archive', name: file.name, megabytes } : null;
}

function inputsOf(state: EntraState): DiagnosisInputs {
  return { nodes: state.nodes.map((node) => node.name), manifestFile: state.manifest?.file ?? null };
}

/** Byte counts as the progress line shows them. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1048576) return `${(bytes / 1024).toFixed(0)} KB`;
  if (bytes < 1073741824) return `${(bytes / 1048576).toFixed(1)} MB`;
  return `${(bytes / 1073741824).toFixed(2)} GB`;
}

/** Characters of an evidence line the page shows (main keeps up to 64 KB of a line). */
export const SHOWN_LINE_CHARS = 2000;

/** An evidence line as shown: cut at SHOWN_LINE_CHARS, and whether it was cut here or by main. */
export function shownLine(evidence: Evidence): { text: string; cut: boolean } {
  if (evidence.text.length <= SHOWN_LINE_CHARS) return { text: evidence.text, cut: evidence.truncated };
  return { text: `${evidence.text.slice(0, SHOWN_LINE_CHARS)}…`, cut: true };
}

/** "3 times, from … to …": the summary's values, without wording (the screen translates). */
export function seenSpan(finding: Pick<Finding, 'firstSeen' | 'lastSeen'>): { first: string; last: string } | { at: string } | null {
  if (finding.firstSeen === null) return null;
  if (finding.lastSeen === null || finding.lastSeen === finding.firstSeen) return { at: finding.firstSeen };
  return { first: finding.firstSeen, last: finding.lastSeen };
}

export const useTroubleshootStore = create<TroubleshootState>((set, get) => {
  const finish = async (outcome: { ok: true; value: DiagnosisResult | null } | { ok: false; error: ApiError }, previous: TroubleshootStatus) => {
    if (!outcome.ok) {
      if (outcome.error.code === 'DIAGNOSIS_CANCELLED') set({ status: 'cancelled', result: null, taskId: null, progress: null });
      else set({ status: previous, error: outcome.error, taskId: null, progress: null });
      return;
    }
    // A null value: the Open dialog was cancelled; what was shown stays.
    if (outcome.value) set({ status: 'done', result: outcome.value, taskId: null, progress: null });
    else set({ status: previous, taskId: null, progress: null });
    await get().loadInputs();
  };

  const busy = () => get().taskId !== null || get().status === 'diagnosing';

  const diagnoseText = async (text: string, name?: string) => {
    const previous = get().status;
    set({ status: 'diagnosing', error: null, dropNotice: null });
    await finish(await api().diagnoseText(name === undefined ? { text } : { text, name }), previous);
  };

  return {
    text: '',
    status: 'idle',
    result: null,
    taskId: null,
    progress: null,
    error: null,
    lookupError: null,
    dropNotice: null,
    inputs: null,

    setText: (text) => set({ text }),

    listen: () =>
      events().on('taskProgress', ({ taskId, event }) => {
        if (taskId !== get().taskId || event.stage !== 'reading') return;
        set({ progress: event.detail as DiagnosisProgress });
      }),

    loadInputs: async () => {
      const result = await api().getEntraState();
      if (result.ok) set({ inputs: inputsOf(result.value) });
    },

    diagnosePasted: async () => {
      const text = get().text;
      if (text.trim() === '' || busy()) return;
      await diagnoseText(text);
    },

    openLogs: async () => {
      if (busy()) return;
      const previous = get().status === 'cancelled' ? 'idle' : get().status;
      const taskId = newTaskId('diagnose');
      set({ taskId, status: 'reading', progress: null, error: null, dropNotice: null });
      await finish(await api().diagnoseLogFiles({ taskId }), previous);
    },

    cancel: async () => {
      const taskId = get().taskId;
      if (taskId) await api().cancelTask({ taskId });
    },

    dropFiles: async (files) => {
      if (files.length === 0 || busy()) return;
      const [file] = files;
      if (!file) return;
      if (files.length > 1) return set({ dropNotice: { reason: 'several', name: file.name, megabytes: 0 } });
      const refusal = await dropRefusal(file);
      if (refusal) return set({ dropNotice: refusal });
      let text: string;
      try {
        text = await file.text();
      } catch {
        return set({ dropNotice: { reason: 'unreadable', name: file.name, megabytes: 0 } });
      }
      await diagnoseText(text, file.name);
    },

    openLookup: async (url) => {
      const result = await api().openExternal({ url });
      set({ lookupError: result.ok ? null : { url, error: result.error } });
    },
  };
});
