/**
 * The app's live calls (sign-in, audit, connection test) through Chromium's network stack: the
 * system proxy with PAC and failover, the Windows trust store, Windows sign-in to the proxy
 * (NTLM, Kerberos/Negotiate, answered by Chromium with the signed-in account), and for a proxy
 * that asks for a user name and password, the ones in Settings (explicit or System mode).
 * Everything but the Electron call is in main/services/entra/live/chromium-transport.ts.
 */
import { net, session as electronSession, type Session } from 'electron';
import { Readable } from 'node:stream';
import { createChromiumTransport, type RawRequester } from '../services/entra/live';
import type { HttpTransport } from '../services/entra/live';
import type { AiaGet } from '../services/tls';

export interface ProxyCredentials {
  user: string;
  password: string;
}

export interface ElectronTransportOptions {
  /** Explicit proxy (`http://host:port`, no credentials) or null to follow the system (PAC included). */
  explicitProxy: string | null;
  /** Settings' "Direct connection": no proxy at all (explicitProxy is then null). */
  direct?: boolean;
  credentials: () => Promise<ProxyCredentials | null>;
  timeoutMs?: number;
  signal?: AbortSignal;
}

let networkSession: Session | undefined;
let appliedProxy: string | undefined;

/** A session of its own for Microsoft's hosts, so the window's session keeps its settings. */
async function sessionFor(explicitProxy: string | null, direct: boolean): Promise<Session> {
  networkSession ??= electronSession.fromPartition('live-calls', { cache: false });
  const wanted = direct ? 'direct' : (explicitProxy ?? 'system');
  if (appliedProxy !== wanted) {
    await networkSession.setProxy(
      direct ? { mode: 'direct' } : explicitProxy === null ? { mode: 'system' } : { mode: 'fixed_servers', proxyRules: `http=${new URL(explicitProxy).host};https=${new URL(explicitProxy).host}` },
    );
    appliedProxy = wanted;
  }
  return networkSession;
}

export function createElectronTransport(options: ElectronTransportOptions): HttpTransport {
  const requester: RawRequester = async ({ method, url, headers, body, signal }) => {
    const session = await sessionFor(options.explicitProxy, options.direct === true);
    const credentials = await options.credentials();
    return new Promise((resolvePromise, reject) => {
      const request = net.request({ method, url, session, useSessionCookies: false, redirect: 'follow', credentials: 'omit' });
      for (const [name, value] of Object.entries(headers)) request.setHeader(name, value);
      let answered = false;
      request.on('login', (authInfo, callback) => {
        // Only the proxy, once: wrong credentials end as ERR_PROXY_AUTH..., never a loop of 407s.
        if (!authInfo.isProxy || answered || credentials === null) return callback();
        answered = true;
        callback(credentials.user, credentials.password);
      });
      request.on('response', (response) => {
        const flat: Record<string, string> = {};
        for (const [name, value] of Object.entries(response.headers)) flat[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
        resolvePromise({ status: response.statusCode, headers: flat, body: Readable.from(response as unknown as AsyncIterable<Buffer>) });
      });
      request.on('error', reject);
      signal.addEventListener('abort', () => request.abort(), { once: true });
      request.end(body);
    });
  };
  return createChromiumTransport(requester, {
    ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
    proxyDescription: options.direct ? 'no proxy (direct connection)' : (options.explicitProxy ?? 'system proxy'),
  });
}

/**
 * AIA downloads (plain http, DER or PKCS#7) through the default session: the system proxy with
 * its PAC script, and Windows proxy sign-in. Redirects are handed back, not followed, so that
 * main/services/tls/aia.ts checks and reports each one.
 */
export function createElectronAiaGet(credentials: () => Promise<ProxyCredentials | null>): AiaGet {
  return async (url, signal) => {
    const known = await credentials();
    return new Promise((resolvePromise, reject) => {
      const request = net.request({ method: 'GET', url, session: electronSession.defaultSession, redirect: 'manual', useSessionCookies: false, credentials: 'omit' });
      request.setHeader('Accept', 'application/pkix-cert, application/pkcs7-mime, */*');
      let answered = false;
      request.on('login', (authInfo, callback) => {
        if (!authInfo.isProxy || answered || known === null) return callback();
        answered = true;
        callback(known.user, known.password);
      });
      request.on('redirect', (status, _method, location) => {
        request.abort();
        resolvePromise({ status, location, contentType: '', body: Readable.from([]) });
      });
      request.on('response', (response) => {
        const type = response.headers['content-type'];
        resolvePromise({ status: response.statusCode, contentType: Array.isArray(type) ? type.join(', ') : String(type ?? ''), body: Readable.from(response as unknown as AsyncIterable<Buffer>) });
      });
      request.on('error', reject);
      signal.addEventListener('abort', () => request.abort(), { once: true });
      request.end();
    });
  };
}
