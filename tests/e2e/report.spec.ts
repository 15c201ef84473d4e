import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from '@playwright/test';
import { startWebBridge } from '../support/web-bridge';
import { expect, test } from './fixtures';
import { MICROSOFT_CA } from '../support/fixture-paths';
import { pdfText } from '../support/pdf-text';

const pem = (file: string) => readFileSync(join(MICROSOFT_CA, file), 'utf8');
/** Public certificates standing in for ISE nodes' system certificates (the report only reads their public part). */
const PAN = pem('digicert_global_root_g2.pem');
const SPAN = pem('digicert_global_root_g3.pem');
const CA = pem('microsoft_azure_ecc_tls_issuing_ca_04_xsign.pem');
const sha1 = (certificate: string) => new X509Certificate(certificate).fingerprint.replace(/:/g, '');
const colons = (hex: string) => hex.match(/../g)?.join(':') ?? hex;
const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const CLIENT = 'a46a6fd7-4a31-4471-9078-59cb2bb6a5ab';
const SPANISH_DATE = /\d{1,2} de (enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|noviembre|diciembre) de \d{4}(,| a las) \d{1,2}:\d{2}/;

/** Starts a deployment from the welcome page and records its values through window.api, as the steps would. */
async function deploymentWithValues(app: Page, name: string): Promise<void> {
  await expect(app.getByTestId('setup-welcome')).toBeVisible();
  await app.getByTestId('welcome-name').fill(name);
  await app.getByTestId('welcome-start').click();
  await expect(app.getByTestId('step-list')).toBeVisible();
  await app.evaluate(
    async ({ tenant, client, pan, span, ca }) => {
      const list = await window.api.listDeployments();
      if (!list.ok || !list.value.currentId) throw new Error('no deployment');
      const id = list.value.currentId;
      const updated = await window.api.updateDeployment({
        id,
        patch: {
          tenantId: tenant,
          clientId: client,
          iseVersion: '3.3 Patch 4',
          nodes: [
            { name: 'ise-pan.corp.example', role: 'primary-pan', certificatePem: pan },
            { name: 'ise-span.corp.example', role: 'secondary-pan', certificatePem: span },
          ],
          trustedCas: [{ sha256: 'A'.repeat(64), name: 'Azure MDM - ECC TLS Issuing CA 04', pem: ca }],
        },
      });
      if (!updated.ok) throw new Error(updated.error.message);
      await window.api.setStepState({ id, step: 'before', state: 'done' });
      await window.api.setStepState({ id, step: 'trust', state: 'needs-attention' });
    },
    { tenant: TENANT, client: CLIENT, pan: PAN, span: SPAN, ca: CA },
  );
  await app.reload();
  await expect(app.getByTestId('step-list')).toBeVisible();
}

async function exportReport(app: Page, format: 'html' | 'pdf'): Promise<void> {
  await app.getByTestId('report-menu').click();
  await app.getByTestId(`report-${format}`).click();
}

test('the setup report as PDF: printed by the bridge as the app prints it, A4, with the values and thumbprints and no key', async ({ app, bridge }) => {
  await deploymentWithValues(app, 'Contoso <ISE> & Co');
  const path = join(bridge.dataDir, 'report.pdf');
  bridge.dialogs.answerSaveFile(path);
  await exportReport(app, 'pdf');
  await expect(app.getByTestId('report-saved')).toContainText(path, { timeout: 30_000 });
  expect(bridge.dialogs.opened.at(-1)).toEqual({
    kind: 'save',
    title: 'Save the setup report',
    defaultPath: join(bridge.dataDir, 'Contoso ISE & Co setup report.pdf'),
    filters: [{ name: 'PDF document', extensions: ['pdf'] }],
  });

  const pdf = readFileSync(path);
  expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  const { pages, text } = await pdfText(pdf);
  expect(pages.length).toBeGreaterThan(0);
  for (const page of pages) expect(page.mediaBox.map(Math.round)).toEqual([0, 0, 596, 843]); // A4 in points
  const flat = compact(text);
  expect(flat).toContain(compact('Cisco ISE + Intune setup report: Contoso <ISE> & Co'));
  for (const certificate of [PAN, SPAN]) {
    expect(flat).toContain(sha1(certificate));
    expect(flat).toContain(colons(sha1(certificate)));
  }
  expect(flat).toContain(TENANT);
  expect(text).toContain('Needs attention');
  expect(flat).not.toContain('PRIVATEKEY');
  expect(pdf.toString('latin1')).not.toContain('PRIVATE KEY');
});

test('with Spanish selected, the setup report is in Spanish: lang, headings, steps, dates, dialog and file name', async ({ app, bridge }) => {
  await app.getByTestId('nav-settings').click();
  await app.getByTestId('language').getByLabel('Español').click();
  await expect(app.locator('html')).toHaveAttribute('lang', 'es');
  await app.getByTestId('nav-setup').click();
  await deploymentWithValues(app, 'Contoso');
  const path = join(bridge.dataDir, 'informe.html');
  bridge.dialogs.answerSaveFile(path);
  await exportReport(app, 'html');
  await expect(app.getByTestId('report-saved')).toContainText(path);
  expect(bridge.dialogs.opened.at(-1)).toEqual({
    kind: 'save',
    title: 'Guardar el informe de configuración',
    defaultPath: join(bridge.dataDir, 'Informe de configuración de Contoso.html'),
    filters: [{ name: 'Página web (HTML)', extensions: ['html'] }],
  });

  const html = readFileSync(path, 'utf8');
  expect(html).toContain('<html lang="es">');
  expect(html).not.toContain('PRIVATE KEY');
  const report = await app.context().newPage();
  await report.goto(pathToFileURL(path).href);
  await expect(report.getByRole('heading', { level: 1 })).toHaveText('Informe de configuración de Cisco ISE + Intune: Contoso');
  await expect(report.getByRole('heading', { level: 2 })).toContainText(['Valores', 'Certificados de los nodos ISE', 'Pasos', 'Problemas abiertos']);
  // Step names and states as the wizard shows them in Spanish, each with a Spanish date.
  const before = report.getByRole('row').filter({ hasText: '0. Antes de empezar' });
  await expect(before).toContainText('Hecho');
  await expect(before).toContainText(SPANISH_DATE);
  await expect(report.getByRole('row').filter({ hasText: '1. Confiar en Microsoft en ISE' })).toContainText('Requiere atención');
  await expect(report.getByRole('row').filter({ hasText: '5. Probar y diagnosticar' })).toContainText('Sin empezar');
  await expect(report.getByRole('row').filter({ hasText: 'ise-pan.corp.example' })).toContainText('PAN primario');
  await expect(report.locator('body')).toContainText(/Generado por ISE Intune Assistant .* el \d{1,2} de \w+ de \d{4}/);
  await expect(report.locator('body')).toContainText(colons(sha1(PAN)));
  await expect(report.locator('body')).not.toContainText(/Setup report|Before you start|Not started|Needs attention/);
  await report.close();
});

test.describe('without a PDF printer (as before the bridge had one)', () => {
  const noPdf = test.extend({
    bridge: async ({}, use) => {
      const dataDir = mkdtempSync(join(tmpdir(), 'ise-intune-e2e-'));
      const bridge = await startWebBridge({ dataDir, pdf: false });
      await use(bridge);
      await bridge.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  });

  noPdf('the UI says PDF needs the desktop app and offers HTML only', async ({ app, bridge }) => {
    await deploymentWithValues(app, 'Fabrikam');
    await exportReport(app, 'pdf');
    await expect(app.getByTestId('report-pdf-unavailable')).toBeVisible();
    expect(bridge.dialogs.opened.filter((dialog) => dialog.kind === 'save')).toEqual([]);
    await app.getByTestId('report-menu').click();
    await expect(app.getByTestId('report-html')).toBeVisible();
    await expect(app.getByTestId('report-pdf')).toHaveCount(0);
  });
});

/** Text with all white space removed: a value the PDF wrapped over lines still matches. */
function compact(text: string): string {
  return text.replace(/\s+/g, '');
}
