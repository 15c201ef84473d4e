/**
 * Reads hand-edited manifest JSON with `jsonc-parser` (the library VS Code edits settings.json
 * with). DOMAIN.md: manifests come with comments and trailing commas (the seed's own sample has
 * one), and Windows tools add a BOM or write UTF-16; they are loaded tolerantly, what was
 * repaired is said, and strict JSON is written.
 *
 * The file is never re-serialized: the repairs (comment, trailing comma, BOM) are removed as
 * edits of the text, and the merge (manifest-merge.ts) edits `keyCredentials` only, so every
 * other byte (layout, key order, duplicate keys, numbers and string escapes as written) stays.
 */
import { applyEdits, createScanner, getLocation, parseTree, type Edit, type Node, type ParseError, type ParseErrorCode, type SyntaxKind } from 'jsonc-parser';
import type { JsonRepair } from '../../../preload/types/entra';
import { ServiceError } from '../errors';
import { decodeUtf8OrWindows1252 } from './text-encoding';

export type { Node as JsonNode } from 'jsonc-parser';

export interface ManifestJson {
  /** The text with its repairs applied: strict JSON, otherwise the file as it was. */
  text: string;
  /** The tree of `text` (jsonc-parser's: offsets into `text`, duplicate keys kept). */
  root: Node;
  repairs: JsonRepair[];
}

/** Bytes to text: UTF-8 (with or without BOM) or UTF-16 with BOM, as PowerShell 5 writes it. */
export function decodeJsonBytes(bytes: Buffer): { text: string; repairs: JsonRepair[] } {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    return { text: bytes.subarray(2).toString('utf16le'), repairs: [utf16Repair('UTF-16 LE')] };
  }
  if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    const swapped = Buffer.from(bytes.subarray(2));
    swapped.swap16();
    return { text: swapped.toString('utf16le'), repairs: [utf16Repair('UTF-16 BE')] };
  }
  // Not UTF-8: Windows-1252 ("ANSI") converted and reported, or refused with the reason (text-encoding.ts).
  const decoded = decodeUtf8OrWindows1252(bytes, 'The manifest');
  if (!decoded.converted) return { text: decoded.text, repairs: [] };
  const { line, sample } = decoded.converted;
  const message = `The file was Windows-1252 ("ANSI") text, not UTF-8${sample ? ` (line ${line}: "${sample}")` : ''}; it was read as Windows-1252 and is saved as UTF-8. Check that accented letters look right.`;
  return { text: decoded.text, repairs: [{ kind: 'windows-1252', line, endLine: line, message }] };
}

function utf16Repair(encoding: string): JsonRepair {
  return { kind: 'utf16', line: 1, endLine: 1, message: `The file was ${encoding} text (as Windows PowerShell writes it); it is saved as UTF-8.` };
}

// jsonc-parser declares its codes as `const enum`s, which isolated modules cannot read: their
// values as its main.d.ts declares them (tests/unit/entra/manifest-json.test.ts exercises each).
const Token = {
  OpenBrace: 1 as SyntaxKind.OpenBraceToken,
  CloseBrace: 2 as SyntaxKind.CloseBraceToken,
  OpenBracket: 3 as SyntaxKind.OpenBracketToken,
  CloseBracket: 4 as SyntaxKind.CloseBracketToken,
  Comma: 5 as SyntaxKind.CommaToken,
  LineComment: 12 as SyntaxKind.LineCommentTrivia,
  BlockComment: 13 as SyntaxKind.BlockCommentTrivia,
  LineBreak: 14 as SyntaxKind.LineBreakTrivia,
  Blank: 15 as SyntaxKind.Trivia,
  EOF: 17 as SyntaxKind.EOF,
};
/** ScanError.UnexpectedEndOfComment */
const UNCLOSED_COMMENT = 1;
const COMMA_EXPECTED = 6 as ParseErrorCode.CommaExpected;

/** Deeper than any manifest; stops a crafted file from exhausting the parser's stack. */
const MAX_DEPTH = 256;

/** jsonc-parser's ParseErrorCode values (see above) in words. */
const PARSE_ERRORS: Partial<Record<number, string>> = {
  1: /* InvalidSymbol */ 'unexpected text',
  2: /* InvalidNumberFormat */ 'a number is not written as JSON allows',
  3: /* PropertyNameExpected */ 'expected a property name in double quotes',
  4: /* ValueExpected */ 'expected a value',
  5: /* ColonExpected */ 'expected ":" after a property name',
  6: /* CommaExpected */ 'expected "," (a comma may be missing)',
  7: /* CloseBraceExpected */ 'expected "," or "}" (a comma may be missing)',
  8: /* CloseBracketExpected */ 'expected "," or "]" (a comma may be missing)',
  9: /* EndOfFileExpected */ 'unexpected text after the end of the JSON value',
  10: /* InvalidCommentToken */ 'a comment is not closed',
  11: /* UnexpectedEndOfComment */ 'a /* comment is never closed',
  12: /* UnexpectedEndOfString */ 'a string is not closed',
  13: /* UnexpectedEndOfNumber */ 'a number is cut short',
  14: /* InvalidUnicode */ 'a string holds a bad \\u escape',
  15: /* InvalidEscapeCharacter */ 'a string holds a bad escape',
  16: /* InvalidCharacter */ 'a string holds a line break or control character',
};

function notJson(reason: string): ServiceError {
  return new ServiceError('MANIFEST_NOT_JSON', `The file is not JSON, even allowing comments and trailing commas: ${reason}.`);
}

class Lines {
  private readonly starts: number[] = [0];
  constructor(private readonly text: string) {
    for (let i = 0; i < text.length; i++) if (text[i] === '\n') this.starts.push(i + 1);
  }

  /** 1-based line of an offset. */
  line(offset: number): number {
    let low = 0;
    let high = this.starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if ((this.starts[middle] ?? 0) <= offset) low = middle;
      else high = middle - 1;
    }
    return low + 1;
  }

  where(offset: number): string {
    const line = this.line(offset);
    const column = offset - (this.starts[line - 1] ?? 0) + 1;
    const found = offset >= this.text.length ? 'the end of the file' : JSON.stringify(this.text.slice(offset, offset + 12));
    return `at line ${line}, column ${column} (found ${found})`;
  }
}

/** The text a comment takes, with the blanks around it that would be left dangling: the whole line when it is alone there. */
function commentRange(text: string, offset: number, end: number): [number, number] {
  let start = offset;
  while (start > 0 && (text[start - 1] === ' ' || text[start - 1] === '\t')) start--;
  let after = end;
  while (after < text.length && (text[after] === ' ' || text[after] === '\t')) after++;
  const lineStart = start === 0 || text[start - 1] === '\n';
  const lineEnd = after === text.length || text[after] === '\n' || text[after] === '\r';
  if (lineStart && lineEnd) {
    // Alone on its line(s): the line goes, its line break too.
    if (text.startsWith('\r\n', after)) return [start, after + 2];
    return [start, after < text.length ? after + 1 : after];
  }
  // Before other text on its line: the comment and the blanks after it; else the blanks before it.
  return lineStart ? [offset, after] : [start, end];
}

/** The first error jsonc-parser reports, as a sentence with its place. */
function parseFailure(text: string, error: ParseError, lines: Lines): ServiceError {
  const char = text[error.offset];
  let reason = char === "'" ? 'single quotes are not JSON; use double quotes' : (PARSE_ERRORS[error.error] ?? 'not valid JSON');
  if (error.error === COMMA_EXPECTED) {
    // Between two members of an object or two items of a list (the last step of the path says which).
    const inList = typeof getLocation(text, error.offset).path.at(-1) === 'number';
    reason = `expected "," or "${inList ? ']' : '}'}" (a comma may be missing)`;
  }
  return notJson(`${reason} ${lines.where(error.offset)}`);
}

/**
 * Parses manifest text allowing comments and trailing commas, then removes them (and a BOM) as
 * edits of the text, each reported with its line. Bad JSON is a ServiceError saying where.
 */
export function readManifestJson(source: string): ManifestJson {
  const repairs: JsonRepair[] = [];
  let text = source;
  if (text.startsWith('\uFEFF')) {
    text = text.slice(1);
    repairs.push({ kind: 'bom', line: 1, endLine: 1, message: 'Removed the byte order mark (BOM) at the start of the file.' });
  }
  const lines = new Lines(text);
  if (text.trim() === '') throw notJson('the file is empty');

  // Comments and trailing commas, in the order they appear; nesting depth checked before parsing.
  const removals: [number, number][] = [];
  const scanner = createScanner(text, false);
  let depth = 0;
  let lastComma = -1;
  for (let token = scanner.scan(); token !== Token.EOF; token = scanner.scan()) {
    const offset = scanner.getTokenOffset();
    if (scanner.getTokenError() === (UNCLOSED_COMMENT as number)) throw notJson(`a /* comment is never closed ${lines.where(offset)}`);
    switch (token) {
      case Token.LineComment:
      case Token.BlockComment: {
        const end = offset + scanner.getTokenLength();
        const [line, endLine] = [lines.line(offset), lines.line(end - 1)];
        const block = token === Token.BlockComment;
        const where = line === endLine ? `on line ${line}` : `on lines ${line}-${endLine}`;
        repairs.push({ kind: block ? 'block-comment' : 'line-comment', line, endLine, message: `Removed a ${block ? '/* */' : '//'} comment ${where}.` });
        removals.push(commentRange(text, offset, end));
        continue;
      }
      case Token.Blank:
      case Token.LineBreak:
        continue;
      case Token.OpenBrace:
      case Token.OpenBracket:
        if (++depth > MAX_DEPTH) throw notJson(`nesting deeper than ${MAX_DEPTH} levels ${lines.where(offset)}`);
        break;
      case Token.CloseBrace:
      case Token.CloseBracket:
        depth--;
        if (lastComma >= 0) {
          const line = lines.line(lastComma);
          const close = token === Token.CloseBrace ? '}' : ']';
          repairs.push({ kind: 'trailing-comma', line, endLine: line, message: `Removed a trailing comma before "${close}" on line ${line}.` });
          removals.push([lastComma, lastComma + 1]);
        }
        break;
      default:
        break;
    }
    lastComma = token === Token.Comma ? offset : -1;
  }

  const errors: ParseError[] = [];
  parseTree(text, errors, { disallowComments: false, allowTrailingComma: true, allowEmptyContent: false });
  const first = errors[0];
  if (first) throw parseFailure(text, first, lines);

  const strict = applyEdits(text, mergedEdits(removals));
  const strictErrors: ParseError[] = [];
  const root = parseTree(strict, strictErrors, { disallowComments: true, allowTrailingComma: false });
  // The removals only take out what the tolerant parse allowed; a strict error here is a bug of ours.
  if (!root || strictErrors.length > 0) throw notJson('the repaired text could not be read again');
  return { text: strict, root, repairs };
}

/** Overlapping or touching ranges (two comments on one line) as one edit each: applyEdits refuses overlaps. */
function mergedEdits(ranges: [number, number][]): Edit[] {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const [start, end] of sorted) {
    const last = merged.at(-1);
    if (last && start <= last[1]) last[1] = Math.max(last[1], end);
    else merged.push([start, end]);
  }
  return merged.map(([offset, end]) => ({ offset, length: end - offset, content: '' }));
}

/** The properties of an object named `key`, in order (JSON allows duplicates; callers decide). */
export function membersNamed(node: Node | undefined, key: string): Node[] {
  if (node?.type !== 'object') return [];
  return (node.children ?? []).filter((property) => property.children?.[0]?.value === key);
}

/** The value node of the last property named `key`. */
export function memberValue(node: Node | undefined, key: string): Node | undefined {
  return membersNamed(node, key).at(-1)?.children?.[1];
}

/** The string value of a member, or null when absent, null or not a string. */
export function stringMember(node: Node, key: string): string | null {
  const value = memberValue(node, key);
  return value?.type === 'string' && typeof value.value === 'string' ? value.value : null;
}

/** How the file indents and ends its lines, for the lines the merge adds. */
export function layoutOf(text: string): { insertSpaces: boolean; tabSize: number; eol: string } {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const indent = /\n([ \t]+)"/.exec(text)?.[1] ?? '  ';
  return indent.startsWith('\t') ? { insertSpaces: false, tabSize: 4, eol } : { insertSpaces: true, tabSize: indent.length, eol };
}
