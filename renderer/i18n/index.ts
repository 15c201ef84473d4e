import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import type { LanguageSetting } from '../../preload/contract';
import { resources } from './resources';

export const SUPPORTED_LANGUAGES = ['en', 'es'] as const;
export type Language = (typeof SUPPORTED_LANGUAGES)[number];

/** 'system' follows the OS/browser language: Spanish for any es-*, English otherwise. */
export function resolveLanguage(setting: LanguageSetting, systemLanguages: readonly string[] = navigator.languages): Language {
  if (setting !== 'system') return setting;
  const preferred = systemLanguages[0] ?? 'en';
  return preferred.toLowerCase().startsWith('es') ? 'es' : 'en';
}

void i18next.use(initReactI18next).init({
  resources,
  lng: resolveLanguage('system'),
  fallbackLng: 'en',
  interpolation: { escapeValue: false },
  returnObjects: true,
});

export default i18next;
