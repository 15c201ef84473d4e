import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createDOMRenderer, styleBucketOrdering } from '@griffel/core';
import fc from 'fast-check';
import { Window } from 'happy-dom';
import { parseAst } from 'rollup/parseAst';
import { afterAll, describe, expect, it } from 'vitest';
import { extractModule, rulesOf, stylesheet, type GriffelRule } from '../../../scripts/griffel-css';

const parse = (code: string) => parseAst(code);

/** A style hook module as Fluent ships them (and as the AOT transform writes ours). */
const FLUENT_MODULE = `import { __styles, __resetStyles, mergeClasses } from "@griffel/react";
export const useStyles = /*#__PURE__*/__styles({
  root: { sj55zd: "f1", Byoj8tv: 0, B0ocmuz: "f2" },
  hovered: { Bi91k9c: "f3" },
}, {
  d: [".f1{color:red;}", [".f2{padding:0;}", { p: -1 }]],
  h: [".f3:hover{color:blue;}"],
  m: [["@media (forced-colors: active){.f4{color:CanvasText;}}", { m: "(forced-colors: active)" }]],
});
export const useRoot = __resetStyles("r1", null, [".r1{display:flex;}"]);
export const useRtl = __resetStyles("r2", "r3", { r: [".r2{margin-left:0;}", ".r3{margin-right:0;}"], s: ["@supports (display:grid){.r2{display:grid;}}"] });
export const merged = mergeClasses("a", "b");
`;

describe('extractModule', () => {
  it('turns __styles and __resetStyles into __css and __resetCSS and collects their rules', () => {
    const extracted = extractModule(FLUENT_MODULE, '/x/useStyles.styles.js', parse);
    expect(extracted).not.toBeNull();
    const { code, rules, kept } = extracted!;
    expect(kept).toBe(0);
    expect(code).toMatch(/^import \{ __css as (\w+) \} from "@griffel\/react";$/m);
    expect(code).toMatch(/^import \{ __resetCSS as (\w+) \} from "@griffel\/react";$/m);
    // No rule text is left in the code; the class maps and class names are.
    expect(code).not.toMatch(/\{color:red;\}|display:flex|@media|@supports/);
    expect(code).toContain('sj55zd: "f1"');
    expect(code).toMatch(/__griffel_\w+\("r1", null\)/);
    expect(code).toMatch(/__griffel_\w+\("r2", "r3"\)/);
    expect(code).toContain('mergeClasses("a", "b")');
    expect(rules).toEqual<GriffelRule[]>([
      { bucket: 'd', css: '.f1{color:red;}', priority: 0 },
      { bucket: 'd', css: '.f2{padding:0;}', priority: -1 },
      { bucket: 'h', css: '.f3:hover{color:blue;}', priority: 0 },
      { bucket: 'm', css: '@media (forced-colors: active){.f4{color:CanvasText;}}', media: '(forced-colors: active)', priority: 0 },
      { bucket: 'r', css: '.r1{display:flex;}', priority: 0 },
      { bucket: 'r', css: '.r2{margin-left:0;}', priority: 0 },
      { bucket: 'r', css: '.r3{margin-right:0;}', priority: 0 },
      { bucket: 's', css: '@supports (display:grid){.r2{display:grid;}}', priority: 0 },
    ]);
    // Still a module that parses.
    expect(() => parse(code)).not.toThrow();
  });

  it('imports the replacement from where the helper came from, under any local name', () => {
    const code = `import { __styles as s } from "@fluentui/react-components";\nexport const useA = s({ a: { x: "f1" } }, { d: [".f1{top:0;}"] });\n`;
    const extracted = extractModule(code, '/app/renderer/A.tsx', parse);
    expect(extracted?.code).toMatch(/import \{ __css as (\w+) \} from "@fluentui\/react-components";[\s\S]*useA = \1\(\{ a: \{ x: "f1" \} \}\)/);
    expect(extracted?.rules).toEqual([{ bucket: 'd', css: '.f1{top:0;}', priority: 0 }]);
  });

  it('reads template strings without expressions (as Fluent writes rules with quotes in them)', () => {
    const code = 'import { __styles } from "@griffel/react";\nexport const u = __styles({ a: { x: "f1" } }, { d: [`.f1{background:url("a.png");}`] });\n';
    expect(extractModule(code, 'a.js', parse)?.rules).toEqual([{ bucket: 'd', css: '.f1{background:url("a.png");}', priority: 0 }]);
  });

  it('leaves a call whose rules are not literals as it is, and counts it', () => {
    const code = 'import { __styles } from "@griffel/react";\nconst rules = { d: [".f1{top:0;}"] };\nexport const a = __styles({ a: { x: "f1" } }, rules);\nexport const b = __styles({ b: { x: "f2" } }, { d: [`.f2{top:${1}px;}`] });\n';
    // All kept: the module is unchanged, but the calls are counted (the plugin fails a build that bundles it).
    const allKept = extractModule(code, 'a.js', parse);
    expect(allKept).toMatchObject({ code, rules: [], kept: 2 });
    const mixed = `${code}export const c = __styles({ c: { x: "f3" } }, { d: [".f3{left:0;}"] });\n`;
    const extracted = extractModule(mixed, 'a.js', parse);
    expect(extracted?.kept).toBe(2);
    expect(extracted?.code).toContain('__styles({ a: { x: "f1" } }, rules)');
    expect(extracted?.rules).toEqual([{ bucket: 'd', css: '.f3{left:0;}', priority: 0 }]);
  });

  it('leaves modules alone that do not import the helpers from Griffel', () => {
    expect(extractModule('export const a = 1;', 'a.js', parse)).toBeNull();
    const local = 'function __styles(a, b) { return [a, b]; }\nexport const s = __styles({}, { d: [".f1{top:0;}"] });\n';
    expect(extractModule(local, 'a.js', parse)).toBeNull();
  });

  const workDir = join(import.meta.dirname, '../../../node_modules/.cache/griffel-css-test');
  afterAll(() => rmSync(workDir, { recursive: true, force: true }));

  it('gives code that computes the same class names as the original, and inserts nothing', async () => {
    // @griffel/core's helpers are plain functions (the React ones are hooks): run both versions.
    const original = `import { __styles, __resetStyles } from "@griffel/core";
export const useA = __styles({ root: { sj55zd: "f1", Byoj8tv: 0, B0ocmuz: "f2" }, rtl: { B9xav0g: ["f5", "f6"] } }, { d: [".f1{color:red;}", [".f2{padding:0;}", { p: -1 }], ".f5{left:0;}", ".f6{right:0;}"] });
export const useB = __resetStyles("r1", "r2", [".r1{left:0;}", ".r2{right:0;}"]);
`;
    const extracted = extractModule(original, 'styles.js', parse);
    mkdirSync(workDir, { recursive: true });
    writeFileSync(join(workDir, 'original.mjs'), original);
    writeFileSync(join(workDir, 'extracted.mjs'), extracted!.code);
    const before = (await import(pathToFileURL(join(workDir, 'original.mjs')).href)) as Record<string, (options: object) => unknown>;
    const after = (await import(pathToFileURL(join(workDir, 'extracted.mjs')).href)) as Record<string, (options: object) => unknown>;
    const inserted: unknown[] = [];
    const renderer = { ...createDOMRenderer(undefined), insertCSSRules: (rules: unknown) => void inserted.push(rules) };
    for (const dir of ['ltr', 'rtl']) {
      expect(after.useA!({ dir })).toEqual(before.useA!({ dir, renderer }));
      expect(after.useB!({ dir })).toEqual(before.useB!({ dir, renderer }));
    }
    expect(inserted.length).toBeGreaterThan(0);
  });
});

describe('rulesOf', () => {
  it('refuses buckets Griffel does not have', () => {
    expect(() => rulesOf({ z: ['.a{}'] })).toThrow();
    expect(rulesOf([".a{top:0;}"])).toEqual([{ bucket: 'r', css: '.a{top:0;}', priority: 0 }]);
  });
});

describe('stylesheet', () => {
  it('keeps each rule once', () => {
    const rule: GriffelRule = { bucket: 'd', css: '.a{top:0;}', priority: 0 };
    expect(stylesheet([rule, { ...rule }])).toBe('.a{top:0;}\n');
  });

  /**
   * The reference: Griffel's own DOM renderer, in happy-dom, given the same rules in the same
   * order (in several insertCSSRules calls, as hooks run one by one). Its style elements, in the
   * head's order, read one after another, must give the same rules in the same order as the
   * stylesheet: buckets, priorities and media queries ordered as it orders them.
   */
  it('orders rules as Griffel orders its style elements', () => {
    const buckets = styleBucketOrdering.filter((bucket) => bucket !== 'x' && bucket !== 'c');
    const media = ['(forced-colors: active)', '(max-width: 600px)', '(min-width: 480px)', 'screen and (prefers-reduced-motion: reduce)'];
    const ruleArbitrary = fc.record({
      bucket: fc.constantFrom(...buckets),
      priority: fc.constantFrom(0, -1, -2),
      media: fc.constantFrom(...media),
    });
    fc.assert(
      fc.property(fc.array(fc.array(ruleArbitrary, { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 12 }), (hooks) => {
        let id = 0;
        const all: GriffelRule[] = [];
        const window = new Window();
        const renderer = createDOMRenderer(window.document as unknown as Document);
        for (const hook of hooks) {
          const buckets: Record<string, unknown[]> = {};
          for (const { bucket, priority, media: query } of hook) {
            id += 1;
            const name = `c${id}`;
            const css =
              bucket === 'm' ? `@media ${query}{.${name}{color:red;}}` :
              bucket === 'k' ? `@keyframes ${name}{from{opacity:0;}to{opacity:1;}}` :
              bucket === 't' || bucket === 's' ? `@supports (display:grid){.${name}{display:grid;}}` :
              `.${name}{color:red;}`;
            const metadata = { ...(priority !== 0 && { p: priority }), ...(bucket === 'm' && { m: query }) };
            (buckets[bucket] ??= []).push(Object.keys(metadata).length ? [css, metadata] : css);
            all.push({ bucket, css, priority, ...(bucket === 'm' && { media: query }) });
          }
          renderer.insertCSSRules(buckets as never);
        }
        const fromDom = [...window.document.head.querySelectorAll('style')].flatMap((element) =>
          [...(element.sheet?.cssRules ?? [])].map((rule) => /\bc(\d+)\b/.exec(rule.cssText)?.[0]),
        );
        const ours = stylesheet(all)
          .trim()
          .split('\n')
          .map((css) => /\bc(\d+)\b/.exec(css)?.[0]);
        expect(ours).toEqual(fromDom);
      }),
      { numRuns: 150 },
    );
  });
});
