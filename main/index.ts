/**
 * App lifecycle: one hardened BrowserWindow, the api bound over IPC, everything else denied.
 * Follows Electron's security checklist: context isolation, sandbox, no Node in the renderer,
 * CSP, navigation and new windows locked to the app, permissions denied, custom protocol.
 */
import { app, BrowserWindow, clipboard, Menu, nativeTheme, screen, session, shell } from 'electron';
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
import { createElectronAiaGet, createElectronTransport } from './platform/electron-net-transport';
import { isAllowedExternalLink } from './services/links';
import { oneDriveRoots } from './services/synced-folders';
import { WINDOW_TITLE, windowOptions } from './window-options';
import { AppMenus, README_FILE } from './app-menu';
import { initialBounds, minimumSize, readWindowState, saveStateOnClose, writeWindowState } from './window-state';
import { certificatePathsFromArgv } from './open-files';
import { CertificateWorkbench } from './services/workbench/certificate-workbench';

const here = import.meta.dirname;
// The dev server is used only by `npm run dev` on an unpackaged app; production always loads app://.
const devServerUrl = !app.isPackaged ? process.env.ELECTRON_RENDERER_URL : undefined;
const appOrigin = devServerUrl ? new URL(devServerUrl).origin : APP_ORIGIN;

let mainWindow: BrowserWindow | null = null;
/** Opens certificate files on the Certificates screen; set once the window's page can receive them. */
let openCertificatePaths: ((paths: string[]) => void) | null = null;
/** Paths from the command line that arrived before the page could take them. */
const pendingPaths: string[] = certificatePathsFromArgv(process.argv, process.cwd());

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

/**
 * Our own menu (no Reload or DevTools when packaged), and Cut/Copy/Paste on right-click in text
 * fields, in the language of Settings (built again when it changes: main/app-menu.ts).
 */
function createMenus(openCertificates: () => void): AppMenus {
  const readme = app.isPackaged ? join(process.resourcesPath, README_FILE) : join(app.getAppPath(), README_FILE);
  return new AppMenus({
    packaged: app.isPackaged,
    locale: () => app.getLocale(),
    actions: {
      openCertificates,
      openReadme: () => void shell.openPath(readme),
      showAbout: () => app.showAboutPanel(),
    },
    install: (template) => Menu.setApplicationMenu(Menu.buildFromTemplate(template)),
  });
}

async function createWindow(): Promise<void> {
  const userData = app.getPath('userData');
  let menus: AppMenus | null = null;
  const log = createFileLogger(join(userData, 'logs', 'main.log'), !app.isPackaged);
  const workbench = new CertificateWorkbench();
  const settings = await createElectronDocumentStore(userData, 'settings', SETTINGS_SCHEMA, log);
  const secrets = createSafeStorageSecretStore(userData, log);
  const handlers = createHandlers({
    settings,
    deployments: await createElectronDocumentStore(userData, 'deployments', DEPLOYMENTS_SCHEMA, log),
    secrets,
    dialogs: createElectronDialogs(() => mainWindow),
    shell: { openExternal: (url) => shell.openExternal(url), showInFolder: async (path) => shell.showItemInFolder(path) },
    clipboard: { writeText: async (text) => clipboard.writeText(text) },
    systemRoots: systemRootCertificates,
    resolveProxy: async (url) => {
      const answer = await session.defaultSession.resolveProxy(url);
      return answer === 'DIRECT' ? null : answer;
    },
    httpTransport: ({ explicitProxy, direct, proxyUser, proxyPassword, signal }) =>
      createElectronTransport({
        explicitProxy,
        ...(direct ? { direct } : {}),
        credentials: async () => (proxyUser ? { user: proxyUser, password: proxyPassword ?? '' } : null),
        ...(signal ? { signal } : {}),
      }),
    aiaGet: ({ explicitProxy, proxyUser, proxyPassword }) =>
      createElectronAiaGet({ explicitProxy, credentials: async () => (proxyUser ? { user: proxyUser, password: proxyPassword ?? '' } : null) }),
    printToPdf,
    // The title bar and native menus follow the app's theme, not only the page.
    applyTheme: (theme) => {
      nativeTheme.themeSource = theme;
    },
    // The menus follow a language change at once, without a restart.
    applyLanguage: (language) => menus?.setLanguage(language),
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
      syncedFolders: oneDriveRoots(process.env),
      unsyncedFolder: app.getPath('downloads'),
    },
    log,
  }, workbench);
  registerIpc(handlers, { webContentsId: () => mainWindow?.webContents.id ?? null, origin: appOrigin }, log);

  const stored = await settings.read();
  nativeTheme.themeSource = stored.theme;

  // Remembered size and place; the first window fits the work area (a 1366x768 laptop's too).
  const primary = screen.getPrimaryDisplay().workArea;
  const bounds = initialBounds(await readWindowState(userData), screen.getAllDisplays().map((display) => display.workArea), primary);
  const minimum = minimumSize(primary);
  mainWindow = new BrowserWindow({ ...windowOptions(join(here, '../preload/index.cjs')), ...bounds, minWidth: minimum.width, minHeight: minimum.height });
  if (bounds.maximized) mainWindow.maximize();
  mainWindow.on('ready-to-show', () => mainWindow?.show());
  // The size and place are written before the window goes (a bounded wait; a failed write is logged).
  const window = mainWindow;
  window.on(
    'close',
    saveStateOnClose({
      capture: () => ({ ...window.getNormalBounds(), maximized: window.isMaximized() }),
      write: (state) => writeWindowState(userData, state),
      close: () => {
        if (!window.isDestroyed()) window.close();
      },
      log,
    }),
  );
  mainWindow.on('closed', () => {
    mainWindow = null;
    openCertificatePaths = null;
  });
  mainWindow.webContents.on('context-menu', (_event, params) => {
    const template = menus?.contextMenu(params) ?? null;
    if (template && mainWindow) Menu.buildFromTemplate(template).popup({ window: mainWindow });
  });

  const show = (opened: Awaited<ReturnType<typeof workbench.openPaths>>) => {
    if (opened.length > 0) mainWindow?.webContents.send(ipcEventName('filesOpened'), { files: opened });
  };
  menus = createMenus(() => {
    void handlers.openCertificateFiles().then((opened) => show(opened ?? []), (error: Error) => log.warn(`Open certificates failed: ${error.message}`));
  });
  menus.setLanguage(stored.language);
  mainWindow.webContents.on('did-finish-load', () => {
    openCertificatePaths = (paths) => {
      void workbench.openPaths(paths).then(show, (error: Error) => log.warn(`Opening ${paths.length} file(s) from Windows failed: ${error.message}`));
    };
    if (pendingPaths.length > 0) openCertificatePaths(pendingPaths.splice(0));
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
  app.on('second-instance', (_event, argv, workingDirectory) => {
    // A certificate opened from Explorer while the app runs: Windows started a second instance with its path.
    const paths = certificatePathsFromArgv(argv, workingDirectory);
    if (paths.length > 0) {
      if (openCertificatePaths) openCertificatePaths(paths);
      else pendingPaths.push(...paths);
    }
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
