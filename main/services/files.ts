/**
 * Writing files the user relies on: never a half-written file (write a temporary file in the
 * same folder, flush it, rename it over the target) and never a silently lost one (an
 * existing file is first copied to `name.bak`, or `name.bak.2`, `.3` ... when that exists).
 */
import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { copyFile, open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { ServiceError } from './errors';

export interface WriteOptions {
  /** Keep the previous content of an existing file as a backup copy. */
  backup: boolean;
  /** File mode for a new file (e.g. 0o600 for a private key). */
  mode?: number;
  /** Tests only: the rename and the wait between its retries (to emulate Windows refusing a rename). */
  io?: { rename?: (from: string, to: string) => Promise<void>; sleep?: (ms: number) => Promise<void> };
}

/**
 * Windows refuses a rename for a moment while antivirus scans the new file, Explorer shows its
 * preview or OneDrive syncs the folder (EPERM, EBUSY, EACCES): the rename is tried again after
 * these waits (about 3 s in all), as graceful-fs does.
 */
export const RENAME_RETRY_DELAYS_MS = [50, 100, 200, 400, 800, 1600];
const TRANSIENT_RENAME = new Set(['EPERM', 'EBUSY', 'EACCES']);
const wait = (ms: number): Promise<void> => new Promise((resolvePromise) => setTimeout(resolvePromise, ms));

async function renameRetrying(from: string, to: string, options: WriteOptions): Promise<void> {
  const renameFile = options.io?.rename ?? rename;
  const sleep = options.io?.sleep ?? wait;
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await renameFile(from, to);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? '';
      if (!TRANSIENT_RENAME.has(code)) throw error;
      const delay = RENAME_RETRY_DELAYS_MS[attempt];
      if (delay === undefined) {
        throw new ServiceError(
          'WRITE_BLOCKED',
          `Windows kept refusing to save ${to} (${code}, ${attempt + 1} tries over about 3 seconds). Something is holding or protecting it: ` +
            'antivirus scanning it, Controlled Folder Access (Windows Security > Ransomware protection) blocking this app in that folder, ' +
            'OneDrive syncing it, or the file open in another program. Close that program, allow the app in Controlled Folder Access, or save to another folder.',
        );
      }
      await sleep(delay);
    }
  }
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
    await renameRetrying(temporary, path, options);
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
