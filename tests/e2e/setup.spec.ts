import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { graphManifest } from '../support/manifests';
import { createPki, type Pki } from '../support/pki';
import { createTlsPki, servedChain, startTlsServer, type RunningServer, type TlsPki } from '../support/tls-servers';
import { test, expect } from './fixtures';

const STEPS = ['before', 'trust', 'register', 'certificates', 'mdm', 'device', 'test'] as const;
type StepId = (typeof STEPS)[number];
const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const CLIENT = 'a46a6fd7-4a31-4471-9078-59cb2bb6a5ab';
const SCREENSHOTS = '.test-output/screenshots';
/** Raw i18n keys of the namespaces the Setup screen shows (its own and the embedded screens'). */
const RAW_KEY = /\b(setup|chains|troubleshoot|common|errors|certs)\.[a-z][A-Za-z]*/;
const PKIX_ERROR =
  'Connection to server failed with: sun.security.validator.ValidatorException: PKIX path building failed: sun.security.provider.certpath.SunCertPathBuilderException: unable to find valid certification path to requested target';

let dir: string;
let tls: TlsPki;
let ise: Pki;
/** Sends the lab's EC leaf, intermediate and root for 127.0.0.1: a stand-in for a Microsoft host. */
let server: RunningServer;

test.beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ise-intune-e2e-setup-'));
  mkdirSync(SCREENSHOTS, { recursive: true });
  [tls, ise] = await Promise.all([createTlsPki(join(dir, 'tls'), 'http://127.0.0.1:9'), createPki(join(dir, 'ise'))]);
  server = await startTlsServer([...servedChain(tls, 'default'), tls.ecRoot]);
});

test.afterAll(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

function sha1(der: Buffer): string {
  return createHash('sha1').update(der).digest('hex').toUpperCase();
}

const colons = (hex: string) => hex.match(/../g)?.join(':') ?? hex;

async function expectNoBlockingViolations(app: Page, where: string): Promise<void> {
  // Fluent's focus sentinels (<i data-tabster-dummy>) hand focus on at once; axe cannot know that.
  const results = await new AxeBuilder({ page: app }).exclude('[data-tabster-dummy]').analyze();
  const blocking = results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => `${where}: ${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`);
  expect(blocking).toEqual([]);
}

/** The whole screen (it scrolls inside <main>, so the viewport is made as tall as the content), 1440 wide. */
async function screenshot(app: Page, name: string): Promise<void> {
  await app.setViewportSize({ width: 1440, height: 800 });
  const height = await app.evaluate(() => (document.querySelector('main')?.scrollHeight ?? 800) + 40);
  await app.setViewportSize({ width: 1440, height: Math.min(Math.max(height, 800), 6000) });
  await app.screenshot({ path: join(SCREENSHOTS, `setup-${name}.png`) });
  await app.setViewportSize({ width: 1280, height: 800 });
}

async function openStep(app: Page, step: StepId): Promise<void> {
  await app.getByTestId(`step-link-${step}`).click();
  await expect(app.getByTestId(`step-${step}`)).toBeVisible();
  await expect(app.getByTestId(`step-link-${step}`)).toHaveAttribute('aria-current', 'step');
}

async function startSetup(app: Page, name: string): Promise<void> {
  await expect(app.getByTestId('setup-welcome')).toBeVisible();
  await app.getByTestId('welcome-name').fill(name);
  await app.getByTestId('welcome-start').click();
  await expect(app.getByTestId('step-list')).toBeVisible();
}

const stateOf = (app: Page, step: StepId) => app.getByTestId(`step-link-${step}`);

test('a complete run of the wizard against local stand-ins, resumed after a reload, with its report', async ({ app, bridge }) => {
  test.setTimeout(180_000);
  await expectNoBlockingViolations(app, 'welcome');
  await screenshot(app, 'welcome-light');
  await startSetup(app, 'Contoso <ISE> & Co');

  // 0. The version decides the flow; 3.2 Patch 4 works (FN74227 is only a warning).
  await expect(app.getByTestId('step-before')).toBeVisible();
  await app.getByTestId('ise-version').fill('ISE 3.0');
  await app.getByTestId('ise-version-check').click();
  await expect(app.getByTestId('version-flow')).toHaveText('Azure AD Graph (retired)');
  await expect(stateOf(app, 'before')).toHaveAttribute('data-state', 'needs-attention');
  await app.getByTestId('ise-version').fill('3.2 Patch 4');
  await app.getByTestId('ise-version-check').click();
  await expect(app.getByTestId('version-flow')).toHaveText('Microsoft Graph');
  await expect(app.getByTestId('version-facts')).toContainText('Applies');
  await expect(stateOf(app, 'before')).toHaveAttribute('data-state', 'done');
  await expect(app.getByTestId('step-changed')).toContainText(/Changed/);
  await expectNoBlockingViolations(app, 'before');
  await screenshot(app, 'before-light');

  // 1. Chains from a local TLS server, the CAs exported, then ISE's store shows nothing missing.
  await app.getByTestId('step-next').click();
  await expect(app.getByTestId('step-trust')).toBeVisible();
  await expect(app.locator('[data-testid="host-row"][data-target="graph.microsoft.com:443"]')).toBeVisible();
  await expect(app.locator('[data-testid="host-row"][data-target="graph.windows.net:443"]')).toHaveCount(0);
  const host = `127.0.0.1:${server.port}`;
  await app.getByTestId('host-input').fill(host);
  await app.getByTestId('host-add').click();
  const row = app.locator(`[data-testid="host-row"][data-target="${host}"]`);
  await row.getByTestId('host-fetch').click();
  await expect(row.getByTestId('host-verdict')).toHaveAttribute('data-verdict', 'untrusted-root');
  // The chip opens its reason and its fix right here, not only on the Chains screen.
  await row.getByTestId('host-verdict-chip').click();
  await expect(app.getByTestId('host-verdict-chip-why')).toContainText('Export the root under “What ISE needs” for ISE.');
  await app.keyboard.press('Escape');
  await expect(app.getByTestId('host-verdict-chip-why')).toHaveCount(0);
  await expect(app.getByTestId('need-row')).toHaveCount(2);
  const exportDir = join(bridge.dataDir, 'for-ise');
  mkdirSync(exportDir);
  bridge.dialogs.answerPickFolder(exportDir);
  await app.getByTestId('export-ise').click();
  await expect(app.getByTestId('ise-export-result')).toBeVisible();
  await expect(app.getByTestId('saved-cas').getByRole('listitem')).toHaveCount(2);
  await expect(app.getByTestId('saved-cas')).toContainText('Azure MDM - Lab ECC Root');
  await expect(stateOf(app, 'trust')).toHaveAttribute('data-state', 'in-progress');
  bridge.dialogs.answerOpenFiles([tls.ecIntermediate.pemPath, tls.ecRoot.pemPath]);
  await app.getByTestId('load-ise-store').click();
  await expect(app.getByTestId('step-check')).toContainText("ISE's trusted certificates hold every CA these chains need.");
  await expect(stateOf(app, 'trust')).toHaveAttribute('data-state', 'done');
  await expectNoBlockingViolations(app, 'trust');
  await screenshot(app, 'trust-light');

  // 2. IDs are checked as typed and saved when right.
  await app.getByTestId('step-next').click();
  await expect(app.getByTestId('step-register')).toBeVisible();
  await app.getByTestId('tenant-id').fill('not a tenant!');
  await app.getByTestId('tenant-id').press('Tab');
  await expect(app.getByText('A tenant ID is a GUID, or a verified domain name')).toBeVisible();
  await app.getByTestId('tenant-id').fill(` {${TENANT.toUpperCase()}} `);
  await app.getByTestId('tenant-id').press('Tab');
  await app.getByTestId('client-id').fill(CLIENT);
  await app.getByTestId('client-id').press('Tab');
  await expect(app.getByTestId('step-check')).toContainText('Both IDs look right.');
  await expect(app.getByTestId('permissions-section')).toContainText('get_device_compliance');
  await app.getByTestId('confirm-done').click();
  await expect(stateOf(app, 'register')).toHaveAttribute('data-state', 'done');
  await expectNoBlockingViolations(app, 'register');
  await screenshot(app, 'register-light');

  // 3. Two node certificates, the manifest saved with them: the check sees every node registered.
  await app.getByTestId('step-next').click();
  await expect(app.getByTestId('step-certificates')).toBeVisible();
  bridge.dialogs.answerOpenFiles([ise.certs.rsaLeaf.pemPath, ise.certs.selfSignedLeaf.pemPath]);
  await app.getByTestId('add-node').click();
  await expect(app.getByTestId('node-row')).toHaveCount(2);
  const rsaSha1 = sha1(ise.certs.rsaLeaf.der);
  await expect(app.getByTestId('node-thumbprints')).toContainText(colons(rsaSha1));
  await expect(app.getByTestId('entra-thumbprint').first()).toHaveText(rsaSha1);
  await expect(stateOf(app, 'certificates')).toHaveAttribute('data-state', 'in-progress');
  const manifestPath = join(bridge.dataDir, 'ISE-app.json');
  writeFileSync(manifestPath, graphManifest([]));
  bridge.dialogs.answerOpenFiles([manifestPath]);
  await app.getByTestId('open-manifest').click();
  await expect(app.getByTestId('step-check')).toContainText('Not on the app according to the manifest');
  await app.getByTestId('save-manifest').click();
  await expect(app.getByTestId('manifest-saved')).toBeVisible();
  await expect(app.getByTestId('step-check')).toContainText('The manifest holds a valid key for every loaded node.');
  await expect(stateOf(app, 'certificates')).toHaveAttribute('data-state', 'done');
  expect(JSON.parse(readFileSync(manifestPath, 'utf8')).keyCredentials).toHaveLength(2);
  await expectNoBlockingViolations(app, 'certificates');
  await screenshot(app, 'certificates-light');

  // 4. The form's values from the saved IDs, in ISE's order, each with a copy button.
  await app.getByTestId('step-next').click();
  await expect(app.getByTestId('step-mdm')).toBeVisible();
  const form = app.getByTestId('mdm-form');
  await expect(form.getByRole('row').nth(1)).toContainText('Name');
  await expect(app.getByTestId('mdm-autoDiscoveryUrl')).toContainText('https://graph.microsoft.com');
  await expect(app.getByTestId('mdm-clientId')).toContainText(CLIENT);
  await expect(app.getByTestId('mdm-tokenIssuingUrl')).toContainText(`https://login.microsoftonline.com/${TENANT}/oauth2/token`);
  await expect(app.getByTestId('mdm-tokenAudience')).toContainText('https://api.manage.microsoft.com/');
  await app.getByRole('button', { name: 'Copy Token Issuing URL' }).click();
  await expect.poll(() => bridge.clipboard.at(-1)).toBe(`https://login.microsoftonline.com/${TENANT}/oauth2/token`);
  // Move away and take focus off the copy button so that its "Copied" tooltip closes
  // (Fluent keeps a tooltip open while its button has focus).
  await app.mouse.move(0, 0);
  await app.keyboard.press('Escape');
  await app.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await expect(app.getByRole('tooltip')).toHaveCount(0);
  await app.getByTestId('confirm-done').click();
  await expect(stateOf(app, 'mdm')).toHaveAttribute('data-state', 'done');
  await expectNoBlockingViolations(app, 'mdm');
  await screenshot(app, 'mdm-light');

  // 5. The device identity: the exact SAN value to paste in Intune's certificate profiles.
  await app.getByTestId('step-next').click();
  await expect(app.getByTestId('step-device')).toBeVisible();
  await expect(app.getByTestId('device-san-value')).toHaveText('ID:Microsoft Endpoint Manager:GUID:{{DeviceId}}');
  await expectNoBlockingViolations(app, 'device');
  await screenshot(app, 'device-light');

  // 6. A pasted PKIX error is read inline and leads back to step 1.
  await app.getByTestId('step-next').click();
  await expect(app.getByTestId('step-test')).toBeVisible();
  await app.getByTestId('test-paste').fill(PKIX_ERROR);
  await app.getByTestId('test-diagnose').click();
  const finding = app.locator('[data-testid="setup-finding"][data-code="PKIX_PATH"]');
  await expect(finding).toBeVisible();
  await expect(stateOf(app, 'test')).toHaveAttribute('data-state', 'needs-attention');
  await expectNoBlockingViolations(app, 'test');
  await screenshot(app, 'test-light');
  await finding.getByTestId('finding-step').click();
  await expect(app.getByTestId('step-trust')).toBeVisible();

  // The report: values, thumbprints in both spellings, the CAs, the states; no key, no markup injected.
  const reportPath = join(bridge.dataDir, 'report.html');
  bridge.dialogs.answerSaveFile(reportPath);
  await app.getByTestId('report-menu').click();
  await app.getByTestId('report-html').click();
  await expect(app.getByTestId('report-saved')).toContainText(reportPath);
  const html = readFileSync(reportPath, 'utf8');
  expect(html).toContain(rsaSha1);
  expect(html).toContain(colons(rsaSha1));
  expect(html).toContain('Azure MDM - Lab ECC Root');
  expect(html).toContain(TENANT);
  expect(html).toContain('Contoso &lt;ISE&gt; &amp; Co');
  expect(html).not.toContain('PRIVATE KEY');
  const report = await app.context().newPage();
  await report.goto(pathToFileURL(reportPath).href);
  await expect(report.getByRole('heading', { level: 1 })).toHaveText('Cisco ISE + Intune setup report: Contoso <ISE> & Co');
  await expect(report.getByRole('row').filter({ hasText: '4. Add the MDM server in ISE' })).toContainText('Done');
  await report.close();
  // The PDF, the Spanish report and the UI without a PDF printer: tests/e2e/report.spec.ts.

  // A reload resumes at the step left open, with every value and state kept.
  await app.reload();
  await expect(app.getByTestId('step-test')).toBeVisible();
  for (const step of ['before', 'trust', 'register', 'certificates', 'mdm'] as const) await expect(stateOf(app, step)).toHaveAttribute('data-state', 'done');
  await expect(stateOf(app, 'test')).toHaveAttribute('data-state', 'needs-attention');
  await openStep(app, 'register');
  await expect(app.getByTestId('tenant-id')).toHaveValue(TENANT);
  await expect(app.getByTestId('client-id')).toHaveValue(CLIENT);
  await openStep(app, 'certificates');
  await expect(app.getByTestId('node-row')).toHaveCount(2);
  await expect(app.getByTestId('entra-thumbprint').first()).toHaveText(rsaSha1);
  await openStep(app, 'before');
  await expect(app.getByTestId('ise-version')).toHaveValue('3.2 Patch 4');

  // Every step in dark, with the same content.
  await app.evaluate(() => window.api.updateSettings({ theme: 'dark' }));
  await app.reload();
  await expect(app.locator('html')).toHaveAttribute('data-theme', 'dark');
  for (const step of STEPS) {
    await openStep(app, step);
    await expectNoBlockingViolations(app, `${step} (dark)`);
    await screenshot(app, `${step}-dark`);
  }
});

test('two deployments are kept apart; duplicate, rename, delete with confirmation, export and import', async ({ app, bridge }) => {
  test.setTimeout(120_000);
  await startSetup(app, 'Fabrikam');
  await openStep(app, 'register');
  await app.getByTestId('tenant-id').fill('fabrikam.onmicrosoft.com');
  await app.getByTestId('tenant-id').press('Tab');
  await expect(stateOf(app, 'register')).toHaveAttribute('data-state', 'in-progress');

  await app.getByTestId('deployment-new').click();
  await app.getByTestId('deployment-name').fill('Northwind');
  await app.getByTestId('deployment-name-submit').click();
  await expect(app.getByTestId('deployment-select')).toHaveValue(/.+/);
  await expect(app.getByTestId('deployment-select').locator('option:checked')).toHaveText('Northwind');
  await expect(app.getByTestId('step-before')).toBeVisible();
  await expect(stateOf(app, 'register')).toHaveAttribute('data-state', 'not-started');
  await openStep(app, 'register');
  await expect(app.getByTestId('tenant-id')).toHaveValue('');
  await app.getByTestId('tenant-id').fill(TENANT);
  await app.getByTestId('tenant-id').press('Tab');

  await app.getByTestId('deployment-select').selectOption({ label: 'Fabrikam' });
  await expect(app.getByTestId('step-register')).toBeVisible();
  await expect(app.getByTestId('tenant-id')).toHaveValue('fabrikam.onmicrosoft.com');
  await app.getByTestId('deployment-select').selectOption({ label: 'Northwind' });
  await expect(app.getByTestId('tenant-id')).toHaveValue(TENANT);

  await app.getByTestId('deployment-duplicate').click();
  await expect(app.getByTestId('deployment-select').locator('option:checked')).toHaveText('Northwind (copy)');
  await app.getByTestId('deployment-rename').click();
  await app.getByTestId('deployment-name').fill('Northwind lab');
  await app.getByTestId('deployment-name-submit').click();
  await expect(app.getByTestId('deployment-select').locator('option:checked')).toHaveText('Northwind lab');

  // Delete asks first; Cancel keeps it.
  await app.getByTestId('deployment-delete').click();
  await expect(app.getByRole('alertdialog')).toContainText('“Northwind lab”');
  await app.getByRole('button', { name: 'Cancel' }).click();
  await expect(app.getByTestId('deployment-select').locator('option')).toHaveCount(3);
  await app.getByTestId('deployment-delete').click();
  await app.getByTestId('delete-confirm').click();
  await expect(app.getByTestId('deployment-select').locator('option')).toHaveCount(2);
  await expect(app.getByTestId('deployment-select').locator('option', { hasText: 'Northwind lab' })).toHaveCount(0);

  // Handed to a colleague as JSON, and back in as a new deployment.
  await app.getByTestId('deployment-select').selectOption({ label: 'Fabrikam' });
  const exported = join(bridge.dataDir, 'fabrikam.deployment.json');
  bridge.dialogs.answerSaveFile(exported);
  await app.getByTestId('deployment-export').click();
  await expect(app.getByTestId('deployment-exported')).toContainText(exported);
  expect(JSON.parse(readFileSync(exported, 'utf8')).deployment.tenantId).toBe('fabrikam.onmicrosoft.com');
  bridge.dialogs.answerOpenFiles([exported]);
  await app.getByTestId('deployment-import').click();
  await expect(app.getByTestId('deployment-select').locator('option:checked')).toHaveText('Fabrikam (imported)');
  await openStep(app, 'register');
  await expect(app.getByTestId('tenant-id')).toHaveValue('fabrikam.onmicrosoft.com');

  // Kept apart after a reload too.
  await app.reload();
  await expect(app.getByTestId('deployment-select').locator('option')).toHaveCount(3);
  await app.getByTestId('deployment-select').selectOption({ label: 'Northwind' });
  await openStep(app, 'register');
  await expect(app.getByTestId('tenant-id')).toHaveValue(TENANT);
});

test('an error shows by the action that failed, not in the next step, and goes with the next success', async ({ app, bridge }) => {
  await startSetup(app, 'Contoso');
  const bar = app.getByTestId('deployment-bar');
  // A file that is not a deployment: the bar, whose Import… it was, says so.
  const notDeployment = join(bridge.dataDir, 'not-a-deployment.json');
  writeFileSync(notDeployment, '{"hello":"world"}');
  bridge.dialogs.answerOpenFiles([notDeployment]);
  await app.getByTestId('deployment-import').click();
  await expect(bar.getByTestId('error-notice')).toBeVisible();
  await openStep(app, 'register');
  await expect(app.getByTestId('error-notice')).toHaveCount(1);
  await expect(app.getByTestId('step-register').getByTestId('error-notice')).toHaveCount(0);
  // The bar's next action that works clears it.
  const exported = join(bridge.dataDir, 'contoso.deployment.json');
  bridge.dialogs.answerSaveFile(exported);
  await app.getByTestId('deployment-export').click();
  await expect(bar.getByTestId('deployment-exported')).toBeVisible();
  await expect(app.getByTestId('error-notice')).toHaveCount(0);

  // A step's state that cannot be saved (the deployment was deleted meanwhile): the step says so, not the bar.
  const listed = await bridge.handlers.listDeployments();
  await bridge.handlers.deleteDeployment({ id: listed.currentId ?? '' });
  await app.getByTestId('step-state').selectOption('done');
  await expect(app.getByTestId('step-register').getByTestId('error-notice')).toBeVisible();
  await expect(bar.getByTestId('error-notice')).toHaveCount(0);
  // Starting another deployment works: the step's error goes with it.
  await app.getByTestId('deployment-new').click();
  await app.getByTestId('deployment-name').fill('Northwind');
  await app.getByTestId('deployment-name-submit').click();
  await expect(app.getByTestId('deployment-select').locator('option:checked')).toHaveText('Northwind');
  await expect(app.getByTestId('error-notice')).toHaveCount(0);
});

test('the whole flow in Spanish shows no raw key and formats dates for the locale', async ({ app, bridge }) => {
  test.setTimeout(180_000);
  await app.evaluate(() => window.api.updateSettings({ language: 'es' }));
  await app.reload();
  await expect(app.getByRole('heading', { level: 1 })).toHaveText('Configuración guiada');
  await expect(app.locator('main')).not.toContainText(RAW_KEY);
  await screenshot(app, 'welcome-es');
  await startSetup(app, 'Cliente Iberia');
  await app.getByTestId('ise-version').fill('3.1 Patch 2');
  await app.getByTestId('ise-version-check').click();
  await expect(app.getByTestId('version-flow')).toHaveText('Azure AD Graph (retirado)');
  await expect(app.getByTestId('step-check')).toContainText('necesita una actualización');
  // A Spanish date, e.g. "Cambiado el 26 nov 2026, 12:00".
  await expect(app.getByTestId('step-changed')).toContainText(/Cambiado el \d{1,2} [a-z]{3,}\.? \d{4}/);
  const names: Record<StepId, string> = {
    before: 'Antes de empezar',
    trust: 'Confiar en Microsoft en ISE',
    register: 'Registrar la aplicación en Entra',
    certificates: 'Dar a la aplicación los certificados de ISE',
    mdm: 'Añadir el servidor MDM en ISE',
    device: 'Identidad del dispositivo (GUID de Intune)',
    test: 'Probar y diagnosticar',
  };
  for (const step of STEPS) {
    await openStep(app, step);
    await expect(app.getByRole('heading', { level: 2, name: names[step] })).toBeVisible();
    if (step === 'register') {
      await app.getByTestId('tenant-id').fill(TENANT);
      await app.getByTestId('tenant-id').press('Tab');
      await app.getByTestId('client-id').fill('no-es-un-guid');
      await app.getByTestId('client-id').press('Tab');
      await expect(app.getByText('Un Id. de aplicación (cliente) es un GUID')).toBeVisible();
      await app.getByTestId('client-id').fill(CLIENT);
      await app.getByTestId('client-id').press('Tab');
      await expect(app.getByTestId('step-check')).toContainText('Los dos ID parecen correctos');
    }
    if (step === 'certificates') {
      bridge.dialogs.answerOpenFiles([ise.certs.rsaLeaf.pemPath]);
      await app.getByTestId('add-node').click();
      await expect(app.getByTestId('node-row')).toHaveCount(1);
    }
    if (step === 'mdm') await expect(app.getByTestId('mdm-autoDiscoveryUrl')).toContainText(`https://graph.windows.net/${TENANT}`);
    // 3.1 Patch 2 discovers Intune through Azure AD Graph: its host is offered for this release only.
    if (step === 'trust') await expect(app.locator('[data-testid="host-row"][data-target="graph.windows.net:443"]')).toBeVisible();
    if (step === 'test') {
      await app.getByTestId('test-paste').fill(PKIX_ERROR);
      await app.getByTestId('test-diagnose').click();
      await expect(app.getByTestId('setup-finding')).toContainText('Ir a 1. Confiar en Microsoft en ISE');
    }
    await expect(app.locator('main')).not.toContainText(RAW_KEY);
    await expectNoBlockingViolations(app, `${step} (es)`);
    await screenshot(app, `${step}-es`);
  }
  await expect(app.getByTestId('step-list')).toContainText('0 de 7 pasos hechos');
});

test('the deployment bar from the keyboard: the report menu and the dialogs (their code loaded on demand) open, close and give focus back', async ({ app }) => {
  await startSetup(app, 'Keyboard');
  const menuButton = app.getByTestId('report-menu');
  await expect(menuButton).toHaveAttribute('aria-haspopup', 'menu');
  await expect(menuButton).toHaveAttribute('aria-expanded', 'false');
  await menuButton.focus();
  await app.keyboard.press('Enter');
  await expect(app.getByRole('menu')).toBeVisible();
  await expect(menuButton).toHaveAttribute('aria-expanded', 'true');
  await expect(app.getByTestId('report-html')).toBeVisible();
  await app.keyboard.press('Escape');
  await expect(app.getByRole('menu')).toHaveCount(0);
  await expect(menuButton).toBeFocused();
  await expect(menuButton).toHaveAttribute('aria-expanded', 'false');
  // Arrow down opens it too, with focus on the first item; a second click on the button closes it.
  await app.keyboard.press('ArrowDown');
  await expect(app.getByTestId('report-html')).toBeFocused();
  await app.keyboard.press('Escape');
  await expect(menuButton).toBeFocused();
  await menuButton.click();
  await expect(app.getByRole('menu')).toBeVisible();
  // With the menu open the page is still there, under it: what is at the deployment list's place is the list.
  const box = await app.getByTestId('deployment-select').boundingBox();
  if (!box) throw new Error('no deployment list');
  expect(await app.evaluate(({ x, y }) => document.elementFromPoint(x, y)?.getAttribute('data-testid'), { x: box.x + box.width / 2, y: box.y + box.height / 2 })).toBe(
    'deployment-select',
  );
  await menuButton.click();
  await expect(app.getByRole('menu')).toHaveCount(0);

  // The rename dialog: its field has focus, Escape closes it and nothing is renamed.
  await app.getByTestId('deployment-rename').focus();
  await app.keyboard.press('Enter');
  await expect(app.getByRole('dialog')).toBeVisible();
  await expect(app.getByTestId('deployment-name')).toBeFocused();
  await app.keyboard.press('Escape');
  await expect(app.getByRole('dialog')).toHaveCount(0);
  await expect(app.getByTestId('deployment-select').locator('option:checked')).toHaveText('Keyboard');
});

test('when the code of the report menu and the dialogs cannot be loaded, the bar says so and the wizard keeps working', async ({ page, bridge }) => {
  await bridge.handlers.createDeployment({ name: 'Missing parts' });
  let missing = true;
  await page.route(/\/assets\/bar-popups-[^/]+\.js$/, (route) => (missing ? route.fulfill({ status: 404, body: '' }) : route.continue()));
  await page.goto(bridge.url);
  await page.getByTestId('report-menu').click();
  await expect(page.getByTestId('part-failed')).toContainText('This part of the app could not be shown');
  await expect(page.getByTestId('step-before')).toBeVisible();
  await page.getByTestId('step-next').click();
  await expect(page.getByTestId('step-trust')).toBeVisible();
  missing = false;
  await page.getByTestId('part-retry').click();
  await expect(page.getByTestId('report-html')).toBeVisible();
});
