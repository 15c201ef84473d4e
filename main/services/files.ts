/**
 * Writing files the user relies on: never a half-written file (write a temporary file in the
 * same folder, flush it, rename it over the target) and never a silently lost one (an
 * existing file is first copied to `name.bak`, or `name.bak.2`, `.3` ... when that exists).
 */
import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { copyFile, open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

export interface WriteOptions {
  /** Keep the previous content of an existing file as a backup copy. */
  backup: boolean;
  /** File mode for a new file (e.g. 0o600 for a private key). */
  mode?: number;
}

export interface WriteResult {
  path: string;
  /** Where the previous content was kept, or null when there was no previous file. */
  backupPath: string | null;
}

export async function writeFileAtomic(path: string, data: Buffer | string, options: WriteOptions): Promise<WriteResult> {
  const temporary = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await open(temporary, 'wx', options.mode ?? 0o644);
  try {
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    const backupPath = options.backup ? await backupExisting(path) : null;
    await rename(temporary, path);
    return { path, backupPath };
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

/** Copies an existing file to the first free backup name; null when there is nothing to keep. */
async function backupExisting(path: string): Promise<string | null> {
  for (let n = 1; n < 1000; n++) {
    const candidate = n === 1 ? `${path}.bak` : `${path}.bak.${n}`;
    try {
      await copyFile(path, candidate, constants.COPYFILE_EXCL);
      return candidate;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') return null;
      if (code !== 'EEXIST') throw error;
    }
  }
  throw new Error(`too many backups of ${path}`);
}
