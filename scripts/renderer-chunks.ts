/**
 * How the renderer is cut into chunks, for electron.vite.config.ts: the first screen's code in
 * few, large files fetched side by side, the rest in chunks loaded when needed. Plain functions
 * of the module graph Rollup hands over, unit-tested in tests/unit/build/renderer-chunks.test.ts.
 */
import { resolve } from 'node:path';
import type { GetManualChunk, ManualChunkMeta } from 'rollup';
import type { Plugin } from 'vite';

type GetModuleInfo = ManualChunkMeta['getModuleInfo'];

/** Fluent's barrel: it re-exports every Fluent package, most of which the first screen does not use. */
export const FLUENT_BARREL = /[\\/]node_modules[\\/]@fluentui[\\/]react-components[\\/]lib[\\/]index\.js$/;

/** The names `code` imports from `source`; null when it takes the whole module (or cannot be read). */
export function importedNames(code: string, source: string): string[] | null {
  const names: string[] = [];
  const quoted = source.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  for (const match of code.matchAll(new RegExp(`import\\s*([^;]*?)\\s*from\\s*["']${quoted}["']`, 'g'))) {
    const braces = /^(?:type\s+)?\{([^}]*)\}$/.exec(match[1]?.trim() ?? '');
    if (!braces?.[1]) return null;
    for (const part of braces[1].split(',')) {
      const name = part.trim().replace(/^type\s+/, '').split(/\s+as\s+/)[0]?.trim();
      if (name) names.push(name);
    }
  }
  return names;
}

/** The barrel's `export { a, b as c } from "package"` lines: exported name -> package. */
export function barrelExports(code: string): Map<string, string> {
  const exported = new Map<string, string>();
  const withoutComments = code.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/[^\n]*/g, '');
  for (const match of withoutComments.matchAll(/export\s*\{([^}]*)\}\s*from\s*["']([^"']+)["']/g)) {
    for (const part of (match[1] ?? '').split(',')) {
      const name = part.trim().split(/\s+as\s+/).pop()?.trim();
      if (name && match[2]) exported.set(name, match[2]);
    }
  }
  return exported;
}

/**
 * Every module `roots` import statically, themselves included; through Fluent's barrel only to
 * the packages that provide the names imported (else the whole of Fluent any screen uses would
 * count). What cannot be read this way is followed whole: a larger chunk, never a missing module.
 */
export function staticClosure(roots: string[], getModuleInfo: GetModuleInfo): Set<string> {
  const seen = new Set<string>();
  const queue = [...roots];
  let barrel: { exports: Map<string, string>; imports: readonly string[] } | null = null;
  const throughBarrel = (importer: string, id: string): string[] => {
    const code = getModuleInfo(importer)?.code;
    const names = code ? importedNames(code, '@fluentui/react-components') : null;
    const info = getModuleInfo(id);
    if (!names || !info?.code) return [id];
    barrel ??= { exports: barrelExports(info.code), imports: info.importedIds };
    const targets: string[] = [];
    for (const name of names) {
      const source = barrel.exports.get(name);
      const target = source ? barrel.imports.find((imported) => imported.replaceAll('\\', '/').includes(`/node_modules/${source}/`)) : undefined;
      if (!target) return [id];
      targets.push(target);
    }
    return targets;
  };
  for (let id = queue.pop(); id !== undefined; id = queue.pop()) {
    if (seen.has(id)) continue;
    seen.add(id);
    for (const imported of getModuleInfo(id)?.importedIds ?? []) {
      queue.push(...(FLUENT_BARREL.test(imported) ? throughBarrel(id, imported) : [imported]));
    }
  }
  return seen;
}

/** The chunks the page asks for beside the entry, from index.html (see `firstScreenChunks`). */
export const FIRST_SCREEN_CHUNKS = ['react-dom', 'app'];

/**
 * The renderer's chunks (Rollup's `manualChunks`), for the renderer sources in `rendererDir`.
 * The entry (main.tsx) stays small: it starts main's requests and the fetch of the rest.
 * Everything else the app's first screen needs (React DOM, Fluent, the shell, the Setup screen
 * and its wizard) is two chunks, rather than the dozens of small shared chunks Rollup would cut,
 * each one more request and module record before the first screen:
 * - `react-dom` (React DOM and its scheduler, a quarter of it), parsed by V8 on another thread
 *   beside `app`; it imports only React, which is in the entry;
 * - `app`, the rest.
 * One chunk per language (renderer/i18n/texts.ts loads the one shown), not one per text file.
 * The other screens and the wizard's steps keep their own chunks, loaded when first opened or
 * while idle; each Fluent package only they use is a chunk too, `fluent-<package>`.
 */
export function rendererChunks(rendererDir: string): GetManualChunk {
  // Per build (one `getModuleInfo` each): a watch rebuild sees its own module graph.
  let chunks: { build: GetModuleInfo; entry: Set<string>; app: Set<string> } | null = null;
  return (id, { getModuleInfo }) => {
    const language = /[\\/]renderer[\\/]i18n[\\/](en|es)(?:\.json$|[\\/])/.exec(id)?.[1];
    if (language) return `i18n-${language}`;
    if (chunks?.build !== getModuleInfo) {
      const at = (path: string) => resolve(rendererDir, path);
      const entry = staticClosure([at('main.tsx')], getModuleInfo);
      const app = staticClosure([at('start-app.tsx'), at('screens/setup/SetupScreen.tsx'), at('screens/setup/Wizard.tsx')], getModuleInfo);
      chunks = { build: getModuleInfo, entry, app: new Set([...app].filter((module) => !entry.has(module))) };
    }
    // Named, so that Rollup does not pull the entry's modules into `app` as its dependencies.
    if (chunks.entry.has(id)) return 'index';
    // Fluent's barrel is only re-exports (no code of its own), imported by `app`'s modules, so
    // Rollup would pull every package it re-exports into `app`: the packages the first screen
    // does not use are each given a chunk of their own, so that nothing is left to pull (only
    // packages no screen uses, which have no code left).
    if (FLUENT_BARREL.test(id)) return 'app';
    if (!chunks.app.has(id)) {
      const fluentPackage = /[\\/]node_modules[\\/]@fluentui[\\/]([^\\/]+)[\\/]/.exec(id)?.[1];
      return fluentPackage && getModuleInfo(id)?.isIncluded ? `fluent-${fluentPackage}` : undefined;
    }
    return /[\\/]node_modules[\\/](react-dom|scheduler)[\\/]/.test(id) ? 'react-dom' : 'app';
  };
}

/**
 * The page asks for the first screen's chunks at once, beside the entry, rather than once the
 * entry has been fetched and run: the largest files on its path start one round trip sooner.
 * The build fails if they are missing or import each other in a cycle (which would run React
 * DOM before React).
 */
export function firstScreenChunks(): Plugin {
  return {
    name: 'ise-intune:first-screen-chunks',
    apply: 'build',
    generateBundle(_options, bundle) {
      const byFile = new Map(Object.values(bundle).flatMap((output) => (output.type === 'chunk' ? [[output.fileName, output] as const] : [])));
      const checked = new Set<string>();
      const visit = (fileName: string, path: string[]): void => {
        if (path.includes(fileName)) throw new Error(`Renderer chunks import each other in a cycle: ${[...path, fileName].join(' -> ')}`);
        if (checked.has(fileName)) return;
        for (const imported of byFile.get(fileName)?.imports ?? []) visit(imported, [...path, fileName]);
        checked.add(fileName);
      };
      for (const chunk of byFile.values()) if (chunk.isEntry || FIRST_SCREEN_CHUNKS.includes(chunk.name)) visit(chunk.fileName, []);
    },
    transformIndexHtml: {
      order: 'post',
      handler(_html, context) {
        const outputs = Object.values(context.bundle ?? {});
        return FIRST_SCREEN_CHUNKS.map((name) => {
          const chunk = outputs.find((output) => output.type === 'chunk' && output.name === name);
          if (!chunk) throw new Error(`The renderer build has no \`${name}\` chunk (see rendererChunks).`);
          return { tag: 'link', attrs: { rel: 'modulepreload', crossorigin: true, href: `./${chunk.fileName}` }, injectTo: 'head' as const };
        });
      },
    },
  };
}

