// The entry is kept small: it starts main's requests (the settings, the first screen's data) and
// the fetch of every chunk the first screen needs (the app's code, the language's texts, the
// screen and the view it opens at) side by side, so they are on their way while the largest of
// them, React and Fluent, is still being fetched and evaluated.
import { firstScreenDataLoaded, settingsLoaded } from './state/startup';
import { resolveLanguage, texts as languageTexts } from './i18n/texts';
import { prepareScreen } from './components/screens';
import { useNavigationStore } from './state/navigation-store';
import { useSettingsStore } from './state/settings-store';

const app = import('./start-app');
// The OS language is the likely one (the default setting): its texts are fetched while the
// settings are still on their way; another language's once they say so.
void languageTexts.load(resolveLanguage('system')).catch(() => undefined);
const language = settingsLoaded.then(() => resolveLanguage(useSettingsStore.getState().settings?.language ?? 'system'));
const texts = language.then((chosen) => languageTexts.load(chosen));
const firstScreen = prepareScreen(useNavigationStore.getState().screen, firstScreenDataLoaded);

/*
 * React renders once everything the first screen shows is here: the settings and their
 * language's texts, the first screen's code and data. One render, no spinner in between, no
 * request started only after a render. Main answers these in milliseconds; when something
 * fails, App shows the error (and a screen whose code or data is missing shows its own).
 */
void Promise.allSettled([texts, firstScreen]).then(async () => {
  const container = document.getElementById('root');
  if (!container) return;
  try {
    const { startApp } = await app;
    await startApp(container, await language.catch(() => resolveLanguage('system')));
  } catch (error) {
    // The app's own code could not be loaded (a damaged install): say so rather than stay blank.
    // Plain text in both languages, as no texts can be relied on here.
    const message = document.createElement('p');
    message.setAttribute('role', 'alert');
    message.style.cssText = 'font: 14px system-ui, sans-serif; padding: 24px;';
    message.textContent = `ISE Intune Assistant could not start / no se pudo iniciar: ${error instanceof Error ? error.message : String(error)}`;
    container.replaceChildren(message);
  }
});
