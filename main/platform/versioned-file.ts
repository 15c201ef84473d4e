import { constants } from 'node:fs';
import { copyFile, mkdir, readFile, rename } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { writeFileAtomic } from '../services/files';
import type { DocumentStore, Logger } from './types';

export type MigrationOutcome<T> = { ok: true; value: T; migratedFrom: number | null } | { ok: false; reason: string };

/** How one kind of stored document is defaulted, migrated and named in log lines. */
export interface VersionedSchema<T> {
  /** "Settings", "Deployments": starts the log lines. */
  label: string;
  defaults: () => T;
  /** Brings what was read to the current schema, or says why it cannot. */
  migrate: (raw: unknown) => MigrationOutcome<T>;
  version: (value: T) => number;
}

/**
 * Reads a versioned JSON document the way every store needs it: missing → defaults; unreadable
 * JSON or a schema it cannot migrate → the file is renamed aside (kept as a backup), a log line
 * says where, and the app goes on with defaults. Never throws for bad content.
 */
export async function loadVersionedFile<T>(path: string, schema: VersionedSchema<T>, log: Logger): Promise<T> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return schema.defaults();
    throw error;
  }
  let reason: string;
  try {
    const outcome = schema.migrate(JSON.parse(text.replace(/^\uFEFF/, '')));
    if (outcome.ok) {
      if (outcome.migratedFrom !== null) {
        log.info(`${schema.label} migrated from schema ${outcome.migratedFrom} to ${schema.version(outcome.value)}.`);
        await keepOldSchema(path, outcome.migratedFrom);
      }
      return outcome.value;
    }
    reason = outcome.reason;
  } catch (error) {
    reason = `it is not valid JSON (${(error as Error).message})`;
  }
  const backup = await setAside(path);
  log.warn(`${schema.label} file ${path} could not be read: ${reason}. It was kept as ${backup}; defaults are in use.`);
  return schema.defaults();
}

/**
 * The file as the older app wrote it, kept once beside it (`name.json.schema-1.bak`) before the
 * first write in the new schema: going back to that version of the app loses nothing.
 */
async function keepOldSchema(path: string, version: number): Promise<void> {
  try {
    await copyFile(path, `${path}.schema-${version}.bak`, constants.COPYFILE_EXCL);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
}

async function setAside(path: string): Promise<string> {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const backup = join(dirname(path), `${basename(path)}.corrupt-${stamp}.bak`);
  await rename(path, backup);
  return backup;
}

/** A versioned document as a JSON file: the CLI's and the tests' store. */
export class JsonDocumentStore<T> implements DocumentStore<T> {
  constructor(
    readonly path: string,
    private readonly schema: VersionedSchema<T>,
    private readonly log: Logger,
  ) {}

  read(): Promise<T> {
    return loadVersionedFile(this.path, this.schema, this.log);
  }

  async write(next: T): Promise<void> {
    await mkdir(dirname(this.path), { recursive: true });
    await writeFileAtomic(this.path, `${JSON.stringify(next, null, 2)}\n`, { backup: false });
  }
}
