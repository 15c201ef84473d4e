/**
 * The setup report for a change ticket: one self-contained HTML page (inline CSS, no script, no
 * external resource) with a deployment's values, its ISE node certificates and trusted CAs,
 * each step's state and the open findings. Public data only: a deployment never holds a secret,
 * and the page carries no PEM at all, so no key marker can slip in.
 */
import type { Deployment, MdmFields, SetupStepId } from '../../../preload/contract';
import { loadCertificateBytes } from '../certs';
import { mdmValues, parseIseVersion } from '../entra';
import { safeFileStem } from '../certs/file-names';

export interface ReportFinding {
  severity: 'blocking' | 'warning';
  text: string;
}

export interface SetupReportInput {
  deployment: Deployment;
  now: Date;
  appName: string;
  appVersion: string;
  /** Findings found elsewhere (e.g. a diagnosis); added to those read from the deployment. */
  findings?: ReportFinding[];
}

const STEP_TITLES: Record<SetupStepId, string> = {
  before: '0. Before you start',
  trust: '1. Trust Microsoft in ISE',
  register: '2. Register the app in Entra',
  certificates: "3. Give the app ISE's certificates",
  mdm: '4. Add the MDM server in ISE',
  test: '5. Test and troubleshoot',
};

const STATE_TEXT: Record<Deployment['steps'][SetupStepId]['state'], string> = {
  'not-started': 'Not started',
  'in-progress': 'In progress',
  done: 'Done',
  'needs-attention': 'Needs attention',
};

const MDM_FIELDS: [keyof MdmFields, string][] = [
  ['autoDiscoveryUrl', 'Auto Discovery URL'],
  ['clientId', 'Client ID'],
  ['tokenIssuingUrl', 'Token Issuing URL'],
  ['tokenAudience', 'Token Audience'],
];

const ROLE_TEXT: Record<Deployment['nodes'][number]['role'], string> = {
  'primary-pan': 'Primary PAN',
  'secondary-pan': 'Secondary PAN',
  psn: 'PSN',
  other: 'Other',
};

const DAY_MS = 86_400_000;

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** `2026-11-26 12:00 UTC`: unambiguous in any language a ticket is read in. */
function stamp(iso: string | null): string {
  if (!iso) return '—';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

interface CertificateRow {
  label: string;
  subject: string;
  sha1Colon: string;
  sha1: string;
  notAfter: string | null;
  expired: boolean;
  expiresSoon: boolean;
}

function describePem(label: string, pem: string, now: Date): CertificateRow {
  try {
    const info = loadCertificateBytes(Buffer.from(pem), label).certificates[0]?.info;
    if (!info) throw new Error('no certificate');
    const end = new Date(info.notAfter).getTime();
    return {
      label,
      subject: info.subject,
      sha1Colon: info.thumbprints.sha1Colon,
      sha1: info.thumbprints.sha1,
      notAfter: info.notAfter,
      expired: end < now.getTime(),
      expiresSoon: end >= now.getTime() && end - now.getTime() < 30 * DAY_MS,
    };
  } catch {
    return { label, subject: 'unreadable certificate', sha1Colon: '—', sha1: '—', notAfter: null, expired: false, expiresSoon: false };
  }
}

/** What is still open in a deployment, in the order of the steps. */
export function deploymentFindings(deployment: Deployment, now: Date): ReportFinding[] {
  const findings: ReportFinding[] = [];
  for (const [step, title] of Object.entries(STEP_TITLES) as [SetupStepId, string][]) {
    if (deployment.steps[step].state === 'needs-attention') findings.push({ severity: 'blocking', text: `Step "${title}" needs attention.` });
  }
  if (deployment.iseVersion) {
    try {
      const info = parseIseVersion(deployment.iseVersion);
      for (const warning of info.warnings) findings.push({ severity: 'warning', text: warning });
    } catch {
      findings.push({ severity: 'warning', text: `The ISE version "${deployment.iseVersion}" is not readable.` });
    }
  } else {
    findings.push({ severity: 'warning', text: 'The ISE version is not recorded.' });
  }
  if (!deployment.tenantId || !deployment.clientId) findings.push({ severity: 'blocking', text: 'The tenant ID or the client ID is not recorded.' });
  if (deployment.nodes.length === 0) findings.push({ severity: 'blocking', text: 'No ISE node certificate is recorded.' });
  for (const node of deployment.nodes) {
    const row = describePem(node.name, node.certificatePem, now);
    if (row.expired) findings.push({ severity: 'blocking', text: `The certificate of ${node.name} expired on ${stamp(row.notAfter)}.` });
    else if (row.expiresSoon) findings.push({ severity: 'warning', text: `The certificate of ${node.name} expires on ${stamp(row.notAfter)}: renew it and register the new one.` });
  }
  return findings;
}

function table(headers: string[], rows: string[][], emptyText: string): string {
  if (rows.length === 0) return `<p class="empty">${escapeHtml(emptyText)}</p>`;
  const head = headers.map((header) => `<th scope="col">${escapeHtml(header)}</th>`).join('');
  const body = rows.map((row) => `<tr>${row.map((cell) => `<td>${cell}</td>`).join('')}</tr>`).join('\n');
  return `<table><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

const mono = (text: string) => `<span class="mono">${escapeHtml(text)}</span>`;

function valuesSection(deployment: Deployment): string {
  let flow = 'unknown until the ISE version is recorded';
  let mdm: MdmFields | null = null;
  let label = deployment.iseVersion || '—';
  try {
    const info = parseIseVersion(deployment.iseVersion);
    label = info.label;
    flow = info.flow === 'graph' ? 'Microsoft Graph (ISE 3.1 Patch 3 and later)' : 'Legacy Azure AD Graph';
    mdm = mdmValues(deployment.tenantId, deployment.clientId, info.flow);
  } catch {
    try {
      mdm = mdmValues(deployment.tenantId, deployment.clientId, 'graph');
    } catch {
      mdm = null;
    }
  }
  const rows: [string, string][] = [
    ['Deployment', escapeHtml(deployment.name)],
    ['Tenant ID', mono(deployment.tenantId || '—')],
    ['Client ID (Application ID)', mono(deployment.clientId || '—')],
    ['Cloud', deployment.cloud === 'usgov' ? 'US Government' : 'Public'],
    ['ISE version', escapeHtml(label)],
    ['Discovery flow', escapeHtml(flow)],
    ['App manifest file', deployment.manifestFile ? mono(deployment.manifestFile) : '—'],
    ['Created', escapeHtml(stamp(deployment.createdAt))],
    ['Last changed', escapeHtml(stamp(deployment.updatedAt))],
  ];
  const values = `<dl>${rows.map(([term, value]) => `<dt>${escapeHtml(term)}</dt><dd>${value}</dd>`).join('')}</dl>`;
  const form = mdm
    ? `<h3>ISE External MDM form</h3><dl>${MDM_FIELDS.map(([key, name]) => `<dt>${escapeHtml(name)}</dt><dd>${mono((mdm as MdmFields)[key])}</dd>`).join('')}</dl>`
    : '';
  return `<section><h2>Values</h2>${values}${form}</section>`;
}

function expiryCell(row: CertificateRow): string {
  const date = escapeHtml(stamp(row.notAfter));
  if (row.expired) return `${date} <strong class="bad">expired</strong>`;
  if (row.expiresSoon) return `${date} <strong class="warn">expires soon</strong>`;
  return date;
}

function nodesSection(deployment: Deployment, now: Date): string {
  const rows = deployment.nodes.map((node) => {
    const row = describePem(node.name, node.certificatePem, now);
    return [escapeHtml(node.name), escapeHtml(ROLE_TEXT[node.role]), escapeHtml(row.subject), mono(row.sha1Colon), mono(row.sha1), expiryCell(row)];
  });
  return `<section><h2>ISE node certificates</h2>${table(
    ['Node', 'Role', 'Subject', 'SHA-1 as ISE shows it (Fingerprint)', 'SHA-1 as Entra shows it (Thumbprint)', 'Expires'],
    rows,
    'No node certificate recorded.',
  )}</section>`;
}

function casSection(deployment: Deployment, now: Date): string {
  const rows = deployment.trustedCas.map((ca) => {
    const row = describePem(ca.name, ca.pem, now);
    return [escapeHtml(ca.name), escapeHtml(row.subject), mono(row.sha1Colon), expiryCell(row)];
  });
  return `<section><h2>CA certificates exported for ISE's trusted store</h2>${table(['Friendly name', 'Subject', 'SHA-1 (ISE)', 'Expires'], rows, 'No CA certificate recorded.')}</section>`;
}

function stepsSection(deployment: Deployment): string {
  const rows = (Object.entries(STEP_TITLES) as [SetupStepId, string][]).map(([step, title]) => {
    const status = deployment.steps[step];
    return [escapeHtml(title), `<span class="state-${status.state}">${escapeHtml(STATE_TEXT[status.state])}</span>`, escapeHtml(stamp(status.changedAt))];
  });
  return `<section><h2>Steps</h2>${table(['Step', 'State', 'Changed'], rows, '')}</section>`;
}

function findingsSection(findings: ReportFinding[]): string {
  if (findings.length === 0) return '<section><h2>Open findings</h2><p class="empty">None.</p></section>';
  const items = findings.map((finding) => `<li class="${finding.severity}"><strong>${finding.severity === 'blocking' ? 'Blocking' : 'Warning'}:</strong> ${escapeHtml(finding.text)}</li>`);
  return `<section><h2>Open findings</h2><ul>${items.join('')}</ul></section>`;
}

const STYLE = `
body { font: 14px/1.45 "Segoe UI", system-ui, sans-serif; color: #1b1b1b; margin: 2rem auto; max-width: 1100px; padding: 0 1rem; }
h1 { font-size: 1.6rem; margin-bottom: 0.2rem; }
h2 { font-size: 1.2rem; border-bottom: 1px solid #d1d1d1; padding-bottom: 0.2rem; margin-top: 1.8rem; }
h3 { font-size: 1rem; margin-top: 1.2rem; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.3rem 1.2rem; margin: 0; }
dt { color: #555; }
dd { margin: 0; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #d1d1d1; padding: 0.35rem 0.5rem; text-align: left; vertical-align: top; }
th { background: #f3f3f3; }
.mono { font-family: Consolas, "Cascadia Mono", monospace; font-size: 0.9em; overflow-wrap: anywhere; }
.meta, .empty { color: #555; }
.bad, .blocking, .state-needs-attention { color: #a4262c; }
.warn, .warning { color: #8a5300; }
.state-done { color: #107c10; }
@media print { body { margin: 0; } }
`;

export function renderSetupReport(input: SetupReportInput): string {
  const { deployment, now } = input;
  const findings = [...deploymentFindings(deployment, now), ...(input.findings ?? [])];
  const title = `Cisco ISE + Intune setup report: ${deployment.name}`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
<p class="meta">${escapeHtml(`Made by ${input.appName} ${input.appVersion} on ${stamp(now.toISOString())}. Public values only: no private key, password or secret.`)}</p>
${valuesSection(deployment)}
${nodesSection(deployment, now)}
${casSection(deployment, now)}
${stepsSection(deployment)}
${findingsSection(findings)}
</body>
</html>
`;
}

export function setupReportFileName(deploymentName: string, format: 'html' | 'pdf'): string {
  return `${safeFileStem(deploymentName, 'deployment')} setup report.${format}`;
}
