import { useNavigationStore } from './navigation-store';
import { useSettingsStore } from './settings-store';
import { useSetupStore } from './setup-store';

/*
 * The requests the first render waits for, started when this module is evaluated. main.tsx
 * imports it first, so it runs before React, Fluent and the rest of the entry are evaluated, and
 * main's answers arrive while they are.
 */

/** The settings (language, theme). */
export const settingsLoaded: Promise<void> = useSettingsStore.getState().load();

/** What the first screen shows first: for Setup, the deployments. */
export const firstScreenDataLoaded: Promise<void> = useNavigationStore.getState().screen === 'setup' ? useSetupStore.getState().load() : Promise.resolve();
