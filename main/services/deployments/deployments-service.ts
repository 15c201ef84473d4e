/**
 * Deployments: one Entra tenant + one ISE cluster each, with the wizard's progress. Several can
 * exist (a partner engineer serves many customers); one is current. Certificates are kept as
 * public PEM only; nothing secret is ever part of a deployment, stored or exported.
 */
import { randomUUID } from 'node:crypto';
import type { DocumentStore } from '../../platform/types';
import type { IseFormValues } from '../../../preload/types/deployments';
import { loadCertificateBytes } from '../certs';
import { checkFormValues } from '../entra/live/form-values';
import { ServiceError } from '../errors';
import { DEPLOYMENTS_SCHEMA_VERSION, deploymentSchema, emptySteps, type DeploymentsDocument, type StoredDeployment } from './schema';

export type StepId = keyof StoredDeployment['steps'];
export type StepState = StoredDeployment['steps'][StepId]['state'];
export type DeploymentPatch = Partial<Pick<StoredDeployment, 'tenantId' | 'clientId' | 'cloud' | 'iseVersion' | 'nodes' | 'trustedCas' | 'manifestFile' | 'iseForm'>>;

const EXPORT_KIND = 'ise-intune-assistant/deployment';

export class DeploymentsService {
  /** Every change is read-modify-write of one document: one at a time, in the order asked. */
  #tail: Promise<unknown> = Promise.resolve();

  #serial<T>(work: () => Promise<T>): Promise<T> {
    const run = this.#tail.then(work);
    this.#tail = run.catch(() => undefined);
    return run;
  }

  constructor(
    private readonly store: DocumentStore<DeploymentsDocument>,
    private readonly now: () => Date = () => new Date(),
  ) {}

  list(): Promise<DeploymentsDocument> {
    return this.store.read();
  }

  create(name: string): Promise<StoredDeployment> {
    return this.#serial(async () => {
      const document = await this.store.read();
      const stamp = this.now().toISOString();
      const deployment: StoredDeployment = {
        id: randomUUID(),
        name: cleanName(name),
        createdAt: stamp,
        updatedAt: stamp,
        tenantId: '',
        clientId: '',
        cloud: 'public',
        iseVersion: '',
        nodes: [],
        trustedCas: [],
        manifestFile: null,
        iseForm: null,
        steps: emptySteps(),
      };
      await this.store.write({ ...document, currentId: deployment.id, deployments: [...document.deployments, deployment] });
      return deployment;
    });
  }

  rename(id: string, name: string): Promise<StoredDeployment> {
    return this.#change(id, () => ({ name: cleanName(name) }));
  }

  duplicate(id: string): Promise<StoredDeployment> {
    return this.#serial(async () => {
      const document = await this.store.read();
      const source = find(document, id);
      const stamp = this.now().toISOString();
      const copy: StoredDeployment = { ...structuredClone(source), id: randomUUID(), name: `${source.name} (copy)`.slice(0, 120), createdAt: stamp, updatedAt: stamp };
      await this.store.write({ ...document, currentId: copy.id, deployments: [...document.deployments, copy] });
      return copy;
    });
  }

  remove(id: string): Promise<DeploymentsDocument> {
    return this.#serial(async () => {
      const document = await this.store.read();
      find(document, id);
      const deployments = document.deployments.filter((item) => item.id !== id);
      const next = { ...document, deployments, currentId: document.currentId === id ? (deployments[0]?.id ?? null) : document.currentId };
      await this.store.write(next);
      return next;
    });
  }

  switchTo(id: string): Promise<StoredDeployment> {
    return this.#serial(async () => {
      const document = await this.store.read();
      const deployment = find(document, id);
      await this.store.write({ ...document, currentId: id });
      return deployment;
    });
  }

  async update(id: string, patch: DeploymentPatch): Promise<StoredDeployment> {
    for (const node of patch.nodes ?? []) assertPublicCertificate(node.certificatePem, `The certificate of node ${node.name}`);
    for (const ca of patch.trustedCas ?? []) assertPublicCertificate(ca.pem, `The CA certificate ${ca.name}`);
    const checked = patch.iseForm ? { ...patch, iseForm: assertStorableForm(patch.iseForm) } : patch;
    return this.#change(id, () => checked);
  }

  setStep(id: string, step: StepId, state: StepState): Promise<StoredDeployment> {
    return this.#change(id, (current) => ({ steps: { ...current.steps, [step]: { state, changedAt: this.now().toISOString() } } }));
  }

  /** The deployment as a JSON file to hand to a colleague: public data only. */
  async exportJson(id: string): Promise<string> {
    const deployment = find(await this.store.read(), id);
    return `${JSON.stringify({ kind: EXPORT_KIND, schemaVersion: DEPLOYMENTS_SCHEMA_VERSION, deployment }, null, 2)}\n`;
  }

  /** Adds a deployment exported by exportJson; it gets a new id so it never replaces one. */
  importJson(text: string): Promise<StoredDeployment> {
    return this.#serial(async () => {
      const deployment = readDeploymentExport(text);
      const document = await this.store.read();
      const taken = new Set(document.deployments.map((item) => item.name));
      const imported: StoredDeployment = { ...deployment, id: randomUUID(), name: taken.has(deployment.name) ? `${deployment.name} (imported)`.slice(0, 120) : deployment.name };
      await this.store.write({ ...document, currentId: imported.id, deployments: [...document.deployments, imported] });
      return imported;
    });
  }

  #change(id: string, change: (current: StoredDeployment) => Partial<StoredDeployment>): Promise<StoredDeployment> {
    return this.#serial(async () => {
      const document = await this.store.read();
      const current = find(document, id);
      const next = { ...current, ...change(current), updatedAt: this.now().toISOString() };
      const checked = deploymentSchema.safeParse(next);
      if (!checked.success) {
        const issue = checked.error.issues[0];
        throw new ServiceError('DEPLOYMENT_INVALID', `That change is not valid: ${issue?.path.join('.') || 'value'}: ${issue?.message ?? 'invalid'}.`);
      }
      await this.store.write({ ...document, deployments: document.deployments.map((item) => (item.id === id ? checked.data : item)) });
      return checked.data;
    });
  }
}

/**
 * A deployment file written by exportJson (the app's Export, handed to a colleague or to the
 * command line's --deployment), checked as strictly as when it is stored.
 */
export function readDeploymentExport(text: string): StoredDeployment {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    throw new ServiceError('DEPLOYMENT_IMPORT_NOT_JSON', 'This file is not a deployment exported by ISE Intune Assistant (it is not JSON).');
  }
  const envelope = parsed as { kind?: unknown; schemaVersion?: unknown; deployment?: unknown };
  if (envelope?.kind !== EXPORT_KIND) {
    throw new ServiceError('DEPLOYMENT_IMPORT_WRONG_KIND', 'This JSON file is not a deployment exported by ISE Intune Assistant.');
  }
  if (typeof envelope.schemaVersion !== 'number' || envelope.schemaVersion > DEPLOYMENTS_SCHEMA_VERSION) {
    throw new ServiceError('DEPLOYMENT_IMPORT_NEWER', 'This deployment was exported by a newer version of the app. Update the app to open it.');
  }
  const checked = deploymentSchema.safeParse(envelope.deployment);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    throw new ServiceError('DEPLOYMENT_IMPORT_INVALID', `This deployment file is damaged: ${issue?.path.join('.') || 'value'}: ${issue?.message ?? 'invalid'}.`);
  }
  const deployment = checked.data;
  for (const node of deployment.nodes) assertPublicCertificate(node.certificatePem, `The certificate of node ${node.name}`);
  for (const ca of deployment.trustedCas) assertPublicCertificate(ca.pem, `The CA certificate ${ca.name}`);
  if (deployment.iseForm) assertStorableForm(deployment.iseForm);
  return deployment;
}

function find(document: DeploymentsDocument, id: string): StoredDeployment {
  const deployment = document.deployments.find((item) => item.id === id);
  if (!deployment) throw new ServiceError('DEPLOYMENT_NOT_FOUND', 'That deployment no longer exists. It may have been deleted in another window.');
  return deployment;
}

function cleanName(name: string): string {
  const trimmed = name.trim().replace(/\s+/g, ' ');
  if (!trimmed) throw new ServiceError('DEPLOYMENT_NAME_EMPTY', 'Give the deployment a name, for example the customer or the ISE cluster.');
  if (trimmed.length > 120) throw new ServiceError('DEPLOYMENT_NAME_TOO_LONG', 'Keep the deployment name under 120 characters.');
  return trimmed;
}

/**
 * ISE form values before they are kept with a deployment: each URL read the way ISE uses it
 * (checkFormValues, the connection test's own check). What cannot work is refused; what merely
 * differs from Cisco's guide is kept (the admin typed it into ISE that way).
 */
export function assertStorableForm(form: IseFormValues): IseFormValues {
  const trimmed = { tokenUrl: form.tokenUrl.trim(), discoveryUrl: form.discoveryUrl.trim(), audience: form.audience.trim() };
  const checked = checkFormValues(trimmed);
  if ('finding' in checked) throw new ServiceError('DEPLOYMENT_FORM_INVALID', checked.finding.message);
  return trimmed;
}

/** Stored certificates are public PEM that really is one certificate, never a key. */
function assertPublicCertificate(pem: string, what: string): void {
  if (/PRIVATE KEY/.test(pem)) throw new ServiceError('DEPLOYMENT_PRIVATE_KEY', `${what} includes a private key, which is never stored. Keep only the certificate.`);
  let loaded;
  try {
    loaded = loadCertificateBytes(Buffer.from(pem), what);
  } catch (error) {
    throw new ServiceError('DEPLOYMENT_NOT_CERTIFICATE', `${what} is not a readable certificate: ${(error as Error).message}`);
  }
  if (loaded.certificates.length !== 1 || loaded.hasPrivateKey) {
    throw new ServiceError('DEPLOYMENT_NOT_CERTIFICATE', `${what} must be exactly one certificate.`);
  }
}
