/**
 * The app as a Windows app, without starting Electron: its menus (no Reload or DevTools once
 * packaged, Ctrl+O, Help), the right-click menu of text fields, the window's size and place on
 * laptop screens, certificate files handed over by Explorer (path.win32), and the title bar
 * following the theme.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MenuItemConstructorOptions } from 'electron';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MENU_TEXTS, applicationMenuTemplate, contextMenuTemplate } from '../../../main/app-menu';
import { certificatePathsFromArgv } from '../../../main/open-files';
import { MINIMUM_SIZE, WINDOW_STATE_FILE, initialBounds, minimumSize, readWindowState, writeWindowState } from '../../../main/window-state';
import { deliverOpenedFiles, receiveOpenedFiles } from '../../../renderer/state/opened-files';
import { createTestHandlers } from '../../support/test-handlers';

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
    expect(contextMenuTemplate({ isEditable: true, selectionText: '', editFlags: { ...flags, canCut: false } })?.[0]).toEqual({ role: 'cut', enabled: false });
    expect(contextMenuTemplate({ isEditable: false, selectionText: 'DF3C24F9', editFlags: flags })).toEqual([{ role: 'copy', enabled: true }]);
    expect(contextMenuTemplate({ isEditable: false, selectionText: ' ', editFlags: flags })).toBeNull();
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
    const handlers = createTestHandlers(dir, { applyTheme: (theme) => applied.push(theme) });
    await handlers.updateSettings({ theme: 'dark' });
    await handlers.updateSettings({ language: 'es' });
    await handlers.updateSettings({ theme: 'system' });
    expect(applied).toEqual(['dark', 'system']);
    expect(JSON.parse(readFileSync(join(dir, 'settings.json'), 'utf8'))).toMatchObject({ theme: 'system' });
  });
});
