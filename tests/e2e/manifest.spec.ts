import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { graphEntry, graphManifest } from '../support/manifests';
import { createPki, type Pki } from '../support/pki';
import { test, expect } from './fixtures';

let pkiDir: string;
let pki: Pki;
test.beforeAll(async () => {
  pkiDir = mkdtempSync(join(tmpdir(), 'ise-intune-e2e-entra-'));
  pki = await createPki(pkiDir);
});
test.afterAll(() => rmSync(pkiDir, { recursive: true, force: true }));

test.beforeEach(async ({ app }) => {
  await app.getByTestId('nav-manifest').click();
});

test('loads a manifest, adds two node certificates, shows the diff, saves with a backup', async ({ app, bridge }) => {
  const manifestPath = join(bridge.dataDir, 'ISE-manifest.json');
  const existing = graphEntry({
    sha1Hex: 'A'.repeat(40),
    displayName: 'CN=old-ise.example.com',
    keyId: '11111111-2222-4333-8444-555555555555',
    start: '2025-01-01T00:00:00Z',
    end: '2027-01-01T00:00:00Z',
  });
  // A hand-edited manifest: a comment and a trailing comma, as admins leave them.
  const text = graphManifest([existing]).replace('"displayName": "ISE",', '"displayName": "ISE", // edited by hand').replace(/("usage": "Verify")\n/, '$1,\n');
  writeFileSync(manifestPath, text);

  bridge.dialogs.answerOpenFiles([pki.certs.rsaLeaf.pemPath, pki.certs.selfSignedLeaf.pemPath]);
  await app.getByTestId('add-node').click();
  await expect(app.getByTestId('node-row')).toHaveCount(2);
  // Roles are the admin's choice, not guessed from the order the files came in.
  for (const index of [0, 1]) await expect(app.getByTestId('node-role').nth(index)).toHaveValue('unassigned');
  await expect(app.locator('[data-testid="node-warning"][data-code="ROLE_NOT_CHOSEN"]')).toHaveCount(2);
  await app.getByTestId('node-role').nth(0).selectOption('primary-pan');
  await expect(app.locator('[data-testid="node-warning"][data-code="ROLE_NOT_CHOSEN"]')).toHaveCount(1);
  await app.getByTestId('node-role').nth(1).selectOption('psn');
  await expect(app.locator('[data-testid="node-warning"][data-code="ROLE_NOT_CHOSEN"]')).toHaveCount(0);

  bridge.dialogs.answerOpenFiles([manifestPath]);
  await app.getByTestId('open-manifest').click();
  // Each node whose certificate the manifest lacks is named, the PSN included.
  const notRegistered = app.locator('[data-testid="node-warning"][data-code="NOT_REGISTERED"]');
  await expect(notRegistered).toHaveCount(2);
  await expect(notRegistered.nth(1)).toContainText('ise-selfsigned (Policy Service node) is not registered on the app');
  await expect(app.getByTestId('manifest-format')).toHaveText('Microsoft Graph format');
  await expect(app.getByTestId('manifest-repairs')).toContainText('repaired');
  const diff = app.getByTestId('manifest-diff');
  await expect(diff.getByRole('listitem').filter({ hasText: /Adds CN=/ })).toHaveCount(2);
  await expect(diff).toContainText('Keeps the 1 existing entry exactly as it is');

  await app.getByTestId('save-manifest').click();
  await expect(app.getByTestId('manifest-saved')).toContainText('The original was kept as');
  const saved = JSON.parse(readFileSync(manifestPath, 'utf8'));
  expect(saved.keyCredentials).toHaveLength(3);
  expect(saved.keyCredentials[0]).toEqual(JSON.parse(existing));
  const backups = readdirSync(bridge.dataDir).filter((name) => name.startsWith('ISE-manifest.json.') && name.endsWith('.bak'));
  expect(backups).toHaveLength(1);
  expect(readFileSync(join(bridge.dataDir, backups[0] ?? ''), 'utf8')).toBe(text);
  // Saving again has nothing to add, and every node is registered.
  await expect(app.getByTestId('save-manifest')).toBeDisabled();
  await expect(notRegistered).toHaveCount(0);
});

test('Save as writes the merged manifest elsewhere and leaves the downloaded one as it was; Open folder shows it', async ({ app, bridge }) => {
  const downloaded = join(bridge.dataDir, 'ISE.json');
  const text = graphManifest([]);
  writeFileSync(downloaded, text);
  bridge.dialogs.answerOpenFiles([pki.certs.rsaLeaf.pemPath]);
  await app.getByTestId('add-node').click();
  bridge.dialogs.answerOpenFiles([downloaded]);
  await app.getByTestId('open-manifest').click();
  await expect(app.getByTestId('manifest-diff')).toBeVisible();

  const target = join(bridge.dataDir, 'ISE-for-upload.json');
  bridge.dialogs.answerSaveFile(target);
  await app.getByTestId('save-manifest-as').click();
  await expect(app.getByTestId('manifest-saved')).toContainText(target);
  expect(readFileSync(downloaded, 'utf8')).toBe(text);
  expect(JSON.parse(readFileSync(target, 'utf8')).keyCredentials).toHaveLength(1);
  // The saved file is now the open manifest: nothing left to add.
  await expect(app.getByTestId('save-manifest')).toBeDisabled();

  await app.getByTestId('manifest-open-folder').click();
  await expect.poll(() => bridge.revealed.at(-1)).toBe(target);
  // Main shows only what it wrote itself.
  expect(await app.evaluate((path) => window.api.showInFolder({ path }), downloaded)).toMatchObject({ ok: false, error: { code: 'NOT_WRITTEN_HERE' } });
});

test('a JSON file that is not a manifest is refused with a clear message and nothing changes', async ({ app, bridge }) => {
  const path = join(bridge.dataDir, 'not-a-manifest.json');
  writeFileSync(path, '[1, 2, 3]');
  bridge.dialogs.answerOpenFiles([path]);
  await app.getByTestId('open-manifest').click();
  // Beside the button that failed, not at the top of the screen; gone with the next success.
  await expect(app.getByTestId('manifest-section').getByRole('alert')).toContainText(/array|manifest/i);
  expect(readFileSync(path, 'utf8')).toBe('[1, 2, 3]');
  expect(existsSync(`${path}.bak`)).toBe(false);
  const good = join(bridge.dataDir, 'good-manifest.json');
  writeFileSync(good, graphManifest([]));
  bridge.dialogs.answerOpenFiles([good]);
  await app.getByTestId('open-manifest').click();
  await expect(app.getByTestId('manifest-format')).toBeVisible();
  await expect(app.getByRole('alert')).toHaveCount(0);
});

test('without a manifest: keyCredentials to paste and the thumbprint the portal will show', async ({ app, bridge }) => {
  bridge.dialogs.answerOpenFiles([pki.certs.rsaLeaf.pemPath]);
  await app.getByTestId('add-node').click();
  const json = JSON.parse((await app.getByTestId('keycred-json').textContent()) ?? '[]');
  expect(json).toHaveLength(1);
  expect(json[0]).toMatchObject({ type: 'AsymmetricX509Cert', usage: 'Verify', key: pki.certs.rsaLeaf.der.toString('base64') });
  await app.getByLabel('Legacy (Azure AD Graph) format').click();
  const legacy = JSON.parse((await app.getByTestId('keycred-json').textContent()) ?? '[]');
  expect(legacy[0].value).toBe(pki.certs.rsaLeaf.der.toString('base64'));
  expect(legacy[0].keyId).toBe(json[0].keyId);
  // The modern route: the public certificate as a .cer to upload in the portal.
  const target = join(bridge.dataDir, 'upload.cer');
  bridge.dialogs.answerSaveFile(target);
  await app.getByTestId('save-for-upload').click();
  await expect(app.getByRole('status')).toContainText('upload.cer');
  const saved = readFileSync(target, 'utf8');
  expect(saved).toBe(pki.certs.rsaLeaf.pem.replace(/\r\n/g, '\n'));
  expect(saved).not.toContain('PRIVATE KEY');
});

test('computes the External MDM values from pasted IDs, cleaned as typed, and shares the IDs with the other sections', async ({ app, bridge }) => {
  await app.getByTestId('mdm-tenant').fill(' {72F988BF-86F1-41AF-91AB-2D7CD011DB47} ');
  await app.getByTestId('mdm-client').fill('a46a6fd7-4a31-4471-9078-59cb2bb6a5ab');
  await app.getByTestId('mdm-compute').click();
  const values = app.getByTestId('mdm-values');
  await expect(values).toContainText('https://graph.microsoft.com');
  await expect(values).toContainText('https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/oauth2/token');
  await expect(values).toContainText('https://api.manage.microsoft.com/');
  // Cleaned as typed (spaces, braces, capitals), once for every screen.
  await expect(app.getByTestId('mdm-tenant')).toHaveValue('72f988bf-86f1-41af-91ab-2d7cd011db47');
  await app.getByRole('button', { name: 'Copy Token Issuing URL' }).click();
  // The copy goes through main: wait for it rather than racing it.
  await expect.poll(() => bridge.clipboard.at(-1)).toBe('https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/oauth2/token');
  await expect(app.getByTestId('mdm-copy-all')).toBeVisible();
  await app.getByTestId('mdm-copy-all').click();
  await expect
    .poll(() => bridge.clipboard.at(-1))
    .toBe(
      [
        'https://graph.microsoft.com',
        'a46a6fd7-4a31-4471-9078-59cb2bb6a5ab',
        'https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/oauth2/token',
        'https://api.manage.microsoft.com/',
      ].join('\n'),
    );
  // Typed once: the connection test and the audit on the same screen show the same IDs, read-only.
  await expect(app.getByTestId('audit-tenant-value')).toHaveText('72f988bf-86f1-41af-91ab-2d7cd011db47');
  await expect(app.getByTestId('audit-client-value')).toHaveText('a46a6fd7-4a31-4471-9078-59cb2bb6a5ab');
  await expect(app.getByTestId('audit-tenant')).toHaveCount(0);
  // Changed in one place, changed everywhere.
  await app.getByTestId('audit-ids-change').click();
  await app.getByTestId('audit-tenant').fill('fabrikam.onmicrosoft.com');
  await app.getByTestId('audit-ids-done').click();
  // The MDM section, where they were typed, keeps its fields until Done; they show the change too.
  await expect(app.getByTestId('mdm-tenant')).toHaveValue('fabrikam.onmicrosoft.com');
  await app.getByTestId('mdm-ids-done').click();
  await expect(app.getByTestId('mdm-tenant-value')).toHaveText('fabrikam.onmicrosoft.com');
  await app.getByTestId('mdm-ids-change').click();
  await app.getByTestId('mdm-tenant').fill('not a tenant!');
  await app.getByTestId('mdm-compute').click();
  await expect(app.getByTestId('mdm-ids')).toContainText('A tenant ID is a GUID');
  await expect(app.getByTestId('mdm-section').getByRole('alert', { name: 'That did not work' })).toBeVisible();
});

test('the loaded manifest screen has no serious accessibility violations', async ({ app, bridge }) => {
  const AxeBuilder = (await import('@axe-core/playwright')).default;
  const manifestPath = join(bridge.dataDir, 'm.json');
  writeFileSync(manifestPath, graphManifest([]));
  bridge.dialogs.answerOpenFiles([pki.certs.rsaLeaf.pemPath, pki.certs.ecLeaf.pemPath]);
  await app.getByTestId('add-node').click();
  bridge.dialogs.answerOpenFiles([manifestPath]);
  await app.getByTestId('open-manifest').click();
  await expect(app.getByTestId('manifest-diff')).toBeVisible();
  for (const theme of ['light', 'dark'] as const) {
    await app.evaluate((value) => window.api.updateSettings({ theme: value }), theme);
    await app.getByTestId('nav-settings').click();
    await app.getByTestId('nav-manifest').click();
    await expect(app.getByTestId('manifest-diff')).toBeVisible();
    const results = await new AxeBuilder({ page: app }).exclude('[data-tabster-dummy]').analyze();
    const blocking = results.violations
      .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
      .map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`);
    expect(blocking).toEqual([]);
  }
});
