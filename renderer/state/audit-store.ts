import { create } from 'zustand';
import type { ApiError, AuditResult, CloudName, DeviceCodePrompt, KeyCredentialPatchPlan, KeyCredentialPatchResult, SignInState } from '../../preload/contract';
import { api, events, newTaskId } from '../api';

export interface AuditTarget {
  tenant: string;
  clientId: string;
  cloud: CloudName;
  authority?: string;
  graph?: string;
}

interface AuditState {
  /** taskId of the sign-in under way. */
  signingIn: string | null;
  /** The device code to type at Microsoft's page (device-code method only). */
  prompt: DeviceCodePrompt | null;
  signIn: SignInState | null;
  auditing: boolean;
  audit: AuditResult | null;
  planning: boolean;
  plan: KeyCredentialPatchPlan | null;
  applying: boolean;
  fix: KeyCredentialPatchResult | null;
  /** The last failed action, shown by its buttons (sign-in, audit or fix), and gone with the next success. */
  error: ApiError | null;
  errorAt: AuditErrorPlace | null;
  startSignIn: (args: Omit<AuditTarget, 'clientId'> & { access: 'read' | 'write'; method: 'browser' | 'device-code' }) => Promise<void>;
  cancelSignIn: () => Promise<void>;
  /** Who is signed in, from main's encrypted cache (after a restart, or a change of sign-in client). */
  loadSignIn: () => Promise<void>;
  signOut: () => Promise<void>;
  runAudit: (target: AuditTarget) => Promise<void>;
  preparePlan: () => Promise<void>;
  closePlan: () => void;
  applyPlan: () => Promise<void>;
}

/** Where an audit error is shown: by the sign-in buttons, the audit's button, or the fix's. */
export type AuditErrorPlace = 'sign-in' | 'audit' | 'fix';

let lastTarget: AuditTarget | null = null;

export const useAuditStore = create<AuditState>((set, get) => ({
  signingIn: null,
  prompt: null,
  signIn: null,
  auditing: false,
  audit: null,
  planning: false,
  plan: null,
  applying: false,
  fix: null,
  error: null,
  errorAt: null,
  startSignIn: async (args) => {
    const taskId = newTaskId('admin-sign-in');
    set({ signingIn: taskId, prompt: null, error: null, errorAt: null });
    const stop = events().on('taskProgress', ({ taskId: id, event }) => {
      if (id === taskId && event.stage === 'device-code') set({ prompt: event.detail as DeviceCodePrompt });
    });
    try {
      const result = await api().adminSignIn({ taskId, ...args });
      if (result.ok) set({ signIn: result.value });
      else set({ error: result.error, errorAt: 'sign-in' });
    } finally {
      stop();
      set({ signingIn: null, prompt: null });
    }
  },
  cancelSignIn: async () => {
    const taskId = get().signingIn;
    if (taskId) await api().cancelTask({ taskId });
  },
  loadSignIn: async () => {
    const result = await api().getAdminSignIn();
    // Nothing to show on failure (the sign-in buttons stay), nor while a sign-in is under way.
    if (!result.ok || get().signingIn) return;
    if (result.value.signedIn) set({ signIn: result.value });
    else set({ signIn: result.value, audit: null, plan: null, fix: null });
  },
  signOut: async () => {
    const result = await api().adminSignOut();
    if (result.ok) set({ signIn: result.value, audit: null, plan: null, fix: null, error: null, errorAt: null });
    else set({ error: result.error, errorAt: 'sign-in' });
  },
  runAudit: async (target) => {
    lastTarget = target;
    set({ auditing: true, error: null, errorAt: null, plan: null });
    try {
      const result = await api().auditAppRegistration(target);
      if (result.ok) set({ audit: result.value });
      else set({ error: result.error, errorAt: 'audit' });
    } finally {
      set({ auditing: false });
    }
  },
  preparePlan: async () => {
    set({ planning: true, error: null, errorAt: null, fix: null });
    try {
      const result = await api().planAppCertificateFix();
      if (result.ok) set({ plan: result.value });
      else set({ error: result.error, errorAt: 'fix' });
    } finally {
      set({ planning: false });
    }
  },
  closePlan: () => set({ plan: null }),
  applyPlan: async () => {
    set({ applying: true, error: null, errorAt: null });
    try {
      const result = await api().applyAppCertificateFix({ confirmed: true });
      if (!result.ok) {
        set({ error: result.error, errorAt: 'fix', plan: null });
        return;
      }
      set({ fix: result.value, plan: null });
    } finally {
      set({ applying: false });
    }
    // The re-read: the checklist again, against the app as it is now.
    if (lastTarget) await get().runAudit(lastTarget);
  },
}));
