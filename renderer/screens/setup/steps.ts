import type { ComponentType } from 'react';
import type { SetupStepId } from '../../../preload/contract';
import { chunkLoader } from '../../components/chunks';

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
  device: () => import('./DeviceStep').then((m) => ({ View: m.DeviceStep })),
  test: () => import('./TestStep').then((m) => ({ View: m.TestStep })),
};

/** Each step view's chunk: `steps.loaded(step)` when its code is here, `steps.load(step)` to fetch it. */
export const steps = chunkLoader(LOADERS);
