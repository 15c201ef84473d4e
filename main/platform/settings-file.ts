import { join } from 'node:path';
import { SETTINGS_SCHEMA } from '../services/settings/schema';
import type { StoredSettings } from '../services/settings/schema';
import type { Logger } from './types';
import { JsonDocumentStore } from './versioned-file';

/** Settings as a JSON file in a given folder: the CLI's and the tests' store. */
export class JsonFileSettingsStore extends JsonDocumentStore<StoredSettings> {
  constructor(folder: string, log: Logger) {
    super(join(folder, 'settings.json'), SETTINGS_SCHEMA, log);
  }
}

/** Secrets for processes without an OS keychain (CLI, tests): held in memory, never on disk. */
export class MemorySecretStore {
  private readonly values = new Map<string, string>();

  async get(name: string): Promise<string | null> {
    return this.values.get(name) ?? null;
  }

  async set(name: string, value: string): Promise<void> {
    this.values.set(name, value);
  }

  async delete(name: string): Promise<void> {
    this.values.delete(name);
  }

  async has(name: string): Promise<boolean> {
    return this.values.has(name);
  }
}
