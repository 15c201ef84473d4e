/**
 * The audit of the app registration as the App manifest screen runs it: the admin's sign-in
 * (the token cache lives only in the injected, encrypting store), the last audit with the node
 * certificates it was made against, and the certificate fix planned from it. Tokens never leave
 * this class: the renderer sees SignInState, AuditResult and the plan/result (no key material
 * beyond the public certificates it loaded itself).
 */
import type { AuditResult, CloudName, KeyCredentialPatchPlan, KeyCredentialPatchResult, SignInState } from '../../../preload/types/live';
import type { SignInMethod } from '../../../preload/contract';
import { ServiceError } from '../errors';
import {
  TOKEN_CACHE_NAME,
  applyCertificateFix,
  auditAppRegistration,
  createAdminSession,
  createGraphClient,
  planCertificateFix,
  readCachedSignIn,
  resolveCloud,
  type AdminSession,
  type AuditNode,
  type DeviceCodeOptions,
  type GraphAccess,
  type HttpTransport,
  type TokenCacheStore,
} from '../entra/live';

/** Where Entra and Graph are, as the admin entered them. */
export interface AuditEndpoints {
  tenant: string;
  cloud: CloudName;
  authority?: string;
  graph?: string;
}

export interface AuditWorkbenchDeps {
  cacheStore: TokenCacheStore;
  openBrowser: (url: string) => Promise<void>;
  /** A transport with the current network settings (user CAs, proxy). */
  transport: () => Promise<HttpTransport>;
  /** The public client to sign in with, as configured now (Settings; the default when none is set). */
  signInClientId: () => Promise<string>;
}

interface LastAudit {
  endpoints: AuditEndpoints;
  clientId: string;
  nodes: AuditNode[];
  result: AuditResult;
}

export class AuditWorkbench {
  #signedInWith: AuditEndpoints | null = null;
  #last: LastAudit | null = null;
  #plan: { plan: KeyCredentialPatchPlan; audit: LastAudit } | null = null;

  constructor(private readonly deps: AuditWorkbenchDeps) {}

  async signIn(endpoints: AuditEndpoints, access: GraphAccess, method: SignInMethod, options: { signal: AbortSignal; onPrompt: DeviceCodeOptions['onPrompt'] }): Promise<SignInState> {
    // A cache left by another sign-in client (changed while the app was closed) is no sign-in of this one: start clean.
    if (!(await this.signInState()).signedIn) await this.deps.cacheStore.delete(TOKEN_CACHE_NAME);
    const session = await this.#session(endpoints);
    const state =
      method === 'browser'
        ? await session.signInInteractive({ access, signal: options.signal })
        : await session.signInWithDeviceCode({ access, signal: options.signal, onPrompt: options.onPrompt });
    this.#signedInWith = { ...endpoints };
    return state;
  }

  /** Who is signed in, from the encrypted cache alone: also right after a restart, and without a network call. */
  async signInState(): Promise<SignInState> {
    return readCachedSignIn(this.deps.cacheStore, await this.deps.signInClientId());
  }

  /** Settings changed the sign-in client (was `previous`): the token cache belongs to the old one, so sign out. */
  async clientChanged(previous: string): Promise<void> {
    if (previous !== (await this.deps.signInClientId())) await this.signOut();
  }

  /** Also after a restart (nothing in memory): the cache in the store is what is cleared. */
  async signOut(): Promise<SignInState> {
    const endpoints = this.#signedInWith;
    if (endpoints) {
      const session = await this.#session(endpoints);
      await session.signOut();
    }
    await this.deps.cacheStore.delete(TOKEN_CACHE_NAME);
    this.#signedInWith = null;
    this.#last = null;
    this.#plan = null;
    return { signedIn: false, account: null, clientId: await this.deps.signInClientId() };
  }

  async audit(endpoints: AuditEndpoints, clientId: string, nodes: AuditNode[]): Promise<AuditResult> {
    const session = await this.#session(endpoints);
    if (!(await session.state()).signedIn) throw new ServiceError('SIGN_IN_REQUIRED', 'Sign in to Entra first (an administrator who can read app registrations).');
    const result = await auditAppRegistration({ graph: await this.#graph(endpoints, session, 'read'), clientId, nodes });
    this.#last = { endpoints: { ...endpoints }, clientId, nodes, result };
    this.#plan = null;
    return result;
  }

  plan(): KeyCredentialPatchPlan {
    const last = this.#last;
    if (!last) throw new ServiceError('AUDIT_REQUIRED', 'Run the audit of the app registration first.');
    // Adds only: no existing key is ever selected for removal here.
    const plan = planCertificateFix(last.result, last.nodes);
    this.#plan = { plan, audit: last };
    return plan;
  }

  async apply(confirmed: boolean): Promise<KeyCredentialPatchResult> {
    const planned = this.#plan;
    if (!planned) throw new ServiceError('PLAN_REQUIRED', 'Prepare the changes to the app certificates first, and review them.');
    const session = await this.#session(planned.audit.endpoints);
    const result = await applyCertificateFix(await this.#graph(planned.audit.endpoints, session, 'write'), planned.plan, { confirmed });
    // The app changed: the plan is spent and the audit must be read again.
    this.#plan = null;
    return result;
  }

  async #session(endpoints: AuditEndpoints): Promise<AdminSession> {
    const cloud = resolveCloud({ cloud: endpoints.cloud, ...(endpoints.authority ? { authority: endpoints.authority } : {}), ...(endpoints.graph ? { graph: endpoints.graph } : {}) });
    return createAdminSession({
      cloud,
      ...(endpoints.tenant.trim() ? { tenant: endpoints.tenant.trim() } : {}),
      clientId: await this.deps.signInClientId(),
      cacheStore: this.deps.cacheStore,
      transport: await this.deps.transport(),
      openBrowser: this.deps.openBrowser,
    });
  }

  async #graph(endpoints: AuditEndpoints, session: AdminSession, access: GraphAccess) {
    const cloud = resolveCloud({ cloud: endpoints.cloud, ...(endpoints.authority ? { authority: endpoints.authority } : {}), ...(endpoints.graph ? { graph: endpoints.graph } : {}) });
    return createGraphClient({ graphBase: cloud.graphBase, transport: await this.deps.transport(), getToken: () => session.graphToken(access) });
  }
}
