/** Hand-edited JSON in, strict JSON out: what was repaired is said with its line, and nothing else moves. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeJsonBytes, parseTolerantJson, serializeJson } from '../../../main/services/entra';

const strict = (text: string): string => serializeJson(parseTolerantJson(text).root);

describe('tolerant JSON', () => {
  it('removes comments and trailing commas, reporting each with its line, and leaves // inside strings alone', () => {
    const text = [
      '{', // 1
      '  // the PAN, added by hand', // 2
      '  "homepage": "https://ise.example.test//admin/", /* not a comment: */', // 3
      '  "note": "see http://a/* b */ and // c",', // 4
      '  /* old', // 5
      '     entries */', // 6
      '  "list": [1, 2,], // trailing', // 7
      '  "last": {"a": true,},', // 8
      '}', // 9
    ].join('\n');
    const { root, repairs } = parseTolerantJson(text);
    expect(repairs.map((r) => [r.kind, r.line, r.endLine])).toEqual([
      ['line-comment', 2, 2],
      ['block-comment', 3, 3],
      ['block-comment', 5, 6],
      ['trailing-comma', 7, 7],
      ['line-comment', 7, 7],
      ['trailing-comma', 8, 8],
      ['trailing-comma', 8, 8],
    ]);
    expect(repairs[2]?.message).toBe('Removed a /* */ comment on lines 5-6.');
    const value = JSON.parse(serializeJson(root)) as Record<string, unknown>;
    expect(value).toEqual({ homepage: 'https://ise.example.test//admin/', note: 'see http://a/* b */ and // c', list: [1, 2], last: { a: true } });
  });

  it('removes a BOM and reads UTF-16 as PowerShell 5 writes it', () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('\uFEFF{"a": "é"}'.slice(1), 'utf16le')]);
    const decoded = decodeJsonBytes(utf16);
    expect(decoded.repairs.map((r) => r.kind)).toEqual(['utf16']);
    expect(strict(decoded.text)).toBe('{\n  "a": "é"\n}');
    const withBom = parseTolerantJson('\uFEFF{"a": 1}');
    expect(withBom.repairs).toEqual([{ kind: 'bom', line: 1, endLine: 1, message: 'Removed the byte order mark (BOM) at the start of the file.' }]);
  });

  it('keeps key order (integer-like keys too), duplicate keys, numbers and escapes exactly as written', () => {
    const text = '{"b": 1, "10": 2, "a": [1.0, 12345678901234567890, 1e2], "s": "caf\\u00e9 \\/", "b": 3}';
    expect(strict(text)).toBe('{\n  "b": 1,\n  "10": 2,\n  "a": [\n    1.0,\n    12345678901234567890,\n    1e2\n  ],\n  "s": "caf\\u00e9 \\/",\n  "b": 3\n}');
    // What JSON.parse + stringify would have done instead:
    expect(JSON.stringify(JSON.parse(text))).toBe('{"10":2,"b":3,"a":[1,12345678901234567000,100],"s":"café /"}');
  });

  it('writes any strict JSON back exactly as JSON.stringify lays it out', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = JSON.stringify(value, null, 2);
        expect(strict(text)).toBe(text);
      }),
      { numRuns: 300 },
    );
  });

  it.each([
    ['', 'the file is empty'],
    ['{"a": 1', 'expected "," or "}" (a comma may be missing) at line 1, column 8 (found the end of the file)'],
    ['{\n  "a": 1\n  "b": 2\n}', 'expected "," or "}" (a comma may be missing) at line 3, column 3'],
    ["{'a': 1}", 'expected a property name in double quotes at line 1, column 2'],
    ['{"a": /* open', 'a /* comment is never closed at line 1, column 7'],
    ['{"a": "line\nbreak"}', 'a string is not closed or holds a line break or bad escape at line 1, column 7'],
    ['[1] [2]', 'unexpected text after the end of the JSON value at line 1, column 5'],
    ['[,]', 'expected a value at line 1, column 2'],
    ['['.repeat(300), 'nesting deeper than 256 levels'],
  ])('refuses %j with the place of the problem', (text, reason) => {
    expect(() => parseTolerantJson(text)).toThrow(expect.objectContaining({ code: 'MANIFEST_NOT_JSON', message: expect.stringContaining(reason) }));
  });
});
