import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { ManualChunkMeta, ModuleInfo, OutputAsset, OutputBundle, OutputChunk } from 'rollup';
import { describe, expect, it } from 'vitest';
import { COMPILE_HINT, firstScreenChunks, importedNames, reExports, rendererChunks, resolveSource, staticClosure } from '../../../scripts/renderer-chunks';

/** A module graph as Rollup hands it to manualChunks: id -> (code, static imports). */
function graph(modules: Record<string, { code?: string; imports?: string[]; included?: boolean }>): ManualChunkMeta {
  const getModuleInfo = (id: string) => {
    const module = modules[id];
    return module ? ({ id, code: module.code ?? '', importedIds: module.imports ?? [], isIncluded: module.included ?? true } as unknown as ModuleInfo) : null;
  };
  return { getModuleInfo, getModuleIds: () => Object.keys(modules)[Symbol.iterator]() };
}

const BARREL = '/app/node_modules/@fluentui/react-components/lib/index.js';
const BUTTON = '/app/node_modules/@fluentui/react-button/lib/index.js';
const TABLE = '/app/node_modules/@fluentui/react-table/lib/index.js';
const GRIFFEL = '/app/node_modules/@griffel/react/index.esm.js';
/** A package no screen uses: in the graph, no code left after tree-shaking. */
const UNUSED = '/app/node_modules/@fluentui/react-carousel/lib/index.js';
const BARREL_CODE = [
  '// Utilities',
  'export { makeStyles, mergeClasses } from "@griffel/react";',
  'export { Button, /* a comment, Table */ ToggleButton as Toggle } from "@fluentui/react-button";',
  'export { Table, TableRow } from "@fluentui/react-table";',
].join('\n');

describe('importedNames', () => {
  it('reads the names of named imports, aliases and type imports included', () => {
    const code = 'import { Button, Card as C, type Theme } from "@fluentui/react-components";\nimport { tokens } from \'@fluentui/react-components\';';
    expect(importedNames(code, '@fluentui/react-components')).toEqual(['Button', 'Card', 'Theme', 'tokens']);
  });
  it('says "everything" (null) for a namespace or default import, and nothing for a module not imported', () => {
    expect(importedNames('import * as F from "@fluentui/react-components";', '@fluentui/react-components')).toBeNull();
    expect(importedNames('import F from "@fluentui/react-components";', '@fluentui/react-components')).toBeNull();
    expect(importedNames('import { x } from "other";', '@fluentui/react-components')).toEqual([]);
  });
});

describe('reExports', () => {
  const sources = (code: string) => Object.fromEntries([...(reExports(code)?.named ?? [])].map(([name, from]) => [name, `${from.source}#${from.name}`]));

  it('maps each exported name to where it comes from, past comments and aliases', () => {
    expect(sources(BARREL_CODE)).toEqual({
      makeStyles: '@griffel/react#makeStyles',
      mergeClasses: '@griffel/react#mergeClasses',
      Button: '@fluentui/react-button#Button',
      Toggle: '@fluentui/react-button#ToggleButton',
      Table: '@fluentui/react-table#Table',
      TableRow: '@fluentui/react-table#TableRow',
    });
  });

  it('reads names imported and then exported, a namespace among them, and `export *`', () => {
    const code = 'import { a, b as c } from "x";\nimport * as ns from "./ns.js";\nexport { a, c as d, ns as N };\nexport * from "./more.js";';
    expect(sources(code)).toEqual({ a: 'x#a', d: 'x#b', N: './ns.js#*' });
    expect(reExports(code)?.all).toEqual(['./more.js']);
  });

  it('says null for a module with code of its own, or exporting what it did not import', () => {
    expect(reExports('export { a } from "x";\nexport const b = 1;')).toBeNull();
    expect(reExports('const a = 1;\nexport { a };')).toBeNull();
    expect(reExports('')).toBeNull();
  });

  it("reads Fluent's own barrel and react-tabster's index (the ones the build meets)", () => {
    const require = createRequire(import.meta.url);
    const read = (name: string) => readFileSync(join(dirname(require.resolve(name)), '..', 'lib', 'index.js'), 'utf8');
    const fluent = reExports(read('@fluentui/react-components'))?.named;
    expect(fluent?.get('Button')?.source).toBe('@fluentui/react-button');
    expect(fluent?.get('makeStyles')?.source).toBe('@griffel/react');
    expect(fluent?.get('useFluent')).toEqual({ source: '@fluentui/react-shared-contexts', name: 'useFluent_unstable' });
    const tabster = reExports(read('@fluentui/react-tabster'))?.named;
    expect(tabster?.get('useFocusFinders')?.source).toBe('./hooks/index.js');
    expect(tabster?.get('createCustomFocusIndicatorStyle')?.source).toBe('./focus/index.js');
    expect(tabster?.get('MoverKeys')?.source).toBe('tabster');
  });
});

describe('resolveSource', () => {
  const imported = ['/app/node_modules/@fluentui/react-button/lib/index.js', '/app/lib/hooks/index.js', '/app/lib/focus.js', '/app/node_modules/tabster/dist/esm/index.js'];
  it('finds the module a relative or package specifier names among those imported', () => {
    expect(resolveSource('/app/lib/index.js', './hooks/index.js', imported)).toBe('/app/lib/hooks/index.js');
    expect(resolveSource('/app/lib/index.js', './focus', imported)).toBe('/app/lib/focus.js');
    expect(resolveSource('/app/lib/index.js', '@fluentui/react-button', imported)).toBe(imported[0]);
    expect(resolveSource('/app/lib/index.js', 'tabster', imported)).toBe(imported[3]);
    expect(resolveSource('C:\\app\\lib\\index.js', './hooks/index.js', ['C:\\app\\lib\\hooks\\index.js'])).toBe('C:\\app\\lib\\hooks\\index.js');
  });
  it('says undefined when it cannot tell', () => {
    expect(resolveSource('/app/lib/index.js', './missing.js', imported)).toBeUndefined();
    expect(resolveSource('/app/x.js', 'pkg', ['/app/node_modules/pkg/a.js', '/app/node_modules/pkg/b.js'])).toBeUndefined();
  });
});

describe('staticClosure', () => {
  const modules = {
    '/app/renderer/Screen.tsx': { code: 'import { Button, makeStyles } from "@fluentui/react-components";', imports: [BARREL, '/app/renderer/util.ts'] },
    '/app/renderer/util.ts': {},
    [BARREL]: { code: BARREL_CODE, imports: [GRIFFEL, BUTTON, TABLE] },
    [BUTTON]: { imports: ['/app/node_modules/@fluentui/react-button/lib/Button.js'] },
    '/app/node_modules/@fluentui/react-button/lib/Button.js': {},
    [GRIFFEL]: {},
    [TABLE]: {},
  };

  it("follows Fluent's barrel only to the packages of the names imported", () => {
    const closure = staticClosure(['/app/renderer/Screen.tsx'], graph(modules).getModuleInfo);
    // The barrel itself is in it (it has no code), the table package it also re-exports is not.
    expect([...closure].sort()).toEqual(['/app/node_modules/@fluentui/react-button/lib/Button.js', BARREL, BUTTON, GRIFFEL, '/app/renderer/Screen.tsx', '/app/renderer/util.ts'].sort());
  });

  it('follows nested re-exports by name too: a style helper from react-tabster does not bring tabster', () => {
    const TABSTER_INDEX = '/app/node_modules/@fluentui/react-tabster/lib/index.js';
    const HOOKS = '/app/node_modules/@fluentui/react-tabster/lib/hooks/index.js';
    const FINDERS = '/app/node_modules/@fluentui/react-tabster/lib/hooks/useFocusFinders.js';
    const FOCUS = '/app/node_modules/@fluentui/react-tabster/lib/focus/index.js';
    const TABSTER = '/app/node_modules/tabster/dist/esm/index.js';
    const nested = (code: string) => ({
      '/app/renderer/Screen.tsx': { code, imports: [TABSTER_INDEX] },
      [TABSTER_INDEX]: {
        code: 'export { useFocusFinders } from "./hooks/index.js";\nexport { createCustomFocusIndicatorStyle } from "./focus/index.js";\nimport { MoverKeys } from "tabster";\nexport { MoverKeys };',
        imports: [HOOKS, FOCUS, TABSTER],
      },
      [HOOKS]: { code: 'export { useFocusFinders } from "./useFocusFinders.js";', imports: [FINDERS] },
      [FINDERS]: { code: 'import { getTabster } from "tabster";\nexport const useFocusFinders = () => getTabster();', imports: [TABSTER] },
      [FOCUS]: { code: 'export const createCustomFocusIndicatorStyle = () => ({});' },
      [TABSTER]: {},
    });
    const style = staticClosure(['/app/renderer/Screen.tsx'], graph(nested('import { createCustomFocusIndicatorStyle } from "@fluentui/react-tabster";')).getModuleInfo);
    expect([...style].sort()).toEqual(['/app/renderer/Screen.tsx', FOCUS, TABSTER_INDEX].sort());
    const hook = staticClosure(['/app/renderer/Screen.tsx'], graph(nested('import { useFocusFinders } from "@fluentui/react-tabster";')).getModuleInfo);
    expect(hook).toContain(TABSTER);
    expect(hook).not.toContain(FOCUS);
    const reExported = staticClosure(['/app/renderer/Screen.tsx'], graph(nested('import { MoverKeys } from "@fluentui/react-tabster";')).getModuleInfo);
    expect([...reExported].sort()).toEqual(['/app/renderer/Screen.tsx', TABSTER_INDEX, TABSTER].sort());
  });

  it('follows the whole barrel when the names cannot be read (a larger chunk, never a missing module)', () => {
    const whole = { ...modules, '/app/renderer/Screen.tsx': { code: 'import * as F from "@fluentui/react-components";', imports: [BARREL] } };
    expect(staticClosure(['/app/renderer/Screen.tsx'], graph(whole).getModuleInfo)).toContain(TABLE);
    const unknown = { ...modules, '/app/renderer/Screen.tsx': { code: 'import { NotInTheBarrel } from "@fluentui/react-components";', imports: [BARREL] } };
    expect(staticClosure(['/app/renderer/Screen.tsx'], graph(unknown).getModuleInfo)).toContain(TABLE);
  });
});

describe('rendererChunks', () => {
  const dir = '/app/renderer';
  const meta = graph({
    [`${dir}/main.tsx`]: { imports: [`${dir}/state/startup.ts`] },
    [`${dir}/state/startup.ts`]: { imports: ['/app/node_modules/react/index.js'] },
    '/app/node_modules/react/index.js': {},
    [`${dir}/start-app.tsx`]: { imports: ['/app/node_modules/react-dom/client.js', `${dir}/App.tsx`, '/app/node_modules/react/index.js'] },
    '/app/node_modules/react-dom/client.js': { imports: ['/app/node_modules/scheduler/index.js'] },
    '/app/node_modules/scheduler/index.js': {},
    '/app/node_modules/react-dom/index.js': {},
    [`${dir}/index.html`]: { imports: [`${dir}/main.tsx`] },
    [`${dir}/App.tsx`]: { code: 'import { Button } from "@fluentui/react-components";', imports: [BARREL] },
    [`${dir}/screens/setup/SetupScreen.tsx`]: {},
    [`${dir}/screens/setup/Wizard.tsx`]: {},
    [`${dir}/screens/chains/ChainsScreen.tsx`]: { code: 'import { Table } from "@fluentui/react-components";', imports: [BARREL] },
    [BARREL]: { code: BARREL_CODE, imports: [GRIFFEL, BUTTON, TABLE, UNUSED] },
    [BUTTON]: {},
    [TABLE]: {},
    [UNUSED]: { included: false },
    [GRIFFEL]: {},
  });
  const chunkOf = rendererChunks(dir);
  const chunk = (id: string) => chunkOf(id, meta);

  it("puts the entry's modules in the entry, React DOM beside the app, the rest of the first screen in `app`", () => {
    expect(chunk(`${dir}/state/startup.ts`)).toBe('index');
    expect(chunk('/app/node_modules/react/index.js')).toBe('index');
    expect(chunk('/app/node_modules/react-dom/client.js')).toBe('react-dom');
    expect(chunk('/app/node_modules/scheduler/index.js')).toBe('react-dom');
    expect(chunk(`${dir}/App.tsx`)).toBe('app');
    expect(chunk(BUTTON)).toBe('app');
    // The page itself is in the entry, not a chunk of its own that would only import it.
    expect(chunk(`${dir}/index.html`)).toBe('index');
    // What only other screens use of React DOM (createPortal) stays with the rest of it.
    expect(chunk('/app/node_modules/react-dom/index.js')).toBe('react-dom');
  });

  it('leaves the other screens to their own chunks, each Fluent package only they use in one more, each language apart', () => {
    expect(chunk(`${dir}/screens/chains/ChainsScreen.tsx`)).toBeUndefined();
    expect(chunk(TABLE)).toBe('fluent-react-table');
    expect(chunk(UNUSED)).toBeUndefined();
    // The barrel has no code: in `app`, with nothing left for Rollup to pull in with it.
    expect(chunk(BARREL)).toBe('app');
    expect(chunk(`${dir}/i18n/es/setup.json`)).toBe('i18n-es');
    expect(chunk(`${dir}/i18n/en.json`)).toBe('i18n-en');
  });
});

describe('firstScreenChunks', () => {
  const plugin = firstScreenChunks();
  const hook = (plugin.generateBundle as unknown as { handler: (options: unknown, bundle: OutputBundle) => void }).handler;
  const bundleOf = (chunks: Partial<OutputChunk>[]) =>
    Object.fromEntries(chunks.map((chunk) => [chunk.fileName, { type: 'chunk', isEntry: false, imports: [], code: '', map: null, ...chunk }])) as unknown as OutputBundle;
  const generate = (chunks: Partial<OutputChunk>[]) => {
    const bundle = bundleOf(chunks);
    return () => hook.call({}, {}, bundle);
  };

  it("starts the entry and the first screen's chunks, and only them, with V8's compile hint", () => {
    const bundle = bundleOf([
      { fileName: 'index.js', name: 'index', isEntry: true, code: 'const a=1;' },
      { fileName: 'react-dom.js', name: 'react-dom', imports: ['index.js'], code: 'export const b=2;' },
      { fileName: 'app.js', name: 'app', imports: ['index.js', 'react-dom.js'], code: 'export const c=3;', map: { mappings: 'AAAA,CAAC' } as OutputChunk['map'] },
      { fileName: 'ChainsScreen.js', name: 'ChainsScreen', imports: ['app.js'], code: 'export const d=4;' },
    ]);
    bundle['app.js.map'] = { type: 'asset', fileName: 'app.js.map', source: JSON.stringify({ version: 3, mappings: 'AAAA,CAAC' }) } as unknown as OutputBundle[string];
    hook.call({}, {}, bundle);
    const code = (fileName: string) => (bundle[fileName] as OutputChunk).code;
    expect(COMPILE_HINT).toBe('//# allFunctionsCalledOnLoad');
    expect(code('index.js')).toBe(`${COMPILE_HINT}\nconst a=1;`);
    expect(code('react-dom.js')).toBe(`${COMPILE_HINT}\nexport const b=2;`);
    expect(code('app.js')).toBe(`${COMPILE_HINT}\nexport const c=3;`);
    // A source map still points at the same code, one line further down.
    expect((bundle['app.js'] as OutputChunk).map?.mappings).toBe(';AAAA,CAAC');
    expect(JSON.parse((bundle['app.js.map'] as OutputAsset).source as string)).toEqual({ version: 3, mappings: ';AAAA,CAAC' });
    // A screen loaded later is compiled as V8 usually does, a function when it is first called.
    expect(code('ChainsScreen.js')).toBe('export const d=4;');
  });

  it('accepts first-screen chunks that import the entry only', () => {
    expect(
      generate([
        { fileName: 'index.js', name: 'index', isEntry: true },
        { fileName: 'react-dom.js', name: 'react-dom', imports: ['index.js'] },
        { fileName: 'app.js', name: 'app', imports: ['index.js', 'react-dom.js'] },
      ]),
    ).not.toThrow();
  });

  it('fails the build when one imports a chunk loaded only after it (one more round trip)', () => {
    expect(
      generate([
        { fileName: 'index.js', name: 'index', isEntry: true },
        { fileName: 'react-dom.js', name: 'react-dom', imports: ['index.js'] },
        { fileName: 'app.js', name: 'app', imports: ['index.js', 'react-dom.js', 'fluent-react-portal.js'] },
        { fileName: 'fluent-react-portal.js', name: 'fluent-react-portal', imports: ['index.js'] },
      ]),
    ).toThrow(/app\.js imports fluent-react-portal\.js/);
  });

  it('fails the build when they import each other in a cycle', () => {
    expect(
      generate([
        { fileName: 'index.js', name: 'index', isEntry: true },
        { fileName: 'react-dom.js', name: 'react-dom', imports: ['app.js'] },
        { fileName: 'app.js', name: 'app', imports: ['react-dom.js'] },
      ]),
    ).toThrow(/cycle: (app|react-dom)\.js -> (react-dom|app)\.js -> (app|react-dom)\.js/);
  });
});
