import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { resolveLanguage, texts, type Language } from './texts';

export { SUPPORTED_LANGUAGES, resolveLanguage, type Language } from './texts';

void i18next.use(initReactI18next).init({
  resources: {},
  lng: resolveLanguage('system'),
  fallbackLng: 'en',
  interpolation: { escapeValue: false },
  returnObjects: true,
  // Nothing to fetch by itself: setLanguage adds each language's texts before switching to it.
  initAsync: false,
});

/** A language's texts, fetched once (texts.ts) and added to i18next once. */
export async function loadLanguage(language: Language): Promise<void> {
  const translation = await texts.load(language);
  // No defensive deep copy (i18next's default, ~15 ms for these texts): the object is composed
  // fresh by texts.ts and nothing changes it.
  if (!i18next.hasResourceBundle(language, 'translation')) i18next.addResourceBundle(language, 'translation', translation, false, false, { skipCopy: true });
}

/** Shows the app in `language`, once its texts are here. */
export async function setLanguage(language: Language): Promise<void> {
  await loadLanguage(language);
  if (i18next.language !== language) await i18next.changeLanguage(language);
}

export default i18next;
