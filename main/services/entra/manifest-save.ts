/**
 * Saving an edited manifest: a timestamped copy of whatever the target holds first (the admin
 * may need the exact file Entra gave them), then an atomic write (temporary file + rename),
 * so a failure at any point leaves the original as it was.
 */
import { constants } from 'node:fs';
import { copyFile, readFile, rm } from 'node:fs/promises';
import type { SavedManifest } from '../../../preload/types/entra';
import { ServiceError } from '../errors';
import { writeFileAtomic } from '../files';

export interface SaveOptions {
  now: Date;
  /**
   * The text the manifest had when it was loaded: when the file changed on disk since (edited
   * in another window), nothing is written rather than losing that edit.
   */
  expectedText?: string;
}

/** `20261126-120000Z`: sortable, and valid in Windows file names (no colons). */
export function backupStamp(now: Date): string {
  return now.toISOString().replace(/\.\d{3}Z$/, 'Z').replace(/[-:]/g, '').replace('T', '-');
}

export async function saveManifest(path: string, text: string, options: SaveOptions): Promise<SavedManifest> {
  JSON.parse(text); // Only strict JSON is ever written; anything else is a bug upstream.
  const current = await readCurrent(path);
  if (current !== null && options.expectedText !== undefined && current.toString('utf8') !== options.expectedText) {
    throw new ServiceError('MANIFEST_CHANGED_ON_DISK', `${path} was changed by another program since it was loaded, so it was not overwritten. Load it again and redo the merge.`);
  }
  const backupPath = current === null ? null : await backup(path, options.now);
  try {
    await writeFileAtomic(path, text, { backup: false });
  } catch (error) {
    if (backupPath) await discard(backupPath);
    throw new ServiceError(
      'MANIFEST_WRITE_FAILED',
      `Could not write ${path} (${reason(error)}). ${current === null ? 'Nothing was written.' : 'The original file is unchanged.'} Choose a folder you can write to.`,
    );
  }
  return { path, backupPath };
}

async function readCurrent(path: string): Promise<Buffer | null> {
  try {
    return await readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // Nothing there (ENOTDIR: a parent is a file): the write itself will say why it fails.
    if (code === 'ENOENT' || code === 'ENOTDIR') return null;
    throw new ServiceError('MANIFEST_WRITE_FAILED', `Could not write ${path}: what is there cannot be read to back it up (${reason(error)}). Nothing was written.`);
  }
}

async function backup(path: string, now: Date): Promise<string> {
  const stem = `${path}.${backupStamp(now)}`;
  for (let n = 1; n < 100; n++) {
    const candidate = n === 1 ? `${stem}.bak` : `${stem}-${n}.bak`;
    try {
      await copyFile(path, candidate, constants.COPYFILE_EXCL);
      return candidate;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') continue;
      await discard(candidate);
      throw new ServiceError('MANIFEST_BACKUP_FAILED', `Could not keep a backup of ${path} (${reason(error)}), so it was not overwritten. The original file is unchanged.`);
    }
  }
  throw new ServiceError('MANIFEST_BACKUP_FAILED', `Could not keep a backup of ${path}: 99 backups from this second already exist. The original file is unchanged.`);
}

/** Removes a partial or no longer needed backup; a name the system refused has nothing to remove. */
async function discard(path: string): Promise<void> {
  await rm(path, { force: true }).catch(() => undefined);
}

function reason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  const texts: Record<string, string> = {
    EACCES: 'permission denied',
    EPERM: 'permission denied',
    EROFS: 'the folder is read-only',
    ENOSPC: 'the disk is full',
    EFBIG: 'the file is larger than this system allows',
    EDQUOT: 'the disk quota is exceeded',
    ENOTDIR: 'a part of the path is a file, not a folder',
    ENAMETOOLONG: 'the file name is too long',
    ENOENT: 'the folder does not exist',
    EISDIR: 'the name is a folder',
  };
  return (code && texts[code]) ?? (error as Error).message;
}
