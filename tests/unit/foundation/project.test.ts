import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
// @ts-expect-error plain ESM script without types
import { collectLicenses } from '../../../scripts/gen-licenses.mjs';
import { resources } from '../../../renderer/i18n/resources';

const en = resources.en.translation;
const es = resources.es.translation;

function keys(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return [prefix];
  return Object.entries(value).flatMap(([key, child]) => keys(child, prefix ? `${prefix}.${key}` : key));
}

describe('project files', () => {
  it('English and Spanish have the same keys (Spanish adds the plural form _many), and no empty text', () => {
    expect(keys(es).filter((key) => !key.endsWith('_many')).sort()).toEqual(keys(en).sort());
    const texts = JSON.stringify([en, es]);
    expect(texts).not.toContain('""');
  });

  it('every plural has all the forms i18next picks from: _one and _other, and _many in Spanish (SPANISH.md)', () => {
    for (const [language, catalog, forms] of [['en', en, ['_one', '_other']], ['es', es, ['_one', '_many', '_other']]] as const) {
      const all = new Set(keys(catalog));
      const plurals = [...all].filter((key) => /_(one|many|other)$/.test(key)).map((key) => key.replace(/_(one|many|other)$/, ''));
      const missing = [...new Set(plurals)].flatMap((base) => forms.filter((form) => !all.has(`${base}${form}`)).map((form) => `${language}: ${base}${form}`));
      expect(missing).toEqual([]);
    }
  });

  it('the About licence list matches package-lock.json (run `node scripts/gen-licenses.mjs` after dependency changes)', () => {
    const lock = JSON.parse(readFileSync('package-lock.json', 'utf8'));
    const committed = JSON.parse(readFileSync('main/services/catalog/licenses.json', 'utf8'));
    expect(committed).toEqual(collectLicenses(lock));
    expect(committed.map((entry: { name: string }) => entry.name)).toEqual(
      expect.arrayContaining(['react', 'node-forge', '@azure/msal-node', 'electron-store']),
    );
  });

  it('electron-builder ships hardened builds for Windows (per-user NSIS, portable) and Linux', () => {
    const yml = readFileSync('electron-builder.yml', 'utf8');
    for (const line of [
      'productName: ISE Intune Assistant',
      'asar: true',
      'runAsNode: false',
      'enableNodeOptionsEnvironmentVariable: false',
      'enableNodeCliInspectArguments: false',
      'perMachine: false',
      '- nsis',
      '- portable',
      '- AppImage',
    ]) {
      expect(yml).toContain(line);
    }
  });
});
