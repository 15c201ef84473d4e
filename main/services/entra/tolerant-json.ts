/**
 * Reads hand-edited JSON (DOMAIN.md: manifests come with comments and trailing commas — the
 * seed's own sample has one — and Windows tools add a BOM or write UTF-16) and writes strict
 * JSON back.
 *
 * The reader builds its own tree instead of using JSON.parse because the output must equal the
 * input everywhere but `keyCredentials`: JSON.parse moves integer-like keys ("10") to the
 * front of an object, drops all but the last of duplicate keys, and respells numbers (1.0,
 * 1e2, integers beyond 2^53) and string escapes. The tree keeps every key in order and every
 * number and string exactly as written.
 */
import type { JsonRepair } from '../../../preload/types/entra';
import { ServiceError } from '../errors';
import { decodeUtf8OrWindows1252 } from './text-encoding';

export type JsonNode =
  | { kind: 'object'; members: JsonMember[] }
  | { kind: 'array'; items: JsonNode[] }
  /** `raw` is the literal as written, quotes included; `value` is what it means. */
  | { kind: 'string'; value: string; raw: string }
  | { kind: 'number'; raw: string }
  | { kind: 'boolean'; value: boolean }
  | { kind: 'null' };

export interface JsonMember {
  key: string;
  rawKey: string;
  value: JsonNode;
}

export interface TolerantJson {
  root: JsonNode;
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

export function parseTolerantJson(text: string): TolerantJson {
  const reader = new Reader(text);
  if (text.startsWith('\uFEFF')) {
    reader.position = 1;
    reader.repairs.push({ kind: 'bom', line: 1, endLine: 1, message: 'Removed the byte order mark (BOM) at the start of the file.' });
  }
  reader.skipTrivia();
  if (reader.atEnd()) throw notJson('the file is empty');
  const root = reader.value();
  reader.skipTrivia();
  if (!reader.atEnd()) throw reader.fail('unexpected text after the end of the JSON value');
  return { root, repairs: reader.repairs };
}

/** Strict JSON in JSON.stringify's 2-space layout, literals kept as written. */
export function serializeJson(node: JsonNode, indent = '  ', depth = 0): string {
  const inner = indent.repeat(depth + 1);
  const outer = indent.repeat(depth);
  switch (node.kind) {
    case 'object':
      if (node.members.length === 0) return '{}';
      return `{\n${node.members.map((m) => `${inner}${m.rawKey}: ${serializeJson(m.value, indent, depth + 1)}`).join(',\n')}\n${outer}}`;
    case 'array':
      if (node.items.length === 0) return '[]';
      return `[\n${node.items.map((item) => `${inner}${serializeJson(item, indent, depth + 1)}`).join(',\n')}\n${outer}]`;
    case 'string':
    case 'number':
      return node.raw;
    case 'boolean':
      return String(node.value);
    case 'null':
      return 'null';
  }
}

/** A tree for a plain value made by the app (new keyCredentials): keys in insertion order. */
export function toJsonNode(value: unknown): JsonNode {
  if (value === null) return { kind: 'null' };
  if (typeof value === 'string') return { kind: 'string', value, raw: JSON.stringify(value) };
  if (typeof value === 'boolean') return { kind: 'boolean', value };
  if (typeof value === 'number' && Number.isFinite(value)) return { kind: 'number', raw: JSON.stringify(value) };
  if (Array.isArray(value)) return { kind: 'array', items: value.map(toJsonNode) };
  if (typeof value === 'object') {
    return {
      kind: 'object',
      members: Object.entries(value as Record<string, unknown>).map(([key, item]) => ({ key, rawKey: JSON.stringify(key), value: toJsonNode(item) })),
    };
  }
  throw new TypeError(`cannot represent ${typeof value} in JSON`);
}

/** The members of an object named `key` (JSON allows duplicates; callers decide). */
export function membersNamed(node: JsonNode, key: string): JsonMember[] {
  return node.kind === 'object' ? node.members.filter((member) => member.key === key) : [];
}

/** The string value of a member, or null when absent, null or not a string. */
export function stringMember(node: JsonNode, key: string): string | null {
  const value = membersNamed(node, key).at(-1)?.value;
  return value?.kind === 'string' ? value.value : null;
}

function notJson(reason: string): ServiceError {
  return new ServiceError('MANIFEST_NOT_JSON', `The file is not JSON, even allowing comments and trailing commas: ${reason}.`);
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
// JSON forbids raw control characters inside strings.
// eslint-disable-next-line no-control-regex
const STRING = /"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/y;
/** Deeper than any manifest; stops a crafted file from exhausting the stack. */
const MAX_DEPTH = 256;
const LITERALS: [string, JsonNode][] = [['true', { kind: 'boolean', value: true }], ['false', { kind: 'boolean', value: false }], ['null', { kind: 'null' }]];

class Reader {
  position = 0;
  private depth = 0;
  readonly repairs: JsonRepair[] = [];
  private readonly lineStarts: number[] = [0];

  constructor(private readonly text: string) {
    for (let i = 0; i < text.length; i++) if (text[i] === '\n') this.lineStarts.push(i + 1);
  }

  atEnd(): boolean {
    return this.position >= this.text.length;
  }

  lineOf(offset: number): number {
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if ((this.lineStarts[middle] ?? 0) <= offset) low = middle;
      else high = middle - 1;
    }
    return low + 1;
  }

  fail(reason: string): ServiceError {
    const line = this.lineOf(this.position);
    const column = this.position - (this.lineStarts[line - 1] ?? 0) + 1;
    const found = this.atEnd() ? 'the end of the file' : JSON.stringify(this.text.slice(this.position, this.position + 12));
    return notJson(`${reason} at line ${line}, column ${column} (found ${found})`);
  }

  /** Whitespace and comments; comments are recorded as repairs. Strings never reach here, so `//` in a URL is safe. */
  skipTrivia(): void {
    for (;;) {
      const char = this.text[this.position];
      if (char === ' ' || char === '\t' || char === '\n' || char === '\r') {
        this.position++;
      } else if (this.text.startsWith('//', this.position)) {
        const start = this.position;
        const end = this.text.indexOf('\n', start);
        this.position = end < 0 ? this.text.length : end;
        const line = this.lineOf(start);
        this.repairs.push({ kind: 'line-comment', line, endLine: line, message: `Removed a // comment on line ${line}.` });
      } else if (this.text.startsWith('/*', this.position)) {
        const start = this.position;
        const end = this.text.indexOf('*/', start + 2);
        if (end < 0) throw this.fail('a /* comment is never closed');
        this.position = end + 2;
        const [line, endLine] = [this.lineOf(start), this.lineOf(end)];
        const where = line === endLine ? `on line ${line}` : `on lines ${line}-${endLine}`;
        this.repairs.push({ kind: 'block-comment', line, endLine, message: `Removed a /* */ comment ${where}.` });
      } else {
        return;
      }
    }
  }

  value(): JsonNode {
    const char = this.text[this.position];
    if (char === '{' || char === '[') {
      if (++this.depth > MAX_DEPTH) throw this.fail(`nesting deeper than ${MAX_DEPTH} levels`);
      const node = char === '{' ? this.object() : this.array();
      this.depth--;
      return node;
    }
    if (char === '"') return this.string();
    NUMBER.lastIndex = this.position;
    const number = NUMBER.exec(this.text);
    if (number) {
      this.position += number[0].length;
      return { kind: 'number', raw: number[0] };
    }
    for (const [word, node] of LITERALS) {
      if (this.text.startsWith(word, this.position)) {
        this.position += word.length;
        return node;
      }
    }
    if (char === "'") throw this.fail('single quotes are not JSON; use double quotes');
    throw this.fail('expected a value');
  }

  private string(): { kind: 'string'; value: string; raw: string } {
    STRING.lastIndex = this.position;
    const match = STRING.exec(this.text);
    if (!match) throw this.fail('a string is not closed or holds a line break or bad escape');
    this.position += match[0].length;
    return { kind: 'string', value: JSON.parse(match[0]) as string, raw: match[0] };
  }

  /** After a comma: a closing bracket right away is a trailing comma, repaired. */
  private closesAfterComma(comma: number, close: '}' | ']'): boolean {
    this.skipTrivia();
    if (this.text[this.position] !== close) return false;
    const line = this.lineOf(comma);
    this.repairs.push({ kind: 'trailing-comma', line, endLine: line, message: `Removed a trailing comma before "${close}" on line ${line}.` });
    return true;
  }

  private object(): JsonNode {
    this.position++;
    const members: JsonMember[] = [];
    this.skipTrivia();
    if (this.text[this.position] === '}') {
      this.position++;
      return { kind: 'object', members };
    }
    for (;;) {
      this.skipTrivia();
      if (this.text[this.position] !== '"') throw this.fail('expected a property name in double quotes');
      const key = this.string();
      this.skipTrivia();
      if (this.text[this.position] !== ':') throw this.fail('expected ":" after a property name');
      this.position++;
      this.skipTrivia();
      members.push({ key: key.value, rawKey: key.raw, value: this.value() });
      this.skipTrivia();
      const next = this.text[this.position];
      if (next === '}') {
        this.position++;
        return { kind: 'object', members };
      }
      if (next !== ',') throw this.fail('expected "," or "}" (a comma may be missing)');
      const comma = this.position++;
      if (this.closesAfterComma(comma, '}')) {
        this.position++;
        return { kind: 'object', members };
      }
    }
  }

  private array(): JsonNode {
    this.position++;
    const items: JsonNode[] = [];
    this.skipTrivia();
    if (this.text[this.position] === ']') {
      this.position++;
      return { kind: 'array', items };
    }
    for (;;) {
      this.skipTrivia();
      items.push(this.value());
      this.skipTrivia();
      const next = this.text[this.position];
      if (next === ']') {
        this.position++;
        return { kind: 'array', items };
      }
      if (next !== ',') throw this.fail('expected "," or "]" (a comma may be missing)');
      const comma = this.position++;
      if (this.closesAfterComma(comma, ']')) {
        this.position++;
        return { kind: 'array', items };
      }
    }
  }
}
