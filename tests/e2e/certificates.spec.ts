import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPki, type Pki } from '../support/pki';
import { test, expect } from './fixtures';
import { MALFORMED_PEM as MALFORMED, MICROSOFT_CA } from '../support/fixture-paths';

const G2 = join(MICROSOFT_CA, 'digicert_global_root_g2.pem');

function opensslSha1(path: string): string {
  const out = execFileSync('openssl', ['x509', '-in', path, '-noout', '-fingerprint', '-sha1'], { encoding: 'utf8' });
  return out.trim().split('=')[1] ?? '';
}

let pkiDir: string;
let pki: Pki;
test.beforeAll(async () => {
  pkiDir = mkdtempSync(join(tmpdir(), 'ise-intune-e2e-pki-'));
  pki = await createPki(pkiDir);
});
test.afterAll(() => rmSync(pkiDir, { recursive: true, force: true }));

test.beforeEach(async ({ app }) => {
  await app.getByTestId('nav-certificates').click();
});

test('opens several files with the dialog and shows every thumbprint spelling, as OpenSSL computes them', async ({ app, bridge }) => {
  bridge.dialogs.answerOpenFiles([G2, join(MICROSOFT_CA, 'microsoft_azure_rsa_tls_issuing_ca_03.pem')]);
  await app.getByTestId('open-files').click();
  await expect(app.getByTestId('cert-file')).toHaveCount(2);
  await app.getByTestId('cert-row').filter({ hasText: 'DigiCert Global Root G2' }).click();
  const details = app.getByTestId('cert-details');
  const sha1Colon = opensslSha1(G2);
  await expect(details).toContainText(sha1Colon);
  await expect(details).toContainText(sha1Colon.replaceAll(':', ''));
  await expect(details).toContainText('DF3C24F9BFD666761B268073FE06D1CC8D4F82A4');
  const base64Sha1 = Buffer.from(sha1Colon.replaceAll(':', ''), 'hex').toString('base64');
  await expect(details).toContainText(base64Sha1);
  await expect(app.getByTestId('chain-view')).toContainText('Microsoft Azure RSA TLS Issuing CA 03');
  // The long screen's in-page index: the files, the chain and the details' sections, one click away.
  await expect(app.getByTestId('page-index').getByRole('button')).toHaveText(['Files', 'How these certificates chain', 'General', 'Thumbprints', 'Extensions', 'For Entra ID and ISE']);
  await app.getByTestId('page-index-cert-for-entra').click();
  await expect(app.locator('#cert-for-entra')).toBeInViewport();
  await app.getByTestId('page-index-cert-files').click();
  await expect(app.getByTestId('cert-file').first()).toBeInViewport();
});

test('copies a thumbprint to the clipboard and confirms it', async ({ app, bridge }) => {
  bridge.dialogs.answerOpenFiles([G2]);
  await app.getByTestId('open-files').click();
  await app.getByRole('button', { name: 'Copy SHA-1 (Entra portal, AADSTS errors)' }).click();
  await expect(app.getByRole('button', { name: 'Copied' })).toBeVisible();
  expect(bridge.clipboard).toEqual(['DF3C24F9BFD666761B268073FE06D1CC8D4F82A4']);
});

test('a bad file shows its own error inline while the good ones stay loaded', async ({ app, bridge }) => {
  bridge.dialogs.answerOpenFiles([G2, join(MALFORMED, 'html_301_saved_as_baltimore.crt.pem')]);
  await app.getByTestId('open-files').click();
  await expect(app.getByTestId('cert-file')).toHaveCount(2);
  await expect(app.getByTestId('file-error')).toContainText(/HTML/);
  await expect(app.getByTestId('cert-row')).toHaveCount(1);
  await expect(app.getByTestId('cert-details')).toContainText('DigiCert Global Root G2');
});

test('a .pfx asks for its password, refuses a wrong one, opens with the right one', async ({ app, bridge }) => {
  bridge.dialogs.answerOpenFiles([pki.files.pfxModernEc]);
  await app.getByTestId('open-files').click();
  // Asked in place with the file's name, as a question (neutral), not as a failure.
  await expect(app.getByTestId('file-password')).toContainText(/\.p(fx|12) is protected by a password/);
  await expect(app.getByTestId('file-error')).toHaveCount(0);
  await app.getByTestId('pfx-password').fill('wrong password');
  await app.getByTestId('pfx-unlock').click();
  await expect(app.getByText('The password does not open this .pfx file.')).toBeVisible();
  await app.getByTestId('pfx-password').fill(pki.password);
  await app.getByTestId('pfx-unlock').click();
  await expect(app.getByTestId('cert-row').first()).toBeVisible();
  await expect(app.getByText('Private key').first()).toBeVisible();
  // The password and the key never come back to the page.
  const html = await app.content();
  expect(html).not.toContain(pki.password);
  expect(html).not.toContain('PRIVATE KEY-----');
});

test('drops a file onto the screen', async ({ app }) => {
  const bytes = readFileSync(join(MICROSOFT_CA, 'digicert_global_root_g3.pem'));
  const transfer = await app.evaluateHandle((content) => {
    const data = new DataTransfer();
    data.items.add(new File([content], 'g3-from-browser.crt', { type: 'application/x-x509-ca-cert' }));
    return data;
  }, bytes.toString('latin1'));
  await app.getByTestId('screen-certificates').dispatchEvent('drop', { dataTransfer: transfer });
  await expect(app.getByTestId('cert-file')).toContainText('g3-from-browser.crt');
  await expect(app.getByTestId('cert-details')).toContainText('EC P-384');
});

test('the drop outline shows for dragged files only and does not flicker over child elements', async ({ app }) => {
  const screen = app.getByTestId('screen-certificates');
  const outline = () => screen.evaluate((element) => getComputedStyle(element).outlineStyle);
  const files = await app.evaluateHandle(() => {
    const data = new DataTransfer();
    data.items.add(new File(['x'], 'a.cer'));
    return data;
  });
  const text = await app.evaluateHandle(() => {
    const data = new DataTransfer();
    data.setData('text/plain', 'selected words');
    return data;
  });
  await screen.dispatchEvent('dragenter', { dataTransfer: text });
  expect(await outline()).toBe('none');
  await screen.dispatchEvent('dragenter', { dataTransfer: files });
  await expect.poll(outline).toBe('dashed');
  // Crossing into a child: enter on the child, then leave on the parent: still dragging.
  await app.getByTestId('open-files').dispatchEvent('dragenter', { dataTransfer: files });
  await screen.dispatchEvent('dragleave', { dataTransfer: files });
  await expect.poll(outline).toBe('dashed');
  await app.getByTestId('open-files').dispatchEvent('dragleave', { dataTransfer: files });
  await expect.poll(outline).toBe('none');
});

test('exports PEM files named after the CN that OpenSSL reads back, keeping a backup on the second export', async ({ app, bridge }) => {
  const out = join(bridge.dataDir, 'out');
  mkdirSync(out);
  bridge.dialogs.answerOpenFiles([G2]);
  await app.getByTestId('open-files').click();
  for (let round = 0; round < 2; round += 1) {
    bridge.dialogs.answerPickFolder(out);
    await app.getByTestId('export-menu').click();
    await app.getByTestId('export-pemEach').click();
    await expect(app.getByTestId('export-result')).toBeVisible();
  }
  await expect(app.getByTestId('export-result')).toContainText('the previous file was kept as');
  const file = join(out, 'DigiCert Global Root G2.cer');
  expect(existsSync(file)).toBe(true);
  expect(readdirSync(out).sort()).toEqual(['DigiCert Global Root G2.cer', 'DigiCert Global Root G2.cer.bak']);
  expect(opensslSha1(file)).toBe(opensslSha1(G2));
});

test('a cancelled export dialog writes nothing', async ({ app, bridge }) => {
  bridge.dialogs.answerOpenFiles([G2]);
  await app.getByTestId('open-files').click();
  await app.getByTestId('export-menu').click();
  await app.getByTestId('export-p7bBundle').click();
  await expect(app.getByTestId('export-result')).toHaveCount(0);
  expect(bridge.dialogs.opened.at(-1)?.kind).toBe('save');
  expect(readdirSync(bridge.dataDir).filter((name) => name !== 'settings.json')).toEqual([]);
});

test('exports the private key only on request, encrypted with the passphrase', async ({ app, bridge }) => {
  bridge.dialogs.answerOpenFiles([pki.files.pfxEmptyPassword]);
  await app.getByTestId('open-files').click();
  await app.getByTestId('key-export-open').click();
  await expect(app.getByRole('dialog')).toContainText('never upload it to Entra ID');
  const target = join(bridge.dataDir, 'node.key.pem');
  bridge.dialogs.answerSaveFile(target);
  await app.getByTestId('key-passphrase').fill('correct horse battery');
  await app.getByTestId('key-passphrase-confirm').fill('correct horse battery');
  await app.getByTestId('key-export-save').click();
  await expect(app.getByRole('status')).toContainText(target);
  const pem = readFileSync(target, 'utf8');
  expect(pem).toContain('-----BEGIN ENCRYPTED PRIVATE KEY-----');
  const modulus = execFileSync('openssl', ['pkey', '-in', target, '-passin', 'pass:correct horse battery', '-noout', '-text'], { encoding: 'utf8' });
  expect(modulus).toContain('Private-Key');
});

test('the loaded screen (list, details, chains, password prompt) has no serious accessibility violations', async ({ app, bridge }) => {
  const AxeBuilder = (await import('@axe-core/playwright')).default;
  bridge.dialogs.answerOpenFiles([G2, join(MICROSOFT_CA, 'microsoft_azure_rsa_tls_issuing_ca_03.pem'), pki.files.pfxModernRsa]);
  await app.getByTestId('open-files').click();
  await expect(app.getByTestId('cert-details')).toBeVisible();
  await expect(app.getByTestId('pfx-password')).toBeVisible();
  for (const theme of ['light', 'dark'] as const) {
    await app.evaluate((value) => window.api.updateSettings({ theme: value }), theme);
    await app.getByTestId('nav-settings').click();
    await app.getByTestId('nav-certificates').click();
    const results = await new AxeBuilder({ page: app }).exclude('[data-tabster-dummy]').analyze();
    const blocking = results.violations
      .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
      .map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`);
    expect(blocking).toEqual([]);
  }
});
