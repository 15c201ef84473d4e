import { create } from 'zustand';
import type { Api, ApiError, ConnectionStepName, ConnectionTestProgress, ConnectionTestResult } from '../../preload/contract';
import { api, events, newTaskId } from '../api';

interface ConnectionState {
  running: string | null;
  /** Steps seen running or done during the current run, for live display. */
  live: Partial<Record<ConnectionStepName, ConnectionTestProgress>>;
  result: ConnectionTestResult | null;
  error: ApiError | null;
  /** testEntraConnection's arguments; the store adds the task ID. */
  run: (args: Omit<Parameters<Api['testEntraConnection']>[0], 'taskId'>) => Promise<void>;
  cancel: () => Promise<void>;
}

export const useConnectionStore = create<ConnectionState>((set, get) => ({
  running: null,
  live: {},
  result: null,
  error: null,
  run: async (args) => {
    const taskId = newTaskId('connection');
    set({ running: taskId, live: {}, result: null, error: null });
    const stop = events().on('taskProgress', ({ taskId: id, event }) => {
      if (id !== taskId) return;
      const progress = event.detail as ConnectionTestProgress | undefined;
      if (progress?.step) set({ live: { ...get().live, [progress.step]: progress } });
    });
    try {
      const result = await api().testEntraConnection({ taskId, ...args });
      if (result.ok) set({ result: result.value });
      else set({ error: result.error });
    } finally {
      stop();
      set({ running: null });
    }
  },
  cancel: async () => {
    const taskId = get().running;
    if (taskId) await api().cancelTask({ taskId });
  },
}));
