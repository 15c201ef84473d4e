import Store, { type Options } from 'electron-store';
import { join } from 'node:path';
import type { DocumentStore, Logger } from './types';
import { loadVersionedFile, type VersionedSchema } from './versioned-file';

/**
 * electron-store in the app, holding the same versioned documents as the JSON file store. The
 * file is checked (and a corrupt one set aside with a backup) before electron-store opens it,
 * because electron-store would otherwise either throw or silently clear it.
 */
export async function createElectronDocumentStore<T extends Record<string, unknown>>(
  folder: string,
  name: string,
  schema: VersionedSchema<T>,
  log: Logger,
): Promise<DocumentStore<T>> {
  const initial = await loadVersionedFile(join(folder, `${name}.json`), schema, log);
  // A whole document is valid defaults; electron-store 12 types defaults as a partial with dotted keys.
  const store = new Store<T>({ cwd: folder, name, defaults: initial as Options<T>['defaults'] });
  return {
    read: async () => {
      const outcome = schema.migrate(store.store);
      return outcome.ok ? outcome.value : schema.defaults();
    },
    write: async (next) => {
      store.store = next;
    },
  };
}
