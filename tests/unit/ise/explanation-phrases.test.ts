/**
 * The explanation sentences main builds (match.ts) and the window's `troubleshoot.explain.*` texts
 * stay one: every phrase key exists in English and Spanish with the same variables, and the English
 * text rendered the way the window renders it (renderer/screens/troubleshoot/explanation-text.ts)
 * is main's English sentence, byte for byte.
 */
import { createInstance, type i18n as I18n } from 'i18next';
import { describe, expect, it } from 'vitest';
import type { DiagnosisContext } from '../../../preload/types/diagnosis';
import { diagnoseText } from '../../../main/services/ise';
import { PHRASES, type Phrase } from '../../../main/services/ise/match';
import { resources } from '../../../renderer/i18n/resources';
import { explanationText, explanationValues } from '../../../renderer/screens/troubleshoot/explanation-text';
import { AAD_CLIENT, aadsts, iseLine } from './samples';
import { useNodeLab } from './node-certs';

const LANGUAGES = ['en', 'es'] as const;

function instance(lng: (typeof LANGUAGES)[number]): I18n {
  const i18n = createInstance();
  void i18n.init({ resources, lng, fallbackLng: 'en', interpolation: { escapeValue: false }, initAsync: false });
  return i18n;
}

const I18N = { en: instance('en'), es: instance('es') };

/** Every sentence shape, with one, two and three names where a list is taken. */
function everyPhrase(): Phrase[] {
  const lists = [['ise-1'], ['ise-1', 'ise-2'], ['ise-pan', 'ise-span', 'ise-psn']];
  const phrases: Phrase[] = [
    PHRASES.foundKeyDates('01/15/2022 09:30:00', '01/15/2023 09:30:00'),
    PHRASES.foundKeyDates('?', '2027-01-01T00:00:00Z'),
    PHRASES.unreadable(['pZ0CqV']),
    PHRASES.unreadable(['pZ0CqV', 'A59D02']),
    PHRASES.keyUsedNoCertificates('105D6E9BA0F5D6EACCF8A562DE81C1C6450CBEE4'),
    PHRASES.keyUsedUnknown('pZ0CqVXvVBWMd2hlKqgIDxQ3p1M='),
    PHRASES.noThumbprint(),
    PHRASES.signedWith('ise-pan.example.test', '105D6E9BA0F5D6EACCF8A562DE81C1C6450CBEE4'),
  ];
  for (const expiry of ['expires', 'expired'] as const) {
    const used = { node: 'ise-pan', date: '2027-01-01', expiry };
    for (const which of ['inManifest', 'noneLoaded', 'missing', 'keyExpired', 'mismatch', 'other'] as const) phrases.push(PHRASES.keyUsed(used, which));
    for (const others of lists) phrases.push(PHRASES.keyUsed(used, 'othersOnly', others));
  }
  for (const nodes of lists) phrases.push(PHRASES.onApp(nodes), PHRASES.notOnApp(nodes), PHRASES.presenceUnknown(nodes));
  return phrases;
}

/** The `{{variable}}` names of every form (plural suffixes included) of `key` in one language. */
function variables(lng: (typeof LANGUAGES)[number], key: string): Set<string> {
  const path = key.split('.');
  const parent = path.slice(0, -1).reduce<Record<string, unknown>>((node, part) => node[part] as Record<string, unknown>, resources[lng].translation.troubleshoot.explain as Record<string, unknown>);
  const last = path[path.length - 1] as string;
  const forms = Object.entries(parent).filter(([name]) => name === last || name.startsWith(`${last}_`));
  expect(forms.length, `${lng}: troubleshoot.explain.${key}`).toBeGreaterThan(0);
  const names = new Set<string>();
  for (const [, text] of forms) for (const match of String(text).matchAll(/\{\{\s*([^,}\s]+)/g)) names.add(match[1] as string);
  return names;
}

describe('explanation phrases', () => {
  const phrases = everyPhrase();

  it('covers every `troubleshoot.explain` sentence key of the English texts', () => {
    const made = new Set(phrases.map((phrase) => phrase.key));
    const texts: string[] = [];
    const walk = (node: Record<string, unknown>, prefix: string): void => {
      for (const [name, value] of Object.entries(node)) {
        if (typeof value === 'object' && value !== null) walk(value as Record<string, unknown>, `${prefix}${name}.`);
        else texts.push(`${prefix}${name.replace(/_(zero|one|two|few|many|other)$/, '')}`);
      }
    };
    walk(resources.en.translation.troubleshoot.explain as Record<string, unknown>, '');
    const helpers = ['possessive'];
    expect([...new Set(texts)].filter((key) => !helpers.includes(key)).sort()).toEqual([...made].sort());
  });

  it.each(LANGUAGES)('has every phrase key in %s, in that language itself, with the same variables as English', (lng) => {
    for (const phrase of phrases) {
      const values = explanationValues(I18N[lng], phrase.values);
      expect(I18N[lng].exists(`troubleshoot.explain.${phrase.key}`, { ...values, fallbackLng: [] }), `${lng}: ${phrase.key} (${JSON.stringify(phrase.values)})`).toBe(true);
      const used = variables(lng, phrase.key);
      expect(used, `${lng}: ${phrase.key}`).toEqual(variables('en', phrase.key));
      for (const name of used) expect(Object.keys(values), `${lng}: ${phrase.key} uses {{${name}}}`).toContain(name);
      const rendered = explanationText(I18N[lng], phrase, phrase.english);
      expect(rendered.translated).toBe(true);
      expect(rendered.text).not.toMatch(/\{\{|\}\}/);
    }
  });

  it('renders the English texts to exactly the sentences main writes', () => {
    for (const phrase of phrases) expect(explanationText(I18N.en, phrase, '(fallback)').text).toBe(phrase.english);
    expect(PHRASES.notOnApp(['ise-1', 'ise-2', 'ise-3']).english).toContain("register ise-1's, ise-2's, and ise-3's");
  });

  it('says the Spanish sentence with the node names, dates and plural agreement', () => {
    const used = { node: 'ise-pan', date: '2027-01-01', expiry: 'expires' as const };
    expect(explanationText(I18N.es, PHRASES.keyUsed(used, 'othersOnly', ['ise-span']), '').text).toBe(
      'La clave que usó ISE es el certificado del nodo ise-pan (caduca el 2027-01-01); la aplicación solo tiene claves de ise-span → registre el certificado de ise-pan.',
    );
    expect(explanationText(I18N.es, PHRASES.notOnApp(['ise-1', 'ise-2']), '').text).toBe('No están en la aplicación: ise-1, ise-2 → registre los certificados de ise-1 e ise-2.');
    expect(explanationText(I18N.es, PHRASES.presenceUnknown(['ise-1']), '').text).toBe('Cargue el manifiesto de la aplicación para ver si ise-1 está en la aplicación.');
    // Listed as Spanish lists them (Intl.ListFormat): "y" becomes "e" before an i-, and three
    // or more names read "a, b y c", not "a y b y c".
    expect(explanationText(I18N.es, PHRASES.notOnApp(['ise-1', 'ise-2', 'ise-3']), '').text).toBe(
      'No están en la aplicación: ise-1, ise-2, ise-3 → registre los certificados de ise-1, ise-2 e ise-3.',
    );
    expect(explanationText(I18N.es, PHRASES.notOnApp(['pan', 'span', 'psn']), '').text).toBe(
      'No están en la aplicación: pan, span, psn → registre los certificados de pan, span y psn.',
    );
  });

  it('falls back to main\'s English sentence, marked untranslated, for a key the language lacks', () => {
    expect(explanationText(I18N.es, { key: 'noSuchSentence', values: {} }, 'The English.')).toEqual({ text: 'The English.', translated: false });
    expect(explanationText(I18N.es, undefined, 'The English.')).toEqual({ text: 'The English.', translated: false });
  });
});

describe('explanation phrases of a diagnosis', () => {
  const lab = useNodeLab();
  const NOW = '2026-11-26T12:00:00.000Z';
  const logOf = (message: string): string => iseLine('2026-11-20 09:15:00,123', 'ERROR', AAD_CLIENT, `Failed to acquire auth token from Azure AD. ${message}`);

  it('come one per explanation, in order, and say the same in English', () => {
    const { ise1, ise2 } = lab();
    const context: DiagnosisContext = { now: NOW, certificates: [ise1.loaded, ise2.loaded] };
    const texts = [
      logOf(aadsts.keyNotFound(ise2.hex, `Key0:Start=2025-06-30T00:00:00Z, End=2027-06-30T00:00:00Z, Thumbprint=${ise1.base64};`)),
      logOf(aadsts.keyNotFound(ise2.hex, 'Key0:Start=03/14/2018, End=12/17/2018, Thumbprint=pZ0CqV;')),
    ];
    let checked = 0;
    for (const text of texts) {
      for (const finding of diagnoseText(text, context).findings) {
        expect(finding.explanationPhrases).toHaveLength(finding.explanations.length);
        finding.explanations.forEach((english, index) => {
          expect(explanationText(I18N.en, finding.explanationPhrases[index], '(fallback)').text).toBe(english);
          checked += 1;
        });
      }
    }
    expect(checked).toBeGreaterThan(1);
  });
});
