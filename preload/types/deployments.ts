/**
 * A deployment (one Entra tenant + one ISE cluster) as stored and as the renderer sees it.
 * Types only. main/services/deployments/schema.ts validates the same shape (a compile-time
 * check there keeps the two identical).
 */
import type { IseNodeRole, IseVersionInfo, MdmFlow, MdmValues } from './entra';
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
  /** The values typed into ISE's External MDM form, kept for the deployment; null: the computed ones. */
  iseForm: IseFormValues | null;
  steps: Record<SetupStepId, SetupStepStatus>;
}

/** The three URLs of ISE's External MDM form, as typed there (its Client ID is the deployment's). */
export interface IseFormValues {
  tokenUrl: string;
  discoveryUrl: string;
  audience: string;
}

export interface DeploymentsList {
  currentId: string | null;
  deployments: Deployment[];
}

export type DeploymentPatch = Partial<Pick<Deployment, 'tenantId' | 'clientId' | 'cloud' | 'iseVersion' | 'nodes' | 'trustedCas' | 'manifestFile' | 'iseForm'>>;

/** What is wrong with a stored tenant or client ID (the window translates the code). */
export type IdProblem = 'empty' | 'notGuid' | 'notTenant';

/**
 * The values every screen of a deployment reads, derived by main from what is stored: the IDs
 * and what is wrong with them, the flow of its ISE release, ISE's form values (the ones kept
 * with the deployment, else the computed ones), and where the wizard resumes.
 */
export interface DeploymentValues {
  id: string;
  tenantId: string;
  clientId: string;
  cloud: CloudName;
  tenantProblem: IdProblem | null;
  clientProblem: IdProblem | null;
  /** Graph until an ISE release is known (every supported release). */
  flow: MdmFlow;
  /** The stored ISE version as read; null when none is typed, an error when it cannot be read. */
  version: IseVersionInfo | { code: string; message: string } | null;
  /** The computed form values; null while an ID is missing or wrong, an error when they cannot be computed. */
  mdm: MdmValues | { code: string; message: string } | null;
  /** The values for ISE's External MDM form: kept with the deployment (formSaved), else computed. */
  form: IseFormValues | null;
  formSaved: boolean;
  resumeStep: SetupStepId;
  doneCount: number;
}

