/**
 * The app's live calls (sign-in, audit, connection test) and AIA downloads through Chromium's
 * network stack: the system proxy with PAC and failover, or the explicit proxy of Settings; the
 * Windows trust store; Windows sign-in to the proxy (NTLM, Kerberos/Negotiate, answered by
 * Chromium with the signed-in account); and for a proxy that asks for a user name and password,
 * the ones in Settings. Only the Electron calls are here: the rest is plain Node
 * (main/services/net-request.ts, main/services/entra/live/chromium-transport.ts, main/services/tls/aia.ts).
 */
import { net, session as electronSession, type Session } from 'electron';
import { createChromiumTransport, createNetRequester } from '../services/entra/live';
import type { HttpTransport } from '../services/entra/live';
import type { NetRequestLike, OpenNetRequest, ProxyCredentials } from '../services/net-request';
import { createNetAiaGet, type AiaGet } from '../services/tls';

export type { ProxyCredentials } from '../services/net-request';

export interface ElectronTransportOptions {
  /** Explicit proxy (`http://host:port`, no credentials) or null to follow the system (PAC included). */
  explicitProxy: string | null;
  /** Settings' Direct mode: no proxy at all, whatever the system's. */
  direct?: boolean;
  credentials: () => Promise<ProxyCredentials | null>;
  timeoutMs?: number;
  signal?: AbortSignal;
}

let networkSession: Session | undefined;
let appliedRoute: string | undefined;

/** A session of its own for the app's calls, so the window's session keeps its settings. */
async function sessionFor(explicitProxy: string | null, direct: boolean): Promise<Session> {
  networkSession ??= electronSession.fromPartition('live-calls', { cache: false });
  const route = direct ? 'direct' : (explicitProxy ?? 'system');
  if (appliedRoute !== route) {
    const host = explicitProxy === null ? null : new URL(explicitProxy).host;
    await networkSession.setProxy(direct ? { mode: 'direct' } : host === null ? { mode: 'system' } : { mode: 'fixed_servers', proxyRules: `http=${host};https=${host}` });
    appliedRoute = route;
  }
  return networkSession;
}

/** `net.request` on the session of the chosen proxy, without cookies or the session's site credentials. */
function opener(explicitProxy: string | null, direct = false): OpenNetRequest {
  return async ({ method, url, redirect }) =>
    net.request({ method, url, redirect, session: await sessionFor(explicitProxy, direct), useSessionCookies: false, credentials: 'omit' }) as unknown as NetRequestLike;
}

export function createElectronTransport(options: ElectronTransportOptions): HttpTransport {
  return createChromiumTransport(createNetRequester(opener(options.explicitProxy, options.direct === true), options.credentials), {
    ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
    proxyDescription: options.direct ? null : (options.explicitProxy ?? 'system proxy'),
  });
}

/** AIA downloads (plain http, DER or PKCS#7) through the same session: the system proxy or the explicit one. */
export function createElectronAiaGet(options: { explicitProxy: string | null; credentials: () => Promise<ProxyCredentials | null> }): AiaGet {
  return createNetAiaGet(opener(options.explicitProxy), options.credentials);
}
