/**
 * How the renderer is cut into chunks, for electron.vite.config.ts: the first screen's code in
 * few, large files fetched side by side, the rest in chunks loaded when needed. Plain functions
 * of the module graph Rollup hands over, unit-tested in tests/unit/build/renderer-chunks.test.ts.
 */
import { posix, resolve } from 'node:path';
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

/** What a module made only of re-exports passes on (Fluent's packages and their folders have an index.js of these). */
export interface ReExports {
  /** Exported name -> the module it comes from (as written) and its name there; `*` for a whole namespace. */
  named: Map<string, { source: string; name: string }>;
  /** The sources of `export * from` lines. */
  all: string[];
}

/** `a, b as c` -> [[a, a], [b, c]] (name there, name here), type-only names and comments left out. */
function bindings(list: string): [string, string][] {
  return list.split(',').flatMap((part) => {
    const [there, here] = part
      .trim()
      .replace(/^type\s+/, '')
      .split(/\s+as\s+/)
      .map((word) => word.trim());
    return there ? [[there, here ?? there] as [string, string]] : [];
  });
}

/**
 * A module's re-exports, or null when it has code of its own (then it is followed whole). Both
 * forms: `export { a } from "x"`, and `import { a } from "x"; export { a }` (as react-tabster's
 * index passes on tabster's names).
 */
export function reExports(code: string): ReExports | null {
  const named: ReExports['named'] = new Map();
  const all: string[] = [];
  const imported = new Map<string, { source: string; name: string }>();
  const local: [string, string][] = [];
  const rest = code
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/\/\/[^\n]*/g, '')
    .replace(/export\s*\{([^}]*)\}\s*from\s*["']([^"']+)["']\s*;?/g, (_line, list: string, source: string) => {
      for (const [name, exported] of bindings(list)) named.set(exported, { source, name });
      return '';
    })
    .replace(/export\s*\*\s*from\s*["']([^"']+)["']\s*;?/g, (_line, source: string) => {
      all.push(source);
      return '';
    })
    .replace(/import\s*\{([^}]*)\}\s*from\s*["']([^"']+)["']\s*;?/g, (_line, list: string, source: string) => {
      for (const [name, here] of bindings(list)) imported.set(here, { source, name });
      return '';
    })
    .replace(/import\s*\*\s*as\s+([\w$]+)\s*from\s*["']([^"']+)["']\s*;?/g, (_line, here: string, source: string) => {
      imported.set(here, { source, name: '*' });
      return '';
    })
    .replace(/export\s*\{([^}]*)\}\s*;?/g, (_line, list: string) => {
      local.push(...bindings(list));
      return '';
    });
  for (const [here, exported] of local) {
    const binding = imported.get(here);
    if (!binding) return null;
    named.set(exported, binding);
  }
  return rest.trim() === '' && (named.size > 0 || all.length > 0) ? { named, all } : null;
}

const slashes = (path: string) => path.replaceAll('\\', '/');

/** Which of `importedIds` (the module `from` imports) the specifier `source` is; undefined when that cannot be told. */
export function resolveSource(from: string, source: string, importedIds: readonly string[]): string | undefined {
  if (source.startsWith('.')) {
    const path = posix.join(posix.dirname(slashes(from)), source);
    const hits = importedIds.filter((id) => [path, `${path}.js`, `${path}.ts`, `${path}.tsx`, `${path}/index.js`].includes(slashes(id)));
    return hits.length === 1 ? hits[0] : undefined;
  }
  const packageName = source.split('/').slice(0, source.startsWith('@') ? 2 : 1).join('/');
  const hits = importedIds.filter((id) => slashes(id).includes(`/node_modules/${packageName}/`));
  return hits.length === 1 ? hits[0] : undefined;
}

/** The names `importer` (its id and code) imports from the module `target`; null for "all of it" (or when that cannot be read). */
function namesImported(importer: string, code: string, importedIds: readonly string[], target: string): string[] | null {
  const names: string[] = [];
  const sources = new Set([...code.matchAll(/(?:from|import)\s*["']([^"']+)["']/g)].map((match) => match[1] ?? ''));
  for (const source of sources) {
    if (resolveSource(importer, source, importedIds) !== target) continue;
    const quoted = source.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    if (new RegExp(`export[^;]*?from\\s*["']${quoted}["']|import\\s*["']${quoted}["']`).test(code)) return null;
    const read = importedNames(code, source);
    if (!read) return null;
    names.push(...read);
  }
  return names.length > 0 ? names : null;
}

/**
 * Every module `roots` import statically, themselves included. Through a module that only
 * re-exports (Fluent's barrel, each package's index, each folder's index) only to the modules
 * that provide the names imported: else the whole of Fluent any screen uses would count, and
 * with it tabster and the positioning code of menus and dialogs the first screen has none of.
 * What cannot be read this way is followed whole: a larger chunk, never a missing module.
 */
export function staticClosure(roots: string[], getModuleInfo: GetModuleInfo): Set<string> {
  const seen = new Set<string>();
  const whole = new Set<string>();
  const named = new Map<string, Set<string>>();
  const barrels = new Map<string, ReExports | null>();
  const barrelOf = (id: string) => {
    if (!barrels.has(id)) {
      const code = getModuleInfo(id)?.code;
      barrels.set(id, code ? reExports(code) : null);
    }
    return barrels.get(id) ?? null;
  };
  const queue: { id: string; names: string[] | null }[] = roots.map((id) => ({ id, names: null }));
  for (let item = queue.pop(); item !== undefined; item = queue.pop()) {
    const { id, names } = item;
    if (whole.has(id)) continue;
    seen.add(id);
    const info = getModuleInfo(id);
    const barrel = barrelOf(id);
    if (barrel && names && info) {
      const done = named.get(id) ?? new Set<string>();
      const fresh = names.filter((name) => !done.has(name));
      for (const name of fresh) done.add(name);
      named.set(id, done);
      // Per source, the names wanted there (null: all of it, for a namespace).
      const bySource = new Map<string, string[] | null>();
      let readable = true;
      for (const name of fresh) {
        const hit = barrel.named.get(name);
        const sources = hit ? [[hit.source, hit.name] as const] : barrel.all.map((source) => [source, name] as const);
        if (sources.length === 0) readable = false;
        for (const [source, there] of sources) {
          const wanted = bySource.has(source) ? bySource.get(source) : [];
          bySource.set(source, there === '*' || wanted === null || wanted === undefined ? null : [...wanted, there]);
        }
      }
      const next = [...bySource].map(([source, list]) => ({ id: resolveSource(id, source, info.importedIds), names: list }));
      if (readable && next.every((step) => step.id !== undefined)) {
        queue.push(...(next as { id: string; names: string[] | null }[]));
        continue;
      }
    }
    whole.add(id);
    for (const imported of info?.importedIds ?? []) {
      const through = barrelOf(imported) && info?.code ? namesImported(id, info.code, info.importedIds, imported) : null;
      queue.push({ id: imported, names: through });
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
    // Named, so that Rollup does not pull the entry's modules into `app` as its dependencies;
    // the page (index.html, its inline style) too, else it can be a chunk of its own that only
    // imports the entry: one more round trip.
    if (chunks.entry.has(id) || /[\\/]renderer[\\/]index\.html(?:\?|$)/.test(id)) return 'index';
    // Fluent's barrel is only re-exports (no code of its own), imported by `app`'s modules, so
    // Rollup would pull every package it re-exports into `app`: the packages the first screen
    // does not use are each given a chunk of their own, so that nothing is left to pull (only
    // packages no screen uses, which have no code left).
    if (FLUENT_BARREL.test(id)) return 'app';
    // All of React DOM, also what only other screens use of it (createPortal): its modules call
    // each other, and split between chunks they would import each other.
    if (/[\\/]node_modules[\\/](react-dom|scheduler)[\\/]/.test(id)) return 'react-dom';
    if (!chunks.app.has(id)) {
      const fluentPackage = /[\\/]node_modules[\\/]@fluentui[\\/]([^\\/]+)[\\/]/.exec(id)?.[1];
      return fluentPackage && getModuleInfo(id)?.isIncluded ? `fluent-${fluentPackage}` : undefined;
    }
    return 'app';
  };
}

/**
 * V8's explicit compile hint (Chromium 136 and later, so Electron 42): the file's functions are
 * compiled as the file is fetched and parsed, on a background thread, rather than each on the
 * main thread when it is first called. Nearly all of the first screen's code is called while it
 * renders. Ignored as a plain comment elsewhere.
 */
export const COMPILE_HINT = '//# allFunctionsCalledOnLoad';

/**
 * The page asks for the first screen's chunks at once, beside the entry, rather than once the
 * entry has been fetched and run: the largest files on its path start one round trip sooner.
 * The build fails if they are missing, import each other in a cycle (which would run React DOM
 * before React) or import any other chunk (one more round trip). These chunks and the entry
 * start with V8's compile hint (`COMPILE_HINT`); minifying would drop it, so it is added here,
 * after.
 */
export function firstScreenChunks(): Plugin {
  return {
    name: 'ise-intune:first-screen-chunks',
    apply: 'build',
    generateBundle: {
      // After Vite's own (which puts its preload list at the top of the entry and of `app`), so
      // that the compile hint is the first line.
      order: 'post',
      handler(_options, bundle) {
        const byFile = new Map(Object.values(bundle).flatMap((output) => (output.type === 'chunk' ? [[output.fileName, output] as const] : [])));
        const checked = new Set<string>();
        const visit = (fileName: string, path: string[]): void => {
          if (path.includes(fileName)) throw new Error(`Renderer chunks import each other in a cycle: ${[...path, fileName].join(' -> ')}`);
          if (checked.has(fileName)) return;
          for (const imported of byFile.get(fileName)?.imports ?? []) visit(imported, [...path, fileName]);
          checked.add(fileName);
        };
        for (const chunk of byFile.values()) {
          if (!chunk.isEntry && !FIRST_SCREEN_CHUNKS.includes(chunk.name)) continue;
          visit(chunk.fileName, []);
          // One more chunk one of these imports is one more round trip before the first screen.
          const outside = chunk.imports.filter((fileName) => {
            const imported = byFile.get(fileName);
            return !imported?.isEntry && !FIRST_SCREEN_CHUNKS.includes(imported?.name ?? '');
          });
          if (outside.length > 0) throw new Error(`The first screen's chunk ${chunk.fileName} imports ${outside.join(', ')}, which is loaded only after it (see rendererChunks).`);
        }
        for (const chunk of byFile.values()) {
          if (!chunk.isEntry && !FIRST_SCREEN_CHUNKS.includes(chunk.name)) continue;
          chunk.code = `${COMPILE_HINT}\n${chunk.code}`;
          // A source map (none is built for the app) maps one more generated line, with nothing on it.
          if (chunk.map) chunk.map.mappings = `;${chunk.map.mappings}`;
          const mapFile = bundle[`${chunk.fileName}.map`];
          if (mapFile?.type === 'asset' && typeof mapFile.source === 'string') {
            const map = JSON.parse(mapFile.source) as { mappings: string };
            mapFile.source = JSON.stringify({ ...map, mappings: `;${map.mappings}` });
          }
        }
      },
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

