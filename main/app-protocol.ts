import { net, protocol } from 'electron';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { bundleFile } from './bundle-file';
import { CONTENT_SECURITY_POLICY } from './services/csp';

export const APP_SCHEME = 'app';
export const APP_ORIGIN = `${APP_SCHEME}://bundle`;

/** Must run before `app.whenReady()`. `codeCache`: V8 keeps compiled bundle code between launches (needs `standard`). */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } },
  ]);
}

/** Serves the built renderer from `root` at app://bundle/, refusing anything outside it. */
export function serveRenderer(root: string): void {
  const base = resolve(root);
  protocol.handle(APP_SCHEME, async (request) => {
    const resolved = bundleFile(base, request.url);
    if ('status' in resolved) return new Response(resolved.status === 400 ? 'Bad request' : 'Not found', { status: resolved.status });
    const file = resolved.file;
    const response = await net.fetch(pathToFileURL(file).toString());
    const headers = new Headers(response.headers);
    headers.set('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    headers.set('X-Content-Type-Options', 'nosniff');
    return new Response(response.body, { status: response.status, headers });
  });
}
