import type { i18n as I18n } from 'i18next';
import type { ExplanationPhrase } from '../../../preload/contract';

/** An explanation as shown: translated, or main's English sentence when the language has no text for it. */
export interface ExplanationText {
  text: string;
  /** false: `text` is main's English sentence (mark it lang="en"). */
  translated: boolean;
}

/**
 * The interpolation values of a phrase: a list of names `x` gives `{{x}}` ("ise-1, ise-2") and
 * `{{xPossessive}}` (each name through `troubleshoot.explain.possessive`, listed the way the
 * language lists things: "ise-1's, ise-2's, and ise-3's", "ise-1, ise-2 y ise-3"); `count` picks
 * the plural.
 */
export function explanationValues(i18n: I18n, values: ExplanationPhrase['values']): Record<string, string | number> {
  const result: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(values)) {
    if (Array.isArray(value)) {
      result[name] = value.join(', ');
      const list = new Intl.ListFormat(i18n.language, { type: 'conjunction' });
      result[`${name}Possessive`] = list.format(value.map((node) => i18n.t('troubleshoot.explain.possessive', { name: node })));
    } else {
      result[name] = value;
    }
  }
  return result;
}

/** The sentence in the current language from `troubleshoot.explain.<key>`, else `english`. */
export function explanationText(i18n: I18n, phrase: ExplanationPhrase | undefined, english: string): ExplanationText {
  if (!phrase) return { text: english, translated: false };
  const key = `troubleshoot.explain.${phrase.key}`;
  const values = explanationValues(i18n, phrase.values);
  // In this language only: English from the texts would say what `english` says, but unmarked.
  if (!i18n.exists(key, { ...values, fallbackLng: [] })) return { text: english, translated: false };
  return { text: i18n.t(key, values), translated: true };
}

/** Each explanation of a finding, paired with its phrase (older findings may have none). */
export function explanationTexts(i18n: I18n, explanations: string[], phrases: ExplanationPhrase[] | undefined): ExplanationText[] {
  return explanations.map((english, index) => explanationText(i18n, phrases?.[index], english));
}
