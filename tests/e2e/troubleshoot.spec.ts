import { createHash } from 'node:crypto';
import { closeSync, mkdtempSync, openSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { createTarball, createZip } from '../support/archives';
import { createPki, type Pki } from '../support/pki';
import { AAD_CLIENT, aadsts, iseLine, noiseLines, pkixLog, testConnectionPopup } from '../unit/ise/samples';
import { test, expect } from './fixtures';

let pkiDir: string;
let pki: Pki;
test.beforeAll(async () => {
  pkiDir = mkdtempSync(join(tmpdir(), 'ise-intune-e2e-troubleshoot-'));
  pki = await createPki(pkiDir);
});
test.afterAll(() => rmSync(pkiDir, { recursive: true, force: true }));

const sha1 = (der: Buffer) => createHash('sha1').update(der).digest();

test.beforeEach(async ({ app }) => {
  await app.getByTestId('nav-troubleshoot').click();
  await expect(app.getByTestId('screen-troubleshoot')).toBeVisible();
});

async function diagnose(app: Page, text: string): Promise<void> {
  await app.getByTestId('diagnose-text').fill(text);
  await app.getByTestId('diagnose').click();
  await expect(app.getByTestId('diagnosis')).toBeVisible();
}

const finding = (app: Page, code: string) => app.locator(`[data-testid="finding"][data-code="${code}"]`);

test('an AADSTS700027 pasted from Test Connection: KEY_NOT_FOUND, its evidence, and the way to App manifest', async ({ app }) => {
  await expect(app.getByTestId('troubleshoot-empty')).toBeVisible();
  await expect(app.getByTestId('inputs-notice')).toHaveAttribute('data-loaded', 'false');
  await diagnose(app, testConnectionPopup('105D6E9BA0F5D6EACCF8A562DE81C1C6450CBEE4', 'pZ0CqVKbgYhE0hk0+o5ZP5aJhKk='));

  const card = finding(app, 'KEY_NOT_FOUND');
  await expect(card.getByTestId('finding-title')).toHaveText("The app in Entra does not have this ISE node's certificate");
  await expect(card).toContainText('Entra admin center: App registrations > your app > Certificates & secrets');
  // Both spellings of the thumbprints are shown, the base64 one decoded.
  await expect(card.getByTestId('thumbprint')).toHaveCount(2);
  await expect(card).toContainText('= A59D02A9529B818844D21934FA8E593F968984A9');

  await expect(card.getByTestId('evidence')).toBeHidden();
  await card.getByTestId('evidence-toggle').click();
  const evidence = card.getByTestId('evidence');
  await expect(evidence).toContainText('Pasted text, line 3');
  await expect(evidence).toContainText("Thumbprint of key used by client: '105D6E9BA0F5D6EACCF8A562DE81C1C6450CBEE4'");

  await expect(card.getByTestId('fix-button')).toHaveText('Open App manifest');
  await card.getByTestId('fix-button').click();
  await expect(app.getByTestId('screen-manifest')).toBeVisible();
});

test('a PKIX error from ise-psc.log: PKIX_PATH first, with a button to Chains', async ({ app }) => {
  await diagnose(app, pkixLog().join('\n'));
  await expect(app.getByTestId('finding').first()).toHaveAttribute('data-code', 'PKIX_PATH');
  const card = finding(app, 'PKIX_PATH');
  await expect(card).toContainText('ISE: Administration > System > Certificates > Trusted Certificates');
  await expect(card.getByTestId('finding-code')).toHaveText('PKIX_PATH');
  await expect(app.getByTestId('summary-row').filter({ hasText: 'PKIX_PATH' })).toContainText('2016-10-17 12:45:52,794');
  await card.getByTestId('fix-button').click();
  await expect(app.getByTestId('screen-chains')).toBeVisible();
});

test('thumbprints are matched to the node certificates loaded on the App manifest screen', async ({ app, bridge }) => {
  await app.getByTestId('go-manifest').click();
  bridge.dialogs.answerOpenFiles([pki.certs.rsaLeaf.pemPath, pki.certs.ecLeaf.pemPath]);
  await app.getByTestId('add-node').click();
  await expect(app.getByTestId('node-row')).toHaveCount(2);
  await app.getByTestId('nav-troubleshoot').click();
  await expect(app.getByTestId('inputs-notice')).toHaveAttribute('data-loaded', 'true');
  await expect(app.getByTestId('inputs-notice')).toContainText('ise01, ise02');

  // ISE (node ise01) signed; the app only has ise02's certificate (base64, as Entra lists it).
  const usedHex = sha1(pki.certs.rsaLeaf.der).toString('hex').toUpperCase();
  const configured = sha1(pki.certs.ecLeaf.der).toString('base64');
  await diagnose(app, iseLine('2024-05-10 10:12:13,100', 'ERROR', AAD_CLIENT, `Failed to acquire auth token from Azure AD. ${aadsts.keyNotFound(usedHex, `Key0:Start=03/14/2024, End=03/14/2026, Thumbprint=${configured}`)}`));
  const card = finding(app, 'KEY_NOT_FOUND');
  const used = card.locator('[data-testid="thumbprint"][data-matched="ise01"]');
  await expect(used).toContainText(usedHex);
  await expect(used.getByTestId('thumbprint-registered')).toHaveText('not on the app');
  await expect(card.locator('[data-testid="thumbprint"][data-matched="ise02"]').getByTestId('thumbprint-registered')).toHaveText('on the app');
  await expect(card.getByTestId('explanations')).toContainText(/the key ISE used is the certificate of node ise01/i);
  await expect(card.getByTestId('explanations')).toContainText("register ise01's certificate");
  await expect(app.getByTestId('presence-row')).toHaveCount(2);

  // In Spanish the same sentence is said in Spanish, from main's phrase, not left in English.
  await app.getByTestId('nav-settings').click();
  await app.getByTestId('language').getByLabel('Español').click();
  await app.getByTestId('nav-troubleshoot').click();
  const explanations = finding(app, 'KEY_NOT_FOUND').getByTestId('explanations');
  await expect(explanations).toContainText('La clave que usó ISE es el certificado del nodo ise01');
  await expect(explanations).toContainText('la aplicación solo tiene claves de ise02 → registre el certificado de ise01.');
  await expect(explanations).not.toContainText('The key ISE used');
  await expect(explanations.locator('[lang="en"]')).toHaveCount(0);
});

test('opens a log file and support bundles (.tar.gz, .zip) with "Open logs…"', async ({ app, bridge }) => {
  const log = join(bridge.dataDir, 'ise-psc.log');
  writeFileSync(log, [...noiseLines('2016-10-17', 500), ...pkixLog(), ...noiseLines('2016-10-17', 500, 50_000)].join('\n'));
  bridge.dialogs.answerOpenFiles([log]);
  await app.getByTestId('open-logs').click();
  await expect(finding(app, 'PKIX_PATH')).toBeVisible();
  await expect(app.getByTestId('diagnosis-lines')).toHaveText('1,009 lines read, 9 MDM-related');

  const tarball = await createTarball(join(bridge.dataDir, 'support.tar.gz'), [
    { name: 'support/ise-psc.log', content: [...noiseLines('2024-05-10', 50), iseLine('2024-05-10 10:12:13,100', 'ERROR', AAD_CLIENT, aadsts.keyNotFound('105D6E9BA0F5D6EACCF8A562DE81C1C6450CBEE4'))].join('\n') },
  ]);
  const zip = await createZip(join(bridge.dataDir, 'bundle.zip'), [{ name: 'ise-psc.log.1', content: iseLine('2024-05-09 08:00:00,000', 'ERROR', AAD_CLIENT, aadsts.consent) }]);
  bridge.dialogs.answerOpenFiles([tarball, zip]);
  await app.getByTestId('open-logs').click();
  await expect(finding(app, 'KEY_NOT_FOUND')).toBeVisible();
  await expect(finding(app, 'PKIX_PATH')).toHaveCount(0);
  const consent = finding(app, 'CONSENT_MISSING');
  await consent.getByTestId('evidence-toggle').click();
  await expect(consent.getByTestId('evidence')).toContainText('bundle.zip!ise-psc.log.1:1');
  await expect(app.getByTestId('diagnosis')).toContainText('support.tar.gz!support/ise-psc.log: 51 lines');
  await expect(consent.getByTestId('fix-button')).toHaveText('Open Setup: API permissions');
  await consent.getByTestId('fix-button').click();
  await expect(app.getByTestId('screen-setup')).toBeVisible();
});

test('the diagnosis gets an in-page index to its sections; before it, the short screen has none', async ({ app }) => {
  await expect(app.getByTestId('page-index')).toHaveCount(0);
  await diagnose(app, [...pkixLog(), iseLine('2024-05-10 10:12:13,100', 'ERROR', AAD_CLIENT, aadsts.consent)].join('\n'));
  await expect(app.getByTestId('page-index').getByRole('button')).toHaveText(['What went wrong', 'Diagnosis', 'Summary']);
  await app.getByTestId('page-index-troubleshoot-summary').click();
  await expect(app.getByTestId('summary')).toBeInViewport();
  await app.getByTestId('page-index-troubleshoot-input').click();
  await expect(app.getByTestId('diagnosis-input')).toBeInViewport();
});

test('cancelling a long read stops it and says so', async ({ app, bridge }) => {
  // 64 MB of noise, opened 100 times: far longer to read than the test takes to cancel.
  const big = join(bridge.dataDir, 'ise-psc-big.log');
  const block = Buffer.from(`${noiseLines('2024-05-10', 8000).join('\n')}\n`);
  const fd = openSync(big, 'w');
  for (let written = 0; written < 64 * 1024 * 1024; written += block.length) writeSync(fd, block);
  closeSync(fd);
  bridge.dialogs.answerOpenFiles(Array.from({ length: 100 }, () => big));
  await app.getByTestId('open-logs').click();
  await expect(app.getByTestId('reading')).toContainText(/B of \d+\.\d+ GB \(\d+ %\)/);
  await expect(app.getByTestId('open-logs')).toBeDisabled();
  await app.getByTestId('cancel-reading').click();
  await expect(app.getByTestId('reading-cancelled')).toBeVisible();
  await expect(app.getByTestId('reading')).toHaveCount(0);
  await expect(app.getByTestId('diagnosis')).toHaveCount(0);
  await expect(app.getByTestId('open-logs')).toBeEnabled();
});

test('text with nothing MDM-related gets a calm message and no findings', async ({ app }) => {
  await diagnose(app, 'hello world\nThe quick brown fox jumps over the lazy dog.\n\u0000\u0001\u00ff garbage');
  await expect(app.getByTestId('no-findings')).toContainText('Nothing MDM-related in this text');
  await expect(app.getByTestId('finding')).toHaveCount(0);
  await expect(app.getByRole('alert')).toHaveCount(0);
  // MDM lines without any error: nothing known is wrong.
  await diagnose(app, pkixLog()[0] ?? '');
  await expect(app.getByTestId('no-findings')).toContainText('No known problem found');
});

test('"Copy diagnosis" puts the plain-text diagnosis on the clipboard', async ({ app, bridge }) => {
  await diagnose(app, aadsts.keyExpired('105D6E9BA0F5D6EACCF8A562DE81C1C6450CBEE4'));
  await app.getByTestId('copy-diagnosis').click();
  await expect(app.getByTestId('copy-diagnosis')).toHaveText('Diagnosis copied');
  const copied = bridge.clipboard.at(-1) ?? '';
  expect(copied).toContain('ISE Intune Assistant diagnosis');
  expect(copied).toContain('[KEY_EXPIRED]');
  expect(copied).toContain('pasted text:1');
});

test('a dropped text file is diagnosed under its name; an archive is sent to "Open logs…"', async ({ app }) => {
  const drop = async (name: string, content: string) => {
    const transfer = await app.evaluateHandle(([fileName, text]) => {
      const data = new DataTransfer();
      data.items.add(new File([text], fileName, { type: 'text/plain' }));
      return data;
    }, [name, content] as const);
    await app.getByTestId('screen-troubleshoot').dispatchEvent('drop', { dataTransfer: transfer });
  };
  await drop('ise-psc.log.3', iseLine('2024-05-10 10:12:13,100', 'ERROR', AAD_CLIENT, aadsts.appNotFound));
  const card = finding(app, 'APP_NOT_FOUND');
  await card.getByTestId('evidence-toggle').click();
  await expect(card.getByTestId('evidence')).toContainText('ise-psc.log.3:1');
  await drop('support-bundle.tar.gz', 'not really gzip');
  await expect(app.getByTestId('drop-notice')).toContainText('Use "Open logs…"');
});

test('the finding reads in Spanish after switching the language', async ({ app }) => {
  await diagnose(app, aadsts.keyNotRegistered());
  await app.getByTestId('nav-settings').click();
  await app.getByTestId('language').getByLabel('Español').click();
  await app.getByTestId('nav-troubleshoot').click();
  await expect(app.getByRole('heading', { level: 1 })).toHaveText('Solución de problemas');
  await expect(finding(app, 'KEY_NOT_FOUND').getByTestId('finding-title')).toHaveText('La aplicación de Entra no tiene el certificado de este nodo ISE');
  await expect(finding(app, 'KEY_NOT_FOUND').getByTestId('fix-button')).toHaveText('Abrir Manifiesto de la aplicación');
});

test('the diagnosed screen has no serious accessibility violations, light and dark', async ({ app }) => {
  const AxeBuilder = (await import('@axe-core/playwright')).default;
  await diagnose(app, [...pkixLog(), iseLine('2024-05-10 10:12:13,100', 'ERROR', AAD_CLIENT, aadsts.keyNotFound('105D6E9BA0F5D6EACCF8A562DE81C1C6450CBEE4')), 'AADSTS53003: Access has been blocked by Conditional Access policies.'].join('\n'));
  for (const theme of ['light', 'dark'] as const) {
    await app.getByTestId('nav-settings').click();
    await app.getByTestId('theme').getByLabel(theme === 'light' ? 'Light' : 'Dark').click();
    await app.getByTestId('nav-troubleshoot').click();
    await expect(app.locator('html')).toHaveAttribute('data-theme', theme);
    await expect(finding(app, 'UNKNOWN_AADSTS')).toContainText('AADSTS53003');
    await finding(app, 'PKIX_PATH').getByTestId('evidence-toggle').click();
    await expect(finding(app, 'PKIX_PATH').getByTestId('evidence')).toBeVisible();
    const results = await new AxeBuilder({ page: app }).exclude('[data-tabster-dummy]').analyze();
    const blocking = results.violations
      .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
      .map((violation) => `${violation.id}: ${violation.help} (${violation.nodes.map((node) => node.target.join(' ')).join(', ')})`);
    expect(blocking).toEqual([]);
  }
});
