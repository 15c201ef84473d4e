/**
 * The wizard's view state: which deployment and step are shown, the last error, the report just
 * saved. Everything else is main's: restoring a deployment into the workbenches, the step rules
 * and the values every screen reads (SetupFlow, main/services/setup); this store shows what main
 * returns and announces (`deploymentChanged`).
 */
import { create } from 'zustand';
import type { ApiError, CloudName, Deployment, DeploymentPatch, DeploymentValues, DiagnosisResult, DeploymentsList, IseFormValues, MdmFlow, SetupSnapshot, SetupStepId, SetupStepState } from '../../preload/contract';
import { api, events } from '../api';
import { useEntraStore } from './entra-store';
import { cleanId } from '../components/id-hints';

/** The wizard's steps, in the order of DOMAIN.md "The flow the app guides" (0 = before you start). */
export const STEPS: readonly SetupStepId[] = ['before', 'trust', 'register', 'certificates', 'mdm', 'device', 'test'];

export type ReportFormat = 'html' | 'pdf';

/** Where a failed action's error is shown: the deployment bar, or the step that was being worked on. */
export type SetupErrorPlace = 'deployment' | 'step';

/** The tenant, client ID and cloud every screen uses: typed once, kept with the deployment. */
export interface TenantIds {
  tenantId: string;
  clientId: string;
  cloud: CloudName;
}

interface SetupState {
  list: DeploymentsList | null;
  /** Main's values per deployment id (as last restored or announced). */
  values: Record<string, DeploymentValues>;
  /** The IDs typed while there is no deployment yet (this session only; a deployment keeps its own). */
  sessionIds: TenantIds;
  /** The step shown per deployment id, for this session (the saved states decide where a new session resumes). */
  viewed: Record<string, SetupStepId>;
  /** The last failed action, shown by what caused it (errorAt), and gone with the next success. */
  error: ApiError | null;
  /** deployment: the deployment bar's actions (and loading the list); step: a step's state or values. */
  errorAt: SetupErrorPlace | null;
  report: { path: string; format: ReportFormat } | null;
  reportError: ApiError | null;
  pdfUnavailable: boolean;
  /** The last pasted error's diagnosis, per deployment. */
  diagnoses: Record<string, DiagnosisResult | ApiError>;
  /** Restores the current deployment (main loads its certificates); resolves once it is shown. */
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
  /** A change to the current deployment; false when main refused it (the error is in `error`). */
  patch: (patch: DeploymentPatch) => Promise<boolean>;
  /** Saves IDs typed on any screen: into the current deployment, else for this session. */
  saveIds: (ids: Partial<TenantIds>) => Promise<void>;
  /** Keeps the values typed into ISE's form with the current deployment (main checks them). */
  saveForm: (form: IseFormValues) => Promise<boolean>;
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

/** Main's values of the current deployment; null on first run or before main answered. */
export function currentValues(state: Pick<SetupState, 'list' | 'values'>): DeploymentValues | null {
  const id = state.list?.currentId;
  return id ? (state.values[id] ?? null) : null;
}

/** The IDs every screen shows: the current deployment's, else the session's. */
export function tenantIds(state: Pick<SetupState, 'list' | 'sessionIds'>): TenantIds {
  const deployment = currentDeployment(state);
  return deployment ? { tenantId: deployment.tenantId, clientId: deployment.clientId, cloud: deployment.cloud } : state.sessionIds;
}

export function currentStep(state: Pick<SetupState, 'list' | 'viewed' | 'values'>): SetupStepId {
  const deployment = currentDeployment(state);
  if (!deployment) return 'before';
  return state.viewed[deployment.id] ?? state.values[deployment.id]?.resumeStep ?? 'before';
}

/** The flow the deployment's ISE version uses (main's reading of it); Graph until one is known. */
export function deploymentFlow(state: Pick<SetupState, 'list' | 'values'>): MdmFlow {
  return currentValues(state)?.flow ?? 'graph';
}

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

  /** Fixes the step shown for the current deployment, so that finishing a step never moves the view by itself. */
  const pinStep = () => {
    const deployment = currentDeployment(get());
    const values = currentValues(get());
    if (deployment && values && !get().viewed[deployment.id]) set({ viewed: { ...get().viewed, [deployment.id]: values.resumeStep } });
  };

  const adopt = (snapshot: SetupSnapshot) => {
    const values = snapshot.values ? { ...get().values, [snapshot.values.id]: snapshot.values } : get().values;
    set({ list: snapshot.list, values, error: null, errorAt: null });
    pinStep();
    useEntraStore.getState().restored(snapshot.entra);
  };

  // What main changes on the admin's behalf (a node recorded, step 1 or 3 done) arrives here.
  let listening = false;
  const listen = () => {
    if (listening) return;
    listening = true;
    events().on('deploymentChanged', ({ deployment, values }) => {
      replace(deployment);
      set({ values: { ...get().values, [deployment.id]: values } });
    });
  };

  /** Main restores the deployment (`id`, else the current one) and answers with what to show. */
  const restore = async (id?: string) => {
    listen();
    const result = await api().restoreDeployment(id === undefined ? {} : { id });
    if (!result.ok) return fail(result.error);
    adopt(result.value);
  };

  return {
    list: null,
    values: {},
    sessionIds: { tenantId: '', clientId: '', cloud: 'public' },
    viewed: {},
    error: null,
    errorAt: null,
    report: null,
    reportError: null,
    pdfUnavailable: false,
    diagnoses: {},

    load: () => restore(),

    create: async (name) => {
      const result = await api().createDeployment({ name });
      if (!result.ok) {
        fail(result.error);
        return false;
      }
      set({ report: null, reportError: null });
      await restore();
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
      set({ report: null, reportError: null });
      await restore();
    },

    remove: async () => {
      const deployment = currentDeployment(get());
      if (!deployment) return;
      const result = await api().deleteDeployment({ id: deployment.id });
      if (!result.ok) return fail(result.error);
      set({ report: null, reportError: null });
      await restore();
    },

    switchTo: async (id) => {
      const list = get().list;
      if (!list || list.currentId === id) return;
      // Shown at once from what is already here; main restores it and records the choice.
      set({ list: { ...list, currentId: id }, report: null, reportError: null, error: null, errorAt: null });
      pinStep();
      await restore(id);
    },

    importDeployment: async () => {
      const result = await api().importDeployment();
      if (!result.ok) return fail(result.error);
      if (!result.value) return;
      set({ report: null, reportError: null });
      await restore();
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

    patch: async (patch) => {
      const deployment = currentDeployment(get());
      if (!deployment) return false;
      replace({ ...deployment, ...patch });
      const result = await serial(() => api().updateDeployment({ id: deployment.id, patch }));
      if (!result.ok) {
        replace(deployment);
        fail(result.error, 'step');
        return false;
      }
      replace(result.value);
      succeeded();
      return true;
    },

    saveIds: async (ids) => {
      const cleaned: Partial<TenantIds> = { ...ids };
      if (ids.tenantId !== undefined) cleaned.tenantId = cleanId(ids.tenantId);
      if (ids.clientId !== undefined) cleaned.clientId = cleanId(ids.clientId);
      const deployment = currentDeployment(get());
      if (!deployment) return set({ sessionIds: { ...get().sessionIds, ...cleaned } });
      const changed = (Object.keys(cleaned) as (keyof TenantIds)[]).some((key) => cleaned[key] !== deployment[key]);
      // Main cleans them as ISE needs them and marks step 2 started.
      if (changed) await get().patch(cleaned);
    },

    saveForm: async (form) => {
      const deployment = currentDeployment(get());
      if (!deployment) return false;
      const kept = deployment.iseForm;
      if (kept && kept.tokenUrl === form.tokenUrl.trim() && kept.discoveryUrl === form.discoveryUrl.trim() && kept.audience === form.audience.trim()) return true;
      return get().patch({ iseForm: form });
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
      // Main records step 5's state from the findings (deploymentChanged).
      const result = await api().diagnoseText({ text, name: 'Test Connection', deploymentId: deployment.id });
      set({ diagnoses: { ...get().diagnoses, [deployment.id]: result.ok ? result.value : result.error } });
    },

    clearError: () => set({ error: null, errorAt: null }),
  };
});
