/**
 * The app's words for main: the window's own catalogs (renderer/i18n/{en,es}.json and the
 * per-screen files), read here as data rather than copied, so each English and Spanish text has
 * one source for the window, the setup report, main's file dialogs and the ISE import rows.
 * Composed as renderer/i18n/resources.ts composes them. Only JSON crosses: no renderer code.
 */
import type { LanguageSetting } from '../../preload/contract';
import en from '../../renderer/i18n/en.json' with { type: 'json' };
import enAudit from '../../renderer/i18n/en/audit.json' with { type: 'json' };
import enChains from '../../renderer/i18n/en/chains.json' with { type: 'json' };
import enConnection from '../../renderer/i18n/en/connection.json' with { type: 'json' };
import enIse from '../../renderer/i18n/en/ise.json' with { type: 'json' };
import enSetup from '../../renderer/i18n/en/setup.json' with { type: 'json' };
import enTroubleshoot from '../../renderer/i18n/en/troubleshoot.json' with { type: 'json' };
import es from '../../renderer/i18n/es.json' with { type: 'json' };
import esAudit from '../../renderer/i18n/es/audit.json' with { type: 'json' };
import esChains from '../../renderer/i18n/es/chains.json' with { type: 'json' };
import esConnection from '../../renderer/i18n/es/connection.json' with { type: 'json' };
import esIse from '../../renderer/i18n/es/ise.json' with { type: 'json' };
import esSetup from '../../renderer/i18n/es/setup.json' with { type: 'json' };
import esTroubleshoot from '../../renderer/i18n/es/troubleshoot.json' with { type: 'json' };

export type AppLanguage = 'en' | 'es';

const english = { ...en, audit: enAudit, chains: enChains, connection: enConnection, ise: enIse, setup: enSetup, troubleshoot: enTroubleshoot };

/** Every text of one language. Spanish is typed against English: a key missing in Spanish fails the typecheck. */
export type Catalog = typeof english;

export const CATALOGS: Record<AppLanguage, Catalog> = {
  en: english,
  es: { ...es, audit: esAudit, chains: esChains, connection: esConnection, ise: esIse, setup: esSetup, troubleshoot: esTroubleshoot },
};

/**
 * The language of main's words from the app's language setting. 'system' follows the system
 * locale as the window does (renderer/i18n resolveLanguage: Spanish for any es-*, English
 * otherwise); in Electron's main process Intl's default locale is the application locale, the
 * window's first navigator.languages entry.
 */
export function resolveAppLanguage(setting: LanguageSetting, systemLocale: string = Intl.DateTimeFormat().resolvedOptions().locale): AppLanguage {
  if (setting !== 'system') return setting;
  return systemLocale.toLowerCase().startsWith('es') ? 'es' : 'en';
}

/** A catalog text with its `{{name}}` placeholders filled in, as i18next fills them in the window. */
export function fillText(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}
