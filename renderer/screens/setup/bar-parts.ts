import { chunkLoader } from '../../components/chunks';

/**
 * What the deployment bar shows only when asked (the report menu; the new, rename and delete
 * dialogs): a chunk of its own, fetched while the app is idle after the first screen, so that
 * Fluent's menus and dialogs (and tabster, which they use) are not code the first screen waits for.
 */
export const barParts = chunkLoader({ popups: () => import('./bar-popups') });
