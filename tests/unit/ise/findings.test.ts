/** Every finding from a real-shaped text: the code, the evidence line, the fix, and what must not be reported. */
import { describe, expect, it } from 'vitest';
import type { Diagnosis, FindingCode } from '../../../preload/types/diagnosis';
import { FINDINGS_CATALOG, diagnoseText, renderDiagnosisText } from '../../../main/services/ise';
import { AAD_CLIENT, aadsts, iseLine, noiseLines, pkixLog, testConnectionPopup } from './samples';

const HEX = '105D6E9BA0F5D6EACCF8A562DE81C1C6450CBEE4';
const codes = (diagnosis: Diagnosis): FindingCode[] => diagnosis.findings.map((finding) => finding.code);
const finding = (diagnosis: Diagnosis, code: FindingCode) => {
  const found = diagnosis.findings.find((candidate) => candidate.code === code);
  if (!found) throw new Error(`no ${code} in ${codes(diagnosis).join(', ')}`);
  return found;
};
const logOf = (message: string, day = '2024-05-10 10:12:13,456', className = AAD_CLIENT): string => iseLine(day, 'ERROR', className, message);

describe('findings from ise-psc.log lines', () => {
  it('names the missing CA for the seed\'s PKIX log, with the ERROR line and the stack trace under it as evidence', () => {
    const diagnosis = diagnoseText(pkixLog().join('\n'));
    expect(codes(diagnosis)).toEqual(['PKIX_PATH']);
    const pkix = finding(diagnosis, 'PKIX_PATH');
    expect(pkix.remedy.screen).toBe('chains');
    expect(pkix.remedy.menuPath).toContain('Trusted Certificates');
    expect(pkix.count).toBe(2);
    expect(pkix.evidence.map((evidence) => evidence.line)).toEqual([4, 6]);
    expect(pkix.evidence[1]?.entryHeader).toContain('Unable to acquire access token from Azure');
    expect(pkix.evidence[0]?.timestamp).toBe('2016-10-17 12:45:52,794');
    expect(diagnosis.linesRead).toBe(9);
    expect(diagnosis.linesRelevant).toBe(9);
  });

  it.each<[string, FindingCode, string, string | null]>([
    ['AADSTS700027, the classic wording', 'KEY_NOT_FOUND', aadsts.keyNotFound(HEX), 'manifest'],
    ['AADSTS700027, the newer wording', 'KEY_NOT_FOUND', aadsts.keyNotRegistered(HEX), 'manifest'],
    ['AADSTS700027, newer wording without thumbprint', 'KEY_NOT_FOUND', aadsts.keyNotRegistered(), 'manifest'],
    ['AADSTS50012 expired key', 'KEY_EXPIRED', aadsts.keyExpired(HEX), 'manifest'],
    ['AADSTS50013 key mismatch', 'KEY_MISMATCH', aadsts.keyMismatch(HEX), 'certificates'],
    ['AADSTS700016 unknown application', 'APP_NOT_FOUND', aadsts.appNotFound, 'setup-mdm'],
    ['AADSTS7000215 client secret', 'SECRET_INSTEAD_OF_CERT', aadsts.secret, 'manifest'],
    ['AADSTS65001 consent', 'CONSENT_MISSING', aadsts.consent, 'setup-permissions'],
    ['Graph Authorization_RequestDenied', 'CONSENT_MISSING', 'Intune discovery failed: {"error":{"code":"Authorization_RequestDenied","message":"Insufficient privileges to complete the operation."}}', 'setup-permissions'],
    ['403 on discovery', 'CONSENT_MISSING', 'GET https://graph.microsoft.com/v1.0/servicePrincipals/appId=0000000a-0000-0000-c000-000000000000/endpoints returned HTTP/1.1 403 Forbidden', 'setup-permissions'],
    ['unknown host', 'NETWORK', 'Discovery failed: java.net.UnknownHostException: login.microsoftonline.com', 'settings'],
    ['connect timeout', 'NETWORK', 'java.net.SocketTimeoutException: connect timed out while connecting to graph.microsoft.com:443', 'settings'],
    ['connection refused', 'NETWORK', 'org.apache.http.conn.HttpHostConnectException: Connect to login.microsoftonline.com:443 failed: Connection refused', 'settings'],
    ['proxy', 'NETWORK', 'java.io.IOException: Unable to tunnel through proxy. Proxy returns "HTTP/1.1 407 Proxy Authentication Required"', 'settings'],
  ])('%s → %s', (_label, code, message, screen) => {
    const diagnosis = diagnoseText([...noiseLines('2024-05-10', 3), logOf(`Failed to acquire auth token from Azure AD. ${message}`)].join('\n'));
    expect(codes(diagnosis)).toEqual([code]);
    const found = finding(diagnosis, code);
    expect(found.remedy.screen).toBe(screen);
    expect(found.evidence).toEqual([expect.objectContaining({ file: 'pasted text', line: 4, timestamp: '2024-05-10 10:12:13,456' })]);
    expect(found.title).toBe(FINDINGS_CATALOG[code].title);
    expect(diagnosis.linesRead).toBe(4);
    expect(diagnosis.linesRelevant).toBe(1);
  });

  it('gives an unknown AADSTS code with Microsoft\'s lookup page', () => {
    const diagnosis = diagnoseText(logOf('AADSTS53003: Access has been blocked by Conditional Access policies.'));
    const unknown = finding(diagnosis, 'UNKNOWN_AADSTS');
    expect(unknown.aadsts).toBe('AADSTS53003');
    expect(unknown.lookupUrl).toBe('https://login.microsoftonline.com/error?code=53003');
    expect(unknown.title).toContain('AADSTS53003');
    expect(unknown.remedy.text).toContain('https://login.microsoftonline.com/error?code=53003');
  });

  it('treats AADSTS50012 without the expired-key wording as an unknown code, not an expired key', () => {
    const diagnosis = diagnoseText(logOf('AADSTS50012: Authentication failed.'));
    expect(codes(diagnosis)).toEqual(['UNKNOWN_AADSTS']);
    expect(diagnosis.findings[0]?.aadsts).toBe('AADSTS50012');
  });

  it('warns about Azure AD Graph when ISE still talks to graph.windows.net', () => {
    const line = iseLine('2024-05-10 10:12:13,456', 'DEBUG', AAD_CLIENT, 'ClientId - x, ResourceId/App Id uri - https://graph.windows.net');
    const legacy = finding(diagnoseText(line), 'LEGACY_GRAPH');
    expect(legacy.severity).toBe('warning');
    expect(legacy.remedy.menuPath).toContain('External MDM');
  });

  it('reports the legacy NAC API only after it was switched off (2024-03-24)', () => {
    const message = 'Using compliance endpoint NACAPIService uri https://fef.msub03.manage.microsoft.com/StatelessNACService';
    const before = diagnoseText(iseLine('2024-02-01 08:00:00,000', 'DEBUG', 'cisco.cpm.mdm.intune.IntuneClient', message));
    const after = diagnoseText(iseLine('2024-04-02 08:00:00,000', 'DEBUG', 'cisco.cpm.mdm.intune.IntuneClient', message));
    expect(codes(before)).toEqual([]);
    expect(codes(after)).toEqual(['LEGACY_NAC_API']);
    const v3 = diagnoseText(iseLine('2024-04-02 08:00:00,000', 'DEBUG', 'cisco.cpm.mdm.intune.IntuneClient', 'Endpoints: NACAPIService, ComplianceRetrievalService; using ComplianceRetrievalService'));
    expect(codes(v3)).toEqual([]);
  });

  it('reports the generic token failure only when nothing more specific explains it', () => {
    const explained = diagnoseText(pkixLog().join('\n'));
    expect(codes(explained)).not.toContain('TOKEN_FAILED');
    const alone = diagnoseText([...pkixLog('2016-10-17'), logOf('Unable to acquire access token from Azure', '2016-10-20 08:00:00,000')].join('\n'));
    expect(codes(alone)).toEqual(['PKIX_PATH', 'TOKEN_FAILED']);
    expect(finding(alone, 'TOKEN_FAILED').evidence.map((evidence) => evidence.line)).toEqual([10]);
    const otherThread = diagnoseText([...pkixLog('2016-10-17', 'admin-http-pool1'), iseLine('2016-10-17 12:45:53,000', 'ERROR', AAD_CLIENT, 'Unable to acquire access token from Azure', 'admin-http-pool2')].join('\n'));
    expect(codes(otherThread)).toContain('TOKEN_FAILED');
  });

  it('ignores PKIX and network failures of other ISE components', () => {
    const posture = iseLine('2024-05-10 10:00:00,000', 'ERROR', 'cisco.cpm.posture.update.PostureUpdater', 'Update failed: sun.security.validator.ValidatorException: PKIX path building failed to www.cisco.com');
    const diagnosis = diagnoseText([posture, iseLine('2024-05-10 10:00:01,000', 'ERROR', 'cisco.cpm.posture.update.PostureUpdater', 'java.net.SocketTimeoutException: connect timed out')].join('\n'));
    expect(codes(diagnosis)).toEqual([]);
    expect(diagnosis.linesRelevant).toBe(1);
  });

  it('reads the Test Connection pop-up pasted as it is, without an ISE header', () => {
    const diagnosis = diagnoseText(testConnectionPopup(HEX, 'pZ0CqVXvVBWMd2hlKqgIDxQ3p1M='));
    expect(codes(diagnosis)).toEqual(['KEY_NOT_FOUND']);
    const key = finding(diagnosis, 'KEY_NOT_FOUND');
    expect(key.evidence[0]).toMatchObject({ line: 3, timestamp: null });
    expect(key.firstSeen).toBeNull();
    expect(diagnosis.linesRelevant).toBe(1);
  });

  it('reads texts with Windows line endings the same way', () => {
    const unix = diagnoseText(pkixLog().join('\n'));
    const windows = diagnoseText(`${pkixLog().join('\r\n')}\r\n`);
    expect(windows.findings).toEqual(unix.findings);
    expect(windows.findings[0]?.evidence[0]?.text.endsWith('\r')).toBe(false);
    expect(windows.linesRead).toBe(unix.linesRead);
  });

  it('counts a line once and keeps its header when it holds a Unicode line separator (found by the property test)', () => {
    const diagnosis = diagnoseText(`${logOf(aadsts.consent)} \u2028tail`);
    expect([diagnosis.linesRead, diagnosis.linesRelevant]).toEqual([1, 1]);
    expect(diagnosis.findings[0]?.firstSeen).toBe('2024-05-10 10:12:13,456');
  });

  it('orders findings most severe first and the summary most recent first', () => {
    const text = [
      logOf(aadsts.secret, '2024-01-01 10:00:00,000'),
      logOf(aadsts.keyNotFound(HEX), '2024-02-01 10:00:00,000'),
      iseLine('2024-03-01 10:00:00,000', 'DEBUG', AAD_CLIENT, 'ResourceId/App Id uri - https://graph.windows.net'),
      logOf(aadsts.keyNotFound(HEX), '2024-01-15 10:00:00,000'),
    ].join('\n');
    const diagnosis = diagnoseText(text);
    expect(codes(diagnosis)).toEqual(['KEY_NOT_FOUND', 'SECRET_INSTEAD_OF_CERT', 'LEGACY_GRAPH']);
    expect(diagnosis.summary.map((row) => row.code)).toEqual(['LEGACY_GRAPH', 'KEY_NOT_FOUND', 'SECRET_INSTEAD_OF_CERT']);
    expect(diagnosis.summary[1]).toMatchObject({ count: 2, firstSeen: '2024-01-15 10:00:00,000', lastSeen: '2024-02-01 10:00:00,000' });
  });

  it('keeps the first and the most recent evidence lines of a finding seen thousands of times', () => {
    const lines = Array.from({ length: 3000 }, (_, i) => logOf(aadsts.consent, `2024-05-${String(1 + Math.floor(i / 100)).padStart(2, '0')} 10:${String(Math.floor(i / 60) % 60).padStart(2, '0')}:${String(i % 60).padStart(2, '0')},000`));
    const consent = finding(diagnoseText(lines.join('\n')), 'CONSENT_MISSING');
    expect(consent.count).toBe(3000);
    expect(consent.evidence).toHaveLength(20);
    expect(consent.evidence[0]?.line).toBe(1);
    expect(consent.evidence.at(-1)?.line).toBe(3000);
  });

  it('finds nothing in a healthy log, and says so in the text for the ticket', () => {
    const diagnosis = diagnoseText(noiseLines('2024-05-10', 50).join('\n'));
    expect(diagnosis.findings).toEqual([]);
    expect(diagnosis.linesRead).toBe(50);
    expect(diagnosis.linesRelevant).toBe(0);
    expect(renderDiagnosisText(diagnosis)).toContain('No known problem found');
  });

  it('renders a diagnosis as text for a support ticket with the evidence as file:line', () => {
    const text = renderDiagnosisText(diagnoseText([...pkixLog(), logOf(aadsts.tenantNotFound, '2016-10-18 10:00:00,000')].join('\n')));
    expect(text).toContain('[PKIX_PATH]');
    expect(text).toContain('pasted text:4: 2016-10-17 12:45:52,794 ERROR');
    expect(text).toContain('https://login.microsoftonline.com/error?code=90002');
    expect(text).toContain('Read 10 lines, 10 MDM-related.');
  });
});
