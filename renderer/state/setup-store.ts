import { create } from 'zustand';
import type {
  ApiError,
  CloudName,
  Deployment,
  DeploymentPatch,
  DiagnosisResult,
  DeploymentsList,
  EntraState,
  IseNodeAssignment,
  IseVersionInfo,
  MdmFlow,
  MdmValues,
  SetupStepId,
  SetupStepState,
} from '../../preload/contract';
import { api } from '../api';
import { useChainsStore } from './chains-store';
import { useEntraStore } from './entra-store';

/** The wizard's steps, in the order of DOMAIN.md "The flow the app guides" (0 = before you start). */
export const STEPS: readonly SetupStepId[] = ['before', 'trust', 'register', 'certificates', 'mdm', 'device', 'test'];

export type ReportFormat = 'html' | 'pdf';

/** Where a failed action's error is shown: the deployment bar, or the step that was being worked on. */
export type SetupErrorPlace = 'deployment' | 'step';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// A verified domain also works as the tenant in the token URL (DOMAIN.md "Values for ISE's External MDM form").
const DOMAIN = /^(?=.{4,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;

export type IdProblem = 'empty' | 'notGuid' | 'notTenant';

/** A pasted ID as ISE needs it: trimmed, without the braces some tools add, a GUID in lowercase as the portal shows it. */
export function cleanId(text: string): string {
  const value = text.trim().replace(/^\{(.*)\}$/, '$1').trim();
  return GUID.test(value) ? value.toLowerCase() : value;
}

export function tenantProblem(text: string): IdProblem | null {
  const value = cleanId(text);
  if (value === '') return 'empty';
  return GUID.test(value) || DOMAIN.test(value) ? null : 'notTenant';
}

export function clientProblem(text: string): IdProblem | null {
  const value = cleanId(text);
  if (value === '') return 'empty';
  return GUID.test(value) ? null : 'notGuid';
}

/**
 * Where to resume: the step the admin last worked on that is not done yet, else the first one
 * not done, else the last step. Derived from the saved step states, so it travels with the deployment.
 */
export function resumeStep(deployment: Deployment): SetupStepId {
  const open = STEPS.filter((step) => deployment.steps[step].state !== 'done');
  const touched = open
    .filter((step) => deployment.steps[step].changedAt !== null)
    .sort((a, b) => (deployment.steps[b].changedAt ?? '').localeCompare(deployment.steps[a].changedAt ?? ''));
  return touched[0] ?? open[0] ?? 'test';
}

export function doneCount(deployment: Deployment): number {
  return STEPS.filter((step) => deployment.steps[step].state === 'done').length;
}

type NodeRecord = Deployment['nodes'][number];

function nodesFromEntra(state: EntraState): NodeRecord[] {
  return state.nodes.map((node) => ({ name: node.name || node.certificate.subjectCN, role: node.role, certificatePem: node.certificate.pem }));
}

function sameNodes(a: NodeRecord[], b: NodeRecord[]): boolean {
  return a.length === b.length && a.every((node, index) => node.name === b[index]?.name && node.role === b[index]?.role && node.certificatePem === b[index]?.certificatePem);
}

function toBase64(text: string): string {
  return btoa(String.fromCharCode(...new TextEncoder().encode(text)));
}

/** The tenant, client ID and cloud every screen uses: typed once, kept with the deployment. */
export interface TenantIds {
  tenantId: string;
  clientId: string;
  cloud: CloudName;
}

interface SetupState {
  list: DeploymentsList | null;
  /** The IDs typed while there is no deployment yet (this session only; a deployment keeps its own). */
  sessionIds: TenantIds;
  /** The step shown per deployment id, for this session (the saved states decide where a new session resumes). */
  viewed: Record<string, SetupStepId>;
  /** The last failed action, shown by what caused it (errorAt), and gone with the next success. */
  error: ApiError | null;
  /** deployment: the deployment bar's actions (and loading the list); step: a step's state or values. */
  errorAt: SetupErrorPlace | null;
  /** describeIseVersion per typed version: parsed once, so switching deployments needs no call. */
  versions: Record<string, IseVersionInfo | ApiError>;
  /** getMdmValues per tenant|client|flow. */
  mdm: Record<string, MdmValues | ApiError>;
  /** Main's file id per node PEM already loaded this session: a certificate is parsed once. */
  loadedPems: Record<string, string>;
  report: { path: string; format: ReportFormat } | null;
  reportError: ApiError | null;
  pdfUnavailable: boolean;
  /** The last pasted error's diagnosis, per deployment. */
  diagnoses: Record<string, DiagnosisResult | ApiError>;
  /** Reads the deployments; resolves as soon as the list is in the store. */
  load: () => Promise<void>;
  create: (name: string) => Promise<boolean>;
  rename: (name: string) => Promise<boolean>;
  duplicate: () => Promise<void>;
  remove: () => Promise<void>;
  switchTo: (id: string) => Promise<void>;
  importDeployment: () => Promise<void>;
  exportDeployment: () => Promise<{ path: string } | null>;
  goTo: (step: SetupStepId) => void;
  move: (delta: 1 | -1) => void;
  setStep: (step: SetupStepId, state: SetupStepState) => Promise<void>;
  /** Marks a not-started step as in progress (the admin started working on it). */
  touch: (step: SetupStepId) => Promise<void>;
  patch: (patch: DeploymentPatch) => Promise<void>;
  /** Saves IDs typed on any screen: into the current deployment, else for this session. */
  saveIds: (ids: Partial<TenantIds>) => Promise<void>;
  checkVersion: (version: string) => Promise<void>;
  loadMdmValues: () => Promise<void>;
  exportReport: (format: ReportFormat) => Promise<void>;
  /** Diagnoses a pasted ISE error against the loaded node certificates and manifest. */
  diagnose: (text: string) => Promise<void>;
  clearError: () => void;
}

/** The current deployment, or null on first run. */
export function currentDeployment(state: Pick<SetupState, 'list'>): Deployment | null {
  const list = state.list;
  if (!list) return null;
  return list.deployments.find((deployment) => deployment.id === list.currentId) ?? null;
}

/** The IDs every screen shows: the current deployment's, else the session's. */
export function tenantIds(state: Pick<SetupState, 'list' | 'sessionIds'>): TenantIds {
  const deployment = currentDeployment(state);
  return deployment ? { tenantId: deployment.tenantId, clientId: deployment.clientId, cloud: deployment.cloud } : state.sessionIds;
}

export function currentStep(state: Pick<SetupState, 'list' | 'viewed'>): SetupStepId {
  const deployment = currentDeployment(state);
  if (!deployment) return 'before';
  return state.viewed[deployment.id] ?? resumeStep(deployment);
}

/** The flow the deployment's ISE version uses; Graph until a version is known (every supported release). */
export function deploymentFlow(state: Pick<SetupState, 'versions'>, deployment: Deployment): MdmFlow {
  const info = state.versions[deployment.iseVersion];
  return info && 'flow' in info ? info.flow : 'graph';
}

export function mdmKey(deployment: Deployment, flow: MdmFlow): string {
  return `${deployment.tenantId}|${deployment.clientId}|${flow}`;
}

/** Set while the store itself writes node certificates into the Entra state (not an admin's change). */
let restoring = false;

// Main changes a deployment by read-modify-write: one change at a time, in the order made.
let writes: Promise<unknown> = Promise.resolve();
function serial<T>(work: () => Promise<T>): Promise<T> {
  const run = writes.then(work);
  writes = run.catch(() => undefined);
  return run;
}

export const useSetupStore = create<SetupState>((set, get) => {
  const replace = (deployment: Deployment) => {
    const list = get().list;
    if (!list) return;
    set({ list: { ...list, deployments: list.deployments.map((item) => (item.id === deployment.id ? deployment : item)) } });
  };

  const fail = (error: ApiError, at: SetupErrorPlace = 'deployment') => set({ error, errorAt: at });
  /** A success: the previous failure's error goes. */
  const succeeded = () => {
    if (get().error) set({ error: null, errorAt: null });
  };

  /** Puts the deployment's node certificates in the App manifest state (each PEM parsed once per session). */
  const restoreNodes = async (deployment: Deployment | null) => {
    const nodes = deployment?.nodes ?? [];
    const entra = useEntraStore.getState().state;
    if (entra && sameNodes(nodesFromEntra(entra), nodes)) return;
    restoring = true;
    try {
      const assignments: IseNodeAssignment[] = [];
      for (const node of nodes) {
        let fileId: string | undefined = get().loadedPems[node.certificatePem];
        if (!fileId) {
          const opened = await api().loadDroppedFile({ name: `${node.name || 'ise-node'}.pem`, base64: toBase64(node.certificatePem) });
          if (!opened.ok) return fail(opened.error, 'step');
          if (!opened.value.fileId) continue;
          fileId = opened.value.fileId;
          set({ loadedPems: { ...get().loadedPems, [node.certificatePem]: fileId } });
        }
        assignments.push({ fileId, name: node.name, role: node.role });
      }
      const result = await api().setIseNodes({ nodes: assignments });
      if (!result.ok) return fail(result.error, 'step');
      // A manifest opened for another deployment does not belong to this one.
      let state = result.value;
      if (state.manifest && state.manifest.file !== deployment?.manifestFile) {
        const closed = await api().closeManifest();
        if (closed.ok) state = closed.value;
      }
      useEntraStore.setState({ state, assignments, pending: [], saved: null, error: null, nodesError: null, manifestError: null });
    } finally {
      restoring = false;
    }
  };

  const describeSaved = async (deployment: Deployment | null) => {
    if (deployment?.iseVersion && !get().versions[deployment.iseVersion]) await get().checkVersion(deployment.iseVersion);
  };

  /** Fixes the step shown for the current deployment, so that finishing a step never moves the view by itself. */
  const pinStep = () => {
    const deployment = currentDeployment(get());
    if (deployment && !get().viewed[deployment.id]) set({ viewed: { ...get().viewed, [deployment.id]: resumeStep(deployment) } });
  };

  const adoptList = async (list: DeploymentsList) => {
    set({ list, error: null, errorAt: null, report: null, reportError: null });
    pinStep();
    const deployment = currentDeployment(get());
    await Promise.all([restoreNodes(deployment), describeSaved(deployment)]);
  };

  return {
    list: null,
    sessionIds: { tenantId: '', clientId: '', cloud: 'public' },
    viewed: {},
    error: null,
    errorAt: null,
    versions: {},
    mdm: {},
    loadedPems: {},
    report: null,
    reportError: null,
    pdfUnavailable: false,
    diagnoses: {},

    load: async () => {
      const result = await api().listDeployments();
      if (!result.ok) return fail(result.error);
      // Coming back to the screen keeps what is already shown; the list is the same document.
      if (get().list) {
        set({ list: result.value });
        return pinStep();
      }
      // Resolves once the list is shown: the current deployment's node certificates and ISE
      // version reach the other stores a moment later, as the step views expect.
      void adoptList(result.value);
    },

    create: async (name) => {
      const result = await api().createDeployment({ name });
      if (!result.ok) {
        fail(result.error);
        return false;
      }
      const list = await api().listDeployments();
      if (list.ok) await adoptList(list.value);
      return true;
    },

    rename: async (name) => {
      const deployment = currentDeployment(get());
      if (!deployment) return false;
      const result = await api().renameDeployment({ id: deployment.id, name });
      if (!result.ok) {
        fail(result.error);
        return false;
      }
      replace(result.value);
      succeeded();
      return true;
    },

    duplicate: async () => {
      const deployment = currentDeployment(get());
      if (!deployment) return;
      const result = await api().duplicateDeployment({ id: deployment.id });
      if (!result.ok) return fail(result.error);
      const list = await api().listDeployments();
      if (list.ok) await adoptList(list.value);
    },

    remove: async () => {
      const deployment = currentDeployment(get());
      if (!deployment) return;
      const result = await api().deleteDeployment({ id: deployment.id });
      if (!result.ok) return fail(result.error);
      await adoptList(result.value);
    },

    switchTo: async (id) => {
      const list = get().list;
      if (!list || list.currentId === id) return;
      // Shown at once from what is already here; main only records the choice.
      set({ list: { ...list, currentId: id }, report: null, reportError: null, error: null, errorAt: null });
      pinStep();
      const deployment = currentDeployment(get());
      void describeSaved(deployment);
      const [result] = await Promise.all([api().switchDeployment({ id }), restoreNodes(deployment)]);
      if (!result.ok) fail(result.error);
    },

    importDeployment: async () => {
      const result = await api().importDeployment();
      if (!result.ok) return fail(result.error);
      if (!result.value) return;
      const list = await api().listDeployments();
      if (list.ok) await adoptList(list.value);
    },

    exportDeployment: async () => {
      const deployment = currentDeployment(get());
      if (!deployment) return null;
      const result = await api().exportDeployment({ id: deployment.id });
      if (!result.ok) {
        fail(result.error);
        return null;
      }
      succeeded();
      return result.value;
    },

    goTo: (step) => {
      const deployment = currentDeployment(get());
      if (deployment) set({ viewed: { ...get().viewed, [deployment.id]: step } });
    },

    move: (delta) => {
      const index = STEPS.indexOf(currentStep(get())) + delta;
      const step = STEPS[Math.min(STEPS.length - 1, Math.max(0, index))];
      if (step) get().goTo(step);
    },

    setStep: async (step, state) => {
      const deployment = currentDeployment(get());
      if (!deployment || deployment.steps[step].state === state) return;
      // Shown at once; main stamps the time.
      replace({ ...deployment, steps: { ...deployment.steps, [step]: { state, changedAt: new Date().toISOString() } } });
      const result = await serial(() => api().setStepState({ id: deployment.id, step, state }));
      if (!result.ok) return fail(result.error, 'step');
      replace(result.value);
      succeeded();
    },

    touch: async (step) => {
      const deployment = currentDeployment(get());
      if (deployment && deployment.steps[step].state === 'not-started') await get().setStep(step, 'in-progress');
    },

    patch: async (patch) => {
      const deployment = currentDeployment(get());
      if (!deployment) return;
      replace({ ...deployment, ...patch });
      const result = await serial(() => api().updateDeployment({ id: deployment.id, patch }));
      if (!result.ok) return fail(result.error, 'step');
      replace(result.value);
      succeeded();
    },

    saveIds: async (ids) => {
      const cleaned: Partial<TenantIds> = { ...ids };
      if (ids.tenantId !== undefined) cleaned.tenantId = cleanId(ids.tenantId);
      if (ids.clientId !== undefined) cleaned.clientId = cleanId(ids.clientId);
      const deployment = currentDeployment(get());
      if (!deployment) return set({ sessionIds: { ...get().sessionIds, ...cleaned } });
      const changed = (Object.keys(cleaned) as (keyof TenantIds)[]).some((key) => cleaned[key] !== deployment[key]);
      if (!changed) return;
      await get().patch(cleaned);
      await get().touch('register');
    },

    checkVersion: async (version) => {
      const result = await api().describeIseVersion({ version });
      set({ versions: { ...get().versions, [version]: result.ok ? result.value : result.error } });
    },

    loadMdmValues: async () => {
      const deployment = currentDeployment(get());
      if (!deployment || tenantProblem(deployment.tenantId) || clientProblem(deployment.clientId)) return;
      const flow = deploymentFlow(get(), deployment);
      const key = mdmKey(deployment, flow);
      if (get().mdm[key]) return;
      const result = await api().getMdmValues({ tenant: deployment.tenantId, clientId: deployment.clientId, flow });
      set({ mdm: { ...get().mdm, [key]: result.ok ? result.value : result.error } });
    },

    exportReport: async (format) => {
      const deployment = currentDeployment(get());
      if (!deployment) return;
      set({ report: null, reportError: null });
      const result = await api().exportSetupReport({ id: deployment.id, format });
      if (!result.ok) {
        if (result.error.code === 'PDF_UNAVAILABLE') return set({ pdfUnavailable: true, reportError: result.error });
        return set({ reportError: result.error });
      }
      if (result.value) set({ report: { path: result.value.path, format } });
    },

    diagnose: async (text) => {
      const deployment = currentDeployment(get());
      if (!deployment) return;
      const result = await api().diagnoseText({ text, name: 'Test Connection' });
      set({ diagnoses: { ...get().diagnoses, [deployment.id]: result.ok ? result.value : result.error } });
      if (result.ok) await get().setStep('test', result.value.diagnosis.findings.length ? 'needs-attention' : 'in-progress');
    },

    clearError: () => set({ error: null, errorAt: null }),
  };
});

/** Every loaded node is on the app according to the opened manifest; null when that cannot be told. */
export function nodesRegistered(state: EntraState | null): boolean | null {
  if (!state?.manifest || state.nodes.length === 0) return null;
  const manifest = state.manifest;
  return state.nodes.every((node) => manifest.entries.some((entry) => entry.status === 'valid' && entry.nodes.includes(node.name)));
}

// What the admin does in the embedded App manifest sections (node certificates, the manifest
// file) is saved into the current deployment, as public PEM only.
useEntraStore.subscribe((next, previous) => {
  if (restoring || !next.state || next.state === previous.state) return;
  const store = useSetupStore.getState();
  const deployment = currentDeployment(store);
  if (!deployment) return;
  const loadedPems = { ...store.loadedPems };
  next.state.nodes.forEach((node, index) => {
    const fileId = next.state?.fileIds[index];
    if (fileId) loadedPems[node.certificate.pem] = fileId;
  });
  useSetupStore.setState({ loadedPems });
  const patch: DeploymentPatch = {};
  const nodes = nodesFromEntra(next.state);
  if (!sameNodes(nodes, deployment.nodes)) patch.nodes = nodes;
  const file = next.state.manifest?.file ?? null;
  if (file && file !== deployment.manifestFile) patch.manifestFile = file;
  if (Object.keys(patch).length) {
    void store.patch(patch);
    void store.touch('certificates');
  }
  if (nodesRegistered(next.state)) void store.setStep('certificates', 'done');
});

// CAs exported for ISE in step 1 are remembered with the deployment; a loaded ISE trust store
// that lacks none of them completes the step.
useChainsStore.subscribe((next, previous) => {
  const store = useSetupStore.getState();
  const deployment = currentDeployment(store);
  if (!deployment || !next.state) return;
  if (next.exported && next.exported !== previous.exported) {
    const refs = new Set(next.exported.files.flatMap((file) => file.certificates));
    const known = new Set(deployment.trustedCas.map((ca) => ca.sha256));
    const added = next.state.needs.certificates
      .filter((entry) => refs.has(entry.certificate.thumbprints.sha256) && !known.has(entry.certificate.thumbprints.sha256))
      .map((entry) => ({ sha256: entry.certificate.thumbprints.sha256, name: entry.friendlyName.slice(0, 200), pem: entry.certificate.pem }));
    if (added.length) void store.patch({ trustedCas: [...deployment.trustedCas, ...added] });
    void store.touch('trust');
  }
  const complete = next.state.missingInIse?.length === 0 && next.state.needs.certificates.length > 0;
  if (complete && next.state !== previous.state) void store.setStep('trust', 'done');
});

/** A date and time in the user's language (Intl), e.g. for a step's last change. */
export function formatDateTime(iso: string, language: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'short' }).format(date);
}

export function formatDate(iso: string, language: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : new Intl.DateTimeFormat(language, { dateStyle: 'medium' }).format(date);
}
