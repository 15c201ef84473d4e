import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Deployment } from '../../../preload/contract';
import { deploymentFindings, escapeHtml, renderSetupReport, setupReportFileName, setupReportSaveDialog } from '../../../main/services/report/setup-report';
import type { ReportLanguage } from '../../../main/services/report/report-strings';
import { MICROSOFT_CA } from '../certs/pki-setup';
import { useIsePki } from '../entra/ise-pki';

const NOW = new Date('2026-11-26T12:00:00Z');
const G2 = readFileSync(join(MICROSOFT_CA, 'digicert_global_root_g2.pem'), 'utf8');
const G2_SHA256 = 'CB3CCBB76031E5E0138F8DD39A23F9DE47FFC35E43C1144CEA27D46A5AB1CB5F';
const pki = useIsePki();

function sha1Hex(pem: string): string {
  const der = Buffer.from(pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''), 'base64');
  return createHash('sha1').update(der).digest('hex').toUpperCase();
}

function deployment(overrides: Partial<Deployment> = {}): Deployment {
  const steps = Object.fromEntries(
    (['before', 'trust', 'register', 'certificates', 'mdm', 'device', 'test'] as const).map((id) => [id, { state: 'not-started', changedAt: null }]),
  ) as Deployment['steps'];
  return {
    id: 'd1',
    name: 'Contoso',
    createdAt: '2026-11-20T08:00:00.000Z',
    updatedAt: '2026-11-26T11:00:00.000Z',
    tenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47',
    clientId: 'a46a6fd7-4a31-4471-9078-59cb2bb6a5ab',
    cloud: 'public',
    iseVersion: '3.3 Patch 4',
    nodes: [
      { name: 'ise-pan', role: 'primary-pan', certificatePem: pki().pan.pem },
      { name: 'ise-span', role: 'secondary-pan', certificatePem: pki().span.pem },
    ],
    trustedCas: [{ sha256: G2_SHA256, name: 'Azure MDM - DigiCert Global Root G2', pem: G2 }],
    manifestFile: null,
    iseForm: null,
    steps: { ...steps, before: { state: 'done', changedAt: '2026-11-26T10:15:00.000Z' }, trust: { state: 'needs-attention', changedAt: '2026-11-26T10:30:00.000Z' } },
    ...overrides,
  };
}

const render = (value: Deployment, language: ReportLanguage = 'en', timeZone = 'UTC') =>
  renderSetupReport({ deployment: value, now: NOW, appName: 'ISE Intune Assistant', appVersion: '1.2.3', language, timeZone });
/** The text of a table row whose first cell is `first`, cells joined by ` | `. */
function rowText(html: string, first: string): string | undefined {
  const row = html.split('<tr>').find((candidate) => candidate.startsWith(`<td>${first}</td>`));
  return row?.split('</tr>')[0]?.replace(/<\/td><td>/g, ' | ').replace(/<[^>]+>/g, '').trim();
}

describe('setup report', () => {
  it('lists every node certificate with its subject, SHA-1 as ISE and Entra spell it, and expiry', () => {
    const html = render(deployment());
    for (const certificate of [pki().pan, pki().span]) {
      const hex = sha1Hex(certificate.pem);
      expect(html).toContain(hex);
      expect(html).toContain(hex.match(/../g)?.join(':'));
    }
    expect(html).toContain('CN=ise-pan.example.test');
    expect(html).toContain('Primary PAN');
    expect(html).toContain('DF:3C:24:F9:BF:D6:66:76:1B:26:80:73:FE:06:D1:CC:8D:4F:82:A4');
    expect(html).toContain('Azure MDM - DigiCert Global Root G2');
  });

  it('gives the values, the External MDM form, each step with its state and time, and the open findings', () => {
    const html = render(deployment());
    expect(html).toContain('72f988bf-86f1-41af-91ab-2d7cd011db47');
    expect(html).toContain('https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/oauth2/token');
    expect(html).toContain('https://api.manage.microsoft.com/');
    expect(html).toContain('3.3 Patch 4');
    expect(rowText(html, '0. Before you start')).toMatch(/^0\. Before you start \| Done \| November 26, 2026 at 10:15\sAM UTC$/);
    expect(rowText(html, '1. Trust Microsoft in ISE')).toMatch(/^1\. Trust Microsoft in ISE \| Needs attention \| /);
    expect(rowText(html, '2. Register the app in Entra')).toBe('2. Register the app in Entra | Not started | Not changed yet');
    expect(html).toContain('<span class="state-done">Done</span>');
    expect(html).toContain('1 of 7 steps done');
    expect(html).toContain('Step “1. Trust Microsoft in ISE” needs attention.');
    expect(html).toMatch(/Made by ISE Intune Assistant 1\.2\.3 on November 26, 2026 at 12:00\sPM UTC\./);
  });

  it("gives the ISE form values kept with the deployment (as typed into ISE's form) instead of the computed ones", () => {
    const kept = { tokenUrl: 'https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/oauth2/v2.0/token', discoveryUrl: 'https://graph.microsoft.com', audience: 'https://api.manage.microsoft.com/' };
    const html = render(deployment({ iseForm: kept }));
    expect(html).toContain(kept.tokenUrl);
    expect(html).not.toContain('https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/oauth2/token<');
  });

  it('names expired and soon-expiring node certificates as findings, and adds findings given from elsewhere', () => {
    const value = deployment({ nodes: [{ name: 'old', role: 'psn', certificatePem: pki().expired.pem }] });
    const findings = deploymentFindings(value, new Date(), { timeZone: 'UTC' });
    expect(findings).toContainEqual({ severity: 'blocking', text: expect.stringMatching(/^The certificate of old expired on January 1, 2021\.$/) });
    const html = renderSetupReport({ deployment: value, now: new Date(), appName: 'A', appVersion: '1', findings: [{ severity: 'warning', text: 'AADSTS700027 seen <today>' }] });
    expect(html).toMatch(/January 1, 2021 <span class="meta">\(\d{1,3}(,\d{3})* days ago\)<\/span> <strong class="bad">Expired<\/strong>/);
    expect(html).toContain('AADSTS700027 seen &lt;today&gt;');
  });

  it('escapes everything the admin typed, so a name cannot inject markup', () => {
    const html = render(deployment({ name: '<script>alert(1)</script> & "Co"', tenantId: 'contoso.onmicrosoft.com', manifestFile: "C:\\x\\<img src=x onerror='a'>.json" }));
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;Co&quot;');
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });

  it('is self-contained and carries no secret: no script, no external resource, no PEM, no key marker', () => {
    const html = render(deployment());
    expect(html).not.toMatch(/<script|<link|<img|src=|url\(|@import/i);
    expect(html).not.toMatch(/https?:\/\/[^<"]*\.(css|js|png|svg|woff2?)\b/);
    expect(html).not.toContain('PRIVATE KEY');
    expect(html).not.toContain('BEGIN CERTIFICATE');
    expect(html).toContain(`default-src 'none'`);
  });

  it('says what is missing in a deployment just started, and reads an unreadable certificate without failing', () => {
    const value = deployment({ tenantId: '', clientId: '', iseVersion: '', nodes: [], trustedCas: [] });
    const html = render(value);
    expect(html).toContain('The tenant ID or the client ID is not recorded.');
    expect(html).toContain('No ISE node certificate is recorded.');
    expect(html).toContain('No CA certificate recorded.');
    const broken = render(deployment({ nodes: [{ name: 'x', role: 'other', certificatePem: '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n' }] }));
    expect(broken).toContain('Unreadable certificate');
  });

  it('suggests a file name from the deployment name, and names the Save dialog, in the report language', () => {
    expect(setupReportFileName('Contoso: lab/2', 'pdf')).toBe('Contoso lab 2 setup report.pdf');
    expect(setupReportFileName('Contoso', 'html')).toBe('Contoso setup report.html');
    expect(setupReportFileName('Contoso: lab/2', 'pdf', 'es')).toBe('Informe de configuración de Contoso lab 2.pdf');
    expect(setupReportFileName('???', 'html', 'es')).toBe('Informe de configuración de implementación.html');
    expect(setupReportSaveDialog('pdf', 'en')).toEqual({ title: 'Save the setup report', filters: [{ name: 'PDF document', extensions: ['pdf'] }] });
    expect(setupReportSaveDialog('html', 'es')).toEqual({ title: 'Guardar el informe de configuración', filters: [{ name: 'Página web (HTML)', extensions: ['html'] }] });
  });

  it('is written in Spanish, with Spanish dates and numbers, when the app is in Spanish', () => {
    const html = render(deployment(), 'es', 'Europe/Madrid');
    expect(html).toContain('<html lang="es">');
    expect(html).toContain('<h1>Informe de configuración de Cisco ISE + Intune: Contoso</h1>');
    // As the wizard says it: step names and states from its Spanish wording.
    expect(rowText(html, '0. Antes de empezar')).toMatch(/^0\. Antes de empezar \| Hecho \| 26 de noviembre de 2026(,| a las) 11:15 CET$/);
    expect(rowText(html, '1. Confiar en Microsoft en ISE')).toMatch(/\| Requiere atención \|/);
    expect(rowText(html, '6. Probar y diagnosticar')).toBe('6. Probar y diagnosticar | Sin empezar | Aún sin cambios');
    expect(html).toContain('El paso «1. Confiar en Microsoft en ISE» requiere atención.');
    expect(html).toContain('1 de 7 pasos hechos');
    expect(html).toContain('PAN primario');
    expect(html).toMatch(/Generado por ISE Intune Assistant 1\.2\.3 el 26 de noviembre de 2026(,| a las) 13:00 CET\./);
    expect(html).toContain('<h2>Certificados de los nodos ISE</h2>');
    expect(html).toContain('SHA-1 en Entra (Thumbprint)');
    expect(html).toContain('Nube pública');
    // Thumbprints and IDs are the same in any language.
    expect(html).toContain(sha1Hex(pki().pan.pem));
    expect(html).toContain('72f988bf-86f1-41af-91ab-2d7cd011db47');
    // No English sentence left behind (console field names excepted).
    for (const english of ['Values', 'Open findings', 'Before you start', 'Not started', 'Needs attention', 'Expires', 'Made by', 'Primary PAN', 'Step ']) {
      expect(html).not.toContain(english);
    }
  });

  it('writes expiry dates and day counts for the locale', () => {
    const value = deployment({ nodes: [{ name: 'old', role: 'psn', certificatePem: pki().expired.pem }] });
    const html = renderSetupReport({ deployment: value, now: NOW, appName: 'A', appVersion: '1', language: 'es', timeZone: 'UTC' });
    expect(html).toMatch(/1 de enero de 2021 <span class="meta">\(hace 2155 días\)<\/span> <strong class="bad">Caducado<\/strong>/);
    expect(html).toContain('El certificado de old caducó el 1 de enero de 2021.');
  });

  it('gives the ISE version facts as the wizard words them, in either language', () => {
    const old = { ...deployment({ iseVersion: 'ISE 3.0' }), steps: deployment().steps };
    expect(deploymentFindings(old, NOW).map((finding) => finding.text)).toEqual([
      'Step “1. Trust Microsoft in ISE” needs attention.',
      'ISE 3.0 discovers Intune through Azure AD Graph, which is retired (blocked for new apps from 2024-08-31, fully off in 2025). Upgrade to 3.3 or later (3.4 and 3.5 are current releases); 3.1 Patch 8 and 3.2 Patch 4 also work.',
      "Intune's legacy NAC API stopped on 2024-03-24 (Cisco's date; Microsoft says 2024-03-31): ISE 3.0 gets no compliance data. Upgrade to 3.3 or later (3.4 and 3.5 are current releases); 3.1 Patch 8 and 3.2 Patch 4 also work.",
    ]);
    const mid = { ...deployment({ iseVersion: '3.1 Patch 5' }), steps: deployment().steps };
    expect(deploymentFindings(mid, NOW).map((finding) => finding.text).slice(1)).toEqual([
      "Intune's legacy NAC API stopped on 2024-03-24 (Cisco's date; Microsoft says 2024-03-31): ISE 3.1 Patch 5 gets no compliance data, although it talks to Microsoft Graph. Upgrade to 3.1 Patch 8 or later, or to 3.3 and later (3.4, 3.5).",
      'Cisco Field Notice FN74227 (certificates that carry a SID for strong mapping, enforced by Windows from 2025-02-11) lists ISE 3.1 Patch 5: certificate logins and the Intune integration fail with such certificates. 3.1 Patch 10 is the first patch of your release after those the notice lists.',
    ]);
    const html = render(old, 'es');
    expect(html).toContain('Azure AD Graph (retirado)');
    expect(html).toContain('ISE 3.0 detecta Intune a través de Azure AD Graph');
    expect(render(mid, 'es')).toContain('El aviso de campo de Cisco FN74227');
    expect(render(deployment({ iseVersion: 'three' }), 'es')).toContain('«three» no es una versión de ISE.');
  });

  it('keeps its print layout: A4, table headers repeated, rows never split', () => {
    const html = render(deployment());
    expect(html).toContain('@page { size: A4;');
    expect(html).toContain('thead { display: table-header-group; }');
    expect(html).toMatch(/tr, tbody.item, li, dt, dd \{ break-inside: avoid; \}/);
  });
});
