/**
 * The setup report for a change ticket: one self-contained HTML page (inline CSS, no script, no
 * external resource) with a deployment's values, its ISE node certificates and trusted CAs,
 * each step's state and the open findings, in the app's language with dates and numbers in that
 * language's format. Public data only: a deployment never holds a secret, and the page carries
 * no PEM at all, so no key marker can slip in.
 */
import type { Deployment, MdmFields, ReportFormat, SetupStepId } from '../../../preload/contract';
import { loadCertificateBytes } from '../certs';
import { mdmValues, parseIseVersion } from '../entra';
import { safeFileStem } from '../certs/file-names';
import { REPORT_STRINGS, type ReportLanguage, type ReportStrings } from './report-strings';

export interface ReportFinding {
  severity: 'blocking' | 'warning';
  text: string;
}

export interface ReportOptions {
  /** 'en' unless given. */
  language?: ReportLanguage;
  /** IANA time zone of the dates; the system's unless given (tests pin it). */
  timeZone?: string;
}

export interface SetupReportInput extends ReportOptions {
  deployment: Deployment;
  now: Date;
  appName: string;
  appVersion: string;
  /** Findings found elsewhere (e.g. a diagnosis), already in the report's language; added to those read from the deployment. */
  findings?: ReportFinding[];
}

const STEP_ORDER: readonly SetupStepId[] = ['before', 'trust', 'register', 'certificates', 'mdm', 'device', 'test'];
const MDM_FIELD_ORDER: readonly (keyof MdmFields)[] = ['autoDiscoveryUrl', 'clientId', 'tokenIssuingUrl', 'tokenAudience'];
const DAY_MS = 86_400_000;

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** The strings of one language and its ways of writing dates and numbers. */
interface Localised {
  s: ReportStrings;
  /** Date and time with the time zone's name: a ticket may be read in another zone. */
  dateTime(iso: string | null): string;
  date(iso: string): string;
  number(value: number): string;
  /** "in 45 days", "yesterday", "hace 3 días". */
  days(value: number): string;
}

function localise(options: ReportOptions): Localised {
  const s = REPORT_STRINGS[options.language ?? 'en'];
  const timeZone = options.timeZone;
  const dateTimeFormat = new Intl.DateTimeFormat(s.lang, { year: 'numeric', month: 'long', day: 'numeric', hour: 'numeric', minute: '2-digit', timeZoneName: 'short', timeZone });
  const dateFormat = new Intl.DateTimeFormat(s.lang, { dateStyle: 'long', timeZone });
  const numberFormat = new Intl.NumberFormat(s.lang);
  const relativeFormat = new Intl.RelativeTimeFormat(s.lang, { numeric: 'auto' });
  const parse = (iso: string) => {
    const date = new Date(iso);
    return Number.isNaN(date.getTime()) ? null : date;
  };
  return {
    s,
    dateTime: (iso) => {
      if (!iso) return '—';
      const date = parse(iso);
      return date ? dateTimeFormat.format(date) : iso;
    },
    date: (iso) => {
      const date = parse(iso);
      return date ? dateFormat.format(date) : iso;
    },
    number: (value) => numberFormat.format(value),
    days: (value) => relativeFormat.format(value, 'day'),
  };
}

interface CertificateRow {
  subject: string;
  sha1Colon: string;
  sha1: string;
  notAfter: string | null;
  /** Whole days from now to the end of validity; negative once expired. */
  daysLeft: number | null;
  expired: boolean;
  expiresSoon: boolean;
}

function describePem(label: string, pem: string, now: Date, l: Localised): CertificateRow {
  try {
    const info = loadCertificateBytes(Buffer.from(pem), label).certificates[0]?.info;
    if (!info) throw new Error('no certificate');
    const left = new Date(info.notAfter).getTime() - now.getTime();
    return {
      subject: info.subject,
      sha1Colon: info.thumbprints.sha1Colon,
      sha1: info.thumbprints.sha1,
      notAfter: info.notAfter,
      daysLeft: Math.trunc(left / DAY_MS),
      expired: left < 0,
      expiresSoon: left >= 0 && left < 30 * DAY_MS,
    };
  } catch {
    return { subject: l.s.unreadableCertificate, sha1Colon: '—', sha1: '—', notAfter: null, daysLeft: null, expired: false, expiresSoon: false };
  }
}

const stepTitle = (s: ReportStrings, step: SetupStepId) => `${STEP_ORDER.indexOf(step)}. ${s.stepNames[step]}`;

/** What is still open in a deployment, in the order of the steps, in the report's language. */
export function deploymentFindings(deployment: Deployment, now: Date, options: ReportOptions = {}): ReportFinding[] {
  const l = localise(options);
  const { findings: f } = l.s;
  const findings: ReportFinding[] = [];
  for (const step of STEP_ORDER) {
    if (deployment.steps[step].state === 'needs-attention') findings.push({ severity: 'blocking', text: f.stepNeedsAttention(stepTitle(l.s, step)) });
  }
  if (deployment.iseVersion) {
    try {
      const info = parseIseVersion(deployment.iseVersion);
      if (info.flow === 'legacy') findings.push({ severity: 'warning', text: f.legacyFlow(info.label, info.upgradeTo ?? '3.3') });
      if (!info.complianceApi) findings.push({ severity: 'warning', text: (info.flow === 'graph' ? f.noComplianceApiGraph : f.noComplianceApi)(info.label, info.upgradeTo ?? '3.3') });
      if (info.fn74227) findings.push({ severity: 'warning', text: f.fn74227(info.label, info.fn74227Fix ?? '') });
    } catch {
      findings.push({ severity: 'warning', text: f.versionUnreadable(deployment.iseVersion) });
    }
  } else {
    findings.push({ severity: 'warning', text: f.versionMissing });
  }
  if (!deployment.tenantId || !deployment.clientId) findings.push({ severity: 'blocking', text: f.idsMissing });
  if (deployment.nodes.length === 0) findings.push({ severity: 'blocking', text: f.noNodes });
  for (const node of deployment.nodes) {
    const row = describePem(node.name, node.certificatePem, now, l);
    if (!row.notAfter) continue;
    if (row.expired) findings.push({ severity: 'blocking', text: f.nodeExpired(node.name, l.date(row.notAfter)) });
    else if (row.expiresSoon) findings.push({ severity: 'warning', text: f.nodeExpiresSoon(node.name, l.date(row.notAfter)) });
  }
  return findings;
}

/** A table row; `detail` is a second row across all columns that stays on the same page. */
interface Row {
  cells: string[];
  detail?: string;
}

/** Headers are text; cells and details are HTML already (escaped by their makers). */
function table(className: string, headers: string[], rows: Row[], emptyText: string): string {
  if (rows.length === 0) return `<p class="empty">${escapeHtml(emptyText)}</p>`;
  const head = headers.map((header) => `<th scope="col">${escapeHtml(header)}</th>`).join('');
  const line = (row: Row) => `<tr>${row.cells.map((cell) => `<td>${cell}</td>`).join('')}</tr>`;
  const body = rows.some((row) => row.detail !== undefined)
    ? rows.map((row) => `<tbody class="item">${line(row)}<tr class="detail"><td colspan="${headers.length}">${row.detail ?? ''}</td></tr></tbody>`).join('\n')
    : `<tbody>\n${rows.map(line).join('\n')}\n</tbody>`;
  return `<table class="${className}"><thead><tr>${head}</tr></thead>\n${body}\n</table>`;
}

const mono = (text: string) => `<span class="mono">${escapeHtml(text)}</span>`;
const definitions = (rows: [string, string][], className?: string) =>
  `<dl${className ? ` class="${className}"` : ''}>${rows.map(([term, value]) => `<dt>${escapeHtml(term)}</dt><dd>${value}</dd>`).join('')}</dl>`;

function valuesSection(deployment: Deployment, l: Localised): string {
  const { s } = l;
  let flow = s.flows.unknown;
  let mdm: MdmFields | null = null;
  let label = deployment.iseVersion || '—';
  try {
    const info = parseIseVersion(deployment.iseVersion);
    label = info.label;
    flow = s.flows[info.flow];
    mdm = mdmValues(deployment.tenantId, deployment.clientId, info.flow, info);
  } catch {
    try {
      mdm = mdmValues(deployment.tenantId, deployment.clientId, 'graph');
    } catch {
      mdm = null;
    }
  }
  // The values kept with the deployment, as typed into ISE's form, are the ones ISE has.
  const kept = deployment.iseForm;
  if (kept) mdm = { autoDiscoveryUrl: kept.discoveryUrl, clientId: mdm?.clientId ?? deployment.clientId, tokenIssuingUrl: kept.tokenUrl, tokenAudience: kept.audience };
  const values = definitions([
    [s.values.deployment, escapeHtml(deployment.name)],
    [s.values.tenantId, mono(deployment.tenantId || '—')],
    [s.values.clientId, mono(deployment.clientId || '—')],
    [s.values.cloud, escapeHtml(s.clouds[deployment.cloud])],
    [s.values.iseVersion, escapeHtml(label)],
    [s.values.flow, escapeHtml(flow)],
    [s.values.manifestFile, deployment.manifestFile ? mono(deployment.manifestFile) : '—'],
    [s.values.created, escapeHtml(l.dateTime(deployment.createdAt))],
    [s.values.updated, escapeHtml(l.dateTime(deployment.updatedAt))],
  ]);
  const form = mdm ? `<h3>${escapeHtml(s.sections.mdmForm)}</h3>${definitions(MDM_FIELD_ORDER.map((key) => [s.mdmFields[key], mono((mdm as MdmFields)[key])]))}` : '';
  return `<section><h2>${escapeHtml(s.sections.values)}</h2>${values}${form}</section>`;
}

function expiryCell(row: CertificateRow, l: Localised): string {
  if (!row.notAfter) return '—';
  const date = `${escapeHtml(l.date(row.notAfter))}${row.daysLeft === null ? '' : ` <span class="meta">(${escapeHtml(l.days(row.daysLeft))})</span>`}`;
  if (row.expired) return `${date} <strong class="bad">${escapeHtml(l.s.expired)}</strong>`;
  if (row.expiresSoon) return `${date} <strong class="warn">${escapeHtml(l.s.expiresSoon)}</strong>`;
  return date;
}

function nodesSection(deployment: Deployment, now: Date, l: Localised): string {
  const { s } = l;
  const rows = deployment.nodes.map((node) => {
    const row = describePem(node.name, node.certificatePem, now, l);
    return {
      cells: [escapeHtml(node.name), escapeHtml(s.roles[node.role]), escapeHtml(row.subject), expiryCell(row, l)],
      // Below the row, across the page: each thumbprint on one line, easy to compare with ISE's and Entra's.
      detail: definitions(
        [
          [s.nodeColumns.iseSha1, mono(row.sha1Colon)],
          [s.nodeColumns.entraSha1, mono(row.sha1)],
        ],
        'thumbprints',
      ),
    };
  });
  const c = s.nodeColumns;
  return `<section><h2>${escapeHtml(s.sections.nodes)}</h2>${table('nodes', [c.node, c.role, c.subject, c.expires], rows, s.noNodes)}</section>`;
}

function casSection(deployment: Deployment, now: Date, l: Localised): string {
  const { s } = l;
  const rows = deployment.trustedCas.map((ca) => {
    const row = describePem(ca.name, ca.pem, now, l);
    return { cells: [escapeHtml(ca.name), escapeHtml(row.subject), expiryCell(row, l)], detail: definitions([[s.caColumns.iseSha1, mono(row.sha1Colon)]], 'thumbprints') };
  });
  const c = s.caColumns;
  return `<section><h2>${escapeHtml(s.sections.cas)}</h2>${table('cas', [c.name, c.subject, c.expires], rows, s.noCas)}</section>`;
}

function stepsSection(deployment: Deployment, l: Localised): string {
  const { s } = l;
  const rows = STEP_ORDER.map((step) => {
    const status = deployment.steps[step];
    const changed = status.changedAt ? l.dateTime(status.changedAt) : s.notChanged;
    return { cells: [escapeHtml(stepTitle(s, step)), `<span class="state-${status.state}">${escapeHtml(s.states[status.state])}</span>`, escapeHtml(changed)] };
  });
  const done = STEP_ORDER.filter((step) => deployment.steps[step].state === 'done').length;
  const progress = `<p>${escapeHtml(s.progress(l.number(done), l.number(STEP_ORDER.length)))}</p>`;
  return `<section><h2>${escapeHtml(s.sections.steps)}</h2>${progress}${table('steps', [s.stepColumns.step, s.stepColumns.state, s.stepColumns.changed], rows, '')}</section>`;
}

function findingsSection(findings: ReportFinding[], s: ReportStrings): string {
  const heading = `<h2>${escapeHtml(s.sections.findings)}</h2>`;
  if (findings.length === 0) return `<section>${heading}<p class="empty">${escapeHtml(s.noFindings)}</p></section>`;
  const items = findings.map((finding) => `<li class="${finding.severity}"><strong>${escapeHtml(s.severity[finding.severity])}:</strong> ${escapeHtml(finding.text)}</li>`);
  return `<section>${heading}<ul>${items.join('')}</ul></section>`;
}

/**
 * Screen and print (A4). In print: rows, definitions and findings never split across pages, table
 * headers repeat, long values wrap inside the page width, and every state and warning is a word
 * (colour only repeats it), so a black-and-white copy says the same.
 */
const STYLE = `
body { font: 14px/1.45 "Segoe UI", system-ui, sans-serif; color: #1b1b1b; background: #fff; margin: 2rem auto; max-width: 1100px; padding: 0 1rem; }
h1 { font-size: 1.6rem; margin-bottom: 0.2rem; }
h2 { font-size: 1.2rem; border-bottom: 1px solid #8a8a8a; padding-bottom: 0.2rem; margin-top: 1.8rem; }
h3 { font-size: 1rem; margin-top: 1.2rem; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.3rem 1.2rem; margin: 0; }
dt { color: #555; }
dd { margin: 0; overflow-wrap: anywhere; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #8a8a8a; padding: 0.35rem 0.5rem; text-align: left; vertical-align: top; overflow-wrap: break-word; }
th { background: #ececec; }
tr.detail td { border-top: none; padding-top: 0; }
tbody.item tr:first-child td { border-bottom: none; }
dl.thumbprints { gap: 0.1rem 1rem; font-size: 0.95em; }
.mono { font-family: Consolas, "Cascadia Mono", "DejaVu Sans Mono", monospace; font-size: 0.9em; overflow-wrap: anywhere; }
.meta, .empty { color: #555; }
ul { padding-left: 1.2rem; }
li { margin-bottom: 0.3rem; }
.bad, .blocking, .state-needs-attention { color: #a4262c; }
.warn, .warning { color: #8a5300; }
.state-done { color: #107c10; }
.state-needs-attention, .state-done { font-weight: 600; }
@page { size: A4; margin: 15mm 12mm; }
@media print {
  body { font-size: 9.5pt; margin: 0; max-width: none; padding: 0; }
  h1 { font-size: 15pt; }
  h2 { font-size: 12pt; margin-top: 1.2rem; }
  h2, h3 { break-after: avoid; }
  tr, tbody.item, li, dt, dd { break-inside: avoid; }
  thead { display: table-header-group; }
  th { print-color-adjust: exact; -webkit-print-color-adjust: exact; }
}
`;

export function renderSetupReport(input: SetupReportInput): string {
  const { deployment, now } = input;
  const l = localise(input);
  const { s } = l;
  const findings = [...deploymentFindings(deployment, now, input), ...(input.findings ?? [])];
  const title = s.title(deployment.name);
  return `<!DOCTYPE html>
<html lang="${s.lang}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="color-scheme" content="light">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
<p class="meta">${escapeHtml(`${s.madeBy(input.appName, input.appVersion, l.dateTime(now.toISOString()))} ${s.publicOnly}`)}</p>
${valuesSection(deployment, l)}
${nodesSection(deployment, now, l)}
${casSection(deployment, now, l)}
${stepsSection(deployment, l)}
${findingsSection(findings, s)}
</body>
</html>
`;
}

export function setupReportFileName(deploymentName: string, format: ReportFormat, language: ReportLanguage = 'en'): string {
  const strings = REPORT_STRINGS[language];
  return strings.fileName(safeFileStem(deploymentName, strings.fileNameFallback), format);
}

/** What the native Save dialog shows for the report, in the report's language. */
export function setupReportSaveDialog(format: ReportFormat, language: ReportLanguage = 'en'): { title: string; filters: { name: string; extensions: string[] }[] } {
  const { dialog } = REPORT_STRINGS[language];
  return { title: dialog.title, filters: [{ name: dialog[format], extensions: [format] }] };
}
