import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { X509Certificate } from 'node:crypto';
import { registerApp, standinBrowser, type StandinApp } from '../support/entra-standin';
import { startMicrosoftStandins, type MicrosoftStandins } from '../support/microsoft-standins';
import { createIseNodes } from '../support/pki';
import { test, expect } from './fixtures';

const PASSWORD = 'Ise-Export-1!';
/** The app's default sign-in client (Microsoft Graph Command Line Tools). */
const SIGN_IN_CLIENT_ID = '14d82eec-204b-4c2f-b7e8-296a70dab67e';
/** A public client of the admin's own organisation (for tenants that block the default). */
const OWN_CLIENT_ID = '5b1f7c2e-93d4-4a8e-b0c6-2f7e9d1a4c38';
let dir: string;
let standins: MicrosoftStandins;
let app: StandinApp;
let panPfx: string;
let spanPfx: string;
let panSha1: string;
let spanSha1: string;
let caFile: string;

const sha1Of = (der: Buffer) => new X509Certificate(der).fingerprint.replace(/:/g, '').toUpperCase();

test.beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ise-intune-e2e-audit-'));
  standins = await startMicrosoftStandins(dir, { publicClients: [SIGN_IN_CLIENT_ID, OWN_CLIENT_ID] });
  const { nodes } = await createIseNodes(dir, { pan: 'ise-pan.example.test', span: 'ise-span.example.test' }, { password: PASSWORD });
  const [pan, span] = [nodes.pan.certificate, nodes.span.certificate];
  [panPfx, spanPfx] = [nodes.pan.pfx, nodes.span.pfx];
  panSha1 = sha1Of(pan.der);
  spanSha1 = sha1Of(span.der);
  // The PAN's certificate is registered; the secondary node's is not.
  app = registerApp(standins.directory, { certificates: [pan.der] });
  caFile = join(dir, 'standin-ca.pem');
  writeFileSync(caFile, standins.caPem);
});
test.afterAll(async () => {
  await standins.close();
  rmSync(dir, { recursive: true, force: true });
});

test('signs in, audits, adds the missing node certificate after confirmation, and audits green', async ({ app: page, bridge }) => {
  await page.evaluate(() => window.api.updateSettings({ proxyMode: 'direct' }));
  // The stand-ins' CA is added the way an admin adds a TLS-inspecting proxy's root.
  bridge.dialogs.answerOpenFiles([caFile]);
  await page.evaluate(() => window.api.addCatalogFiles());
  await page.getByTestId('nav-manifest').click();

  // Two ISE node certificates on the App manifest screen.
  for (const [index, pfx, name] of [[0, panPfx, 'ise-pan'], [1, spanPfx, 'ise-span']] as const) {
    bridge.dialogs.answerOpenFiles([pfx]);
    await page.getByTestId('add-node').click();
    await page.getByTestId('node-password').fill(PASSWORD);
    await page.getByTestId('node-pending').getByRole('button', { name: 'Open', exact: true }).click();
    await expect(page.getByTestId('node-row')).toHaveCount(index + 1);
    const nameInput = page.getByTestId('node-name').nth(index);
    await nameInput.fill(name);
    await nameInput.blur();
  }

  const section = page.getByTestId('audit-section');
  await section.getByTestId('audit-tenant').fill(standins.directory.tenantId);
  await section.getByTestId('audit-client').fill(app.appId);
  await section.getByText('Advanced endpoints for the audit').click();
  await section.getByTestId('audit-authority').fill(standins.entra.origin);
  await section.getByTestId('audit-graph').fill(standins.graph.origin);

  // Sign in with the browser: main opens MSAL's URL through the shell; the test plays the browser.
  await section.getByTestId('audit-allow-changes').click();
  const linksBefore = bridge.openedLinks.length;
  await section.getByTestId('audit-sign-in').click();
  await expect.poll(() => bridge.openedLinks.length).toBeGreaterThan(linksBefore);
  const signInUrl = bridge.openedLinks.at(-1) ?? '';
  expect(signInUrl.startsWith(`${standins.entra.origin}/`)).toBe(true);
  expect(new URL(signInUrl).searchParams.get('redirect_uri')).toMatch(/^http:\/\/localhost:\d+\/?$/);
  await standinBrowser(standins.caPem).open(signInUrl);
  await expect(section.getByTestId('audit-account')).toContainText(standins.directory.admin.username);

  // The audit: the secondary node's certificate is missing.
  await section.getByTestId('audit-run').click();
  await expect(section.getByTestId('audit-verdict')).toContainText('needs attention');
  await expect(section.getByTestId('audit-item-app-exists')).toHaveAttribute('data-status', 'pass');
  await expect(section.getByTestId('audit-item-certificate-registered:ise-pan')).toHaveAttribute('data-status', 'pass');
  await expect(section.getByTestId('audit-item-certificate-registered:ise-span')).toHaveAttribute('data-status', 'fail');
  await expect(section.getByTestId('audit-item-certificate-registered:ise-span')).toContainText('KEY_NOT_FOUND');

  // The fix, shown as a diff and confirmed.
  const existingKeyIds = app.keys.map((key) => key.keyId);
  await section.getByTestId('audit-fix').click();
  const dialog = page.getByTestId('audit-fix-dialog');
  await expect(dialog.getByTestId('audit-fix-add')).toContainText(spanSha1);
  await expect(dialog.getByTestId('audit-fix-keep')).toContainText(panSha1);
  await expect(dialog).toContainText('No existing certificate is removed.');
  const patchesBefore = standins.graph.patches.length;
  await dialog.getByTestId('audit-fix-apply').click();
  await expect(section.getByTestId('audit-fix-result')).toContainText('1 certificate added to the app.');
  expect(standins.graph.patches.length).toBe(patchesBefore + 1);

  // Entra's app kept the existing key and got the missing one.
  expect(app.keys).toHaveLength(2);
  for (const keyId of existingKeyIds) expect(app.keys.map((key) => key.keyId)).toContain(keyId);
  const sent = standins.graph.patches.at(-1) as { keyCredentials: { keyId: string; key: string | null }[] };
  expect(sent.keyCredentials.filter((key) => key.key === null).map((key) => key.keyId)).toEqual(existingKeyIds);

  // The re-read audit is green.
  await expect(section.getByTestId('audit-verdict')).toContainText('ready for ISE');
  await expect(section.getByTestId('audit-item-certificate-registered:ise-span')).toHaveAttribute('data-status', 'pass');

  // No token or key reached the page.
  const html = await page.content();
  expect(html).not.toContain('PRIVATE KEY');
  expect(html).not.toContain(PASSWORD);
  expect(html).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}\.eyJ/);

  // The sign-in outlives the window: read back from main's encrypted cache, without signing in again.
  const linksBeforeReload = bridge.openedLinks.length;
  await page.reload();
  await page.getByTestId('nav-manifest').click();
  await expect(section.getByTestId('audit-account')).toContainText(standins.directory.admin.username);
  expect(bridge.openedLinks.length).toBe(linksBeforeReload);

  await section.getByTestId('audit-sign-out').click();
  await expect(section.getByTestId('audit-sign-in')).toBeVisible();
  await page.reload();
  await page.getByTestId('nav-manifest').click();
  await expect(section.getByTestId('audit-sign-in')).toBeVisible();
  await expect(section.getByTestId('audit-account')).toHaveCount(0);
});

test("the sign-in app: another client signs the admin out, is used for the next sign-in, and is kept", async ({ app: page, bridge }) => {
  await page.evaluate(() => window.api.updateSettings({ proxyMode: 'direct' }));
  bridge.dialogs.answerOpenFiles([caFile]);
  await page.evaluate(() => window.api.addCatalogFiles());
  await page.getByTestId('nav-manifest').click();
  const section = page.getByTestId('audit-section');
  await section.getByTestId('audit-tenant').fill(standins.directory.tenantId);
  await section.getByText('Advanced endpoints for the audit').click();
  await section.getByTestId('audit-authority').fill(standins.entra.origin);
  await section.getByTestId('audit-graph').fill(standins.graph.origin);
  const signInThroughBrowser = async (clientId: string) => {
    const before = bridge.openedLinks.length;
    await section.getByTestId('audit-sign-in').click();
    await expect.poll(() => bridge.openedLinks.length).toBeGreaterThan(before);
    const url = bridge.openedLinks.at(-1) ?? '';
    expect(new URL(url).searchParams.get('client_id')).toBe(clientId);
    await standinBrowser(standins.caPem).open(url);
    await expect(section.getByTestId('audit-account')).toContainText(standins.directory.admin.username);
  };

  await signInThroughBrowser(SIGN_IN_CLIENT_ID);
  const fold = section.getByTestId('audit-sign-in-app');
  await fold.getByText('Sign-in app: Microsoft Graph Command Line Tools (default)').click();
  await expect(fold).toContainText('Allow public client flows');
  await fold.getByTestId('sign-in-client').fill(OWN_CLIENT_ID);
  // Enter saves the client here; it does not run the audit around it.
  await expect(fold.getByTestId('sign-in-client-warning')).toContainText('Saving another app signs you out');
  await fold.getByTestId('sign-in-client').press('Enter');
  await expect(fold.getByTestId('sign-in-client-status')).toContainText('You were signed out');
  await expect(section.getByTestId('audit-account')).toHaveCount(0);
  await expect(fold.getByRole('button').first()).toHaveText(`Sign-in app: your app ${OWN_CLIENT_ID}`);

  await signInThroughBrowser(OWN_CLIENT_ID);
  await page.reload();
  await page.getByTestId('nav-manifest').click();
  await expect(section.getByTestId('audit-account')).toContainText(standins.directory.admin.username);

  await fold.getByRole('button').first().click();
  await fold.getByTestId('sign-in-client-default').click();
  await expect(fold.getByTestId('sign-in-client-status')).toContainText('You were signed out');
  await expect(section.getByTestId('audit-sign-in')).toBeVisible();
  await expect(fold.getByRole('button').first()).toHaveText('Sign-in app: Microsoft Graph Command Line Tools (default)');
});
