// First, so that the requests they start (the settings, the first screen's data, the OS
// language's texts) are on their way while React and Fluent are still being evaluated.
import { firstScreenDataLoaded, settingsLoaded } from './state/startup';
import { resolveLanguage, setLanguage } from './i18n';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { prepareScreen } from './components/AppShell';
import { useNavigationStore } from './state/navigation-store';
import { useSettingsStore } from './state/settings-store';

/*
 * React renders once everything the first screen shows is here: the settings and their
 * language's texts, the first screen's code and data. One render, no spinner in between, no
 * request started only after a render. Main answers these in milliseconds; when something
 * fails, App shows the error (and a screen whose code or data is missing shows its own).
 */
const texts = settingsLoaded.then(() => setLanguage(resolveLanguage(useSettingsStore.getState().settings?.language ?? 'system')));
const firstScreen = prepareScreen(useNavigationStore.getState().screen, firstScreenDataLoaded);

void Promise.allSettled([texts, firstScreen]).then(() => {
  const container = document.getElementById('root');
  if (!container) return;
  createRoot(container).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
});
