import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Deployment } from '../../../preload/contract';
import { deploymentFindings, escapeHtml, renderSetupReport, setupReportFileName } from '../../../main/services/report/setup-report';
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
    (['before', 'trust', 'register', 'certificates', 'mdm', 'test'] as const).map((id) => [id, { state: 'not-started', changedAt: null }]),
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
    steps: { ...steps, before: { state: 'done', changedAt: '2026-11-26T10:15:00.000Z' }, trust: { state: 'needs-attention', changedAt: '2026-11-26T10:30:00.000Z' } },
    ...overrides,
  };
}

const render = (value: Deployment) => renderSetupReport({ deployment: value, now: NOW, appName: 'ISE Intune Assistant', appVersion: '1.2.3' });

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
    expect(html).toMatch(/0\. Before you start<\/td><td><span class="state-done">Done<\/span><\/td><td>2026-11-26 10:15 UTC/);
    expect(html).toMatch(/1\. Trust Microsoft in ISE<\/td><td><span class="state-needs-attention">Needs attention/);
    expect(html).toContain('Step &quot;1. Trust Microsoft in ISE&quot; needs attention.');
    expect(html).toContain('Made by ISE Intune Assistant 1.2.3 on 2026-11-26 12:00 UTC');
  });

  it('names expired and soon-expiring node certificates as findings, and adds findings given from elsewhere', () => {
    const value = deployment({ nodes: [{ name: 'old', role: 'psn', certificatePem: pki().expired.pem }] });
    const findings = deploymentFindings(value, new Date());
    expect(findings).toContainEqual({ severity: 'blocking', text: expect.stringMatching(/^The certificate of old expired on 2021-01-01/) });
    const html = renderSetupReport({ deployment: value, now: new Date(), appName: 'A', appVersion: '1', findings: [{ severity: 'warning', text: 'AADSTS700027 seen <today>' }] });
    expect(html).toContain('<strong class="bad">expired</strong>');
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
    expect(broken).toContain('unreadable certificate');
  });

  it('suggests a file name from the deployment name', () => {
    expect(setupReportFileName('Contoso: lab/2', 'pdf')).toBe('Contoso lab 2 setup report.pdf');
    expect(setupReportFileName('Contoso', 'html')).toBe('Contoso setup report.html');
  });
});
