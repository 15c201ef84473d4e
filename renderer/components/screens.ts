import type { ComponentType } from 'react';
import { prepareSetupScreen } from '../screens/setup/chunks';
import type { Screen } from '../state/navigation-store';
import { chunkLoader } from './chunks';

/*
 * Each screen is its own chunk: the shell and the first screen do not wait for the others' code.
 * This module is in the small entry (main.tsx), so the first screen's code is on its way before
 * the app's own code (React, Fluent) has arrived.
 */

interface ScreenModule {
  default: ComponentType;
}

const LOADERS: Record<Screen, () => Promise<ScreenModule>> = {
  setup: () => import('../screens/setup/SetupScreen').then((m) => ({ default: m.SetupScreen })),
  chains: () => import('../screens/chains/ChainsScreen').then((m) => ({ default: m.ChainsScreen })),
  certificates: () => import('../screens/certificates/CertificatesScreen').then((m) => ({ default: m.CertificatesScreen })),
  manifest: () => import('../screens/manifest/ManifestScreen').then((m) => ({ default: m.ManifestScreen })),
  troubleshoot: () => import('../screens/troubleshoot/TroubleshootScreen').then((m) => ({ default: m.TroubleshootScreen })),
  settings: () => import('../screens/settings/SettingsScreen').then((m) => ({ default: m.SettingsScreen })),
};

/** Once a screen's first data is in: fetches the code of the view it opens at, so it renders complete. */
const PREPARE: Partial<Record<Screen, () => Promise<void>>> = { setup: prepareSetupScreen };

export const screens = chunkLoader(LOADERS);

/**
 * The first screen's code and, once `data` (what it shows first) is in, its first view's, all
 * fetched side by side; main.tsx renders once this is done.
 */
export async function prepareScreen(name: Screen, data: Promise<unknown>): Promise<void> {
  await Promise.all([screens.load(name), data.then(() => PREPARE[name]?.())]);
}
