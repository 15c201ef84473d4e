/**
 * What `npm run dist` puts into app.asar: the `files` globs of electron-builder.yml and the
 * production dependencies, collected by electron-builder's own node-module collector (npm ls,
 * offline). Renderer packages are bundled by Vite into out/renderer and must not be packed a
 * second time as node_modules (React, Fluent UI and its icons were about 215 MB).
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error plain ESM script without types
import { RENDERER_PACKAGES } from '../../../scripts/gen-licenses.mjs';

const require = createRequire(import.meta.url);
const { getCollectorByPackageManager, PM } = require('app-builder-lib/out/node-module-collector') as {
  getCollectorByPackageManager: (pm: string, root: string, tmp: object) => { getNodeModules(options: { packageName: string }): Promise<{ nodeModules: Module[] }> };
  PM: Record<string, string>;
};
const { TmpDir } = require('temp-file') as { TmpDir: new (name: string) => { cleanup(): Promise<void> } };
const { load } = require('js-yaml') as { load: (text: string) => { files: string[] } };

interface Module {
  name: string;
  dir: string;
  dependencies?: Module[];
}

const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { name: string; dependencies: Record<string, string>; devDependencies: Record<string, string> };

function flatten(modules: Module[], into: Module[] = []): Module[] {
  for (const module of modules) {
    into.push(module);
    flatten(module.dependencies ?? [], into);
  }
  return into;
}

function sizeOf(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.size;
  return readdirSync(path).reduce((total, name) => total + sizeOf(join(path, name)), 0);
}

/** Package names (not relative paths, node: or virtual modules) that the files under `dir` import. */
function importedPackages(dir: string): Set<string> {
  const found = new Set<string>();
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !/\.(ts|tsx)$/.test(entry.name)) continue;
    const text = readFileSync(join(entry.parentPath, entry.name), 'utf8');
    const specifiers = /^\s*(?:import|export)\b[^;]*?\bfrom\s+'([@a-z][\w@./-]*)'|^\s*import\s+'([@a-z][\w@./-]*)'|\bimport\(\s*'([@a-z][\w@./-]*)'\s*\)/gm;
    for (const match of text.matchAll(specifiers)) {
      const specifier = (match[1] ?? match[2] ?? match[3]) as string;
      if (specifier.startsWith('node:') || specifier.startsWith('virtual:')) continue;
      const parts = specifier.split('/');
      found.add(specifier.startsWith('@') ? `${parts[0]}/${parts[1]}` : (parts[0] as string));
    }
  }
  return found;
}

describe('what the installer packs', () => {
  it('production dependencies: what main needs at run time, no renderer package, a few MB', async () => {
    const tmp = new TmpDir('packed-files-test');
    let modules: Module[];
    try {
      const collector = getCollectorByPackageManager(PM.NPM as string, process.cwd(), tmp);
      modules = flatten((await collector.getNodeModules({ packageName: pkg.name })).nodeModules);
    } finally {
      await tmp.cleanup();
    }
    const names = new Set(modules.map((module) => module.name));
    for (const renderer of [...RENDERER_PACKAGES, '@fluentui/react-icons', 'react', 'react-dom', '@griffel/react']) {
      expect(names.has(renderer), `${renderer} would be packed into app.asar`).toBe(false);
    }
    // main and preload keep their packages external (electron-vite's externalizeDepsPlugin): each must be packed.
    const mainImports = new Set([...importedPackages('main'), ...importedPackages('preload')]);
    mainImports.delete('electron');
    for (const name of mainImports) expect(names.has(name), `main imports ${name}, which is not packed`).toBe(true);
    const bytes = [...new Set(modules.map((module) => module.dir))].reduce((total, dir) => total + sizeOf(dir), 0);
    expect(bytes).toBeLessThan(40 * 1024 * 1024);
  });

  it('every package the renderer imports is a devDependency bundled by Vite, and listed for the licences', () => {
    const rendererImports = importedPackages('renderer');
    for (const name of rendererImports) {
      expect(pkg.dependencies[name], `${name} is in dependencies, so electron-builder packs it`).toBeUndefined();
      expect(pkg.devDependencies[name], `${name} is imported by the renderer but not a devDependency`).toBeDefined();
    }
    // Packages the renderer imports at run time (not only types) are the ones whose licences the About screen lists.
    for (const name of RENDERER_PACKAGES as string[]) expect(rendererImports.has(name), `${name} is not imported by the renderer`).toBe(true);
    for (const name of rendererImports) {
      if (name.startsWith('@griffel/')) continue; // build-time style processing; its runtime comes with Fluent UI
      expect(RENDERER_PACKAGES, `${name} is bundled, so its licence belongs in the About list`).toContain(name);
    }
  });

  it('the files globs pack the built app and the CA catalog, never sources, tests or maps', () => {
    const { files } = load(readFileSync('electron-builder.yml', 'utf8'));
    expect(files).toEqual(expect.arrayContaining(['out/**/*', 'package.json', 'resources/microsoft-ca/*.pem', 'resources/microsoft-ca/index.json', '!**/*.map']));
    for (const glob of files) expect(glob).not.toMatch(/^(main|renderer|preload|tests|scripts|node_modules)\b/);
  });
});
