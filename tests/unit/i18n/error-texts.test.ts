/**
 * Every error code main can send to the window has a text in English and in Spanish, found the way
 * the renderer finds it: `errorTextKeys` (renderer/components/error-text-keys.ts), which ErrorNotice uses (a screen's own
 * `<ns>.errors.CODE`, then the shared `errors.CODE`), with each language on its own (the app falls
 * back to English, which would hide a missing Spanish text). Finding codes need their title, cause
 * and fix in both. No code is left to main's English sentence on purpose: ErrorNotice keeps that
 * sentence (it names the host, file or Microsoft's code) under the folded details anyway.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { createInstance, type i18n as I18n } from 'i18next';
import { describe, expect, it } from 'vitest';
import { errorTextKeys } from '../../../renderer/components/error-text-keys';
import { resources } from '../../../renderer/i18n/resources';

/** Screens whose notices look up their own `<ns>.errors.*` first (ChainsText, IseText, SetupErrorNotice, TroubleshootScreen, AuditSection). */
const SCREEN_NAMESPACES = ['chains', 'ise', 'setup', 'troubleshoot', 'connection'];
const LANGUAGES = ['en', 'es'] as const;
const CODE = /'([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*)'/g;

function sourceFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

function literals(text: string): string[] {
  return [...text.matchAll(CODE)].map((match) => match[1] as string);
}

/** The first argument of the call whose `(` is at `open`, up to the first comma outside brackets. */
function firstArgument(text: string, open: number): string {
  let depth = 0;
  for (let index = open + 1; index < text.length; index += 1) {
    const char = text[index] as string;
    if ('([{'.includes(char)) depth += 1;
    else if (')]}'.includes(char)) {
      if (depth === 0) return text.slice(open + 1, index);
      depth -= 1;
    } else if (char === ',' && depth === 0) return text.slice(open + 1, index);
  }
  return '';
}

interface Scan {
  codes: Map<string, string[]>;
  /** `new ServiceError(code, …)` whose code this scan could not resolve to literals. */
  unresolved: string[];
}

/**
 * Codes as main makes them: `new ServiceError('CODE'` (and `super('CODE'` in its subclasses), a
 * computed first argument resolved through its `const` in the same file, `['CODE', 'sentence']`
 * pairs that feed one, dispatch's `fail('CODE'`, and `error: { code: 'CODE'` results.
 */
function scanMain(): Scan {
  const codes = new Map<string, string[]>();
  const unresolved: string[] = [];
  const add = (code: string, file: string) => codes.set(code, [...(codes.get(code) ?? []), file]);
  // Subclasses that pass their own `code` parameter on are read where they are made.
  const subclasses = sourceFiles('main').flatMap((file) => {
    const text = readFileSync(file, 'utf8');
    return /constructor\(\s*code\s*:[^)]*\)\s*\{?\s*super\(\s*code\s*,/.test(text) ? [...text.matchAll(/class (\w+) extends ServiceError/g)].map((match) => match[1] as string) : [];
  });
  const made = new RegExp(`new (?:${['ServiceError', ...subclasses].join('|')})\\(`, 'g');
  for (const file of sourceFiles('main')) {
    const text = readFileSync(file, 'utf8');
    const calls = /extends ServiceError/.test(text) ? new RegExp(`${made.source}|super\\(`, 'g') : made;
    for (const match of text.matchAll(calls)) {
      const argument = firstArgument(text, (match.index ?? 0) + match[0].length - 1).trim();
      if (match[0] === 'super(' && argument === 'code' && /constructor\(\s*code\s*:/.test(text)) continue;
      const found = literals(argument);
      if (found.length > 0) {
        found.forEach((code) => add(code, file));
        continue;
      }
      // A ServiceError rethrown with more context keeps a code made elsewhere.
      if (/^\w+\.code$/.test(argument)) continue;
      const declared = new RegExp(`const \\[?\\s*${argument}\\b[^=]*=([^;]+);`).exec(text)?.[1] ?? '';
      const paired = [...text.matchAll(/\[\s*'([A-Z][A-Z0-9_]+)',\s*[`'"][^`'"\n]* /g)].map((pair) => pair[1] as string);
      const resolved = [...literals(declared), ...paired];
      if (resolved.length === 0) unresolved.push(`${file}: new ServiceError(${argument}, …)`);
      resolved.forEach((code) => add(code, file));
    }
    for (const match of text.matchAll(/\bfail\(\s*'([A-Z][A-Z0-9_]+)'/g)) add(match[1] as string, file);
    for (const match of text.matchAll(/error:\s*\{\s*code:\s*'([A-Z][A-Z0-9_]+)'/g)) add(match[1] as string, file);
  }
  return { codes, unresolved };
}

/** The members of `export type Name = 'A' | 'B' | …` (or `Other | 'C'`, following Other in the same file list). */
function unionMembers(files: string[], name: string): string[] {
  const all = files.map((file) => readFileSync(file, 'utf8')).join('\n');
  const body = new RegExp(`export type ${name} =([^;]+);`).exec(all)?.[1] ?? '';
  const referenced = [...body.matchAll(/\b([A-Z]\w+Code)\b/g)].flatMap((match) => unionMembers(files, match[1] as string));
  return [...new Set([...literals(body), ...referenced])];
}

function language(lng: (typeof LANGUAGES)[number]): I18n {
  const instance = createInstance();
  void instance.init({ resources, lng, fallbackLng: false, initAsync: false, interpolation: { escapeValue: false } });
  return instance;
}

const scan = scanMain();
const codes = [...scan.codes.keys()].sort();

describe('error texts', () => {
  it('finds the codes main makes', () => {
    expect(scan.unresolved, 'computed codes this test cannot read: write them as literals or a const').toEqual([]);
    // The scan itself works: codes from each way of making one.
    expect(codes).toEqual(expect.arrayContaining(['SIGN_IN_REQUIRED', 'ISE_CERT_CHANGED', 'GRAPH_FORBIDDEN', 'INVALID_GRAPH_URL', 'HOST_NOT_FOUND', 'NOT_A_CERTIFICATE', 'UNKNOWN_CHANNEL', 'UNREADABLE_FILE', 'AIA_PROXY_AUTH', 'AIA_TOO_LARGE']));
    expect(codes.length).toBeGreaterThan(150);
  });

  it.each(LANGUAGES)('every code has a text in %s', (lng) => {
    const i18n = language(lng);
    const keys = (code: string) => [...errorTextKeys(code), ...SCREEN_NAMESPACES.flatMap((ns) => errorTextKeys(code, ns))];
    const missing = codes.filter((code) => !keys(code).some((key) => i18n.exists(key))).map((code) => `${code} (${scan.codes.get(code)?.[0] ?? ''})`);
    expect(missing).toEqual([]);
  });

  it.each(LANGUAGES)('the audit panel words every code of the live checks in %s (connection.errors, then errors)', (lng) => {
    const i18n = language(lng);
    // The audit reaches Microsoft through the live transport, and its proxy tunnel: what AuditSection's ErrorNotice shows.
    const live = (files: string[]) => files.some((file) => /^main[\\/](services[\\/]entra[\\/]live[\\/]|services[\\/]workbench[\\/]audit-workbench|services[\\/]tls[\\/]proxy)/.test(file));
    const missing = codes.filter((code) => live(scan.codes.get(code) ?? []) && !errorTextKeys(code, 'connection').some((key) => i18n.exists(key)));
    expect(missing).toEqual([]);
  });

  it('a code has one text: a screen that words it itself is not overridden by the shared one', () => {
    // Those screens pass their own text to ErrorNotice as the message; a shared errors.CODE would replace it.
    const shared = Object.keys(resources.en.translation.errors);
    const twice = SCREEN_NAMESPACES.flatMap((ns) => {
      const own = (resources.en.translation as unknown as Record<string, { errors?: Record<string, string> }>)[ns]?.errors ?? {};
      return Object.keys(own).filter((code) => shared.includes(code)).map((code) => `${ns}.errors.${code}`);
    });
    expect(twice).toEqual([]);
  });
});

describe('finding texts', () => {
  const findingCodes = unionMembers(['preload/types/diagnosis.ts', 'preload/types/live.ts'], 'LiveFindingCode');

  it('reads the finding codes', () => {
    expect(findingCodes).toEqual(expect.arrayContaining(['PKIX_PATH', 'UNKNOWN_AADSTS', 'INTUNE_NOT_DISCOVERED', 'INTUNE_REFUSED']));
  });

  it.each(LANGUAGES)('every finding has its title, cause and fix in %s', (lng) => {
    const i18n = language(lng);
    // Troubleshoot's FindingCard reads troubleshoot.codes.*; the findings only the connection test makes live in connection.codes.*.
    const missing = findingCodes.flatMap((code) =>
      ['title', 'cause', 'remedy'].filter((part) => !['troubleshoot', 'connection'].some((ns) => i18n.exists(`${ns}.codes.${code}.${part}`))).map((part) => `${code}.${part}`),
    );
    expect(missing).toEqual([]);
  });
});
