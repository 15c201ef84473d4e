/**
 * Every translated string, per language: the shared file plus one file per screen that has its
 * own namespace (so screens can be worked on apart). A unit test keeps English and Spanish
 * with the same keys. The app does not import this module: i18n/index.ts loads one language at
 * a time, composed the same way and typed against this one.
 */
import en from './en.json';
import enAudit from './en/audit.json';
import enChains from './en/chains.json';
import enConnection from './en/connection.json';
import enIse from './en/ise.json';
import enSetup from './en/setup.json';
import enTroubleshoot from './en/troubleshoot.json';
import es from './es.json';
import esAudit from './es/audit.json';
import esChains from './es/chains.json';
import esConnection from './es/connection.json';
import esIse from './es/ise.json';
import esSetup from './es/setup.json';
import esTroubleshoot from './es/troubleshoot.json';

export const resources = {
  en: { translation: { ...en, audit: enAudit, chains: enChains, connection: enConnection, ise: enIse, setup: enSetup, troubleshoot: enTroubleshoot } },
  es: { translation: { ...es, audit: esAudit, chains: esChains, connection: esConnection, ise: esIse, setup: esSetup, troubleshoot: esTroubleshoot } },
};
