/**
 * The setup flow: restoring a deployment into the workbenches (its node certificates into the App
 * manifest state) and keeping the deployment in step with what the admin does on any screen
 * (node certificates and manifest file recorded, CAs exported for ISE remembered, steps 1 and 3
 * done by themselves). The window only shows what this returns and announces.
 */
import type { Deployment, DeploymentValues, EntraState, IseNodeAssignment, IseVersionInfo, SetupSnapshot } from '../../../preload/contract';
import type { DeploymentsService, DeploymentPatch, StepId, StepState } from '../deployments/deployments-service';
import type { CertificateWorkbench } from '../workbench/certificate-workbench';
import type { ChainsWorkbench } from '../workbench/chains-workbench';
import type { EntraWorkbench } from '../workbench/entra-workbench';
import { cleanClientId, cleanTenantId } from '../entra/mdm-values';
import { isServiceError } from '../errors';
import { parseIseVersion } from '../entra/ise-versions';
import { addedTrustedCas, deploymentValues, diagnosedTestState, nodesFromEntra, nodesRegistered, sameNodes, trustComplete, versionStepState } from './step-rules';

export interface SetupFlowDeps {
  deployments: DeploymentsService;
  certificates: CertificateWorkbench;
  entra: EntraWorkbench;
  chains: ChainsWorkbench;
  /** Told of every change made here on the admin's behalf (the window shows the deployment it gets). */
  changed?: (deployment: Deployment, values: DeploymentValues) => void;
}

function readableVersion(text: string): IseVersionInfo | null {
  try {
    return parseIseVersion(text);
  } catch (error) {
    if (isServiceError(error)) return null;
    throw error;
  }
}

function cleanedOr(text: string, clean: (input: string) => { value: string }): string {
  if (text.trim() === '') return '';
  try {
    return clean(text).value;
  } catch (error) {
    if (isServiceError(error)) return text.trim();
    throw error;
  }
}

export class SetupFlow {
  /** Main's file id per node PEM loaded this session: a certificate is parsed once. */
  readonly #loadedPems = new Map<string, string>();
  /** The deployment whose certificates are in the workbenches: only it records what the admin does. */
  #restoredId: string | null = null;

  constructor(private readonly deps: SetupFlowDeps) {}

  /**
   * Makes `id` (or the current deployment) current and puts its node certificates in the App
   * manifest state; a manifest opened for another deployment is closed.
   */
  async restore(id?: string): Promise<SetupSnapshot> {
    const { deployments, entra } = this.deps;
    let list = await deployments.list();
    if (id !== undefined && list.currentId !== id) {
      await deployments.switchTo(id);
      list = await deployments.list();
    }
    const deployment = list.deployments.find((item) => item.id === list.currentId) ?? null;
    // No deployment (first run): what the admin loaded on the App manifest screen stays.
    const nodes = deployment?.nodes ?? [];
    if (deployment && (!sameNodes(nodesFromEntra(entra.state()), nodes) || this.#restoredId !== deployment.id)) {
      const assignments: IseNodeAssignment[] = nodes.flatMap((node) => {
        const fileId = this.#fileFor(node);
        return fileId ? [{ fileId, name: node.name, role: node.role }] : [];
      });
      entra.setNodes(assignments);
      if (entra.manifestPath !== null && entra.manifestPath !== deployment.manifestFile) entra.closeManifest();
    }
    this.#restoredId = deployment?.id ?? null;
    return { list, values: deployment ? deploymentValues(deployment) : null, entra: entra.state() };
  }

  /**
   * A change the admin made to the deployment's values. ISE's form values are checked first; a
   * new tenant or cloud drops the form values kept for the old one (their Token Issuing URL names it).
   */
  async update(id: string, patch: DeploymentPatch): Promise<Deployment> {
    // ISE's form values are checked by the deployments service (DEPLOYMENT_FORM_INVALID).
    const checked: DeploymentPatch = { ...patch };
    // IDs as ISE needs them (braces, spaces, quotes and case cleaned); one that cannot work is kept as typed, its problem shown.
    if (checked.tenantId !== undefined) checked.tenantId = cleanedOr(checked.tenantId, cleanTenantId);
    if (checked.clientId !== undefined) checked.clientId = cleanedOr(checked.clientId, cleanClientId);
    if (checked.iseForm === undefined && (checked.tenantId !== undefined || checked.cloud !== undefined)) {
      const current = (await this.deps.deployments.list()).deployments.find((item) => item.id === id);
      if (current?.iseForm && ((checked.tenantId ?? current.tenantId) !== current.tenantId || (checked.cloud ?? current.cloud) !== current.cloud)) checked.iseForm = null;
    }
    let next = await this.deps.deployments.update(id, checked);
    // Step 0 follows the release typed (one that cannot be read leaves it as it is).
    if (checked.iseVersion !== undefined && checked.iseVersion.trim()) {
      const info = readableVersion(checked.iseVersion);
      if (info && next.steps.before.state !== versionStepState(info)) next = await this.deps.deployments.setStep(id, 'before', versionStepState(info));
    }
    // IDs typed on any screen: the admin started on step 2.
    if ((checked.tenantId !== undefined || checked.clientId !== undefined || checked.cloud !== undefined) && next.steps.register.state === 'not-started') {
      next = await this.deps.deployments.setStep(id, 'register', 'in-progress');
    }
    this.#announce(next);
    return next;
  }

  /** Step 5 after a pasted error of that deployment was read. */
  async testDiagnosed(id: string, findings: number): Promise<void> {
    const deployment = (await this.deps.deployments.list()).deployments.find((item) => item.id === id);
    if (!deployment || deployment.steps.test.state === diagnosedTestState(findings)) return;
    this.#announce(await this.deps.deployments.setStep(id, 'test', diagnosedTestState(findings)));
  }

  /** A step's state as the admin set it. */
  async setStep(id: string, step: StepId, state: StepState): Promise<Deployment> {
    const next = await this.deps.deployments.setStep(id, step, state);
    this.#announce(next);
    return next;
  }

  /** After a change to the App manifest state: its nodes and manifest file recorded, step 3 touched or done. */
  async entraChanged(state: EntraState): Promise<void> {
    const deployment = await this.#restored();
    if (!deployment) return;
    for (const [index, node] of state.nodes.entries()) {
      const fileId = state.fileIds[index];
      if (fileId) this.#loadedPems.set(node.certificate.pem, fileId);
    }
    const patch: DeploymentPatch = {};
    const nodes = nodesFromEntra(state);
    if (!sameNodes(nodes, deployment.nodes)) patch.nodes = nodes;
    const file = state.manifest?.file ?? null;
    if (file && file !== deployment.manifestFile) patch.manifestFile = file;
    let next = deployment;
    if (Object.keys(patch).length) {
      next = await this.deps.deployments.update(deployment.id, patch);
      if (next.steps.certificates.state === 'not-started') next = await this.deps.deployments.setStep(deployment.id, 'certificates', 'in-progress');
    }
    if (nodesRegistered(state) && next.steps.certificates.state !== 'done') next = await this.deps.deployments.setStep(deployment.id, 'certificates', 'done');
    if (next !== deployment) this.#announce(next);
  }

  /** After CAs were exported for ISE: remembered with the deployment, step 1 touched. */
  async casExported(exported: string[]): Promise<void> {
    const deployment = await this.#restored();
    if (!deployment) return;
    let next = deployment;
    const added = addedTrustedCas(deployment, this.deps.chains.state(), exported);
    if (added.length) next = await this.deps.deployments.update(deployment.id, { trustedCas: [...deployment.trustedCas, ...added] });
    if (next.steps.trust.state === 'not-started') next = await this.deps.deployments.setStep(deployment.id, 'trust', 'in-progress');
    if (next !== deployment) this.#announce(next);
    await this.chainsChanged();
  }

  /** After the chains or ISE's trust store changed: step 1 is done once ISE lacks none of the CAs it needs. */
  async chainsChanged(): Promise<void> {
    const deployment = await this.#restored();
    if (!deployment || deployment.steps.trust.state === 'done' || !trustComplete(this.deps.chains.state())) return;
    this.#announce(await this.deps.deployments.setStep(deployment.id, 'trust', 'done'));
  }

  async #restored(): Promise<Deployment | null> {
    const id = this.#restoredId;
    if (id === null) return null;
    const list = await this.deps.deployments.list();
    // Switched or deleted elsewhere: nothing is recorded until the window restores a deployment.
    if (list.currentId !== id) return null;
    return list.deployments.find((item) => item.id === id) ?? null;
  }

  /** The workbench's file id of a stored node certificate; null when it no longer opens (it is then left out). */
  #fileFor(node: Deployment['nodes'][number]): string | null {
    const known = this.#loadedPems.get(node.certificatePem);
    if (known) {
      try {
        this.deps.certificates.loadedFile(known);
        return known;
      } catch {
        // Closed since: opened again below.
      }
    }
    const opened = this.deps.certificates.openBytes(`${node.name || 'ise-node'}.pem`, Buffer.from(node.certificatePem));
    if (!opened.fileId) return null;
    this.#loadedPems.set(node.certificatePem, opened.fileId);
    return opened.fileId;
  }

  #announce(deployment: Deployment): void {
    this.deps.changed?.(deployment, deploymentValues(deployment));
  }
}
