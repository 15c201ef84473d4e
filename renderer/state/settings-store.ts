import { create } from 'zustand';
import type { AboutInfo, ApiError, Settings, SettingsPatch } from '../../preload/contract';
import { api } from '../api';

interface SettingsState {
  settings: Settings | null;
  about: AboutInfo | null;
  loadError: ApiError | null;
  load: () => Promise<void>;
  /** Saves a patch; resolves to the error (for the field that caused it) or null on success. */
  save: (patch: SettingsPatch) => Promise<ApiError | null>;
  loadAbout: () => Promise<void>;
}

export const useSettingsStore = create<SettingsState>((set) => ({
  settings: null,
  about: null,
  loadError: null,
  load: async () => {
    const result = await api().getSettings();
    if (result.ok) set({ settings: result.value, loadError: null });
    else set({ loadError: result.error });
  },
  save: async (patch) => {
    const result = await api().updateSettings(patch);
    if (!result.ok) return result.error;
    set({ settings: result.value });
    return null;
  },
  loadAbout: async () => {
    const result = await api().getAbout();
    if (result.ok) set({ about: result.value });
  },
}));
