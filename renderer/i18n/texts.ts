import type { LanguageSetting } from '../../preload/contract';
// Types only: the texts themselves are loaded per language below, not bundled with the entry.
import type { resources } from './resources';
import { chunkLoader } from '../components/chunks';

/*
 * Which language to show and its texts, without i18next: main.tsx (the small entry) starts the
 * fetch of the texts before the app's code has arrived; i18n/index.ts hands them to i18next.
 */

export const SUPPORTED_LANGUAGES = ['en', 'es'] as const;
export type Language = (typeof SUPPORTED_LANGUAGES)[number];

/** 'system' follows the OS/browser language: Spanish for any es-*, English otherwise. */
export function resolveLanguage(setting: LanguageSetting, systemLanguages: readonly string[] = navigator.languages): Language {
  if (setting !== 'system') return setting;
  const preferred = systemLanguages[0] ?? 'en';
  return preferred.toLowerCase().startsWith('es') ? 'es' : 'en';
}

type Translation = (typeof resources)['en']['translation'];

/*
 * One language's texts, composed as in resources.ts (the shared file plus one namespace per screen).
 * Each language is its own chunk (electron.vite.config.ts): the first screen waits for one
 * language only, and the other is fetched when the user switches to it. Typed against
 * resources.ts, so a namespace added there and not here fails the typecheck.
 */
const LOADERS: Record<Language, () => Promise<Translation>> = {
  en: async () => {
    const [shared, audit, chains, connection, ise, setup, troubleshoot] = await Promise.all([
      import('./en.json'),
      import('./en/audit.json'),
      import('./en/chains.json'),
      import('./en/connection.json'),
      import('./en/ise.json'),
      import('./en/setup.json'),
      import('./en/troubleshoot.json'),
    ]);
    return { ...shared.default, audit: audit.default, chains: chains.default, connection: connection.default, ise: ise.default, setup: setup.default, troubleshoot: troubleshoot.default };
  },
  es: async () => {
    const [shared, audit, chains, connection, ise, setup, troubleshoot] = await Promise.all([
      import('./es.json'),
      import('./es/audit.json'),
      import('./es/chains.json'),
      import('./es/connection.json'),
      import('./es/ise.json'),
      import('./es/setup.json'),
      import('./es/troubleshoot.json'),
    ]);
    return { ...shared.default, audit: audit.default, chains: chains.default, connection: connection.default, ise: ise.default, setup: setup.default, troubleshoot: troubleshoot.default };
  },
};

/** Fetches a language's texts once; a failed fetch is retried on the next call (chunkLoader). */
export const texts = chunkLoader(LOADERS);
