import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { createIseIdentity, startIseStandin, type IseIdentity, type IseStandin } from '../support/ise-standin';
import { createTlsPki, servedChain, startTlsServer, type RunningServer, type TlsPki } from '../support/tls-servers';
import { test, expect } from './fixtures';

/**
 * "Connect to ISE" on the Chains screen, through the web bridge: a local TLS server plays a
 * Microsoft host (leaf + lab ECC intermediate + lab ECC root), the ISE stand-in plays the primary
 * PAN with a self-signed admin certificate and a store that already trusts the lab ECC root.
 */
const ISE_USER = 'api-admin';
const ISE_PASSWORD = 'Ise:Pässw0rd!';

let dir: string;
let pki: TlsPki;
let identity: IseIdentity;
let otherIdentity: IseIdentity;
let chainServer: RunningServer;
const standins: IseStandin[] = [];

test.beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ise-intune-e2e-ise-'));
  pki = await createTlsPki(join(dir, 'pki'), 'http://127.0.0.1:9/');
  [identity, otherIdentity] = await Promise.all([createIseIdentity(dir, 'ise-admin'), createIseIdentity(dir, 'ise-admin-renewed')]);
  chainServer = await startTlsServer([...servedChain(pki, 'default'), pki.ecRoot]);
});

test.afterAll(async () => {
  await chainServer?.close();
  rmSync(dir, { recursive: true, force: true });
});

test.afterEach(async () => {
  for (const standin of standins.splice(0)) await standin.close();
});

async function startIse(): Promise<IseStandin> {
  const standin = await startIseStandin({ identity, users: { [ISE_USER]: ISE_PASSWORD } });
  standins.push(standin);
  standin.addTrusted(pki.ecRoot, 'Azure MDM - Lab ECC Root', {
    flags: { trustForIseAuth: false, trustForClientAuth: false, trustForCiscoServicesAuth: true, trustForCertificateBasedAdminAuth: false },
  });
  return standin;
}

const colonHex = (hex: string) => hex.match(/.{2}/g)?.join(':') ?? hex;

/** Fetches the local "Microsoft" host on the Chains screen, as the admin does first. */
async function fetchLocalHost(app: Page): Promise<string> {
  const host = `127.0.0.1:${chainServer.port}`;
  await app.getByTestId('nav-chains').click();
  await app.getByTestId('host-input').fill(host);
  await app.getByTestId('host-add').click();
  await app.locator(`[data-testid="host-row"][data-target="${host}"]`).getByTestId('host-fetch').click();
  await expect(app.locator(`[data-testid="chain-result"][data-target="${host}"]`).getByTestId('chain-node')).toHaveCount(3);
  return host;
}

/** Checks ISE's certificate (new), compares its SHA-256 and trusts it. */
async function checkAndTrust(app: Page, standin: IseStandin): Promise<void> {
  const panel = app.getByTestId('ise-panel');
  await panel.getByTestId('ise-host').fill('127.0.0.1');
  await panel.getByTestId('ise-port').fill(String(standin.port));
  await panel.getByTestId('ise-check').click();
  const review = panel.getByTestId('ise-certificate');
  await expect(review).toHaveAttribute('data-pin-state', 'new');
  await expect(panel.getByTestId('ise-cert-cn')).toHaveText('ise-pan.example.test');
  await expect(panel.getByTestId('ise-cert-sha256')).toHaveText(colonHex(identity.sha256));
  await expect(panel.getByTestId('ise-pin-new')).toContainText('Administration > System > Certificates > System Certificates');
  const trust = panel.getByTestId('ise-trust');
  await expect(trust).toHaveText(`Trust this certificate for 127.0.0.1:${standin.port}`);
  await trust.click();
  await expect(review).toHaveAttribute('data-pin-state', 'trusted');
}

async function logIn(app: Page, password: string): Promise<void> {
  const panel = app.getByTestId('ise-panel');
  await panel.getByTestId('ise-username').fill(ISE_USER);
  await panel.getByTestId('ise-password').fill(password);
  await panel.getByTestId('ise-connect').click();
}

test('checks and pins ISE, reads its store, sees the missing CA, imports it after confirming, and sees the gap closed', async ({ app }) => {
  const standin = await startIse();
  const host = await fetchLocalHost(app);
  await checkAndTrust(app, standin);
  expect(standin.requests, 'nothing is sent before the login').toEqual([]);
  await logIn(app, ISE_PASSWORD);

  const panel = app.getByTestId('ise-panel');
  await expect(panel.getByTestId('ise-connected')).toBeVisible();
  await expect(panel.getByTestId('ise-status')).toHaveText(`Connected to 127.0.0.1:${standin.port}`);
  await expect(panel.getByTestId('ise-store-count')).toHaveText('1 trusted certificate read.');
  await expect(panel.getByTestId('ise-login')).toBeHidden();
  const gap = panel.locator(`[data-testid="ise-gap"][data-target="${host}"]`);
  await expect(gap.getByTestId('ise-gap-present')).toHaveText(['Has Lab ECC Root']);
  await expect(gap.getByTestId('ise-gap-missing')).toHaveText(['Lacks Lab ECC Issuing CA 01']);

  // The confirmation lists the certificate and the flags; cancelling sends nothing.
  await panel.getByTestId('ise-import-open').click();
  const dialog = app.getByTestId('ise-import-dialog');
  await expect(dialog.getByTestId('ise-import-item')).toHaveCount(1);
  await expect(dialog.getByTestId('ise-import-item')).toContainText('Azure MDM - Lab ECC Issuing CA 01');
  const cisco = dialog.locator('[data-testid="ise-flag-row"][data-flag="trustForCiscoServicesAuth"]');
  await expect(cisco).toContainText('Trust for authentication of Cisco Services');
  await expect(cisco).toContainText('On');
  await expect(dialog.locator('[data-testid="ise-flag-row"][data-flag="allowOutOfDateCert"]')).toContainText('Off');
  await dialog.getByTestId('ise-import-cancel').click();
  await expect(dialog).toBeHidden();
  expect(standin.requests.filter((request) => request.method === 'POST')).toEqual([]);

  await panel.getByTestId('ise-import-open').click();
  await expect(dialog.getByTestId('ise-import-confirm')).toHaveText('Import 1 certificate');
  await dialog.getByTestId('ise-import-confirm').click();

  const result = panel.getByTestId('ise-import-result');
  await expect(result).toHaveCount(1);
  await expect(result).toHaveAttribute('data-outcome', 'imported');
  await expect(result).toContainText('Imported');
  await expect(result).toContainText('Azure MDM - Lab ECC Issuing CA 01');
  await expect(panel.getByTestId('ise-import-confirmed')).toBeVisible();
  await expect(panel.getByTestId('ise-gap-closed')).toHaveText('ISE trusts every CA of the fetched chains.');
  await expect(gap.getByTestId('ise-gap-missing')).toHaveCount(0);
  await expect(panel.getByTestId('ise-store-count')).toHaveText('2 trusted certificates read.');

  const posts = standin.requests.filter((request) => request.method === 'POST');
  expect(posts).toHaveLength(1);
  expect(posts[0]?.body).toMatchObject({ name: 'Azure MDM - Lab ECC Issuing CA 01', trustForCiscoServicesAuth: true, allowOutOfDateCert: false });
  expect(standin.entries.map((entry) => entry.name)).toContain('Azure MDM - Lab ECC Issuing CA 01');
  expect(standin.requests.every((request) => request.user === ISE_USER)).toBe(true);

  await panel.getByTestId('ise-disconnect').click();
  await expect(panel.getByTestId('ise-connected')).toBeHidden();
  await expect(panel.getByTestId('ise-status')).toHaveText('Not connected');
});

test('a wrong password gets the translated refusal, and the password field is emptied', async ({ app }) => {
  const standin = await startIse();
  await fetchLocalHost(app);
  await checkAndTrust(app, standin);
  await logIn(app, 'not-the-password');
  const panel = app.getByTestId('ise-panel');
  const error = panel.getByTestId('ise-error');
  await expect(error).toHaveAttribute('data-code', 'ISE_AUTH_FAILED');
  await expect(error).toContainText('ISE refused the user name or password.');
  await expect(panel.getByTestId('ise-password')).toHaveValue('');
  await expect(panel.getByTestId('ise-connected')).toBeHidden();
  expect(standin.requests.length).toBeGreaterThan(0);
  expect(standin.requests.every((request) => request.status === 401)).toBe(true);
});

test('the password is remembered only when asked, only after ISE accepted it, and can be forgotten', async ({ app }) => {
  const standin = await startIse();
  await fetchLocalHost(app);
  await checkAndTrust(app, standin);
  const panel = app.getByTestId('ise-panel');
  await panel.getByTestId('ise-username').fill(ISE_USER);
  await panel.getByTestId('ise-password').fill(ISE_PASSWORD);
  await panel.getByTestId('ise-remember').click();
  await panel.getByTestId('ise-connect').click();
  await expect(panel.getByTestId('ise-connected')).toBeVisible();
  await panel.getByRole('button', { name: 'Disconnect' }).click();
  // The saved password logs in with an empty field; it never comes back to the page.
  await panel.getByTestId('ise-username').fill(ISE_USER);
  await expect(panel.getByTestId('ise-forget')).toBeVisible();
  expect(await app.content()).not.toContain(ISE_PASSWORD);
  await expect(panel.getByTestId('ise-password')).toHaveValue('');
  await panel.getByTestId('ise-connect').click();
  await expect(panel.getByTestId('ise-connected')).toBeVisible();
  await panel.getByRole('button', { name: 'Disconnect' }).click();
  await panel.getByTestId('ise-username').fill(ISE_USER);
  await panel.getByTestId('ise-forget').click();
  await expect(panel.getByTestId('ise-forget')).toBeHidden();
  await expect(panel.getByTestId('ise-connect')).toBeDisabled();
});

test('a certificate swapped after pinning is a loud warning, and nothing is sent', async ({ app }) => {
  const standin = await startIse();
  await fetchLocalHost(app);
  await checkAndTrust(app, standin);
  standin.useIdentity(otherIdentity);
  await logIn(app, ISE_PASSWORD);

  const panel = app.getByTestId('ise-panel');
  await expect(panel.getByTestId('ise-error')).toHaveAttribute('data-code', 'ISE_CERT_CHANGED');
  await expect(panel.getByTestId('ise-error')).toContainText('ISE presents a different certificate than the one you trusted for this host. Nothing was sent.');
  await expect(panel.getByTestId('ise-certificate')).toHaveAttribute('data-pin-state', 'changed');
  const warning = panel.getByTestId('ise-pin-changed');
  await expect(warning).toContainText(`ISE at 127.0.0.1:${standin.port} presents a different certificate than the one you trusted`);
  await expect(warning.getByTestId('ise-old-pin')).toHaveText(colonHex(identity.sha256));
  await expect(warning.getByTestId('ise-new-pin')).toHaveText(colonHex(otherIdentity.sha256));
  await expect(panel.getByTestId('ise-trust')).toHaveText(`Replace the trusted certificate for 127.0.0.1:${standin.port} with this one`);
  await expect(panel.getByTestId('ise-login')).toBeHidden();
  await expect(panel.getByTestId('ise-connected')).toBeHidden();
  expect(standin.requests, 'no request (and no password) reached the other certificate').toEqual([]);
});

test('the panel, its certificate review and the import confirmation have no serious or critical accessibility violations, light and dark', async ({ app }) => {
  const AxeBuilder = (await import('@axe-core/playwright')).default;
  const standin = await startIse();
  await fetchLocalHost(app);
  await checkAndTrust(app, standin);
  await logIn(app, ISE_PASSWORD);
  const panel = app.getByTestId('ise-panel');
  await expect(panel.getByTestId('ise-connected')).toBeVisible();
  const blocking = async (): Promise<string[]> => {
    const results = await new AxeBuilder({ page: app }).exclude('[data-tabster-dummy]').analyze();
    return results.violations
      .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
      .map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`);
  };
  for (const theme of ['light', 'dark'] as const) {
    await app.evaluate((value) => window.api.updateSettings({ theme: value }), theme);
    await app.getByTestId('nav-settings').click();
    await app.getByTestId('nav-chains').click();
    await expect(panel.getByTestId('ise-certificate')).toHaveAttribute('data-pin-state', 'trusted');
    await expect(panel.getByTestId('ise-gap-missing')).toHaveCount(1);
    expect(await blocking()).toEqual([]);
    await panel.getByTestId('ise-import-open').click();
    await expect(app.getByTestId('ise-import-dialog')).toBeVisible();
    expect(await blocking()).toEqual([]);
    await app.keyboard.press('Escape');
    await expect(app.getByTestId('ise-import-dialog')).toBeHidden();
  }
});
