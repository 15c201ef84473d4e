/**
 * `npm run screenshots [screen...]`: PNGs of the screens in light/dark and English/Spanish, taken
 * in Debian's Chromium through the web bridge, into .test-output/screenshots/. For looking at what
 * was built; not a test.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../playwright.config';
import { graphEntry, graphManifest } from './manifests';
import { createPki } from './pki';
import { startWebBridge } from './web-bridge';

const ALL = ['setup', 'chains', 'certificates', 'manifest', 'troubleshoot', 'settings'];
const screens = process.argv.slice(2).length ? process.argv.slice(2) : ALL;
const outDir = '.test-output/screenshots';
mkdirSync(outDir, { recursive: true });

const dataDir = mkdtempSync(join(tmpdir(), 'ise-intune-shots-'));
const bridge = await startWebBridge({ dataDir });
const pki = await createPki(join(dataDir, 'pki'));
const manifestPath = join(dataDir, 'manifest.json');
const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  for (const theme of ['light', 'dark'] as const) {
    for (const language of ['en', 'es'] as const) {
      await bridge.handlers.updateSettings({ theme, language });
      for (const screen of screens) {
        await page.goto(bridge.url);
        await page.getByTestId(`nav-${screen}`).click();
        await page.getByTestId(`screen-${screen}`).waitFor();
        if (screen === 'certificates') {
          const ca = join(import.meta.dirname, '../../../shared/fixtures/real-world/microsoft-ca');
          const bad = join(import.meta.dirname, '../../../shared/fixtures/real-world/malformed-pem/html_301_saved_as_baltimore.crt.pem');
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
        await page.waitForTimeout(400); // let Fluent's style transitions settle
        const file = join(outDir, `${screen}-${theme}-${language}.png`);
        await page.screenshot({ path: file, fullPage: true });
        console.log(file);
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
  await browser.close();
  await bridge.close();
  rmSync(dataDir, { recursive: true, force: true });
}
