import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test, expect } from './fixtures';

test.beforeEach(async ({ app }) => {
  await app.getByTestId('nav-settings').click();
});

test('switching to Spanish changes the visible text and survives a reload', async ({ app }) => {
  await app.getByTestId('language').getByLabel('Español').click();
  await expect(app.getByRole('heading', { level: 1 })).toHaveText('Ajustes');
  await expect(app.getByTestId('nav-certificates')).toHaveText('Certificados');
  await expect(app.locator('html')).toHaveAttribute('lang', 'es');
  await app.reload();
  await app.getByTestId('nav-settings').click();
  await expect(app.getByRole('heading', { level: 1 })).toHaveText('Ajustes');
  await expect(app.getByTestId('nav-troubleshoot')).toHaveText('Solución de problemas');
});

test('the dark theme is applied and saved', async ({ app, bridge }) => {
  const background = () =>
    app.evaluate(() => getComputedStyle(document.querySelector('.fui-FluentProvider') as Element).backgroundColor);
  const light = await background();
  await app.getByTestId('theme').getByLabel('Dark').click();
  await expect(app.locator('html')).toHaveAttribute('data-theme', 'dark');
  const dark = await background();
  expect(dark).not.toBe(light);
  // Dark means a dark background: every channel low.
  const channels = (dark.match(/\d+/g) ?? []).slice(0, 3).map(Number);
  expect(Math.max(...channels)).toBeLessThan(80);
  const stored = JSON.parse(readFileSync(join(bridge.dataDir, 'settings.json'), 'utf8'));
  expect(stored.theme).toBe('dark');
  await app.reload();
  await expect(app.locator('html')).toHaveAttribute('data-theme', 'dark');
});

test('the system theme follows the OS preference', async ({ app }) => {
  await app.emulateMedia({ colorScheme: 'dark' });
  await expect(app.locator('html')).toHaveAttribute('data-theme', 'dark');
  await app.emulateMedia({ colorScheme: 'light' });
  await expect(app.locator('html')).toHaveAttribute('data-theme', 'light');
});

test('a proxy with credentials is saved without its password, which stays in main', async ({ app, bridge }) => {
  await app.getByTestId('proxy-mode').getByLabel('Use this proxy:').click();
  await app.getByTestId('proxy-url').fill('http://admin:S3cret!@proxy.corp.local:8080');
  await app.getByTestId('proxy-save').click();
  await expect(app.getByRole('status')).toHaveText(/Saved/);
  await expect(app.getByTestId('proxy-url')).toHaveValue('http://proxy.corp.local:8080');
  await expect(app.getByTestId('proxy-user')).toHaveValue('admin');
  await expect(app.getByText('A password is stored, encrypted by the system.', { exact: false })).toBeVisible();
  const file = readFileSync(join(bridge.dataDir, 'settings.json'), 'utf8');
  expect(file).not.toContain('S3cret');
  const fromApi = await app.evaluate(() => window.api.getSettings());
  expect(JSON.stringify(fromApi)).not.toContain('S3cret');
  await app.reload();
  await app.getByTestId('nav-settings').click();
  await expect(app.getByTestId('proxy-url')).toHaveValue('http://proxy.corp.local:8080');
});

test('a bad proxy address shows a clear error next to the field and changes nothing', async ({ app, bridge }) => {
  await app.getByTestId('proxy-mode').getByLabel('Use this proxy:').click();
  await app.getByTestId('proxy-url').fill('socks5://proxy:1080');
  await app.getByTestId('proxy-save').click();
  await expect(app.getByText('That is not a proxy address. Use http://host:port', { exact: false })).toBeVisible();
  expect(() => readFileSync(join(bridge.dataDir, 'settings.json'))).toThrow();
  await app.reload();
  await app.getByTestId('nav-settings').click();
  await expect(app.getByTestId('proxy-url')).toHaveValue('');
});

test('the data folder is chosen with the folder dialog and kept', async ({ app, bridge }) => {
  const chosen = join(bridge.dataDir, 'exports');
  mkdirSync(chosen);
  bridge.dialogs.answerPickFolder(chosen);
  await app.getByTestId('data-folder-browse').click();
  await expect(app.getByTestId('data-folder')).toHaveValue(chosen);
  expect(bridge.dialogs.opened).toHaveLength(1);
  await app.reload();
  await app.getByTestId('nav-settings').click();
  await expect(app.getByTestId('data-folder')).toHaveValue(chosen);
});

test('a data folder that does not exist is refused', async ({ app, bridge }) => {
  const missing = join(bridge.dataDir, 'no-such-folder');
  await app.getByTestId('data-folder').fill(missing);
  await app.getByTestId('data-folder').blur();
  await expect(app.getByText('That folder does not exist.', { exact: false })).toBeVisible();
  const settings = await app.evaluate(() => window.api.getSettings());
  expect(settings).toMatchObject({ ok: true, value: { dataFolder: bridge.dataDir } });
});

test('About shows the version, the runtimes and the licences of the dependencies', async ({ app }) => {
  const facts = app.getByTestId('about-facts');
  await expect(facts).toContainText('0.1.0');
  await expect(facts).toContainText('not running in Electron');
  await app.getByRole('button', { name: /Open-source licences/ }).click();
  await expect(app.getByRole('cell', { name: 'react', exact: true })).toBeVisible();
  await expect(app.getByRole('cell', { name: '@azure/msal-node', exact: true })).toBeVisible();
});
