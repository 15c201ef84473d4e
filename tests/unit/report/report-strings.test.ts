import { describe, expect, it } from 'vitest';
import { REPORT_STRINGS, resolveReportLanguage } from '../../../main/services/report/report-strings';

type Tree = { [key: string]: unknown };

/** Every leaf of a strings object by its dotted path. */
function leaves(tree: Tree, prefix = ''): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const [key, value] of Object.entries(tree)) {
    if (value !== null && typeof value === 'object') for (const [path, leaf] of leaves(value as Tree, `${prefix}${key}.`)) out.set(path, leaf);
    else out.set(`${prefix}${key}`, value);
  }
  return out;
}

const en = leaves(REPORT_STRINGS.en as unknown as Tree);
const es = leaves(REPORT_STRINGS.es as unknown as Tree);

describe('report strings', () => {
  it('have the same keys in English and Spanish, each of the same kind', () => {
    expect([...es.keys()].sort()).toEqual([...en.keys()].sort());
    for (const [path, value] of en) {
      expect(typeof es.get(path), path).toBe(typeof value);
      if (typeof value === 'function') expect((es.get(path) as (...args: unknown[]) => string).length, path).toBe(value.length);
    }
  });

  it('use every value they are given, in both languages, and are never empty', () => {
    for (const strings of [en, es]) {
      for (const [path, value] of strings) {
        if (typeof value === 'string') {
          expect(value.trim(), path).not.toBe('');
          continue;
        }
        if (typeof value !== 'function') continue;
        const args = Array.from({ length: value.length }, (_, index) => `\u2063ARG${index}\u2063`);
        const text = (value as (...a: string[]) => string)(...args);
        for (const arg of args) expect(text, path).toContain(arg);
      }
    }
  });

  it('are really translated: Spanish differs from English except for console field names', () => {
    const same = [...en].filter(([path, value]) => typeof value === 'string' && es.get(path) === value).map(([path]) => path);
    // ISE's own field names and the US Government cloud's name, as the Spanish UI keeps them.
    expect(same.sort()).toEqual(
      [
        'caColumns.name',
        'clouds.usgov',
        'mdmFields.autoDiscoveryUrl',
        'mdmFields.clientId',
        'mdmFields.tokenAudience',
        'mdmFields.tokenIssuingUrl',
      ].sort(),
    );
    expect(REPORT_STRINGS.es.lang).toBe('es');
    expect(REPORT_STRINGS.en.lang).toBe('en');
  });

  it('follow the app language setting, and the system locale for "system" as the window does', () => {
    expect(resolveReportLanguage('es', 'en-US')).toBe('es');
    expect(resolveReportLanguage('en', 'es-ES')).toBe('en');
    expect(resolveReportLanguage('system', 'es-419')).toBe('es');
    expect(resolveReportLanguage('system', 'ES-mx')).toBe('es');
    expect(resolveReportLanguage('system', 'de-DE')).toBe('en');
    expect(['en', 'es']).toContain(resolveReportLanguage('system'));
  });
});
