/**
 * The admin's sign-in for the audit (MSAL Node public client): interactive through the system
 * browser with a loopback redirect (the app passes `openBrowser`, Electron's shell.openExternal),
 * device code as the fallback. The token cache goes through an injected store that encrypts at
 * rest (the app passes its safeStorage SecretStore; tests an in-memory one); sign-out clears it.
 *
 * Default client: "Microsoft Graph Command Line Tools" (14d82eec-204b-4c2f-b7e8-296a70dab67e),
 * Microsoft's first-party public client behind the Microsoft Graph PowerShell SDK and CLI. It is
 * present in every tenant without an app registration of our own, accepts the `http://localhost`
 * loopback redirect and the device-code flow, and its Graph permissions are not preauthorized:
 * each admin consents to exactly the delegated scopes asked for (Application.Read.All to read,
 * Application.ReadWrite.All only for the certificate fix). Tenants that block it, or prefer
 * their own app, set another public client ID (the audit panel's "Sign-in app", or Settings);
 * it needs the loopback redirect `http://localhost` and "Allow public client flows".
 */
import { AuthError, PublicClientApplication, type AccountInfo, type AuthenticationResult, type ICachePlugin, type INetworkModule, type JsonCache, type NetworkRequestOptions, type TokenCacheContext } from '@azure/msal-node';
import { request as httpRequest } from 'node:http';
import { DEFAULT_SIGN_IN_CLIENT_ID, type GraphAccessLevel } from '../../../../preload/contract';
import type { DeviceCodePrompt, SignInState } from '../../../../preload/types/live';
import { ServiceError, isServiceError } from '../../errors';
import { isAllowedSignInUrl, type ResolvedCloud } from './clouds';
import { msalAuthority, msalSystem } from './msal-config';
import { createMsalNetworkClient, throughMsal, transportFailure, type HttpTransport } from './network-client';

export { DEFAULT_SIGN_IN_CLIENT_ID };
/** The name under which the encrypted token cache is stored. */
export const TOKEN_CACHE_NAME = 'entra-admin-token-cache';
const DEFAULT_INTERACTIVE_TIMEOUT_MS = 5 * 60_000;

/** What the token cache needs from the app's secret store (SecretStore in main/platform fits). */
export interface TokenCacheStore {
  get(name: string): Promise<string | null>;
  set(name: string, value: string): Promise<void>;
  delete(name: string): Promise<void>;
}

/** `read` for the audit, `write` for the certificate fix (PATCH). */
export type GraphAccess = GraphAccessLevel;

export interface AdminSessionOptions {
  cloud: ResolvedCloud;
  /** The tenant to sign in to (its ID or domain); `organizations` lets the account decide. */
  tenant?: string;
  clientId?: string;
  cacheStore: TokenCacheStore;
  transport: HttpTransport;
  /** Opens the URL in the system browser. */
  openBrowser: (url: string) => Promise<void>;
}

export interface InteractiveOptions {
  access?: GraphAccess;
  signal?: AbortSignal;
  /** Gives up (and closes the loopback listener) after this long. Default 5 minutes. */
  timeoutMs?: number;
}

export interface DeviceCodeOptions {
  access?: GraphAccess;
  signal?: AbortSignal;
  onPrompt: (prompt: DeviceCodePrompt) => void;
}

export interface AdminSession {
  readonly clientId: string;
  signInInteractive(options?: InteractiveOptions): Promise<SignInState>;
  signInWithDeviceCode(options: DeviceCodeOptions): Promise<SignInState>;
  state(): Promise<SignInState>;
  /** A delegated Graph token from the cache (refreshed silently); SIGN_IN_REQUIRED when the admin must sign in (again). */
  graphToken(access: GraphAccess): Promise<string>;
  signOut(): Promise<void>;
}

export function createAdminSession(options: AdminSessionOptions): AdminSession {
  const clientId = options.clientId ?? DEFAULT_SIGN_IN_CLIENT_ID;
  const tenant = options.tenant ?? 'organizations';
  const scopesFor = (access: GraphAccess): string[] => [`${options.cloud.graphAudience}/${access === 'write' ? 'Application.ReadWrite.All' : 'Application.Read.All'}`];
  const app = new PublicClientApplication({
    auth: { clientId, ...msalAuthority(options.cloud, tenant) },
    cache: { cachePlugin: cachePlugin(options.cacheStore) },
    system: msalSystem(withDeviceCodeRefusals(createMsalNetworkClient(options.transport))),
  });
  const account = async (): Promise<AccountInfo | null> => (await app.getTokenCache().getAllAccounts())[0] ?? null;
  const stateOf = (info: AccountInfo | null): SignInState => ({
    signedIn: info !== null,
    account: info ? { username: info.username, tenantId: info.tenantId, name: info.name ?? null } : null,
    clientId,
  });
  return {
    clientId,
    async signInInteractive(interactive = {}) {
      if (!isAllowedSignInUrl(`${options.cloud.authorityHost}/`)) throw signInHostRefused(options.cloud.authorityHost);
      const loopback: { redirectUri?: string; state?: string } = {};
      let stopped: 'cancelled' | 'timeout' | null = null;
      const stop = (why: 'cancelled' | 'timeout'): void => {
        stopped ??= why;
        if (loopback.redirectUri && loopback.state) abandonLoopback(loopback.redirectUri, loopback.state);
      };
      const cancel = (): void => stop('cancelled');
      const timer = setTimeout(() => stop('timeout'), interactive.timeoutMs ?? DEFAULT_INTERACTIVE_TIMEOUT_MS);
      interactive.signal?.addEventListener('abort', cancel, { once: true });
      try {
        const result = await app.acquireTokenInteractive({
          scopes: scopesFor(interactive.access ?? 'read'),
          openBrowser: async (url) => {
            const parsed = new URL(url);
            loopback.redirectUri = parsed.searchParams.get('redirect_uri') ?? undefined;
            loopback.state = parsed.searchParams.get('state') ?? undefined;
            if (interactive.signal?.aborted) return cancel();
            if (!isAllowedSignInUrl(url)) throw signInHostRefused(parsed.origin);
            await options.openBrowser(url);
          },
          successTemplate: 'Signed in. You can close this window and return to ISE Intune Assistant.',
          errorTemplate: 'Sign-in did not complete. Return to ISE Intune Assistant for details.',
        });
        return stateOf(accountOf(result));
      } catch (error) {
        throw signInFailure(error, stopped);
      } finally {
        clearTimeout(timer);
        interactive.signal?.removeEventListener('abort', cancel);
      }
    },
    async signInWithDeviceCode(device) {
      const request = {
        scopes: scopesFor(device.access ?? 'read'),
        cancel: false,
        deviceCodeCallback: (response: { userCode: string; verificationUri: string; message: string; expiresIn: number }) =>
          device.onPrompt({ userCode: response.userCode, verificationUri: response.verificationUri, message: response.message, expiresOn: new Date(Date.now() + response.expiresIn * 1000).toISOString() }),
      };
      // MSAL checks `cancel` between polls.
      const onAbort = (): void => {
        request.cancel = true;
      };
      device.signal?.addEventListener('abort', onAbort, { once: true });
      try {
        return stateOf(accountOf(await app.acquireTokenByDeviceCode(request)));
      } catch (error) {
        throw signInFailure(error, device.signal?.aborted ? 'cancelled' : null);
      } finally {
        device.signal?.removeEventListener('abort', onAbort);
      }
    },
    async state() {
      return stateOf(await account());
    },
    async graphToken(access) {
      const info = await account();
      if (!info) throw new ServiceError('SIGN_IN_REQUIRED', 'Sign in to Entra first (an administrator who can read app registrations).');
      try {
        const result = await app.acquireTokenSilent({ account: info, scopes: scopesFor(access) });
        return result.accessToken;
      } catch (error) {
        const failure = transportFailure(error);
        if (failure) throw failure;
        throw new ServiceError(
          'SIGN_IN_REQUIRED',
          access === 'write'
            ? 'Changing the certificates needs Application.ReadWrite.All: sign in again and consent to it.'
            : 'The sign-in has expired. Sign in to Entra again.',
        );
      }
    },
    async signOut() {
      const cache = app.getTokenCache();
      for (const info of await cache.getAllAccounts()) await cache.removeAccount(info);
      await options.cacheStore.delete(TOKEN_CACHE_NAME);
    },
  };
}

/**
 * The admin kept in the encrypted token cache, read without MSAL and without a network call (the
 * app shows it after a restart). Only an account with a token of `clientId` counts: a cache
 * written with another sign-in client is not a sign-in for this one.
 */
export async function readCachedSignIn(store: TokenCacheStore, clientId: string): Promise<SignInState> {
  const signedOut: SignInState = { signedIn: false, account: null, clientId };
  const stored = await store.get(TOKEN_CACHE_NAME);
  if (!stored) return signedOut;
  let cache: Partial<JsonCache>;
  try {
    cache = JSON.parse(stored) as Partial<JsonCache>;
  } catch {
    return signedOut;
  }
  const holders = new Set(
    [...Object.values(cache.RefreshToken ?? {}), ...Object.values(cache.IdToken ?? {})]
      .filter((credential) => credential.client_id?.toLowerCase() === clientId.toLowerCase())
      .map((credential) => credential.home_account_id),
  );
  const account = Object.values(cache.Account ?? {}).find((entry) => holders.has(entry.home_account_id));
  if (!account) return signedOut;
  return { signedIn: true, account: { username: account.username, tenantId: account.realm, name: account.name ?? null }, clientId };
}

function accountOf(result: AuthenticationResult | null): AccountInfo | null {
  return result?.account ?? null;
}

/** MSAL's serialized cache, kept only in the injected (encrypting) store. */
function cachePlugin(store: TokenCacheStore): ICachePlugin {
  return {
    async beforeCacheAccess(context: TokenCacheContext) {
      const stored = await store.get(TOKEN_CACHE_NAME);
      if (stored) context.tokenCache.deserialize(stored);
    },
    async afterCacheAccess(context: TokenCacheContext) {
      if (context.cacheHasChanged) await store.set(TOKEN_CACHE_NAME, context.tokenCache.serialize());
    },
  };
}

/**
 * MSAL hands a refused device-code request to its callback as a prompt without a code, then polls
 * for nothing. Entra's refusal is what the admin needs: a client this tenant does not know
 * (AADSTS700016) or one without "Allow public client flows" (AADSTS7000218).
 */
function withDeviceCodeRefusals(network: INetworkModule): INetworkModule {
  return {
    sendGetRequestAsync: (url, options, timeout) => network.sendGetRequestAsync(url, options, timeout),
    async sendPostRequestAsync<T>(url: string, options?: NetworkRequestOptions) {
      const response = await network.sendPostRequestAsync<T>(url, options);
      if (response.status >= 400 && new URL(url).pathname.endsWith('/devicecode')) {
        const body = response.body as { error?: unknown; error_description?: unknown };
        const description = typeof body.error_description === 'string' ? body.error_description : '';
        const reason = /AADSTS\d+[^\r\n]*/.exec(description)?.[0] ?? (typeof body.error === 'string' ? body.error : `HTTP ${response.status}`);
        throw throughMsal(new ServiceError('SIGN_IN_FAILED', `Sign-in failed: ${reason.replace(/\.+$/, '')}.`));
      }
      return response;
    },
  };
}

/**
 * Ends MSAL's loopback listener when the admin gives up: it waits for the browser's form_post,
 * so the same post with an error lets acquireTokenInteractive reject and close its server.
 */
function abandonLoopback(redirectUri: string, state: string): void {
  const target = new URL(redirectUri);
  const body = new URLSearchParams({ error: 'access_denied', error_subcode: 'cancel', error_description: 'Sign-in cancelled in ISE Intune Assistant.', state }).toString();
  const outgoing = httpRequest({ host: '127.0.0.1', port: target.port, path: target.pathname || '/', method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(body) } });
  outgoing.on('error', () => undefined);
  outgoing.on('response', (response) => response.resume());
  outgoing.end(body);
}

function signInHostRefused(origin: string): ServiceError {
  return new ServiceError(
    'SIGN_IN_HOST_NOT_ALLOWED',
    `The browser sign-in opens only on a Microsoft cloud's login host (login.microsoftonline.com, login.microsoftonline.us), not ${origin}. Clear the authority under the advanced endpoints, or use a device code.`,
  );
}

function signInFailure(error: unknown, reason: 'cancelled' | 'timeout' | null): ServiceError {
  if (isServiceError(error) && error.code === 'SIGN_IN_HOST_NOT_ALLOWED') return error;
  const failure = transportFailure(error);
  if (failure) return failure;
  if (reason === 'cancelled') return new ServiceError('SIGN_IN_CANCELLED', 'Sign-in was cancelled.');
  if (reason === 'timeout') return new ServiceError('SIGN_IN_TIMEOUT', 'Sign-in was not completed in the browser in time. Start it again, or use the device code.');
  if (error instanceof AuthError) {
    const text = `${error.errorCode} ${error.errorMessage}`;
    if (/access_denied|cancel/i.test(text)) return new ServiceError('SIGN_IN_CANCELLED', 'Sign-in was cancelled in the browser (no consent was given).');
    if (/expired_token|device_code_expired|AADSTS70019/i.test(text)) return new ServiceError('SIGN_IN_EXPIRED', 'The device code expired before the sign-in was completed. Start the sign-in again and enter the new code.');
    if (/device_code_polling_cancelled|polling.*cancel/i.test(text)) return new ServiceError('SIGN_IN_CANCELLED', 'Sign-in was cancelled.');
    const aadsts = /AADSTS\d+[^\r\n]*/.exec(error.errorMessage)?.[0];
    return new ServiceError('SIGN_IN_FAILED', `Sign-in failed: ${(aadsts ?? error.errorCode).replace(/\.+$/, '')}.`);
  }
  throw error;
}
