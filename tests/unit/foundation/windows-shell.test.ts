/**
 * The app as a Windows app, without starting Electron: its menus (no Reload or DevTools once
 * packaged, Ctrl+O, Help), the right-click menu of text fields, the window's size and place on
 * laptop screens, certificate files handed over by Explorer (path.win32), and the title bar
 * following the theme.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MenuItemConstructorOptions } from 'electron';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppMenus, MENU_TEXTS, applicationMenuTemplate, contextMenuTemplate, menuLanguage } from '../../../main/app-menu';
import { createHandlers } from '../../../main/handlers';
import { certificatePathsFromArgv } from '../../../main/open-files';
import { createMemoryLogger } from '../../../main/platform/file-logger';
import { MemorySecretStore } from '../../../main/platform/settings-file';
import { JsonDocumentStore } from '../../../main/platform/versioned-file';
import { DEPLOYMENTS_SCHEMA } from '../../../main/services/deployments/schema';
import { SETTINGS_SCHEMA } from '../../../main/services/settings/schema';
import { MINIMUM_SIZE, WINDOW_STATE_FILE, WINDOW_STATE_SAVE_TIMEOUT_MS, initialBounds, minimumSize, readWindowState, saveStateOnClose, writeWindowState } from '../../../main/window-state';
import { deliverOpenedFiles, receiveOpenedFiles } from '../../../renderer/state/opened-files';
import { TestDialogs } from '../../support/test-dialogs';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ise-intune-shell-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function flatten(items: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return items.flatMap((item) => [item, ...(Array.isArray(item.submenu) ? flatten(item.submenu) : [])]);
}

describe('menus', () => {
  const calls: string[] = [];
  const actions = { openCertificates: () => calls.push('open'), openReadme: () => calls.push('readme'), showAbout: () => calls.push('about') };

  it('a packaged build has no Reload and no developer tools; development keeps them', () => {
    const packaged = flatten(applicationMenuTemplate({ packaged: true, texts: MENU_TEXTS.en, actions }));
    const roles = packaged.map((item) => item.role).filter(Boolean);
    for (const role of ['reload', 'forceReload', 'toggleDevTools']) expect(roles).not.toContain(role);
    expect(packaged.map((item) => item.accelerator).filter(Boolean)).not.toEqual(expect.arrayContaining(['CmdOrCtrl+R', 'CmdOrCtrl+Shift+I', 'F5']));
    const development = flatten(applicationMenuTemplate({ packaged: false, texts: MENU_TEXTS.en, actions })).map((item) => item.role);
    expect(development).toEqual(expect.arrayContaining(['reload', 'toggleDevTools']));
  });

  it('Ctrl+O opens certificates, Help opens the README, in English and Spanish', () => {
    for (const texts of [MENU_TEXTS.en, MENU_TEXTS.es]) {
      const items = flatten(applicationMenuTemplate({ packaged: true, texts, actions }));
      const open = items.find((item) => item.accelerator === 'CmdOrCtrl+O');
      expect(open?.label).toBe(texts.openCertificates);
      calls.length = 0;
      (open?.click as () => void)();
      (items.find((item) => item.label === texts.readme)?.click as () => void)();
      expect(calls).toEqual(['open', 'readme']);
    }
    expect(MENU_TEXTS.es.openCertificates).toBe('&Abrir certificados...');
  });

  it('right-click gives Cut, Copy and Paste in text fields, Copy on selected text, nothing elsewhere', () => {
    const flags = { canCut: true, canCopy: true, canPaste: true, canSelectAll: true };
    expect(contextMenuTemplate({ isEditable: true, selectionText: '', editFlags: flags })?.map((item) => item.role).filter(Boolean)).toEqual(['cut', 'copy', 'paste', 'selectAll']);
    expect(contextMenuTemplate({ isEditable: true, selectionText: '', editFlags: { ...flags, canCut: false } })?.[0]).toEqual({ label: 'Cu&t', role: 'cut', enabled: false });
    expect(contextMenuTemplate({ isEditable: false, selectionText: 'DF3C24F9', editFlags: flags })).toEqual([{ label: '&Copy', role: 'copy', enabled: true }]);
    expect(contextMenuTemplate({ isEditable: false, selectionText: 'DF3C24F9', editFlags: flags }, MENU_TEXTS.es)).toEqual([{ label: '&Copiar', role: 'copy', enabled: true }]);
    expect(contextMenuTemplate({ isEditable: false, selectionText: ' ', editFlags: flags })).toBeNull();
  });
});

describe('the menus follow the language setting', () => {
  const actions = { openCertificates: () => undefined, openReadme: () => undefined, showAbout: () => undefined };
  const labels = (template: MenuItemConstructorOptions[]) => flatten(template).map((item) => item.label).filter((label): label is string => label !== undefined);

  it('every item the admin sees has a label in the menu\'s language, Electron\'s English role labels included', () => {
    for (const language of ['en', 'es'] as const) {
      const texts = MENU_TEXTS[language];
      const items = flatten(applicationMenuTemplate({ packaged: true, texts, actions })).filter((item) => item.type !== 'separator');
      expect(items.filter((item) => item.label === undefined)).toEqual([]);
      expect(new Set(labels(applicationMenuTemplate({ packaged: true, texts, actions })))).toEqual(new Set(Object.values(texts)));
      const field = contextMenuTemplate({ isEditable: true, selectionText: '', editFlags: { canCut: true, canCopy: true, canPaste: true, canSelectAll: true } }, texts);
      expect(field?.filter((item) => item.type !== 'separator').map((item) => item.label)).toEqual([texts.cut, texts.copy, texts.paste, texts.selectAll]);
    }
    expect(labels(applicationMenuTemplate({ packaged: true, texts: MENU_TEXTS.es, actions }))).toEqual(expect.arrayContaining(['&Archivo', '&Edición', 'Cor&tar', '&Copiar', '&Pegar', 'Seleccionar &todo', '&Deshacer', '&Pantalla completa']));
    // No English left in the Spanish menus.
    const english = new Set(Object.values(MENU_TEXTS.en));
    expect(labels(applicationMenuTemplate({ packaged: true, texts: MENU_TEXTS.es, actions })).filter((label) => english.has(label))).toEqual([]);
  });

  it('"system" follows the computer\'s language', () => {
    expect(menuLanguage('system', 'es-419')).toBe('es');
    expect(menuLanguage('system', 'en-GB')).toBe('en');
    expect(menuLanguage('system', 'de')).toBe('en');
    expect(menuLanguage('es', 'en-US')).toBe('es');
    expect(menuLanguage('en', 'es-ES')).toBe('en');
  });

  it('changing the language in Settings builds the menus again at once, with no restart', async () => {
    const installed: MenuItemConstructorOptions[][] = [];
    const menus = new AppMenus({ packaged: true, locale: () => 'en-US', actions, install: (template) => installed.push(template) });
    menus.setLanguage('system');
    expect(installed).toHaveLength(1);
    expect(labels(installed[0] ?? [])).toContain('&File');
    const log = createMemoryLogger();
    const handlers = createHandlers({
      settings: new JsonDocumentStore(join(dir, 'settings.json'), SETTINGS_SCHEMA, log),
      deployments: new JsonDocumentStore(join(dir, 'deployments.json'), DEPLOYMENTS_SCHEMA, log),
      secrets: new MemorySecretStore(),
      dialogs: new TestDialogs(),
      shell: { openExternal: async () => undefined },
      clipboard: { writeText: async () => undefined },
      applyLanguage: (language) => menus.setLanguage(language),
      emit: () => undefined,
      runtime: { appName: 'ISE Intune Assistant', appVersion: '0', electron: null, chrome: null, node: process.versions.node, platform: 'test', defaultDataFolder: dir, stateFolder: dir },
      log,
    });
    const flags = { canCut: true, canCopy: true, canPaste: true, canSelectAll: true };
    await handlers.updateSettings({ language: 'es' });
    expect(installed).toHaveLength(2);
    expect(labels(installed[1] ?? [])).toEqual(expect.arrayContaining(['&Archivo', '&Abrir certificados...', 'Cor&tar']));
    expect(menus.contextMenu({ isEditable: false, selectionText: 'x', editFlags: flags })?.[0]?.label).toBe('&Copiar');
    // Another setting, or the same language again, leaves the menus as they are.
    await handlers.updateSettings({ theme: 'dark' });
    await handlers.updateSettings({ language: 'es' });
    expect(installed).toHaveLength(2);
    await handlers.updateSettings({ language: 'system' });
    expect(installed).toHaveLength(3);
    expect(labels(installed[2] ?? [])).toContain('&File');
    expect(menus.contextMenu({ isEditable: false, selectionText: 'x', editFlags: flags })?.[0]?.label).toBe('&Copy');
    expect(JSON.parse(readFileSync(join(dir, 'settings.json'), 'utf8'))).toMatchObject({ language: 'system' });
  });
});

describe('the window on laptop screens', () => {
  // A 1366x768 laptop: Windows' taskbar takes 40 px at the bottom.
  const laptop = { x: 0, y: 0, width: 1366, height: 728 };
  const external = { x: 1366, y: 0, width: 1920, height: 1040 };

  it('the first window fits a 1366x768 laptop\'s work area', () => {
    const bounds = initialBounds(null, [laptop], laptop);
    expect(bounds.width).toBeLessThanOrEqual(laptop.width);
    expect(bounds.height).toBeLessThanOrEqual(laptop.height);
    expect(bounds).toEqual({ x: 43, y: 0, width: 1280, height: 728, maximized: false });
    expect(minimumSize({ x: 0, y: 0, width: 800, height: 560 })).toEqual({ width: 800, height: 560 });
    expect(minimumSize(laptop)).toEqual(MINIMUM_SIZE);
  });

  it('comes back where it was, or on the laptop when that monitor is gone', () => {
    const saved = { x: 1500, y: 100, width: 1600, height: 900, maximized: true };
    expect(initialBounds(saved, [laptop, external], laptop)).toEqual(saved);
    // Docked at work, undocked at home: the external screen is gone.
    expect(initialBounds(saved, [laptop], laptop)).toEqual({ x: 43, y: 0, width: 1280, height: 728, maximized: false });
    // Partly off the screen's edge: pulled in, shrunk to fit.
    expect(initialBounds({ x: -200, y: 600, width: 1400, height: 800, maximized: false }, [laptop], laptop)).toEqual({ x: 0, y: 0, width: 1366, height: 728, maximized: false });
  });

  it('remembers its state in a file, and ignores a damaged one', async () => {
    expect(await readWindowState(dir)).toBeNull();
    await writeWindowState(dir, { x: 10, y: 20, width: 1000, height: 700, maximized: false });
    expect(await readWindowState(dir)).toEqual({ x: 10, y: 20, width: 1000, height: 700, maximized: false });
    writeFileSync(join(dir, WINDOW_STATE_FILE), '{"x": "left"');
    expect(await readWindowState(dir)).toBeNull();
  });
});

describe('the window\'s size and place are written before it closes', () => {
  const state = { x: 10, y: 20, width: 1000, height: 700, maximized: true };
  /** A close event as Electron gives it, recording preventDefault. */
  const closeEvent = () => {
    const event = { prevented: false, preventDefault: () => (event.prevented = true) };
    return event;
  };
  /** Lets pending I/O callbacks and promise jobs run (no clock involved). */
  const settle = () => new Promise<void>((resolvePromise) => setImmediate(resolvePromise));

  it('holds the first close until the atomic write has ended, then closes and lets go', async () => {
    let openGate!: () => void;
    const gate = new Promise<void>((resolvePromise) => (openGate = resolvePromise));
    let closed!: () => void;
    const closing = new Promise<void>((resolvePromise) => (closed = resolvePromise));
    let closes = 0;
    const writes: unknown[] = [];
    const log = createMemoryLogger();
    const onClose = saveStateOnClose({
      capture: () => state,
      write: async (next) => {
        writes.push(next);
        await gate;
        await writeWindowState(dir, next);
      },
      close: () => {
        closes += 1;
        closed();
      },
      log,
    });
    const first = closeEvent();
    onClose(first);
    expect(first.prevented).toBe(true);
    await settle();
    // A second click on X while the write runs: held too, the same write.
    const second = closeEvent();
    onClose(second);
    expect(second.prevented).toBe(true);
    expect(closes).toBe(0);
    expect(await readWindowState(dir)).toBeNull();
    openGate();
    await closing;
    expect(await readWindowState(dir)).toEqual(state);
    expect(writes).toHaveLength(1);
    // The close that follows goes through.
    const last = closeEvent();
    onClose(last);
    expect(last.prevented).toBe(false);
    expect(closes).toBe(1);
    expect(log.lines).toEqual([]);
  });

  it('a failed write is logged and the window closes anyway', async () => {
    // The state folder is a file: the write cannot happen.
    const blocked = join(dir, 'not-a-folder');
    writeFileSync(blocked, 'x');
    const log = createMemoryLogger();
    const closing = new Promise<void>((resolvePromise) => {
      saveStateOnClose({ capture: () => state, write: (next) => writeWindowState(blocked, next), close: resolvePromise, log })(closeEvent());
    });
    await closing;
    expect(log.lines).toEqual([expect.stringMatching(/^WARN The window's size and place were not saved: .*not-a-folder/)]);
    expect(readFileSync(blocked, 'utf8')).toBe('x');
  });

  it('a write that never ends keeps the window open no longer than the bounded wait', async () => {
    let waited: number | undefined;
    let endWait!: () => void;
    const log = createMemoryLogger();
    let closes = 0;
    const onClose = saveStateOnClose({
      capture: () => state,
      write: () => new Promise<void>(() => undefined),
      close: () => (closes += 1),
      log,
      wait: (ms) => {
        waited = ms;
        return new Promise<void>((resolvePromise) => (endWait = resolvePromise));
      },
    });
    onClose(closeEvent());
    await settle();
    expect(closes).toBe(0);
    expect(waited).toBe(WINDOW_STATE_SAVE_TIMEOUT_MS);
    endWait();
    await settle();
    expect(closes).toBe(1);
    expect(log.lines).toEqual([`WARN The window's size and place were not saved within ${WINDOW_STATE_SAVE_TIMEOUT_MS} ms; the window closes without them.`]);
  });

  it('a window that cannot say its size any more still closes', async () => {
    const log = createMemoryLogger();
    const closing = new Promise<void>((resolvePromise) => {
      saveStateOnClose({
        capture: () => {
          throw new Error('Object has been destroyed');
        },
        write: (next) => writeWindowState(dir, next),
        close: resolvePromise,
        log,
      })(closeEvent());
    });
    await closing;
    expect(log.lines).toEqual(["WARN The window's size and place were not saved: Object has been destroyed"]);
    expect(existsSync(join(dir, WINDOW_STATE_FILE))).toBe(false);
  });
});

describe('certificate files opened from Explorer', () => {
  it('takes the certificate paths out of the command line Windows gives', () => {
    const argv = ['C:\\Program Files\\ISE Intune Assistant\\ISE Intune Assistant.exe', '--allow-file-access-from-files', 'C:\\Users\\ana\\Downloads\\DigiCert Global Root G2.CER', 'for-ise\\ise-pan.pfx', 'notes.txt'];
    expect(certificatePathsFromArgv(argv, 'C:\\Users\\ana', 'win32')).toEqual(['C:\\Users\\ana\\Downloads\\DigiCert Global Root G2.CER', 'C:\\Users\\ana\\for-ise\\ise-pan.pfx']);
    // second-instance: the other instance's working folder resolves relative paths.
    expect(certificatePathsFromArgv(['app.exe', 'chain.p7b'], 'D:\\certs', 'win32')).toEqual(['D:\\certs\\chain.p7b']);
    expect(certificatePathsFromArgv(['app.exe'], 'C:\\', 'win32')).toEqual([]);
  });

  it('files that come before the Certificates screen loaded are handed to it when it does', () => {
    const file = { ok: false as const, file: 'x.cer', error: { code: 'X', message: 'x' }, sourceId: null, fileId: null } as unknown as Parameters<typeof deliverOpenedFiles>[0][number];
    deliverOpenedFiles([file]);
    const received: unknown[][] = [];
    receiveOpenedFiles((files) => received.push(files));
    deliverOpenedFiles([file, file]);
    expect(received.map((files) => files.length)).toEqual([1, 2]);
  });
});

describe('the title bar follows the theme', () => {
  it('applies the theme chosen in Settings to the native window', async () => {
    const applied: string[] = [];
    const log = createMemoryLogger();
    const handlers = createHandlers({
      settings: new JsonDocumentStore(join(dir, 'settings.json'), SETTINGS_SCHEMA, log),
      deployments: new JsonDocumentStore(join(dir, 'deployments.json'), DEPLOYMENTS_SCHEMA, log),
      secrets: new MemorySecretStore(),
      dialogs: new TestDialogs(),
      shell: { openExternal: async () => undefined },
      clipboard: { writeText: async () => undefined },
      applyTheme: (theme) => applied.push(theme),
      emit: () => undefined,
      runtime: { appName: 'ISE Intune Assistant', appVersion: '0', electron: null, chrome: null, node: process.versions.node, platform: 'test', defaultDataFolder: dir, stateFolder: dir },
      log,
    });
    await handlers.updateSettings({ theme: 'dark' });
    await handlers.updateSettings({ language: 'es' });
    await handlers.updateSettings({ theme: 'system' });
    expect(applied).toEqual(['dark', 'system']);
    expect(JSON.parse(readFileSync(join(dir, 'settings.json'), 'utf8'))).toMatchObject({ theme: 'system' });
  });
});
