/**
 * Manifests saved as "ANSI" by Windows tools (Windows-1252): an accented display name is one
 * byte UTF-8 cannot read. Converted and reported, or refused with the reason; never U+FFFD.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeJsonBytes } from '../../../main/services/entra/manifest-json';
import { decodeUtf8OrWindows1252 } from '../../../main/services/entra/text-encoding';
import { readManifestFile } from '../../../main/services/entra/manifest-format';

const MANIFEST = '{\n  "id": "3e1b3f0a-8d7e-4c1a-9f0b-2a6c5d4e3f21",\n  "displayName": "ISE Producción – Señal",\n  "signInAudience": "AzureADMyOrg",\n  "keyCredentials": []\n}\n';

/** What Notepad's "ANSI" writes on a Western-European Windows. */
const ansi = (text: string): Buffer => {
  const table: Record<string, number> = { '–': 0x96, '€': 0x80, '“': 0x93, '”': 0x94 };
  return Buffer.from([...text].map((char) => table[char] ?? char.charCodeAt(0)));
};

describe('Windows-1252 manifests', () => {
  it('converts them, says so with the line, and keeps every letter', () => {
    const decoded = decodeJsonBytes(ansi(MANIFEST));
    expect(decoded.text).toBe(MANIFEST);
    expect(decoded.text).not.toContain('\uFFFD');
    expect(decoded.repairs).toEqual([{ kind: 'windows-1252', line: 3, endLine: 3, message: expect.stringMatching(/Windows-1252 \("ANSI"\) text, not UTF-8 \(line 3: ".*Producción.*"\)/) }]);
  });

  it('reads a Windows-1252 file from disk like any manifest', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ise-intune-1252-'));
    try {
      writeFileSync(join(dir, 'ISE.json'), ansi(MANIFEST));
      const parsed = await readManifestFile(join(dir, 'ISE.json'));
      expect(parsed.repairs.map((repair) => repair.kind)).toEqual(['windows-1252']);
      expect(parsed.text).toContain('ISE Producción – Señal');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('leaves UTF-8 alone and reports nothing', () => {
    expect(decodeJsonBytes(Buffer.from(MANIFEST, 'utf8'))).toEqual({ text: MANIFEST, repairs: [] });
  });

  it('refuses bytes that are neither, with the reason', () => {
    // 0x81 means nothing in Windows-1252.
    expect(() => decodeUtf8OrWindows1252(Buffer.from([0x7b, 0x0a, 0x81, 0x7d]), 'The manifest')).toThrow(expect.objectContaining({ code: 'MANIFEST_ENCODING', message: expect.stringMatching(/line 2.*byte 0x81/) }));
    // UTF-16 without its BOM: NUL bytes.
    expect(() => decodeUtf8OrWindows1252(Buffer.from('{"a":"é"}', 'utf16le'), 'The manifest')).toThrow(/NUL bytes.*UTF-16/);
  });
});
