/** Hand-edited manifest JSON in (jsonc-parser), strict JSON out: what was repaired is said with its line, and nothing else moves. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeJsonBytes, readManifestJson } from '../../../main/services/entra';

describe('manifest JSON', () => {
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
    const { text: strict, repairs } = readManifestJson(text);
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
    // Only the comments (with the blanks they leave, whole lines when alone) and the commas go.
    expect(strict).toBe(
      ['{', '  "homepage": "https://ise.example.test//admin/",', '  "note": "see http://a/* b */ and // c",', '  "list": [1, 2],', '  "last": {"a": true}', '}'].join('\n'),
    );
    expect(JSON.parse(strict)).toEqual({ homepage: 'https://ise.example.test//admin/', note: 'see http://a/* b */ and // c', list: [1, 2], last: { a: true } });
  });

  it('removes a comment before text on its line, and two comments on one line, keeping Windows line ends', () => {
    const text = '{\r\n  /* a */ "a": 1, /* b */ /* c */\r\n  "b": 2 // d\r\n}\r\n';
    const { text: strict, repairs } = readManifestJson(text);
    expect(repairs.map((r) => r.kind)).toEqual(['block-comment', 'block-comment', 'block-comment', 'line-comment']);
    expect(strict).toBe('{\r\n  "a": 1,\r\n  "b": 2\r\n}\r\n');
  });

  it('removes a BOM and reads UTF-16 as PowerShell 5 writes it', () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('{"a": "é"}', 'utf16le')]);
    const decoded = decodeJsonBytes(utf16);
    expect(decoded.repairs.map((r) => r.kind)).toEqual(['utf16']);
    expect(readManifestJson(decoded.text).text).toBe('{"a": "é"}');
    const bigEndian = Buffer.from(Buffer.from('{"a": "é"}', 'utf16le'));
    bigEndian.swap16();
    expect(decodeJsonBytes(Buffer.concat([Buffer.from([0xfe, 0xff]), bigEndian])).text).toBe('{"a": "é"}');
    const withBom = readManifestJson('\uFEFF{"a": 1}');
    expect(withBom.repairs).toEqual([{ kind: 'bom', line: 1, endLine: 1, message: 'Removed the byte order mark (BOM) at the start of the file.' }]);
    expect(withBom.text).toBe('{"a": 1}');
  });

  it('keeps key order (integer-like keys too), duplicate keys, numbers and escapes exactly as written', () => {
    const text = '{"b": 1, "10": 2, "a": [1.0, 12345678901234567890, 1e2, -0, 1E+2], "s": "caf\\u00e9 \\/", "b": 3}';
    const { text: strict, root } = readManifestJson(text);
    expect(strict).toBe(text);
    // Both "b" are in the tree, in order.
    expect(root.children?.map((property) => property.children?.[0]?.value)).toEqual(['b', '10', 'a', 's', 'b']);
    // What JSON.parse + stringify would have done instead:
    expect(JSON.stringify(JSON.parse(text))).toBe('{"10":2,"b":3,"a":[1,12345678901234567000,100,0,100],"s":"café /"}');
  });

  it('returns any strict JSON unchanged, whatever its layout', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.constantFrom(0, 2, 4, '\t'), (value, indent) => {
        const text = JSON.stringify(value, null, indent);
        const read = readManifestJson(text);
        expect(read.text).toBe(text);
        expect(read.repairs).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it('takes out exactly the comments and trailing commas added to any JSON, and nothing else', () => {
    const edited = fc.jsonValue().chain((value) => {
      const lines = JSON.stringify(value, null, 2).split('\n');
      const edit = fc.record({ before: fc.boolean(), comma: fc.boolean(), after: fc.constantFrom('', ' // note', ' /* note */', '\t// "x": 1,') });
      return fc.tuple(fc.constant(lines), fc.array(edit, { minLength: lines.length, maxLength: lines.length }));
    });
    fc.assert(
      fc.property(edited, ([lines, edits]) => {
        let added = 0;
        const text = lines
          .map((line, index) => {
            const edit = edits[index] ?? { before: false, comma: false, after: '' };
            const next = lines[index + 1]?.trim() ?? '';
            // A trailing comma fits after a value that closes its object or list.
            const comma = edit.comma && /^[}\]]/.test(next) && !/[{[,]$/.test(line) ? ',' : '';
            added += (edit.before ? 1 : 0) + (comma ? 1 : 0) + (edit.after ? 1 : 0);
            return `${edit.before ? '  /* a line of its own */\n' : ''}${line}${comma}${edit.after}`;
          })
          .join('\n');
        const read = readManifestJson(text);
        expect(read.text).toBe(lines.join('\n'));
        expect(read.repairs).toHaveLength(added);
      }),
      { numRuns: 300 },
    );
  });

  it.each([
    ['', 'the file is empty'],
    ['{"a": 1', 'expected "," or "}" (a comma may be missing) at line 1, column 8 (found the end of the file)'],
    ['{\n  "a": 1\n  "b": 2\n}', 'expected "," or "}" (a comma may be missing) at line 3, column 3'],
    ['{"a": [1, 2 3]}', 'expected "," or "]" (a comma may be missing) at line 1, column 13'],
    ["{'a': 1}", 'single quotes are not JSON; use double quotes at line 1, column 2'],
    ['{"a": /* open', 'a /* comment is never closed at line 1, column 7'],
    ['{"a": "line\nbreak"}', 'a string is not closed at line 1, column 7'],
    ['{"a": "tab\there"}', 'a string holds a line break or control character'],
    ['[1] [2]', 'unexpected text after the end of the JSON value at line 1, column 5'],
    ['[,]', 'expected a value at line 1, column 2'],
    ['<html>login</html>', 'line 1, column 1'],
  ])('refuses %j with the place of the problem', (text, reason) => {
    expect(() => readManifestJson(text)).toThrow(expect.objectContaining({ code: 'MANIFEST_NOT_JSON', message: expect.stringContaining(reason) }));
  });

  it('refuses nesting deeper than any manifest before parsing it, however deep', () => {
    for (const depth of [300, 200_000]) {
      expect(() => readManifestJson('['.repeat(depth))).toThrow(expect.objectContaining({ code: 'MANIFEST_NOT_JSON', message: expect.stringContaining('nesting deeper than 256 levels at line 1, column 257') }));
    }
  });
});
