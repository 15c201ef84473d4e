/**
 * A deployment (one Entra tenant + one ISE cluster) as stored and as the renderer sees it.
 * Types only. main/services/deployments/schema.ts validates the same shape (a compile-time
 * check there keeps the two identical).
 */
import type { IseNodeRole } from './entra';
import type { CloudName } from './live';

/** The setup steps, in the wizard's order. */
export const SETUP_STEP_IDS = ['before', 'trust', 'register', 'certificates', 'mdm', 'device', 'test'] as const;
export type SetupStepId = (typeof SETUP_STEP_IDS)[number];
export const SETUP_STEP_STATES = ['not-started', 'in-progress', 'done', 'needs-attention'] as const;
export type SetupStepState = (typeof SETUP_STEP_STATES)[number];

export interface SetupStepStatus {
  state: SetupStepState;
  /** ISO 8601 time of the last change; null while not started. */
  changedAt: string | null;
}

export interface Deployment {
  id: string;
  name: string;
  createdAt: string;
  updatedAt: string;
  tenantId: string;
  clientId: string;
  cloud: CloudName;
  /** As the admin typed it ("3.2 patch 4"); the flow is derived from it. */
  iseVersion: string;
  /** Public certificates only (PEM); never a key. */
  nodes: { name: string; role: IseNodeRole; certificatePem: string }[];
  trustedCas: { sha256: string; name: string; pem: string }[];
  manifestFile: string | null;
  steps: Record<SetupStepId, SetupStepStatus>;
}

export interface DeploymentsList {
  currentId: string | null;
  deployments: Deployment[];
}

export type DeploymentPatch = Partial<Pick<Deployment, 'tenantId' | 'clientId' | 'cloud' | 'iseVersion' | 'nodes' | 'trustedCas' | 'manifestFile'>>;
