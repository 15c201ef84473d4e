import { currentDeployment, currentStep, useSetupStore } from '../../state/setup-store';
import { chunkLoader } from '../../components/chunks';
import type * as WizardChunk from './Wizard';
import { steps } from './steps';

/*
 * The Setup screen's code beyond its own chunk: the wizard (Welcome does not wait for it) and
 * the step it opens at. Kept apart from SetupScreen.tsx so the small entry can start these
 * fetches as soon as the deployments are in.
 */

export const wizard = chunkLoader({ wizard: (): Promise<typeof WizardChunk> => import('./Wizard') });

/** Set by prepareSetupScreen: the list just loaded is the one the first render shows, no need to ask again on mount. */
let listFresh = false;

/** True once, for the mount that shows the list prepareSetupScreen saw. */
export function takeListFresh(): boolean {
  const fresh = listFresh;
  listFresh = false;
  return fresh;
}

/**
 * Before the first render, once the deployments are in (state/startup.ts asks for them when the
 * app starts): when there is one, the code of the wizard and of the step it opens at, so the
 * screen shows complete at once (a Suspense fallback would stay up for at least 300 ms in React 19).
 */
export async function prepareSetupScreen(): Promise<void> {
  const state = useSetupStore.getState();
  listFresh = state.list !== null;
  if (currentDeployment(state)) await Promise.all([wizard.load('wizard'), steps.load(currentStep(state))]).catch(() => undefined);
}
