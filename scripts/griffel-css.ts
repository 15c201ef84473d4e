/**
 * Griffel's CSS as a stylesheet, for electron.vite.config.ts: what Griffel's webpack extraction
 * plugin does, for Vite. After the AOT transform (ours) and in Fluent's shipped code, every style
 * hook is `__styles(classes, cssRules)` or `__resetStyles(ltr, rtl, cssRules)`; at runtime those
 * insert their rules into `<style>` elements one `insertRule` at a time, on the first render that
 * uses them. Here the rules go into one CSS file linked from index.html instead, ordered as
 * Griffel's DOM renderer orders its style elements, and the calls become `__css(classes)` and
 * `__resetCSS(ltr, rtl)`, which only compute class names.
 *
 * One file for the whole app, not one per chunk: the order between buckets (hover before active,
 * shorthands before longhands, media queries last) only holds inside one stylesheet.
 *
 * A call whose rules are not plain literals is left as it is, and the build fails if its module is
 * in the bundle (see griffelCss). Plain functions, unit-tested in tests/unit/build/griffel-css.test.ts.
 */
import { createHash } from 'node:crypto';
import { defaultCompareMediaQueries, styleBucketOrdering } from '@griffel/core';
import MagicString from 'magic-string';
import type { Plugin } from 'vite';

/** One rule as Griffel's runtime would insert it. */
export interface GriffelRule {
  bucket: string;
  css: string;
  /** `@media` condition ('m' bucket), `@container` condition ('x' bucket). */
  media?: string;
  container?: string;
  priority: number;
}

/** The ESTree subset read here (what Rollup's `this.parse` returns). */
interface Node {
  type: string;
  start: number;
  end: number;
  [key: string]: unknown;
}

/** Where the helpers come from: Griffel itself (Fluent's shipped code), or Fluent's barrel (what the AOT transform writes for our makeStyles). */
const GRIFFEL_SOURCES = new Set(['@griffel/react', '@griffel/core', '@fluentui/react-components']);
const REPLACEMENTS = { __styles: '__css', __resetStyles: '__resetCSS' } as const;
type Replaced = keyof typeof REPLACEMENTS;

class NotLiteral extends Error {}

/** The value of a literal expression (strings, template strings without expressions, numbers, null, arrays, plain objects), or NotLiteral. */
function literal(node: Node): unknown {
  switch (node.type) {
    case 'Literal':
      return node.value;
    case 'ArrayExpression':
      return (node.elements as (Node | null)[]).map((element) => {
        if (!element || element.type === 'SpreadElement') throw new NotLiteral();
        return literal(element);
      });
    case 'ObjectExpression': {
      const value: Record<string, unknown> = {};
      for (const property of node.properties as Node[]) {
        if (property.type !== 'Property' || property.computed || property.kind !== 'init') throw new NotLiteral();
        const key = property.key as Node;
        const name = key.type === 'Identifier' ? (key.name as string) : key.type === 'Literal' ? String(key.value) : null;
        if (name === null) throw new NotLiteral();
        value[name] = literal(property.value as Node);
      }
      return value;
    }
    case 'TemplateLiteral': {
      const quasis = node.quasis as { value: { cooked: string | null } }[];
      if ((node.expressions as Node[]).length > 0 || quasis[0]?.value.cooked == null) throw new NotLiteral();
      return quasis[0].value.cooked;
    }
    case 'UnaryExpression':
      if (node.operator === '-' && (node.argument as Node).type === 'Literal' && typeof (node.argument as Node).value === 'number') {
        return -((node.argument as Node).value as number);
      }
      throw new NotLiteral();
    default:
      throw new NotLiteral();
  }
}

/** Griffel's `cssRules` argument (bucket -> entries; an entry is a rule or [rule, metadata]) as rules. */
export function rulesOf(cssRules: unknown): GriffelRule[] {
  const buckets = Array.isArray(cssRules) ? { r: cssRules } : cssRules;
  if (typeof buckets !== 'object' || buckets === null) throw new NotLiteral();
  const rules: GriffelRule[] = [];
  for (const [bucket, entries] of Object.entries(buckets)) {
    if (!styleBucketOrdering.includes(bucket as never) || !Array.isArray(entries)) throw new NotLiteral();
    for (const entry of entries as unknown[]) {
      const [css, metadata = {}] = Array.isArray(entry) ? entry : [entry];
      if (typeof css !== 'string' || typeof metadata !== 'object' || metadata === null) throw new NotLiteral();
      const { m, x, p } = metadata as { m?: unknown; x?: unknown; p?: unknown };
      rules.push({
        bucket,
        css,
        ...(typeof m === 'string' && { media: m }),
        ...(typeof x === 'string' && { container: x }),
        priority: typeof p === 'number' ? p : 0,
      });
    }
  }
  return rules;
}

function walk(node: unknown, visit: (node: Node) => void): void {
  if (Array.isArray(node)) {
    for (const child of node) walk(child, visit);
    return;
  }
  if (typeof node !== 'object' || node === null || typeof (node as Node).type !== 'string') return;
  visit(node as Node);
  for (const [key, child] of Object.entries(node)) {
    if (key !== 'type' && typeof child === 'object') walk(child, visit);
  }
}

export interface Extracted {
  code: string;
  map: ReturnType<MagicString['generateMap']>;
  rules: GriffelRule[];
  /** Calls left to insert their own rules at runtime (arguments that are not literals). */
  kept: number;
}

/**
 * One module: its `__styles`/`__resetStyles` calls (imported from Griffel) rewritten, and their
 * rules. Null when it has no such call; a module whose calls were all kept comes back unchanged,
 * with `kept` counting them (the plugin fails the build if it is bundled). `parse` is Rollup's
 * (`this.parse`).
 */
export function extractModule(code: string, id: string, parse: (code: string) => unknown): Extracted | null {
  if (!code.includes('__styles') && !code.includes('__resetStyles')) return null;
  const program = parse(code) as Node;
  // The local names the Griffel helpers are imported under.
  const locals = new Map<string, { helper: Replaced; source: string }>();
  for (const statement of program.body as Node[]) {
    if (statement.type !== 'ImportDeclaration' || !GRIFFEL_SOURCES.has((statement.source as Node).value as string)) continue;
    for (const specifier of statement.specifiers as Node[]) {
      if (specifier.type !== 'ImportSpecifier') continue;
      const imported = specifier.imported as Node;
      const name = (imported.type === 'Identifier' ? imported.name : imported.value) as string;
      if (name === '__styles' || name === '__resetStyles') {
        locals.set((specifier.local as Node).name as string, { helper: name, source: (statement.source as Node).value as string });
      }
    }
  }
  if (locals.size === 0) return null;
  const output = new MagicString(code);
  const rules: GriffelRule[] = [];
  /**
   * The replacements to import, by local name: each from the module its helper came from
   * (@griffel/core's `__css` is the plain function, @griffel/react's the hook).
   */
  const imports = new Map<string, { name: string; source: string }>();
  let kept = 0;
  walk(program, (node) => {
    if (node.type !== 'CallExpression') return;
    const callee = node.callee as Node;
    const imported = callee.type === 'Identifier' ? locals.get(callee.name as string) : undefined;
    if (!imported) return;
    const { helper, source } = imported;
    const args = node.arguments as Node[];
    const arity = helper === '__styles' ? 2 : 3;
    const rulesArgument = args[arity - 1];
    let found: GriffelRule[];
    try {
      if (args.length !== arity || !rulesArgument) throw new NotLiteral();
      found = rulesOf(literal(rulesArgument));
    } catch (error) {
      if (!(error instanceof NotLiteral)) throw error;
      kept += 1;
      return;
    }
    rules.push(...found);
    const replacement = REPLACEMENTS[helper];
    const local = `__griffel_${replacement}_${[...GRIFFEL_SOURCES].indexOf(source)}`;
    imports.set(local, { name: replacement, source });
    output.overwrite(callee.start, callee.end, local);
    // Drop the rules argument, with the comma before it.
    output.remove((args[arity - 2] as Node).end, rulesArgument.end);
  });
  if (imports.size === 0 && kept === 0) return null;
  for (const [local, { name, source }] of imports) output.prepend(`import { ${name} as ${local} } from ${JSON.stringify(source)};\n`);
  return { code: output.toString(), map: output.generateMap({ hires: true, source: id }), rules, kept };
}

const BUCKET_ORDER = new Map<string, number>(styleBucketOrdering.map((bucket, index) => [bucket, index]));

/**
 * The stylesheet: rules in the order Griffel's DOM renderer keeps its style elements (by bucket;
 * media and container queries by their condition, as its default comparer sorts them; then by
 * priority), each rule once, in first-seen order within its sheet.
 */
export function stylesheet(rules: Iterable<GriffelRule>): string {
  const seen = new Set<string>();
  const unique: GriffelRule[] = [];
  for (const rule of rules) {
    if (seen.has(rule.css)) continue;
    seen.add(rule.css);
    unique.push(rule);
  }
  const ordered = unique
    .map((rule, index) => ({ rule, index }))
    .sort((a, b) => {
      const bucket = (BUCKET_ORDER.get(a.rule.bucket) ?? 0) - (BUCKET_ORDER.get(b.rule.bucket) ?? 0);
      if (bucket !== 0) return bucket;
      if (a.rule.bucket === 'm') {
        const media = defaultCompareMediaQueries(a.rule.media ?? '', b.rule.media ?? '');
        if (media !== 0) return media;
      }
      if (a.rule.bucket === 'x') {
        const container = defaultCompareMediaQueries(a.rule.container ?? '', b.rule.container ?? '');
        if (container !== 0) return container;
      }
      return a.rule.priority - b.rule.priority || a.index - b.index;
    });
  return ordered.map(({ rule }) => rule.css).join('\n') + '\n';
}

/**
 * The Vite plugin (build only): rewrites the calls, emits assets/griffel-<hash>.css with the rules
 * of every module in the bundle, links it from index.html. A module in the bundle with a call it
 * could not rewrite fails the build: its rules would be inserted after the stylesheet at runtime
 * and win over rules that should win over them.
 */
export function griffelCss(): Plugin {
  const byModule = new Map<string, { rules: GriffelRule[]; kept: number }>();
  return {
    name: 'ise-intune:griffel-css',
    apply: 'build',
    enforce: 'post',
    buildStart() {
      byModule.clear();
    },
    transform(code, id) {
      if (!/\.[cm]?[jt]sx?$/.test(id.split('?')[0] ?? '')) return null;
      const extracted = extractModule(code, id, (source) => this.parse(source));
      if (!extracted) return null;
      byModule.set(id, { rules: extracted.rules, kept: extracted.kept });
      return extracted.code === code ? null : { code: extracted.code, map: extracted.map };
    },
    generateBundle: {
      order: 'post',
      handler(_options, bundle) {
        const rules: GriffelRule[] = [];
        for (const output of Object.values(bundle)) {
          if (output.type !== 'chunk') continue;
          for (const [id, { renderedLength }] of Object.entries(output.modules)) {
            const module = byModule.get(id);
            // A module tree-shaken to nothing keeps its place in the chunk's list, but none of its styles.
            if (!module || renderedLength === 0) continue;
            if (module.kept > 0) this.error(`${id}: ${module.kept} Griffel call(s) whose rules are not literals; they cannot go in the stylesheet`);
            rules.push(...module.rules);
          }
        }
        const css = stylesheet(rules);
        const fileName = `assets/griffel-${createHash('sha256').update(css).digest('base64url').slice(0, 8)}.css`;
        this.emitFile({ type: 'asset', fileName, source: css });
        const html = bundle['index.html'];
        if (html?.type !== 'asset' || typeof html.source !== 'string' || !html.source.includes('</head>')) {
          return this.error('index.html is not in the bundle: the Griffel stylesheet cannot be linked');
        }
        html.source = html.source.replace('</head>', `  <link rel="stylesheet" href="./${fileName}">\n  </head>`);
      },
    },
  };
}
