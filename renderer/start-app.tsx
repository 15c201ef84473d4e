import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { setLanguage, type Language } from './i18n';

/**
 * The app's own code (React, Fluent, the shell), a chunk main.tsx fetches while main answers its
 * first requests. Renders once, in `language` (whose texts main.tsx has fetched already).
 */
export async function startApp(container: HTMLElement, language: Language): Promise<void> {
  await setLanguage(language).catch(() => undefined);
  createRoot(container).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}
