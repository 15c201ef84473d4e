/**
 * The bundled Microsoft and DigiCert CA certificates: the `.pem` files of `resources/microsoft-ca/`
 * listed in its `index.json` (file and where it was copied from; SOURCES.md there has the detail).
 * They are data shipped beside the code, read once per process. The folder is found by walking up
 * from this module, which works for the sources (tests, CLI through tsx), the built `out/main/`
 * (CLI, app) and the packaged `app.asar` alike.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { z } from 'zod';

export interface BundledCa {
  /** File name in `resources/microsoft-ca/`. */
  file: string;
  /** Repository, path and commit (or distribution) it was copied from. */
  source: string;
  pem: string;
}

const indexFile = z.object({
  version: z.literal(1),
  certificates: z.array(z.object({ file: z.string().regex(/^[a-z0-9_]+\.pem$/), source: z.string().min(1) })).min(1),
});

/** `resources/microsoft-ca` of the nearest folder above `from` that has one. */
export function bundledCaFolder(from = import.meta.dirname): string {
  for (let folder = from; ; folder = dirname(folder)) {
    const candidate = join(folder, 'resources', 'microsoft-ca');
    if (existsSync(join(candidate, 'index.json'))) return candidate;
    if (dirname(folder) === folder) throw new Error(`The bundled CA certificates (resources/microsoft-ca) were not found above ${from}: the installation is incomplete.`);
  }
}

let loaded: readonly BundledCa[] | undefined;

/** The bundled CAs in the index's order. A missing or damaged file is an installation fault and throws. */
export function bundledCaFiles(): readonly BundledCa[] {
  if (loaded) return loaded;
  const folder = bundledCaFolder();
  const index = indexFile.parse(JSON.parse(readFileSync(join(folder, 'index.json'), 'utf8')));
  loaded = index.certificates.map(({ file, source }) => ({ file, source, pem: readFileSync(join(folder, file), 'utf8') }));
  return loaded;
}
