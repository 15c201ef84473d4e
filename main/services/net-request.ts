/**
 * One request through a stack shaped like Electron's `net.request` (Chromium's network stack in
 * the app: the system proxy and its PAC script, an explicit proxy, Windows sign-in to the proxy
 * with NTLM or Kerberos/Negotiate), in plain Node so that tests drive it with a stand-in:
 * main/platform/electron-net-transport.ts only opens the request. Here: the proxy's sign-in
 * answered once with the credentials kept in Settings, manual redirects handed back, and cancel.
 * Electron's `abort()` emits 'abort', never 'error': the answer is settled here on cancel, or a
 * cancelled or timed-out request would wait for ever.
 */
import { Readable } from 'node:stream';
import { ServiceError } from './errors';

export interface ProxyCredentials {
  user: string;
  password: string;
}

/** Electron's AuthInfo of the 'login' event. */
export interface NetLoginInfo {
  isProxy: boolean;
  scheme: string;
  host: string;
  port: number;
  realm: string;
}

/** What is used of Electron's IncomingMessage: a readable body with a status and headers. */
export interface NetResponseLike extends AsyncIterable<Buffer | Uint8Array> {
  statusCode: number;
  headers: Record<string, string | string[]>;
}

/** What is used of Electron's ClientRequest. */
export interface NetRequestLike {
  setHeader(name: string, value: string): void;
  on(event: 'login', listener: (authInfo: NetLoginInfo, callback: (username?: string, password?: string) => void) => void): unknown;
  on(event: 'redirect', listener: (statusCode: number, method: string, redirectUrl: string) => void): unknown;
  on(event: 'response', listener: (response: NetResponseLike) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  abort(): void;
  end(body?: string): void;
}

export interface NetRequestOptions {
  method: string;
  url: string;
  /** `manual`: a redirect is handed back (the 'redirect' event), not followed. */
  redirect: 'follow' | 'manual';
}

/** Opens a request on the platform's stack (Electron: `net.request` on the session of the chosen proxy). */
export type OpenNetRequest = (options: NetRequestOptions) => NetRequestLike | Promise<NetRequestLike>;

export interface NetAnswer {
  status: number;
  /** Lower-case names. */
  headers: Record<string, string>;
  /** Where a redirect points (manual redirects only). */
  location?: string;
  body: AsyncIterable<Uint8Array>;
}

export interface NetSendOptions extends NetRequestOptions {
  headers: Record<string, string>;
  body?: string;
  signal: AbortSignal;
  /** For a proxy that asks for a user name and password (Settings > Network); null: none kept. */
  credentials: ProxyCredentials | null;
}

function cancelled(signal: AbortSignal): unknown {
  return signal.reason ?? new ServiceError('CANCELLED', 'Cancelled.');
}

export async function sendNetRequest(open: OpenNetRequest, options: NetSendOptions): Promise<NetAnswer> {
  const { signal } = options;
  if (signal.aborted) throw cancelled(signal);
  const request = await open({ method: options.method, url: options.url, redirect: options.redirect });
  return new Promise<NetAnswer>((resolvePromise, reject) => {
    let settled = false;
    let body: Readable | null = null;
    const settle = (action: () => void): void => {
      if (settled) return;
      settled = true;
      action();
    };
    const onAbort = (): void => {
      request.abort();
      // A body being read fails with the same reason; an answer not yet come is rejected.
      body?.destroy(cancelled(signal) as Error);
      settle(() => reject(cancelled(signal)));
    };
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    for (const [name, value] of Object.entries(options.headers)) request.setHeader(name, value);
    let answered = false;
    request.on('login', (authInfo, callback) => {
      // Only the proxy, and once: wrong credentials end as a 407 (or ERR_PROXY_AUTH...), never a loop of 407s.
      if (!authInfo.isProxy || answered || options.credentials === null) return callback();
      answered = true;
      callback(options.credentials.user, options.credentials.password);
    });
    request.on('redirect', (status, _method, location) => {
      request.abort();
      signal.removeEventListener('abort', onAbort);
      settle(() => resolvePromise({ status, headers: {}, location, body: Readable.from([]) }));
    });
    request.on('response', (response) => {
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(response.headers)) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
      body = Readable.from(response);
      // A body destroyed on cancel before anyone reads it must not throw out of the process; a reader still gets the error.
      body.on('error', () => undefined);
      body.once('close', () => signal.removeEventListener('abort', onAbort));
      const readable = body;
      settle(() => resolvePromise({ status: response.statusCode, headers, body: readable }));
    });
    request.on('error', (error) => {
      signal.removeEventListener('abort', onAbort);
      settle(() => reject(error));
    });
    request.end(options.body);
  });
}
