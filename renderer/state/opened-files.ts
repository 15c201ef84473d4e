/**
 * Certificate files main opened (file association, File > Open certificates, Ctrl+O), held until
 * the Certificates screen's store, which loads with that screen, takes them.
 */
import type { OpenedFile } from '../../preload/contract';

let pending: OpenedFile[] = [];
let receiver: ((files: OpenedFile[]) => void) | null = null;

export function deliverOpenedFiles(files: OpenedFile[]): void {
  if (receiver) receiver(files);
  else pending = [...pending, ...files];
}

/** The store registers here once; files that came before it are handed over at once. */
export function receiveOpenedFiles(onFiles: (files: OpenedFile[]) => void): void {
  receiver = onFiles;
  const waiting = pending;
  pending = [];
  if (waiting.length > 0) onFiles(waiting);
}
