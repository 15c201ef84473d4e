/**
 * Test and preview tool, never shipped: serves the built renderer on 127.0.0.1 and answers
 * `window.api` over HTTP with the same handlers (main/handlers.ts) and the same checks
 * (main/dispatch.ts) as the Electron app, so Playwright can drive the real UI in Debian's Chromium
 * where Electron cannot run, and `npm run preview:web` can show it in any browser.
 *
 * Everything is served under a random token (`http://127.0.0.1:PORT/<token>/`): the page's
 * relative URLs carry it on every request, and a request without it is refused, so another local
 * program or web page cannot reach the handlers (which read files and hold the data folder).
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, resolve, sep } from 'node:path';
import { chromium, type Browser } from '@playwright/test';
import { CHANNELS, EVENTS, type EventName, type Events } from '../../preload/contract';
import { dispatch } from '../../main/dispatch';
import { createHandlers, type Handlers } from '../../main/handlers';
import { createMemoryLogger } from '../../main/platform/file-logger';
import { JsonFileSettingsStore, MemorySecretStore } from '../../main/platform/settings-file';
import { JsonDocumentStore } from '../../main/platform/versioned-file';
import { DEPLOYMENTS_SCHEMA } from '../../main/services/deployments/schema';
import { CONTENT_SECURITY_POLICY } from '../../main/services/csp';
import { TestDialogs } from './test-dialogs';

export const RENDERER_DIR = resolve(import.meta.dirname, '../../out/renderer');
const MAX_BODY_BYTES = 64 * 1024 * 1024;
/** Debian's Chromium, as playwright.config.ts starts it. */
const PDF_CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const PDF_CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

/**
 * The app's printToPdf (main/index.ts) with the same constraints: a page without JavaScript
 * renders the self-contained HTML, printed on A4 with backgrounds. Chromium starts on the first
 * PDF only (most tests never print) and stops with the bridge.
 */
function createPdfPrinter(): { printToPdf(html: string): Promise<Buffer>; close(): Promise<void> } {
  let browser: Promise<Browser> | null = null;
  let closed = false;
  const launch = (): Promise<Browser> => {
    browser ??= chromium.launch({ executablePath: PDF_CHROMIUM_PATH, args: PDF_CHROMIUM_ARGS }).catch((error: unknown) => {
      browser = null;
      throw error;
    });
    return browser;
  };
  return {
    async printToPdf(html) {
      if (closed) throw new Error('The web bridge is closed.');
      const context = await (await launch()).newContext({ javaScriptEnabled: false });
      try {
        const page = await context.newPage();
        await page.setContent(html, { waitUntil: 'load' });
        return await page.pdf({ format: 'A4', printBackground: true });
      } finally {
        await context.close();
      }
    },
    async close() {
      closed = true;
      const started = browser;
      browser = null;
      await (await started?.catch(() => null))?.close();
    },
  };
}

export interface WebBridge {
  /** The page's address, with the bridge's token: `http://127.0.0.1:PORT/<token>/`. */
  url: string;
  /** `http://127.0.0.1:PORT`, for requests that must be refused (no token). */
  origin: string;
  dataDir: string;
  dialogs: TestDialogs;
  openedLinks: string[];
  /** Every file or folder the app showed in the file manager, oldest first. */
  revealed: string[];
  /** Everything the app put on the clipboard, oldest first. */
  clipboard: string[];
  /** Every event main sent to the page, oldest first. */
  emitted: { name: EventName; payload: unknown }[];
  log: ReturnType<typeof createMemoryLogger>;
  handlers: Handlers;
  close(): Promise<void>;
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
};

/** The page-side half: window.api built from the same channel list as preload/index.ts. */
function bridgeScript(): string {
  return `(() => {
  const call = (channel) => async (...args) => {
    try {
      const response = await fetch('__api/' + channel, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(args),
      });
      return await response.json();
    } catch (error) {
      return { ok: false, error: { code: 'BRIDGE_UNREACHABLE', message: String(error) } };
    }
  };
  const api = {};
  for (const channel of ${JSON.stringify(CHANNELS)}) api[channel] = call(channel);
  window.api = Object.freeze(api);

  const names = ${JSON.stringify(EVENTS)};
  const listeners = new Map(names.map((name) => [name, new Set()]));
  const source = new EventSource('__events');
  for (const name of names) {
    source.addEventListener(name, (message) => {
      const payload = JSON.parse(message.data);
      for (const listener of listeners.get(name)) listener(payload);
    });
  }
  window.events = Object.freeze({
    on(name, listener) {
      const set = listeners.get(name);
      if (!set) throw new Error('Unknown event ' + name);
      set.add(listener);
      return () => set.delete(listener);
    },
  });
})();`;
}

export interface WebBridgeOptions {
  dataDir: string;
  rendererDir?: string;
  /** false: no PDF printer, as outside the app before (the UI's PDF_UNAVAILABLE path). */
  pdf?: boolean;
}

export async function startWebBridge(options: WebBridgeOptions): Promise<WebBridge> {
  const rendererDir = resolve(options.rendererDir ?? RENDERER_DIR);
  mkdirSync(options.dataDir, { recursive: true });
  const log = createMemoryLogger();
  const dialogs = new TestDialogs();
  const openedLinks: string[] = [];
  const revealed: string[] = [];
  const clipboard: string[] = [];
  const eventStreams = new Set<ServerResponse>();
  const emitted: { name: EventName; payload: unknown }[] = [];
  const emit = <K extends EventName>(name: K, payload: Events[K]) => {
    emitted.push({ name, payload });
    for (const stream of eventStreams) stream.write(`event: ${name}\ndata: ${JSON.stringify(payload)}\n\n`);
  };
  const pdfPrinter = options.pdf === false ? null : createPdfPrinter();
  const handlers = createHandlers({
    settings: new JsonFileSettingsStore(options.dataDir, log),
    deployments: new JsonDocumentStore(join(options.dataDir, 'deployments.json'), DEPLOYMENTS_SCHEMA, log),
    secrets: new MemorySecretStore(),
    dialogs,
    shell: { openExternal: async (url) => void openedLinks.push(url), showInFolder: async (path) => void revealed.push(path) },
    clipboard: { writeText: async (text) => void clipboard.push(text) },
    ...(pdfPrinter ? { printToPdf: pdfPrinter.printToPdf } : {}),
    emit,
    runtime: {
      appName: 'ISE Intune Assistant',
      appVersion: process.env.npm_package_version ?? '0.0.0-test',
      electron: null,
      chrome: null,
      node: process.versions.node,
      platform: `${process.platform} ${process.arch}`,
      defaultDataFolder: options.dataDir,
      stateFolder: options.dataDir,
    },
    log,
  });
  let expectedHost = '';
  const token = randomBytes(24).toString('base64url');
  const prefix = `/${token}/`;

  const server = createServer((request, response) => {
    void route(request, response).catch((error: unknown) => {
      log.error(`bridge: ${String(error)}`);
      if (!response.headersSent) response.writeHead(500);
      response.end();
    });
  });

  async function route(request: IncomingMessage, response: ServerResponse): Promise<void> {
    // Only pages this bridge served may call it (no DNS rebinding, no other local origins).
    if (request.headers.host !== expectedHost) return void response.writeHead(403).end();
    const origin = request.headers.origin;
    if (origin !== undefined && origin !== `http://${expectedHost}`) return void response.writeHead(403).end();
    const url = new URL(request.url ?? '/', `http://${expectedHost}`);
    // Every request carries the token as its first path segment; the page's URLs are relative.
    if (!url.pathname.startsWith(prefix)) return void response.writeHead(403).end();
    url.pathname = url.pathname.slice(prefix.length - 1);

    if (url.pathname.startsWith('/__api/')) {
      if (request.method !== 'POST') return void response.writeHead(405).end();
      const body = await readBody(request);
      let args: unknown;
      try {
        args = JSON.parse(body);
      } catch {
        args = undefined;
      }
      const result = await dispatch(handlers, decodeURIComponent(url.pathname.slice('/__api/'.length)), args, log);
      response.writeHead(200, { 'content-type': 'application/json' });
      return void response.end(JSON.stringify(result));
    }
    if (url.pathname === '/__events') {
      response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
      response.write(': connected\n\n');
      eventStreams.add(response);
      request.on('close', () => eventStreams.delete(response));
      return;
    }
    if (url.pathname === '/__bridge.js') {
      response.writeHead(200, { 'content-type': CONTENT_TYPES['.js'] ?? '' });
      return void response.end(bridgeScript());
    }
    const relative = url.pathname === '/' ? '/index.html' : decodeURIComponent(url.pathname);
    const file = resolve(rendererDir, `.${relative}`);
    if (!file.startsWith(rendererDir + sep)) return void response.writeHead(404).end();
    let content: Buffer;
    try {
      content = await readFile(file);
    } catch {
      return void response.writeHead(404).end();
    }
    if (relative === '/index.html') {
      content = Buffer.from(content.toString('utf8').replace('<head>', '<head>\n    <script defer src="__bridge.js"></script>'));
    }
    response.writeHead(200, {
      'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
      'content-security-policy': CONTENT_SECURITY_POLICY,
      // The bundle's files have content-hashed names: cached like the app's app:// files, whose
      // compiled code V8 keeps between launches (main/app-protocol.ts, codeCache). The page and
      // anything unhashed is fetched afresh.
      'cache-control': relative.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-store',
    });
    response.end(content);
  }

  await new Promise<void>((resolveListen) => server.listen(0, '127.0.0.1', resolveListen));
  const { port } = server.address() as AddressInfo;
  expectedHost = `127.0.0.1:${port}`;
  return {
    url: `http://${expectedHost}${prefix}`,
    origin: `http://${expectedHost}`,
    dataDir: options.dataDir,
    dialogs,
    openedLinks,
    revealed,
    clipboard,
    emitted,
    log,
    handlers,
    close: async () => {
      await new Promise<void>((resolveClose) => {
        server.closeAllConnections();
        server.close(() => resolveClose());
      });
      await pdfPrinter?.close();
    },
  };
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolveBody, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new Error('request body too large'));
        request.destroy();
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolveBody(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}
