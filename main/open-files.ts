/**
 * Certificate files opened with the app (Explorer's "Open with", a double-click once the
 * installer's file associations are in place): Windows starts the app with the path on its
 * command line, or, when the app already runs, the second instance hands its command line to the
 * first (`second-instance`, with its working folder). The paths are picked out of those arguments.
 */
import { posix, win32 } from 'node:path';

export const CERTIFICATE_EXTENSIONS = ['cer', 'crt', 'pem', 'der', 'p7b', 'p7c', 'pfx', 'p12'];

/**
 * The certificate paths among `argv` (Electron's, executable first), made absolute against
 * `workingDirectory` with the platform's path rules. Switches (`--flag`, Chromium's too) are skipped.
 */
export function certificatePathsFromArgv(argv: string[], workingDirectory: string, platform: NodeJS.Platform = process.platform): string[] {
  const path = platform === 'win32' ? win32 : posix;
  const extension = new RegExp(`\\.(${CERTIFICATE_EXTENSIONS.join('|')})$`, 'i');
  return argv
    .slice(1)
    .filter((arg) => !arg.startsWith('-') && extension.test(arg))
    .map((arg) => path.resolve(workingDirectory, arg));
}
