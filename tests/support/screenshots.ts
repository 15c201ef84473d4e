/**
 * `npm run screenshots [screen...]`: PNGs of the screens in light/dark and English/Spanish, taken
 * in Debian's Chromium through the web bridge, into .test-output/screenshots/. For looking at what
 * was built; not a test.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../playwright.config';
import { graphEntry, graphManifest } from './manifests';
import { startAiaServer, type AiaServer } from './aia-server';
import { createPki } from './pki';
import { AAD_CLIENT, aadsts, iseLine, pkixLog } from '../unit/ise/samples';
import { closedPort } from './proxy-server';
import { createTlsPki, servedChain, startTlsServer, type RunningServer, type TlsPki } from './tls-servers';
import { startWebBridge } from './web-bridge';
import { MALFORMED_PEM, MICROSOFT_CA } from './fixture-paths';

const ALL = ['setup', 'chains', 'certificates', 'manifest', 'troubleshoot', 'settings'];
const screens = process.argv.slice(2).length ? process.argv.slice(2) : ALL;
const outDir = '.test-output/screenshots';
mkdirSync(outDir, { recursive: true });

const dataDir = mkdtempSync(join(tmpdir(), 'ise-intune-shots-'));
const bridge = await startWebBridge({ dataDir });
const pki = await createPki(join(dataDir, 'pki'));
const manifestPath = join(dataDir, 'manifest.json');
const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
/** For `chains`: a local AIA server and TLS servers (full chain; leaf only, completed via AIA), made once. */
let chainsLab: { aia: AiaServer; pki: TlsPki; servers: RunningServer[]; targets: string[] } | null = null;
async function startChainsLab() {
  const aia = await startAiaServer();
  const tlsPki = await createTlsPki(join(dataDir, 'tls-pki'), aia.baseUrl);
  aia.route('/rsa-intermediate.crt', { kind: 'body', body: tlsPki.rsaIntermediate.der, contentType: 'application/pkix-cert' });
  const servers = [await startTlsServer([...servedChain(tlsPki, 'default'), tlsPki.ecRoot]), await startTlsServer(servedChain(tlsPki, 'aia-der.test'))];
  return { aia, pki: tlsPki, servers, targets: [...servers.map((server) => `127.0.0.1:${server.port}`), `127.0.0.1:${await closedPort()}`] };
}
/** The wizard's steps, each at the default window and at the narrowest supported one. */
const STEPS = ['before', 'trust', 'register', 'certificates', 'mdm', 'test'] as const;
const WIDTHS = [1280, 900] as const;
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  if (screens.includes('setup')) {
    // A deployment with its values typed once, so that every step shows them.
    const { id } = await bridge.handlers.createDeployment({ name: 'Contoso' });
    await bridge.handlers.updateDeployment({
      id,
      patch: {
        tenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47',
        clientId: 'a46a6fd7-4a31-4471-9078-59cb2bb6a5ab',
        iseVersion: '3.2 Patch 4',
        nodes: [{ name: 'ise-pan', role: 'primary-pan', certificatePem: readFileSync(pki.certs.rsaLeaf.pemPath, 'utf8') }],
      },
    });
  }
  for (const theme of ['light', 'dark'] as const) {
    for (const language of ['en', 'es'] as const) {
      await bridge.handlers.updateSettings({ theme, language });
      if (screens.includes('setup')) {
        for (const width of WIDTHS) {
          await page.setViewportSize({ width, height: 800 });
          await page.goto(bridge.url);
          await page.getByTestId('step-list').waitFor();
          for (const step of STEPS) {
            await page.getByTestId(`step-link-${step}`).click();
            await page.getByTestId(`step-${step}`).waitFor();
            await page.waitForTimeout(400);
            const file = join(outDir, `step-${step}-${width}-${theme}-${language}.png`);
            await page.screenshot({ path: file });
            console.log(file);
          }
        }
        await page.setViewportSize({ width: 1280, height: 800 });
      }
      for (const screen of screens) {
        await page.goto(bridge.url);
        await page.getByTestId(`nav-${screen}`).click();
        await page.getByTestId(`screen-${screen}`).waitFor();
        if (screen === 'certificates') {
          const ca = MICROSOFT_CA;
          const bad = join(MALFORMED_PEM, 'html_301_saved_as_baltimore.crt.pem');
          bridge.dialogs.answerOpenFiles([
            join(ca, 'microsoft_azure_rsa_tls_issuing_ca_04.pem'),
            join(ca, 'microsoft_rsa_root_certificate_authority_2017.pem'),
            join(ca, 'baltimore_cybertrust_root.pem'),
            bad,
          ]);
          await page.getByTestId('open-files').click();
          await page.getByTestId('cert-details').waitFor();
        }
        if (screen === 'manifest') {
          const existing = graphEntry({ sha1Hex: 'A'.repeat(40), displayName: 'CN=old-ise', keyId: '11111111-2222-4333-8444-555555555555', start: '2025-01-01T00:00:00Z', end: '2027-01-01T00:00:00Z' });
          writeFileSync(manifestPath, graphManifest([existing]));
          bridge.dialogs.answerOpenFiles([pki.certs.rsaLeaf.pemPath, pki.certs.selfSignedLeaf.pemPath]);
          await page.getByTestId('add-node').click();
          bridge.dialogs.answerOpenFiles([manifestPath]);
          await page.getByTestId('open-manifest').click();
          await page.getByTestId('manifest-diff').waitFor();
        }
        if (screen === 'chains') {
          if (!chainsLab) {
            chainsLab = await startChainsLab();
            for (const target of chainsLab.targets) {
              await page.getByTestId('host-input').fill(target);
              await page.getByTestId('host-add').click();
              await page.locator(`[data-testid="host-row"][data-target="${target}"]`).getByTestId('host-fetch').click();
            }
            bridge.dialogs.answerOpenFiles([chainsLab.pki.ecRoot.pemPath]);
            await page.getByTestId('load-ise-store').click();
            await page.getByTestId('ise-store').waitFor();
          }
          await page.getByTestId('chain-result').nth(chainsLab.targets.length - 1).waitFor();
          bridge.dialogs.answerPickFolder(join(dataDir, `for-ise-${theme}-${language}`));
          await page.getByTestId('export-ise').click();
          await page.getByTestId('ise-export-result').waitFor();
          await page.getByTestId('catalog-toggle').click();
          await page.getByTestId('catalog-row').first().waitFor();
          // One tall picture of the whole screen, then a node's details panel.
          await page.setViewportSize({ width: 1280, height: 3400 });
          await page.waitForTimeout(400);
          await page.screenshot({ path: join(outDir, `chains-full-${theme}-${language}.png`) });
          await page.setViewportSize({ width: 1280, height: 800 });
          await page.getByTestId('chain-node').nth(1).getByRole('button').first().click();
          await page.getByTestId('cert-details').waitFor();
          await page.waitForTimeout(400);
          await page.screenshot({ path: join(outDir, `chains-details-${theme}-${language}.png`) });
          await page.getByTestId('details-close').click();
          await page.evaluate(() => document.querySelector('main')?.scrollTo(0, 0));
        }
        if (screen === 'troubleshoot') {
          // An ISE node to match the thumbprint against, as the App manifest screen would name it.
          if ((await bridge.handlers.getEntraState()).nodes.length === 0) {
            bridge.dialogs.answerOpenFiles([pki.certs.rsaLeaf.pemPath]);
            const fileId = (await bridge.handlers.openCertificateFiles())?.[0]?.fileId ?? '';
            await bridge.handlers.setIseNodes({ nodes: [{ fileId, name: 'ise-1', role: 'primary-pan' }] });
          }
          const sha1 = (await bridge.handlers.getEntraState()).nodes[0]?.certificate.thumbprints.sha1 ?? '';
          const keyNotFound = iseLine('2024-05-10 10:12:13,100', 'ERROR', AAD_CLIENT, `Failed to acquire auth token from Azure AD. ${aadsts.keyNotFound(sha1)}`);
          await page.getByTestId('diagnose-text').fill([...pkixLog(), keyNotFound, aadsts.tenantNotFound].join('\n'));
          await page.getByTestId('diagnose').click();
          await page.getByTestId('diagnosis').waitFor();
          await page.getByTestId('evidence-toggle').first().click();
          await page.setViewportSize({ width: 1280, height: 3200 });
          await page.waitForTimeout(400);
          await page.screenshot({ path: join(outDir, `troubleshoot-full-${theme}-${language}.png`) });
          await page.setViewportSize({ width: 1280, height: 800 });
          await page.evaluate(() => document.querySelector('main')?.scrollTo(0, 0));
        }
        await page.waitForTimeout(400); // let Fluent's style transitions settle
        const file = join(outDir, `${screen}-${theme}-${language}.png`);
        await page.screenshot({ path: file, fullPage: true });
        console.log(file);
        await page.setViewportSize({ width: 900, height: 800 });
        await page.waitForTimeout(400);
        const narrow = join(outDir, `${screen}-900-${theme}-${language}.png`);
        await page.screenshot({ path: narrow });
        console.log(narrow);
        await page.setViewportSize({ width: 1280, height: 800 });
        // How tall the screen is (a long one wants its in-page index).
        console.log(`${screen} (${theme}, ${language}): ${await page.evaluate(() => document.querySelector('main')?.scrollHeight ?? 0)} px tall`);
        // The screen scrolls inside <main>: a second picture shows its end.
        const scrolled = await page.evaluate(() => {
          const main = document.querySelector('main');
          if (!main || main.scrollHeight <= main.clientHeight) return false;
          main.scrollTop = main.scrollHeight;
          return true;
        });
        if (scrolled) {
          const bottom = file.replace(/\.png$/, '-end.png');
          await page.screenshot({ path: bottom });
          console.log(bottom);
        }
      }
    }
  }
} finally {
  for (const server of chainsLab?.servers ?? []) await server.close();
  await chainsLab?.aia.close();
  await browser.close();
  await bridge.close();
  rmSync(dataDir, { recursive: true, force: true });
}
