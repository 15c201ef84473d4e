import { mkdir, readFile, rename } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { writeFileAtomic } from '../services/files';
import { DEFAULT_SETTINGS, migrateSettings, type StoredSettings } from '../services/settings/schema';
import type { Logger, SettingsStore } from './types';

/**
 * Reads a settings file the way both stores need it: missing → defaults; unreadable JSON or a
 * schema it cannot migrate → the file is renamed aside (kept as a backup), a log line says
 * where, and the app goes on with defaults. Never throws for bad content.
 */
export async function loadSettingsFile(path: string, log: Logger): Promise<StoredSettings> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { ...DEFAULT_SETTINGS };
    throw error;
  }
  let reason: string;
  try {
    const outcome = migrateSettings(JSON.parse(text.replace(/^\uFEFF/, '')));
    if (outcome.ok) {
      if (outcome.migratedFrom !== null) {
        log.info(`Settings migrated from schema ${outcome.migratedFrom} to ${outcome.settings.schemaVersion}.`);
      }
      return outcome.settings;
    }
    reason = outcome.reason;
  } catch (error) {
    reason = `it is not valid JSON (${(error as Error).message})`;
  }
  const backup = await setAside(path);
  log.warn(`Settings file ${path} could not be read: ${reason}. It was kept as ${backup}; default settings are in use.`);
  return { ...DEFAULT_SETTINGS };
}

async function setAside(path: string): Promise<string> {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const backup = join(dirname(path), `${basename(path)}.corrupt-${stamp}.bak`);
  await rename(path, backup);
  return backup;
}

/** Settings as a JSON file in a given folder: the CLI's and the tests' store. */
export class JsonFileSettingsStore implements SettingsStore {
  readonly path: string;

  constructor(
    folder: string,
    private readonly log: Logger,
  ) {
    this.path = join(folder, 'settings.json');
  }

  read(): Promise<StoredSettings> {
    return loadSettingsFile(this.path, this.log);
  }

  async write(next: StoredSettings): Promise<void> {
    await mkdir(dirname(this.path), { recursive: true });
    await writeFileAtomic(this.path, `${JSON.stringify(next, null, 2)}\n`, { backup: false });
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
