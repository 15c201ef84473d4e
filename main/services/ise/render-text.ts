/**
 * The diagnosis as plain text, for a support ticket ("copy as text"): what was read, each
 * finding with its cause, fix and evidence lines (file:line), and the certificates checked.
 */
import type { Diagnosis, Finding } from '../../../preload/types/diagnosis';

const SCREEN_NAMES: Record<NonNullable<Finding['remedy']['screen']>, string> = {
  chains: 'Chains',
  manifest: 'App manifest',
  certificates: 'Certificates',
  'setup-permissions': 'Setup > API permissions',
  'setup-mdm': 'Setup > External MDM values',
  settings: 'Settings',
};

function seen(finding: Finding): string {
  if (finding.firstSeen === null) return `${finding.count} time${finding.count === 1 ? '' : 's'}`;
  const span = finding.firstSeen === finding.lastSeen ? `at ${finding.firstSeen}` : `from ${finding.firstSeen} to ${finding.lastSeen}`;
  return `${finding.count} time${finding.count === 1 ? '' : 's'}, ${span}`;
}

function renderFinding(finding: Finding, index: number): string[] {
  const lines = [`${index + 1}. [${finding.code}] ${finding.title} (${finding.severity}; ${seen(finding)})`, `   Cause: ${finding.cause}`, `   Fix: ${finding.remedy.text}`];
  if (finding.remedy.menuPath) lines.push(`   Where: ${finding.remedy.menuPath}`);
  if (finding.remedy.screen) lines.push(`   In the app: ${SCREEN_NAMES[finding.remedy.screen]}`);
  if (finding.lookupUrl) lines.push(`   Microsoft: ${finding.lookupUrl}`);
  for (const explanation of finding.explanations) lines.push(`   → ${explanation}`);
  for (const thumbprint of finding.thumbprints) {
    const dates = thumbprint.start !== null ? ` (Start=${thumbprint.start}, End=${thumbprint.end ?? ''})` : '';
    lines.push(`   Thumbprint (${thumbprint.source}): ${thumbprint.text || '-'}${thumbprint.hex && thumbprint.hex !== thumbprint.text ? ` = ${thumbprint.hex}` : ''}${dates}`);
  }
  const shown = finding.evidence.length < finding.count ? ` (${finding.evidence.length} of ${lineCount(finding.count)})` : '';
  lines.push(`   Evidence${shown}:`);
  for (const evidence of finding.evidence) {
    if (evidence.entryHeader) lines.push(`     ${evidence.file}: ${evidence.entryHeader}`);
    lines.push(`     ${evidence.file}:${evidence.line}: ${evidence.text}${evidence.truncated ? ' [cut]' : ''}`);
  }
  return lines;
}

export function renderDiagnosisText(diagnosis: Diagnosis): string {
  const lines = [`ISE Intune Assistant diagnosis (${diagnosis.checkedAt})`, `Read ${lineCount(diagnosis.linesRead)}, ${diagnosis.linesRelevant} MDM-related.`];
  for (const source of diagnosis.sources) {
    lines.push(source.ok ? `  ${source.name}: ${lineCount(source.linesRead)}` : `  ${source.name}: not read: ${source.error?.message ?? ''}`);
  }
  lines.push('');
  if (diagnosis.findings.length === 0) lines.push('No known problem found in the MDM-related lines.');
  diagnosis.findings.forEach((finding, index) => lines.push(...renderFinding(finding, index), ''));
  if (diagnosis.summary.length > 0) {
    lines.push('Summary (most recent first):');
    for (const row of diagnosis.summary) lines.push(`  ${row.code}: ${row.count}× first ${row.firstSeen ?? '-'}, last ${row.lastSeen ?? '-'}`);
    lines.push('');
  }
  if (diagnosis.certificates.length > 0) {
    lines.push('ISE node certificates checked:');
    for (const presence of diagnosis.certificates) {
      const state = presence.registered === null ? 'unknown whether on the app' : presence.registered ? 'on the app' : 'NOT on the app';
      lines.push(`  ${presence.certificate.node}: CN=${presence.certificate.subjectCN}, SHA-1 ${presence.certificate.sha1}, expires ${presence.certificate.notAfter.slice(0, 10)}: ${state}`);
    }
  }
  return `${lines.join('\n').trimEnd()}\n`;
}

function lineCount(count: number): string {
  return count === 1 ? '1 line' : `${count} lines`;
}
