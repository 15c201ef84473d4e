import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { loadTexts, resolveLanguage, type Language } from './texts';

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

const added = new Map<Language, Promise<void>>();

/** A language's texts, fetched once (texts.ts) and added to i18next once; a failed fetch is retried on the next call. */
export function loadLanguage(language: Language): Promise<void> {
  let pending = added.get(language);
  if (!pending) {
    pending = loadTexts(language).then(
      // No defensive deep copy (i18next's default, ~15 ms for these texts): the object is
      // composed fresh by texts.ts and nothing changes it.
      (translation) => void i18next.addResourceBundle(language, 'translation', translation, false, false, { skipCopy: true }),
      (error: unknown) => {
        added.delete(language);
        throw error;
      },
    );
    added.set(language, pending);
  }
  return pending;
}

/** Shows the app in `language`, once its texts are here. */
export async function setLanguage(language: Language): Promise<void> {
  await loadLanguage(language);
  if (i18next.language !== language) await i18next.changeLanguage(language);
}

export default i18next;
