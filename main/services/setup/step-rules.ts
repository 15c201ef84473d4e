/**
 * The wizard's rules, as plain functions of what is stored and what the workbenches hold: where
 * a deployment resumes, when a step is done by itself, and the values every screen of a
 * deployment reads (tenant, client ID, cloud, the ISE form). No I/O here: setup-flow.ts applies them.
 */
import type { Deployment, DeploymentValues, IdProblem, SetupStepId } from '../../../preload/types/deployments';
import type { ChainsState, EntraState, IseVersionInfo, MdmFlow } from '../../../preload/contract';
import { cleanClientId, cleanTenantId, mdmValues } from '../entra/mdm-values';
import { parseIseVersion } from '../entra/ise-versions';
import { isServiceError } from '../errors';
import { STEP_IDS } from '../deployments/schema';

/** The wizard's steps, in the order of DOMAIN.md "The flow the app guides" (0 = before you start). */
export const STEPS: readonly SetupStepId[] = STEP_IDS;

/**
 * Where to resume: the step the admin last worked on that is not done yet, else the first one
 * not done, else the last step. Derived from the saved step states, so it travels with the deployment.
 */
export function resumeStep(deployment: Pick<Deployment, 'steps'>): SetupStepId {
  const open = STEPS.filter((step) => deployment.steps[step].state !== 'done');
  const touched = open
    .filter((step) => deployment.steps[step].changedAt !== null)
    .sort((a, b) => (deployment.steps[b].changedAt ?? '').localeCompare(deployment.steps[a].changedAt ?? ''));
  return touched[0] ?? open[0] ?? 'test';
}

export function doneCount(deployment: Pick<Deployment, 'steps'>): number {
  return STEPS.filter((step) => deployment.steps[step].state === 'done').length;
}

/** What is wrong with a stored tenant (a GUID or a verified domain), in the codes the window translates. */
export function tenantProblem(text: string): IdProblem | null {
  if (text.trim() === '') return 'empty';
  try {
    cleanTenantId(text);
    return null;
  } catch (error) {
    if (!isServiceError(error)) throw error;
    return 'notTenant';
  }
}

export function clientProblem(text: string): IdProblem | null {
  if (text.trim() === '') return 'empty';
  try {
    cleanClientId(text);
    return null;
  } catch (error) {
    if (!isServiceError(error)) throw error;
    return 'notGuid';
  }
}

type NodeRecord = Deployment['nodes'][number];

/** The node certificates of the App manifest state as a deployment keeps them (public PEM only). */
export function nodesFromEntra(state: EntraState): NodeRecord[] {
  return state.nodes.map((node) => ({ name: node.name || node.certificate.subjectCN, role: node.role, certificatePem: node.certificate.pem }));
}

export function sameNodes(a: NodeRecord[], b: NodeRecord[]): boolean {
  return a.length === b.length && a.every((node, index) => node.name === b[index]?.name && node.role === b[index]?.role && node.certificatePem === b[index]?.certificatePem);
}

/** Step 3 is done when every loaded node is on the app according to the opened manifest; null when that cannot be told. */
export function nodesRegistered(state: EntraState): boolean | null {
  const manifest = state.manifest;
  if (!manifest || state.nodes.length === 0) return null;
  return state.nodes.every((node) => manifest.entries.some((entry) => entry.status === 'valid' && entry.nodes.includes(node.name)));
}

/** Step 0 by the ISE release: done when it works fully (Graph discovery and compliance data), else needs attention. */
export function versionStepState(info: IseVersionInfo): 'done' | 'needs-attention' {
  return info.flow === 'graph' && info.complianceApi ? 'done' : 'needs-attention';
}

/** Step 5 after a pasted error was read: needs attention with findings, else in progress (the admin confirms it works). */
export function diagnosedTestState(findings: number): 'needs-attention' | 'in-progress' {
  return findings > 0 ? 'needs-attention' : 'in-progress';
}

/** Step 1 is done when a loaded ISE trust store lacks none of the CAs ISE needs. */
export function trustComplete(state: ChainsState): boolean {
  return state.missingInIse?.length === 0 && state.needs.certificates.length > 0;
}

/** The CAs of an export for ISE that the deployment does not remember yet. */
export function addedTrustedCas(deployment: Pick<Deployment, 'trustedCas'>, state: ChainsState, exported: string[]): Deployment['trustedCas'] {
  const refs = new Set(exported);
  const known = new Set(deployment.trustedCas.map((ca) => ca.sha256));
  return state.needs.certificates
    .filter((entry) => refs.has(entry.certificate.thumbprints.sha256) && !known.has(entry.certificate.thumbprints.sha256))
    .map((entry) => ({ sha256: entry.certificate.thumbprints.sha256, name: entry.friendlyName.slice(0, 200), pem: entry.certificate.pem }));
}

function apiError(error: unknown): { code: string; message: string } {
  if (isServiceError(error)) return { code: error.code, message: error.message };
  throw error;
}

/** The values every screen of the deployment reads, derived from what is stored. */
export function deploymentValues(deployment: Deployment): DeploymentValues {
  let version: IseVersionInfo | { code: string; message: string } | null = null;
  if (deployment.iseVersion.trim()) {
    try {
      version = parseIseVersion(deployment.iseVersion);
    } catch (error) {
      version = apiError(error);
    }
  }
  const release = version && 'flow' in version ? version : null;
  const flow: MdmFlow = release?.flow ?? 'graph';
  const problems = { tenant: tenantProblem(deployment.tenantId), client: clientProblem(deployment.clientId) };
  let mdm: DeploymentValues['mdm'] = null;
  if (!problems.tenant && !problems.client) {
    try {
      mdm = mdmValues(deployment.tenantId, deployment.clientId, flow, release);
    } catch (error) {
      mdm = apiError(error);
    }
  }
  const computed = mdm && 'autoDiscoveryUrl' in mdm ? { tokenUrl: mdm.tokenIssuingUrl, discoveryUrl: mdm.autoDiscoveryUrl, audience: mdm.tokenAudience } : null;
  return {
    id: deployment.id,
    tenantId: deployment.tenantId,
    clientId: deployment.clientId,
    cloud: deployment.cloud,
    tenantProblem: problems.tenant,
    clientProblem: problems.client,
    flow,
    version,
    mdm,
    form: deployment.iseForm ?? computed,
    formSaved: deployment.iseForm !== null,
    resumeStep: resumeStep(deployment),
    doneCount: doneCount(deployment),
  };
}
