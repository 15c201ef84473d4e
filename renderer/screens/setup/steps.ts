import type { ComponentType } from 'react';
import type { SetupStepId } from '../../../preload/contract';

/*
 * The wizard's step views, each a chunk of its own: they embed sections of the other screens
 * (chains, App manifest, troubleshoot), and opening the wizard needs only the step it opens at.
 * The others are fetched while the app is idle.
 */

export interface StepModule {
  View: ComponentType;
}

const LOADERS: Record<SetupStepId, () => Promise<StepModule>> = {
  before: () => import('./BeforeStep').then((m) => ({ View: m.BeforeStep })),
  trust: () => import('./TrustStep').then((m) => ({ View: m.TrustStep })),
  register: () => import('./RegisterStep').then((m) => ({ View: m.RegisterStep })),
  certificates: () => import('./CertificatesStep').then((m) => ({ View: m.CertificatesStep })),
  mdm: () => import('./MdmStep').then((m) => ({ View: m.MdmStep })),
  test: () => import('./TestStep').then((m) => ({ View: m.TestStep })),
};

/** The step views whose code is here. */
export const loadedSteps: Partial<Record<SetupStepId, StepModule>> = {};
const pending = new Map<SetupStepId, Promise<StepModule>>();

/** A step view's code, fetched once; a failed fetch is retried on the next call. */
export function loadStep(step: SetupStepId): Promise<StepModule> {
  let loading = pending.get(step);
  if (!loading) {
    loading = LOADERS[step]().then(
      (module) => (loadedSteps[step] = module),
      (error: unknown) => {
        pending.delete(step);
        throw error;
      },
    );
    pending.set(step, loading);
  }
  return loading;
}

/** Fetches the step views not here yet, one at a time while the app is idle; returns a cancel. */
export function prefetchSteps(): () => void {
  const waiting = (Object.keys(LOADERS) as SetupStepId[]).filter((step) => !loadedSteps[step]);
  let handle = 0;
  const next = () => {
    const step = waiting.shift();
    if (!step) return;
    void loadStep(step)
      .catch(() => undefined)
      .then(() => {
        handle = requestIdleCallback(next);
      });
  };
  handle = requestIdleCallback(next);
  return () => {
    waiting.length = 0;
    cancelIdleCallback(handle);
  };
}
