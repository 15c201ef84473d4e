import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { startAiaServer, type AiaServer } from '../support/aia-server';
import { createKey, issueCertificate } from '../support/pki';
import { closedPort } from '../support/proxy-server';
import { createTlsPki, servedChain, startSilentServer, startTlsServer, type RunningServer, type TlsPki } from '../support/tls-servers';
import { test, expect } from './fixtures';

/** All on 127.0.0.1: the leaves name it, so the web bridge needs no DNS. */
let dir: string;
let pki: TlsPki;
let aia: AiaServer;
/** Sends leaf + intermediate + root (EC), all under the lab's ECC root. */
let fullServer: RunningServer;
/** Sends only its leaf; the RSA intermediate comes from the local AIA server once the test has seen the stage. */
let aiaServer: RunningServer;
/** Sends its leaf with the cross-signed twin of the RSA intermediate (issued by the ECC root). */
let twinServer: RunningServer;
/** Accepts TCP and never answers TLS. */
let silentServer: RunningServer;
let refusedPort: number;
const servers: RunningServer[] = [];

const target = (server: RunningServer) => `127.0.0.1:${server.port}`;

test.beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ise-intune-e2e-chains-'));
  aia = await startAiaServer();
  pki = await createTlsPki(join(dir, 'pki'), aia.baseUrl);
  aia.route('/slow-intermediate.crt', { kind: 'body', body: pki.rsaIntermediate.der, contentType: 'application/pkix-cert' });
  const leafKey = await createKey(join(dir, 'pki'), 'aia-leaf', { type: 'rsa', bits: 2048 });
  const aiaLeaf = await issueCertificate(join(dir, 'pki'), {
    name: 'aia-leaf',
    subject: '/CN=localhost',
    key: leafKey,
    issuer: pki.rsaIntermediate,
    extensions: [
      'basicConstraints = critical,CA:FALSE',
      'keyUsage = critical,digitalSignature,keyEncipherment',
      'extendedKeyUsage = serverAuth',
      'subjectAltName = DNS:localhost,IP:127.0.0.1',
      `authorityInfoAccess = caIssuers;URI:${aia.baseUrl}/slow-intermediate.crt`,
    ],
  });
  fullServer = await startTlsServer([...servedChain(pki, 'default'), pki.ecRoot]);
  aiaServer = await startTlsServer([aiaLeaf]);
  twinServer = await startTlsServer(servedChain(pki, 'twin.test'));
  silentServer = await startSilentServer();
  servers.push(fullServer, aiaServer, twinServer, silentServer);
  refusedPort = await closedPort();
});

test.afterAll(async () => {
  for (const server of servers) await server.close();
  await aia?.close();
  rmSync(dir, { recursive: true, force: true });
});

test.beforeEach(async ({ app }) => {
  // The lab's AIA server is on loopback, like an internal CA's: allowed as the admin would.
  await app.evaluate(() => window.api.updateSettings({ chainAiaPrivate: true }));
  await app.getByTestId('nav-chains').click();
  await expect(app.getByTestId('host-row').first()).toBeVisible();
});

/** Types `text` in the add field; the row is listed as `host:port` (443 when the port is omitted). */
async function addHost(app: Page, text: string, listedAs = text): Promise<Locator> {
  await app.getByTestId('host-input').fill(text);
  await app.getByTestId('host-add').click();
  const row = app.locator(`[data-testid="host-row"][data-target="${listedAs}"]`);
  await expect(row).toBeVisible();
  return row;
}

async function fetchHost(app: Page, host: string): Promise<Locator> {
  const row = await addHost(app, host);
  await row.getByTestId('host-fetch').click();
  return row;
}

const resultOf = (app: Page, host: string) => app.locator(`[data-testid="chain-result"][data-target="${host}"]`);

function opensslSubject(path: string): string {
  return execFileSync('openssl', ['x509', '-in', path, '-noout', '-subject'], { encoding: 'utf8' }).trim();
}

test('starts with the Microsoft hosts ISE talks to, and refuses a host name that is not one', async ({ app }) => {
  const hosts = app.getByTestId('host-row');
  await expect(hosts.first()).toHaveAttribute('data-target', 'login.microsoftonline.com:443');
  await expect(app.locator('[data-testid="host-row"][data-target="graph.microsoft.com:443"]')).toBeVisible();
  await app.getByTestId('host-input').fill('https://user:secret@bad host');
  await app.getByTestId('host-add').click();
  await expect(app.getByText('That is not a host name.')).toBeVisible();
  await addHost(app, 'fef.msub03.manage.microsoft.com', 'fef.msub03.manage.microsoft.com:443');
  await app.getByTestId('host-input').fill('https://fef.msub03.manage.microsoft.com/some/path');
  await app.getByTestId('host-add').click();
  await expect(app.getByText('That host is already in the list.')).toBeVisible();
});

test('fetches a server through the screen: verdict, connection, the tree leaf to root, and a node opens its details', async ({ app, bridge }) => {
  const host = target(fullServer);
  const row = await fetchHost(app, host);
  await expect(row.getByTestId('host-verdict')).toHaveAttribute('data-verdict', 'untrusted-root');
  const result = resultOf(app, host);
  await expect(result.getByTestId('verdict')).toContainText('Untrusted root');
  await expect(result.getByTestId('verdict')).toContainText('The chain ends at Lab ECC Root, which is not a public root');
  await expect(result.getByTestId('connection')).toContainText(/TLSv1\.[23]/);
  await expect(result.getByTestId('connection')).toContainText('None (direct connection)');

  const nodes = result.getByTestId('chain-node');
  await expect(nodes).toHaveCount(3);
  await expect(nodes.nth(0)).toHaveAttribute('data-role', 'leaf');
  await expect(nodes.nth(0)).toContainText('localhost');
  await expect(nodes.nth(1)).toContainText('Lab ECC Issuing CA 01');
  await expect(nodes.nth(1)).toContainText('Intermediate CA · sent by the server');
  await expect(nodes.nth(2)).toContainText('Lab ECC Root');
  await expect(nodes.nth(2)).toHaveAttribute('data-role', 'root');

  await nodes.nth(1).getByRole('button', { name: /^Lab ECC Issuing CA 01/ }).click();
  const details = app.getByTestId('cert-details');
  await expect(details).toContainText('Lab ECC Issuing CA 01');
  const sha1 = execFileSync('openssl', ['x509', '-in', pki.ecIntermediate.pemPath, '-noout', '-fingerprint', '-sha1'], { encoding: 'utf8' }).trim().split('=')[1] ?? '';
  await expect(details).toContainText(sha1);
  await app.getByTestId('details-close').click();
  await expect(details).toBeHidden();

  await nodes.nth(2).getByRole('button', { name: 'Copy PEM of Lab ECC Root' }).click();
  await expect.poll(() => bridge.clipboard).toEqual([pki.ecRoot.pem.replace(/\r\n/g, '\n')]);

  // The leaf is not something ISE imports; the intermediate and the root are.
  const needs = app.getByTestId('need-row');
  await expect(needs).toHaveCount(2);
  await expect(app.getByTestId('friendly-name').first()).toHaveText('Azure MDM - Lab ECC Root');
});

test('shows the live stage, then the intermediate the server left out, completed via AIA', async ({ app }) => {
  // The AIA answer waits until the stage has been seen, however busy the machine is.
  let releaseAia: () => void = () => undefined;
  const released = new Promise<void>((release) => (releaseAia = release));
  aia.route('/slow-intermediate.crt', { kind: 'held', until: released, body: pki.rsaIntermediate.der, contentType: 'application/pkix-cert' });
  const host = target(aiaServer);
  const row = await fetchHost(app, host);
  await expect(row.getByTestId('host-stage')).toHaveAttribute('data-stage', 'completing');
  await expect(row.getByTestId('host-stage')).toContainText('Completing the chain');
  await expect(row.getByTestId('host-cancel')).toBeVisible();
  releaseAia();
  aia.route('/slow-intermediate.crt', { kind: 'body', body: pki.rsaIntermediate.der, contentType: 'application/pkix-cert' });
  const result = resultOf(app, host);
  const nodes = result.getByTestId('chain-node');
  await expect(nodes).toHaveCount(2);
  await expect(nodes.nth(1)).toHaveAttribute('data-origin', 'aia');
  await expect(nodes.nth(1)).toContainText('Lab RSA Issuing CA 01');
  await expect(nodes.nth(1)).toContainText('downloaded via AIA');
  await expect(result.getByTestId('verdict')).toContainText('did not send the intermediate Lab RSA Issuing CA 01; it was downloaded from its AIA address');
  expect(aia.requests).toContain('/slow-intermediate.crt');
});

test('an unreachable host and a silent one each say what happened, in the user’s language', async ({ app }) => {
  const refused = `127.0.0.1:${refusedPort}`;
  await fetchHost(app, refused);
  await expect(resultOf(app, refused).getByTestId('verdict')).toContainText(`Nothing accepts connections at ${refused}.`);
  await expect(resultOf(app, refused).getByTestId('verdict')).toHaveAttribute('data-verdict', 'unreachable');

  await app.evaluate(() => window.api.updateSettings({ language: 'es' }));
  await app.reload();
  await app.getByTestId('nav-chains').click();
  // The earlier result is still listed after the reload, now in Spanish.
  await expect(resultOf(app, refused).getByTestId('verdict')).toContainText(`Nada acepta conexiones en ${refused}.`);
  await app.getByTestId('timeout').fill('1');
  await app.getByTestId('timeout').press('Tab');
  const silent = target(silentServer);
  await fetchHost(app, silent);
  const verdict = resultOf(app, silent).getByTestId('verdict');
  await expect(verdict).toHaveAttribute('data-verdict', 'timeout');
  await expect(verdict).toContainText('Tiempo agotado');
  await expect(verdict).toContainText(`${silent} no completó el saludo TLS a tiempo`);
});

test('cancels a host that never answers', async ({ app }) => {
  await app.getByTestId('timeout').fill('60');
  await app.getByTestId('timeout').press('Tab');
  const host = target(silentServer);
  const row = await fetchHost(app, host);
  await expect(row.getByTestId('host-stage')).toHaveAttribute('data-stage', 'connecting');
  await row.getByTestId('host-cancel').click();
  await expect(row.getByTestId('host-verdict')).toHaveAttribute('data-verdict', 'cancelled');
  await expect(resultOf(app, host).getByTestId('verdict')).toContainText('Cancelled before the chain arrived.');
  await expect(row.getByTestId('host-fetch')).toBeVisible();
});

test('the host list, timeout and AIA switch are kept as the admin left them', async ({ app }) => {
  // The defaults are the hosts every current release uses: no retired graph.windows.net, no portal.azure.com.
  await expect(app.getByTestId('host-row')).toHaveCount(2);
  await app.getByRole('button', { name: 'Remove graph.microsoft.com' }).click();
  await addHost(app, 'fef.msub03.manage.microsoft.com', 'fef.msub03.manage.microsoft.com:443');
  await app.getByTestId('timeout').fill('25');
  await app.getByTestId('timeout').press('Tab');
  await app.getByTestId('aia').click();
  await expect(app.getByTestId('aia')).not.toBeChecked();
  const listed = ['login.microsoftonline.com:443', 'fef.msub03.manage.microsoft.com:443'];
  await expect.poll(async () => app.evaluate(async () => {
    const settings = await window.api.getSettings();
    return settings.ok ? [settings.value.chainHosts, settings.value.chainTimeoutSeconds, settings.value.chainAia] : null;
  })).toEqual([listed, 25, false]);
  await app.reload();
  await app.getByTestId('nav-chains').click();
  await expect(app.getByTestId('host-row')).toHaveCount(2);
  for (const [index, host] of listed.entries()) await expect(app.getByTestId('host-row').nth(index)).toHaveAttribute('data-target', host);
  await expect(app.getByTestId('timeout')).toHaveValue('25');
  await expect(app.getByTestId('aia')).not.toBeChecked();
});

test('fetches every host at once after the list is edited', async ({ app }) => {
  for (const preset of ['login.microsoftonline.com', 'graph.microsoft.com']) {
    await app.getByRole('button', { name: `Remove ${preset}` }).click();
  }
  await expect(app.getByTestId('host-row')).toHaveCount(0);
  await addHost(app, target(fullServer));
  await addHost(app, target(aiaServer));
  await app.getByTestId('fetch-all').click();
  await expect(app.getByTestId('chain-result')).toHaveCount(2);
  await expect(resultOf(app, target(fullServer)).getByTestId('verdict')).toHaveAttribute('data-verdict', 'untrusted-root');
  await expect(resultOf(app, target(aiaServer)).getByTestId('chain-node')).toHaveCount(2);
});

test('a root added with "Add CA files…" makes the chain trusted', async ({ app, bridge }) => {
  await app.getByTestId('catalog-toggle').click();
  // Grouped by generation, newest first; expired entries folded away until asked for.
  await expect(app.getByTestId('catalog-group').first()).toHaveAttribute('data-generation', 'tls-g2');
  await expect(app.locator('[data-testid="catalog-row"][data-name="Microsoft TLS RSA Root G2"]').first()).toBeVisible();
  await expect(app.locator('[data-testid="catalog-row"][data-name="Baltimore CyberTrust Root"]')).toHaveCount(0);
  await expect(app.locator('[data-testid="catalog-row"][data-status="expired"]')).toHaveCount(0);
  await app.getByTestId('catalog-show-expired').click();
  await expect(app.locator('[data-testid="catalog-group"][data-generation="baltimore"]')).toBeVisible();
  await expect(app.locator('[data-testid="catalog-row"][data-name="Baltimore CyberTrust Root"]')).toHaveAttribute('data-status', 'expired');
  await expect(app.locator('[data-testid="catalog-row"][data-name="Baltimore CyberTrust Root"]')).toContainText('2025-05-12');
  bridge.dialogs.answerOpenFiles([pki.ecRoot.pemPath]);
  await app.getByTestId('catalog-add').click();
  await expect(app.getByTestId('catalog-added')).toContainText('1 CA certificate added');
  await expect(app.locator('[data-testid="catalog-row"][data-name="Lab ECC Root"]')).toContainText('Added by you');
  bridge.dialogs.answerOpenFiles([pki.ecRoot.pemPath]);
  await app.getByTestId('catalog-add').click();
  await expect(app.getByTestId('catalog-skipped')).toContainText(`Lab ECC Root is already in the catalog (added from ${basename(pki.ecRoot.pemPath)}).`);

  const host = target(fullServer);
  const row = await fetchHost(app, host);
  await expect(row.getByTestId('host-verdict')).toHaveAttribute('data-verdict', 'trusted');
  await expect(resultOf(app, host).getByTestId('verdict')).toContainText('Complete and trusted');

  // Only what the user added can be removed; the next fetch no longer trusts that root.
  await expect(app.locator('[data-testid="catalog-row"][data-name="Baltimore CyberTrust Root"]').getByTestId('catalog-remove')).toHaveCount(0);
  await app.getByRole('button', { name: 'Remove Lab ECC Root from the catalog' }).click();
  await expect(app.locator('[data-testid="catalog-row"][data-name="Lab ECC Root"]')).toHaveCount(0);
  await row.getByTestId('host-fetch').click();
  await expect(row.getByTestId('host-verdict')).toHaveAttribute('data-verdict', 'untrusted-root');
});

test('compares with ISE’s trusted certificates: what is present, what is missing, and preselects the missing', async ({ app, bridge }) => {
  await fetchHost(app, target(fullServer));
  await expect(app.getByTestId('need-row')).toHaveCount(2);
  bridge.dialogs.answerOpenFiles([pki.ecRoot.pemPath]);
  await app.getByTestId('load-ise-store').click();
  await expect(app.getByTestId('ise-store')).toContainText('Compared with 1 certificate from ISE');
  const root = app.locator('[data-testid="need-row"][data-name="Lab ECC Root"]');
  const intermediate = app.locator('[data-testid="need-row"][data-name="Lab ECC Issuing CA 01"]');
  await expect(root.getByTestId('need-ise')).toHaveText('In ISE');
  await expect(intermediate.getByTestId('need-ise')).toHaveText('Missing in ISE');
  await expect(root.getByRole('checkbox')).not.toBeChecked();
  await expect(intermediate.getByRole('checkbox')).toBeChecked();
  await expect(app.getByTestId('export-ise')).toHaveText('Export 1 certificate for ISE…');
  await app.getByTestId('clear-ise-store').click();
  await expect(app.getByTestId('need-ise')).toHaveCount(0);
  await expect(root.getByRole('checkbox')).toBeChecked();
});

test('exports the CAs for ISE: one .cer per CA that OpenSSL reads, and the import steps', async ({ app, bridge }) => {
  await fetchHost(app, target(fullServer));
  await fetchHost(app, target(aiaServer));
  await expect(app.getByTestId('need-row')).toHaveCount(3);
  const out = join(bridge.dataDir, 'for-ise');
  bridge.dialogs.answerPickFolder(out);
  await app.getByTestId('export-ise').click();
  const done = app.getByTestId('ise-export-result');
  await expect(done).toContainText(`3 files written to ${out}`);
  await expect(done).toContainText('Administration > System > Certificates > Trusted Certificates > Import');
  await expect(done).toContainText('Trust for authentication of Cisco Services');
  const cers = readdirSync(out).filter((name) => name.endsWith('.cer')).sort();
  expect(cers).toEqual(['Lab ECC Issuing CA 01.cer', 'Lab ECC Root.cer', 'Lab RSA Issuing CA 01.cer']);
  expect(opensslSubject(join(out, 'Lab ECC Root.cer'))).toContain('CN = Lab ECC Root');
  expect(opensslSubject(join(out, 'Lab ECC Issuing CA 01.cer'))).toContain('CN = Lab ECC Issuing CA 01');
  expect(opensslSubject(join(out, 'Lab RSA Issuing CA 01.cer'))).toContain('CN = Lab RSA Issuing CA 01');
  const stepsPath = (await app.getByTestId('steps-file').textContent()) ?? '';
  const steps = readFileSync(stepsPath, 'utf8');
  expect(steps).toContain('Friendly Name: Azure MDM - Lab ECC Root');
  expect(steps).toContain('Trust for authentication of Cisco Services');
});

test('keeps both cross-signed twins for ISE, named apart, and says why', async ({ app }) => {
  await fetchHost(app, target(aiaServer));
  await fetchHost(app, target(twinServer));
  const twins = app.locator('[data-testid="need-row"][data-name="Lab RSA Issuing CA 01"]');
  await expect(twins).toHaveCount(2);
  await expect(twins.getByTestId('friendly-name')).toHaveText(['Azure MDM - Lab RSA Issuing CA 01 (Lab ECC Root)', 'Azure MDM - Lab RSA Issuing CA 01 (Lab RSA Root)']);
  await expect(app.getByTestId('twin-note')).toHaveCount(1);
  await expect(app.getByTestId('twin-note')).toContainText('Lab RSA Issuing CA 01 appears 2 times, with the same name and key but different issuers');
  await expect(app.getByTestId('twin-note')).toContainText('cross-signed twins');
});

test('the loaded screen has no serious or critical accessibility violations, light and dark', async ({ app, bridge }) => {
  const AxeBuilder = (await import('@axe-core/playwright')).default;
  await fetchHost(app, target(fullServer));
  await fetchHost(app, target(aiaServer));
  await fetchHost(app, `127.0.0.1:${refusedPort}`);
  await expect(app.getByTestId('chain-result')).toHaveCount(3);
  bridge.dialogs.answerOpenFiles([pki.ecRoot.pemPath]);
  await app.getByTestId('load-ise-store').click();
  await expect(app.getByTestId('ise-store')).toBeVisible();
  for (const theme of ['light', 'dark'] as const) {
    await app.evaluate((value) => window.api.updateSettings({ theme: value }), theme);
    await app.getByTestId('nav-settings').click();
    await app.getByTestId('nav-chains').click();
    await app.getByTestId('catalog-toggle').click();
    await expect(app.getByTestId('catalog-row').first()).toBeVisible();
    const results = await new AxeBuilder({ page: app }).exclude('[data-tabster-dummy]').analyze();
    const blocking = results.violations
      .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
      .map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`);
    expect(blocking).toEqual([]);
  }
});
