// Writes main/services/catalog/licenses.json: every package shipped with the app (the
// non-dev entries of package-lock.json) with its version and licence, for the About screen.
// Run after changing dependencies: `node scripts/gen-licenses.mjs` (a unit test checks it is current).
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export function collectLicenses(lock) {
  const byName = new Map();
  for (const [path, entry] of Object.entries(lock.packages ?? {})) {
    if (path === '' || entry.dev || entry.devOptional || entry.optional) continue;
    const name = entry.name ?? path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length);
    const key = `${name}@${entry.version}`;
    if (!byName.has(key)) byName.set(key, { name, version: entry.version, license: entry.license ?? 'UNKNOWN' });
  }
  return [...byName.values()].sort((a, b) => a.name.localeCompare(b.name) || a.version.localeCompare(b.version));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const root = new URL('../', import.meta.url);
  const lock = JSON.parse(readFileSync(new URL('package-lock.json', root), 'utf8'));
  const out = new URL('main/services/catalog/licenses.json', root);
  writeFileSync(out, `${JSON.stringify(collectLicenses(lock), null, 2)}\n`);
  console.log(`licenses.json: ${collectLicenses(lock).length} packages`);
}
