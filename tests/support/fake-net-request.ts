/**
 * Stands in for Electron's `net.request` (Chromium's stack) in tests, over Node's http against
 * local servers, keeping the behaviour main/services/net-request.ts relies on:
 * - through a proxy, a 407 emits 'login' (isProxy, the scheme of Proxy-Authenticate); the
 *   callback with a user name and password retries with them (Basic here: Chromium would answer
 *   NTLM/Negotiate itself), an empty callback delivers the 407 as the response;
 * - `redirect: 'manual'` emits 'redirect' (status, method, location) and waits to be aborted;
 * - `abort()` emits 'abort' only, never 'error' (as Electron does);
 * - a connection failure is an 'error' whose message is Chromium's `net::ERR_...`.
 */
import { EventEmitter } from 'node:events';
import { request as httpRequest, type ClientRequest, type IncomingMessage } from 'node:http';
import type { NetLoginInfo, NetRequestLike, NetRequestOptions, OpenNetRequest } from '../../main/services/net-request';

export interface FakeNetLog {
  /** Every request opened (URL). */
  opened: string[];
  logins: NetLoginInfo[];
  /** How many requests were aborted. */
  aborts: number;
  /** Requests whose body was sent (the hook a test waits on before cancelling). */
  onSent?: (url: string) => void;
}

const REDIRECTS = [301, 302, 303, 307, 308];

class FakeNetRequest extends EventEmitter implements NetRequestLike {
  readonly #headers: Record<string, string> = {};
  #current: ClientRequest | null = null;
  #aborted = false;

  constructor(
    readonly options: NetRequestOptions,
    readonly proxy: URL | null,
    readonly log: FakeNetLog,
  ) {
    super();
  }

  setHeader(name: string, value: string): void {
    this.#headers[name] = value;
  }

  abort(): void {
    if (this.#aborted) return;
    this.#aborted = true;
    this.log.aborts += 1;
    this.#current?.destroy();
    this.emit('abort');
  }

  end(body?: string): void {
    this.#send(this.options.url, body, null, 0);
    this.log.onSent?.(this.options.url);
  }

  #send(url: string, body: string | undefined, authorization: string | null, hops: number): void {
    if (this.#aborted) return;
    const target = new URL(url);
    const headers = { ...this.#headers, ...(authorization ? { 'Proxy-Authorization': authorization } : {}) };
    const outgoing = this.proxy
      ? httpRequest({ host: this.proxy.hostname, port: this.proxy.port, method: this.options.method, path: target.toString(), headers: { ...headers, Host: target.host } })
      : httpRequest(target, { method: this.options.method, headers });
    this.#current = outgoing;
    outgoing.on('error', (error: NodeJS.ErrnoException) => {
      if (this.#aborted) return;
      const name = error.code === 'ECONNREFUSED' ? 'ERR_CONNECTION_REFUSED' : error.code === 'ENOTFOUND' ? 'ERR_NAME_NOT_RESOLVED' : 'ERR_FAILED';
      this.emit('error', new Error(`net::${name}`));
    });
    outgoing.on('response', (response: IncomingMessage) => this.#answer(response, url, body, authorization, hops));
    outgoing.end(body);
  }

  #answer(response: IncomingMessage, url: string, body: string | undefined, authorization: string | null, hops: number): void {
    if (this.#aborted) return void response.destroy();
    const status = response.statusCode ?? 0;
    if (status === 407 && this.proxy) {
      response.resume();
      const challenge = String(response.headers['proxy-authenticate'] ?? '');
      const info: NetLoginInfo = { isProxy: true, scheme: challenge.split(/\s/)[0]?.toLowerCase() ?? '', host: this.proxy.hostname, port: Number(this.proxy.port), realm: /realm="([^"]*)"/.exec(challenge)?.[1] ?? '' };
      this.log.logins.push(info);
      this.emit('login', info, (user?: string, password?: string) => {
        if (user === undefined) return this.#deliver(status, response);
        this.#send(url, body, `Basic ${Buffer.from(`${user}:${password ?? ''}`).toString('base64')}`, hops);
      });
      return;
    }
    const location = response.headers.location;
    if (REDIRECTS.includes(status) && location) {
      response.resume();
      const next = new URL(location, url).toString();
      if (this.options.redirect === 'manual') return void this.emit('redirect', status, this.options.method, next);
      if (hops < 5) return this.#send(next, body, authorization, hops + 1);
    }
    this.#deliver(status, response);
  }

  #deliver(status: number, response: IncomingMessage): void {
    const headers = Object.fromEntries(Object.entries(response.headers).map(([name, value]) => [name, Array.isArray(value) ? value : String(value)]));
    this.emit('response', Object.assign(response, { statusCode: status, headers }));
  }
}

/** An opener through `proxy` (`http://host:port`) or direct (null), recording into `log`. */
export function fakeNetOpener(proxy: string | null, log: FakeNetLog): OpenNetRequest {
  return (options) => {
    log.opened.push(options.url);
    return new FakeNetRequest(options, proxy === null ? null : new URL(proxy), log);
  };
}

export function newFakeNetLog(): FakeNetLog {
  return { opened: [], logins: [], aborts: 0 };
}

/** A request that plays a script instead of going anywhere (redirects to forbidden places, failures of the stack). */
export function scriptedOpener(log: FakeNetLog, script: (request: EventEmitter, options: NetRequestOptions) => void): OpenNetRequest {
  return (options) => {
    log.opened.push(options.url);
    const request = new EventEmitter() as EventEmitter & NetRequestLike;
    request.setHeader = () => undefined;
    request.abort = () => {
      log.aborts += 1;
      request.emit('abort');
    };
    request.end = () => setImmediate(() => script(request, options));
    return request;
  };
}
