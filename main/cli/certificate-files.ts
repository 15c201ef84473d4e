/**
 * The certificate files a command names (inspect, device-cert): loaded with the .pfx password
 * from standard input when asked, each one that cannot be read reported on stderr while the
 * others go on. The path shown is the one typed, not the resolved one.
 */
import { resolve } from 'node:path';
import type { LoadedFile } from '../../preload/types/certs';
import { loadCertificateFiles } from '../services/certs';
import type { CliIo } from './command';
import { readStdinPassword } from './password';

export interface CertificateFilesRead {
  /** The files read, in the order given, each named as typed. */
  loaded: LoadedFile[];
  /** A file could not be read at all. */
  failed: boolean;
}

/** `onLoaded` runs per file as it is taken in, so its messages stand in the files' order among the failures. */
export async function readCertificateFiles(paths: string[], io: CliIo, options: { now: Date; passwordStdin: boolean; onLoaded?: (file: LoadedFile) => void }): Promise<CertificateFilesRead> {
  const { now } = options;
  const results = await loadCertificateFiles(
    paths.map((file) => resolve(io.cwd, file)),
    options.passwordStdin ? { now, password: await readStdinPassword(io, 'the .pfx file') } : { now },
  );
  let failed = false;
  const loaded: LoadedFile[] = [];
  results.forEach((result, position) => {
    const shown = paths[position] as string;
    if (!result.ok) {
      failed = true;
      io.stderr(`${shown}: ${result.error.message}\n`);
      return;
    }
    const file = { ...result, file: shown };
    loaded.push(file);
    options.onLoaded?.(file);
  });
  return { loaded, failed };
}
