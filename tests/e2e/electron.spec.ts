import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { _electron as electron, test, expect } from '@playwright/test';

const root = resolve(import.meta.dirname, '../..');

/** The Electron binary, if this machine has one (a normal install or ELECTRON_OVERRIDE_DIST_PATH). */
function findElectronBinary(): { path: string } | { missing: string } {
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  if (override) {
    const candidate = join(override, process.platform === 'win32' ? 'electron.exe' : 'electron');
    return existsSync(candidate) ? { path: candidate } : { missing: `ELECTRON_OVERRIDE_DIST_PATH has no Electron binary at ${candidate}` };
  }
  const pathFile = join(root, 'node_modules/electron/path.txt');
  if (!existsSync(pathFile)) {
    return {
      missing:
        'the Electron binary is not installed (its download comes from outside the npm registry, unreachable on this machine); ' +
        'set ELECTRON_OVERRIDE_DIST_PATH to an unpacked Electron to run this test',
    };
  }
  const binary = join(root, 'node_modules/electron/dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? { path: binary } : { missing: `node_modules/electron/path.txt points to ${binary}, which does not exist` };
}

const found = findElectronBinary();

test('the Electron app opens one hardened window with the product title', async () => {
  if ('missing' in found) {
    console.log(`SKIPPED electron launch test: ${found.missing}`);
    test.skip(true, found.missing);
    return;
  }
  const userData = mkdtempSync(join(tmpdir(), 'ise-intune-electron-'));
  const app = await electron.launch({
    executablePath: found.path,
    args: [join(root, 'out/main/index.js'), `--user-data-dir=${userData}`, '--no-sandbox'],
    env: { ...process.env, ELECTRON_RENDERER_URL: '' },
  });
  try {
    const win = await app.firstWindow();
    await expect(win.getByRole('navigation')).toBeVisible();
    const facts = await app.evaluate(({ BrowserWindow }) => {
      const windows = BrowserWindow.getAllWindows();
      return { count: windows.length, title: windows[0]?.getTitle(), url: windows[0]?.webContents.getURL() };
    });
    expect(facts.count).toBe(1);
    expect(facts.title).toBe('ISE Intune Assistant');
    expect(facts.url).toMatch(/^app:\/\/bundle\//);
    // No Node in the page (nodeIntegration off, context isolation on): only the api from the preload.
    const page = await win.evaluate(() => ({
      hasApi: typeof window.api?.getSettings === 'function',
      hasRequire: typeof (window as unknown as { require?: unknown }).require !== 'undefined',
      hasProcess: typeof (window as unknown as { process?: unknown }).process !== 'undefined',
      apiFrozen: Object.isFrozen(window.api),
    }));
    expect(page).toEqual({ hasApi: true, hasRequire: false, hasProcess: false, apiFrozen: true });
    const settings = await win.evaluate(() => window.api.getSettings());
    expect(settings.ok).toBe(true);
    // Navigation away from the app and new windows are refused.
    await win.evaluate(() => {
      window.open('https://example.com/');
      window.location.href = 'https://example.com/';
    });
    await win.waitForTimeout(500);
    expect(win.url()).toMatch(/^app:\/\/bundle\//);
    expect(await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length)).toBe(1);
  } finally {
    await app.close();
    rmSync(userData, { recursive: true, force: true });
  }
});
