// Writes main/services/catalog/licenses.json: every package shipped with the app (the
// non-dev entries of package-lock.json, and the packages Vite bundles into the renderer with
// everything they depend on) with its version and licence, for the About screen.
// Run after changing dependencies: `node scripts/gen-licenses.mjs` (a unit test checks it is current).
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** devDependencies whose code is in the renderer bundle (tests/unit/build/packed-files.test.ts keeps this true). */
export const RENDERER_PACKAGES = ['@fluentui/react-components', '@fluentui/react-icons', 'i18next', 'react', 'react-dom', 'react-i18next', 'zustand'];

/** Lock paths of `names` and of everything they depend on, resolved as Node does (nested first). */
function closure(packages, names) {
  const found = new Set();
  const visit = (from, name) => {
    for (let base = from; ; base = base.slice(0, Math.max(0, base.lastIndexOf('/node_modules/')))) {
      const path = `${base === '' ? '' : `${base}/`}node_modules/${name}`;
      if (packages[path]) {
        if (found.has(path)) return;
        found.add(path);
        for (const child of Object.keys(packages[path].dependencies ?? {})) visit(path, child);
        return;
      }
      if (base === '') return;
    }
  };
  for (const name of names) visit('', name);
  return found;
}

export function collectLicenses(lock) {
  const byName = new Map();
  const bundled = closure(lock.packages ?? {}, RENDERER_PACKAGES);
  for (const [path, entry] of Object.entries(lock.packages ?? {})) {
    if (path === '' || ((entry.dev || entry.devOptional || entry.optional) && !bundled.has(path))) continue;
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
