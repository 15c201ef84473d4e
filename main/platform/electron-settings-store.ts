import Store from 'electron-store';
import { join } from 'node:path';
import { DEFAULT_SETTINGS, migrateSettings, type StoredSettings } from '../services/settings/schema';
import { loadSettingsFile } from './settings-file';
import type { Logger, SettingsStore } from './types';

/**
 * electron-store in the app, holding the same schema as the JSON file store. The file is checked
 * (and a corrupt one set aside with a backup) before electron-store opens it, because
 * electron-store would otherwise either throw or silently clear it.
 */
export async function createElectronSettingsStore(folder: string, log: Logger): Promise<SettingsStore> {
  const initial = await loadSettingsFile(join(folder, 'settings.json'), log);
  const store = new Store<StoredSettings>({ cwd: folder, name: 'settings', defaults: initial });
  return {
    read: async () => {
      const outcome = migrateSettings(store.store);
      return outcome.ok ? outcome.settings : { ...DEFAULT_SETTINGS };
    },
    write: async (next) => {
      store.store = next;
    },
  };
}
