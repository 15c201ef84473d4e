/**
 * App lifecycle: one hardened BrowserWindow, the api bound over IPC, everything else denied.
 * Follows Electron's security checklist: context isolation, sandbox, no Node in the renderer,
 * CSP, navigation and new windows locked to the app, permissions denied, custom protocol.
 */
import { app, BrowserWindow, clipboard, session, shell } from 'electron';
import { X509Certificate } from 'node:crypto';
import { join } from 'node:path';
import tls from 'node:tls';
import { ipcEventName } from '../preload/contract';
import { createHandlers } from './handlers';
import { registerIpc } from './ipc';
import { APP_ORIGIN, registerAppScheme, serveRenderer } from './app-protocol';
import { createElectronDialogs } from './platform/electron-dialogs';
import { createElectronDocumentStore } from './platform/electron-document-store';
import { DEPLOYMENTS_SCHEMA } from './services/deployments/schema';
import { SETTINGS_SCHEMA } from './services/settings/schema';
import { createSafeStorageSecretStore } from './platform/electron-secret-store';
import { createFileLogger } from './platform/file-logger';
import { isAllowedExternalLink } from './services/links';
import { WINDOW_TITLE, windowOptions } from './window-options';

const here = import.meta.dirname;
// The dev server is used only by `npm run dev` on an unpackaged app; production always loads app://.
const devServerUrl = !app.isPackaged ? process.env.ELECTRON_RENDERER_URL : undefined;
const appOrigin = devServerUrl ? new URL(devServerUrl).origin : APP_ORIGIN;

let mainWindow: BrowserWindow | null = null;

/**
 * The OS trust store (Windows/macOS/Linux system roots), which Electron's Node exposes as
 * tls.getCACertificates('system'): a root a company deployed by policy completes chains too.
 */
function systemRootCertificates(): Buffer[] {
  const read = (tls as unknown as { getCACertificates?: (type: string) => string[] }).getCACertificates;
  if (!read) return [];
  try {
    return read('system').map((pem) => new X509Certificate(pem).raw);
  } catch {
    return [];
  }
}

function isAppUrl(raw: string): boolean {
  try {
    const url = new URL(raw);
    const origin = url.protocol === 'app:' ? `app://${url.host}` : url.origin;
    return origin === appOrigin;
  } catch {
    return false;
  }
}

function hardenWebContents(): void {
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', (event, url) => {
      if (!isAppUrl(url)) event.preventDefault();
    });
    contents.on('will-redirect', (event, url) => {
      if (!isAppUrl(url)) event.preventDefault();
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(({ url }) => {
      if (isAllowedExternalLink(url)) void shell.openExternal(url);
      return { action: 'deny' };
    });
  });
}

/** The setup report as PDF: an offscreen, sandboxed window without JavaScript prints the HTML. */
async function printToPdf(html: string): Promise<Buffer> {
  const printer = new BrowserWindow({
    show: false,
    webPreferences: { sandbox: true, contextIsolation: true, nodeIntegration: false, javascript: false, offscreen: true },
  });
  try {
    await printer.loadURL(`data:text/html;charset=utf-8,${encodeURIComponent(html)}`);
    return await printer.webContents.printToPDF({ printBackground: true, pageSize: 'A4' });
  } finally {
    printer.destroy();
  }
}

async function createWindow(): Promise<void> {
  const userData = app.getPath('userData');
  const log = createFileLogger(join(userData, 'logs', 'main.log'), !app.isPackaged);
  const handlers = createHandlers({
    settings: await createElectronDocumentStore(userData, 'settings', SETTINGS_SCHEMA, log),
    deployments: await createElectronDocumentStore(userData, 'deployments', DEPLOYMENTS_SCHEMA, log),
    secrets: createSafeStorageSecretStore(userData, log),
    dialogs: createElectronDialogs(() => mainWindow),
    shell: { openExternal: (url) => shell.openExternal(url), showInFolder: async (path) => shell.showItemInFolder(path) },
    clipboard: { writeText: async (text) => clipboard.writeText(text) },
    systemRoots: systemRootCertificates,
    resolveProxy: async (url) => {
      const answer = await session.defaultSession.resolveProxy(url);
      return answer === 'DIRECT' ? null : answer;
    },
    printToPdf,
    emit: (name, payload) => mainWindow?.webContents.send(ipcEventName(name), payload),
    runtime: {
      appName: WINDOW_TITLE,
      appVersion: app.getVersion(),
      electron: process.versions.electron ?? null,
      chrome: process.versions.chrome ?? null,
      node: process.versions.node,
      platform: `${process.platform} ${process.arch}`,
      defaultDataFolder: join(app.getPath('documents'), WINDOW_TITLE),
      stateFolder: userData,
    },
    log,
  });
  registerIpc(handlers, { webContentsId: () => mainWindow?.webContents.id ?? null, origin: appOrigin }, log);

  mainWindow = new BrowserWindow(windowOptions(join(here, '../preload/index.cjs')));
  mainWindow.on('ready-to-show', () => mainWindow?.show());
  mainWindow.on('closed', () => {
    mainWindow = null;
  });
  // The page's <title> would otherwise replace the product name.
  mainWindow.on('page-title-updated', (event) => event.preventDefault());
  if (devServerUrl) await mainWindow.loadURL(devServerUrl);
  else await mainWindow.loadURL(`${APP_ORIGIN}/index.html`);
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  registerAppScheme();
  hardenWebContents();
  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });
  app.on('window-all-closed', () => app.quit());
  void app.whenReady().then(async () => {
    session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
    session.defaultSession.setPermissionCheckHandler(() => false);
    serveRenderer(join(here, '../renderer'));
    await createWindow();
  });
}
