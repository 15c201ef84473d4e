/**
 * Folders a cloud client copies off the computer. On Windows, OneDrive's "known folder move"
 * puts Documents and Desktop inside OneDrive, so the app's default data folder
 * (Documents\ISE Intune Assistant) is often synced to the cloud: a private key exported there
 * leaves the laptop. Exports holding a key default to a folder that is not synced.
 */
import { posix, win32 } from 'node:path';

/** A OneDrive folder by its name, as Windows names it: `OneDrive`, `OneDrive - Contoso`, `OneDrive - Personal`. */
const ONEDRIVE_SEGMENT = /^OneDrive( - .+)?$/i;

/** The OneDrive roots Windows announces in the environment (OneDrive, OneDriveCommercial, OneDriveConsumer). */
export function oneDriveRoots(env: Record<string, string | undefined>): string[] {
  return ['OneDrive', 'OneDriveCommercial', 'OneDriveConsumer'].map((name) => env[name]).filter((value): value is string => typeof value === 'string' && value.trim() !== '');
}

/** Whether `folder` is inside one of `roots` or a folder named like OneDrive's (case-insensitive, as Windows compares). */
export function isSyncedFolder(folder: string, roots: string[], platform: NodeJS.Platform = process.platform): boolean {
  const path = platform === 'win32' ? win32 : posix;
  const normal = (text: string): string => {
    const resolved = path.resolve(text);
    return platform === 'win32' || platform === 'darwin' ? resolved.toLowerCase() : resolved;
  };
  const target = normal(folder);
  if (roots.some((root) => { const base = normal(root); return target === base || target.startsWith(base.endsWith(path.sep) ? base : `${base}${path.sep}`); })) return true;
  return target.split(path.sep).some((segment) => ONEDRIVE_SEGMENT.test(segment));
}

/** Where an export holding a private key starts: `start` unless it is synced, then `fallback` (Downloads in the app). */
export function privateKeyFolder(start: string, options: { syncedRoots: string[]; fallback: string | undefined; platform?: NodeJS.Platform }): { folder: string; synced: boolean } {
  const synced = isSyncedFolder(start, options.syncedRoots, options.platform);
  if (!synced || options.fallback === undefined || isSyncedFolder(options.fallback, options.syncedRoots, options.platform)) return { folder: start, synced };
  return { folder: options.fallback, synced };
}
