import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { ManualChunkMeta, ModuleInfo, OutputBundle, OutputChunk } from 'rollup';
import { describe, expect, it } from 'vitest';
import { barrelExports, firstScreenChunks, importedNames, rendererChunks, staticClosure } from '../../../scripts/renderer-chunks';

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

describe('barrelExports', () => {
  it('maps each exported name to its package, past comments and aliases', () => {
    const exported = barrelExports(BARREL_CODE);
    expect(exported.get('makeStyles')).toBe('@griffel/react');
    expect(exported.get('Toggle')).toBe('@fluentui/react-button');
    expect(exported.get('ToggleButton')).toBeUndefined();
    expect(exported.get('Table')).toBe('@fluentui/react-table');
  });
  it("reads Fluent's own barrel (the one the build meets)", () => {
    const require = createRequire(import.meta.url);
    const file = join(dirname(require.resolve('@fluentui/react-components')), '..', 'lib', 'index.js');
    const exported = barrelExports(readFileSync(file, 'utf8'));
    expect(exported.get('Button')).toBe('@fluentui/react-button');
    expect(exported.get('makeStyles')).toBe('@griffel/react');
    expect(exported.get('NavDrawer')).toBe('@fluentui/react-nav');
    expect(exported.get('useFluent')).toBe('@fluentui/react-shared-contexts');
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
    expect([...closure].sort()).toEqual(['/app/node_modules/@fluentui/react-button/lib/Button.js', BUTTON, GRIFFEL, '/app/renderer/Screen.tsx', '/app/renderer/util.ts'].sort());
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
  const generate = (chunks: Partial<OutputChunk>[]) => {
    const bundle = Object.fromEntries(chunks.map((chunk) => [chunk.fileName, { type: 'chunk', isEntry: false, imports: [], ...chunk }])) as unknown as OutputBundle;
    const hook = plugin.generateBundle as unknown as (options: unknown, bundle: OutputBundle) => void;
    return () => hook.call({}, {}, bundle);
  };

  it('accepts first-screen chunks that import the entry only', () => {
    expect(
      generate([
        { fileName: 'index.js', name: 'index', isEntry: true },
        { fileName: 'react-dom.js', name: 'react-dom', imports: ['index.js'] },
        { fileName: 'app.js', name: 'app', imports: ['index.js', 'react-dom.js'] },
      ]),
    ).not.toThrow();
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
