/**
 * The admin's words: no project vocabulary on any screen or report. Scans every text of both
 * languages (renderer/i18n) and every string main can show or print (string and template
 * literals in main/, comments aside, read with the TypeScript parser) for the words the project
 * uses about itself: "seed", "unconfirmed", "not named in the app's sources", "Recognised by:".
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = join(__dirname, '..', '..', '..');
const FORBIDDEN: readonly RegExp[] = [
  /\bseed\b/i,
  /\bsemilla\b/i,
  /\bunconfirmed\b/i,
  /\b(?:sin|no est[aá]) confirmad[oa]\b/i,
  /not named in the app'?s sources/i,
  /\bthe app'?s sources\b/i,
  /fuentes de la aplicaci[oó]n/i,
  /this app'?s verified facts/i,
  /\bRecogni[sz]ed by:/i,
  /\bReconocido por:/i,
  /\bDOMAIN\.md\b/,
];

function files(dir: string, suffix: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return files(path, suffix);
    return path.endsWith(suffix) ? [path] : [];
  });
}

function texts(value: unknown, path: string[] = []): [string, string][] {
  if (typeof value === 'string') return [[path.join('.'), value]];
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([key, child]) => texts(child, [...path, key]));
  return [];
}

/** String and template literals of a TypeScript file, with their line. */
function literals(file: string): [string, string][] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const found: [string, string][] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isTemplateHead(node) || ts.isTemplateMiddle(node) || ts.isTemplateTail(node)) {
      // Module paths and object keys are code, not words shown to anyone.
      const parent = node.parent;
      const isImport = parent && (ts.isImportDeclaration(parent) || ts.isExportDeclaration(parent) || ts.isExternalModuleReference(parent));
      const isKey = parent && ts.isPropertyAssignment(parent) && parent.name === node;
      if (!isImport && !isKey) found.push([`${relative(ROOT, file)}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}`, node.text]);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

const hits = (entries: [string, string][]): string[] => entries.filter(([, text]) => FORBIDDEN.some((pattern) => pattern.test(text))).map(([where, text]) => `${where}: ${text}`);

describe("the admin's words", () => {
  const catalogs = files(join(ROOT, 'renderer', 'i18n'), '.json');

  it('reads both languages', () => {
    expect(catalogs.some((file) => file.endsWith(join('i18n', 'en.json')))).toBe(true);
    expect(catalogs.some((file) => file.endsWith(join('i18n', 'es', 'setup.json')))).toBe(true);
  });

  it.each(['en', 'es'])('no %s text uses project vocabulary', (lng) => {
    const mine = catalogs.filter((file) => relative(join(ROOT, 'renderer', 'i18n'), file).startsWith(lng));
    const entries = mine.flatMap((file) => texts(JSON.parse(readFileSync(file, 'utf8'))).map(([key, text]): [string, string] => [`${relative(ROOT, file)} ${key}`, text]));
    expect(entries.length).toBeGreaterThan(500);
    expect(hits(entries)).toEqual([]);
  });

  it("no English sentence main shows or prints uses project vocabulary", () => {
    const entries = files(join(ROOT, 'main'), '.ts').flatMap(literals);
    expect(entries.length).toBeGreaterThan(1000);
    expect(hits(entries)).toEqual([]);
  });

  it('catches the words it looks for', () => {
    expect(hits([['a', 'Keep the choice ISE offers (not named in the app\'s sources)'], ['b', 'Recognised by: web.implicitGrantSettings'], ['c', 'is UNCONFIRMED'], ['d', 'the seed says'], ['e', 'No está confirmado que ISE lo acepte'], ['f', 'fine']])).toHaveLength(5);
  });
});
