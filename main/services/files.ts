/**
 * Writing files the user relies on: never a half-written file (write a temporary file in the
 * same folder, flush it, rename it over the target) and never a silently lost one (an
 * existing file is first copied to `name.bak`, or `name.bak.2`, `.3` ... when that exists).
 * Reading files the user names: only regular files, never past a limit (readBoundedFile).
 */
import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { type FileHandle, copyFile, open, rename, rm } from 'node:fs/promises';
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

export interface BoundedReadOptions {
  /** Error code of every refusal (the caller's domain: UNREADABLE_FILE, MANIFEST_UNREADABLE ...). */
  code: string;
  /** What the file should be, for the messages: "certificate file", "app manifest". */
  noun: string;
  /** Bytes read at most; a larger file (or one that keeps growing, like /dev/zero) is refused. */
  maxBytes: number;
  /** The error for a file over the limit (`bytes` is at least maxBytes + 1). */
  tooLarge: (bytes: number) => Error;
}

const READ_STEP = 64 * 1024;

function kindOfSpecial(stats: { isFIFO(): boolean; isCharacterDevice(): boolean; isBlockDevice(): boolean; isSocket(): boolean }): string {
  if (stats.isFIFO()) return 'a pipe';
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'a device';
  if (stats.isSocket()) return 'a socket';
  return 'not a plain file';
}

/** The reason a file cannot be opened, as the end of a sentence. */
export function openFailureReason(error: NodeJS.ErrnoException): string {
  const reasons: Record<string, string> = {
    ENOENT: 'does not exist',
    ENOTDIR: 'does not exist',
    EACCES: 'cannot be read: permission denied',
    EPERM: 'cannot be read: permission denied',
    EISDIR: 'is a folder',
    ELOOP: 'is a link that leads nowhere',
  };
  return reasons[error.code ?? ''] ?? `cannot be read (${error.code ?? error.message})`;
}

/**
 * Opens a file for reading only when it is a regular file: a FIFO, a device or a socket is
 * refused at once (opened non-blocking, so a pipe without a writer cannot make us wait).
 */
export async function openRegularFile(path: string, options: Pick<BoundedReadOptions, 'code' | 'noun'>): Promise<{ handle: FileHandle; size: number }> {
  let handle: FileHandle;
  try {
    handle = await open(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (error) {
    throw new ServiceError(options.code, `${path} ${openFailureReason(error as NodeJS.ErrnoException)}.`);
  }
  try {
    const stats = await handle.stat();
    if (stats.isDirectory()) throw new ServiceError(options.code, `${path} is a folder, not a file: choose the ${options.noun} inside it.`);
    if (!stats.isFile()) {
      throw new ServiceError(options.code, `${path} is ${kindOfSpecial(stats)}, not a ${options.noun}: only regular files are read.`);
    }
    return { handle, size: stats.size };
  } catch (error) {
    await handle.close();
    throw error;
  }
}

/**
 * A regular file's bytes, read in steps that stop at the limit whatever the file claims
 * (`/proc` files say size 0 and never end where expected). Nothing else is read.
 */
export async function readBoundedFile(path: string, options: BoundedReadOptions): Promise<Buffer> {
  const { handle, size } = await openRegularFile(path, options);
  try {
    if (size > options.maxBytes) throw options.tooLarge(size);
    const parts: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(Math.min(READ_STEP, options.maxBytes + 1 - total));
      let bytesRead: number;
      try {
        ({ bytesRead } = await handle.read(chunk, 0, chunk.length, null));
      } catch (error) {
        throw new ServiceError(options.code, `${path} ${openFailureReason(error as NodeJS.ErrnoException)}.`);
      }
      if (bytesRead === 0) break;
      parts.push(chunk.subarray(0, bytesRead));
      total += bytesRead;
      if (total > options.maxBytes) throw options.tooLarge(total);
    }
    return Buffer.concat(parts, total);
  } finally {
    await handle.close();
  }
}
