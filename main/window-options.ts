/**
 * The one window's options, kept apart from main/index.ts so a unit test can hold them to
 * Electron's security checklist without starting Electron.
 */
export const WINDOW_TITLE = 'ISE Intune Assistant';

export function windowOptions(preloadPath: string) {
  return {
    title: WINDOW_TITLE,
    width: 1280,
    height: 820,
    minWidth: 900,
    minHeight: 600,
    show: false,
    autoHideMenuBar: true,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      // V8 keeps the bundle's compiled code (app:// has the codeCache privilege) from the first
      // launch on, not only once Chromium has seen the files twice: the second launch starts fast.
      v8CacheOptions: 'bypassHeatCheck',
    },
  } as const;
}
