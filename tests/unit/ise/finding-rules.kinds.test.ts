/**
 * Finding-rule kinds the older tests let through (issue 23): the MDM-only gate of every rule
 * that has one, the wording variants of each rule (403 forms, API versions), two different
 * unknown AADSTS codes in one entry, a SHA-256 thumbprint in an error text tied to its node,
 * and the key ISE used being itself expired. Input: log text; output: the diagnosis.
 */
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CertificateInfo } from '../../../preload/types/certs';
import type { Diagnosis, FindingCode } from '../../../preload/types/diagnosis';
import { loadCertificateFile } from '../../../main/services/certs';
import { diagnoseText } from '../../../main/services/ise';
import { TEXT_RULES } from '../../../main/services/ise/finding-rules';
import { MICROSOFT_CA } from '../../support/fixture-paths';
import { AAD_CLIENT, aadsts, iseLine } from './samples';

const codes = (diagnosis: Diagnosis): FindingCode[] => diagnosis.findings.map((finding) => finding.code).sort();
const DAY = '2024-05-10 10:12:13,456';
const POSTURE = 'cisco.cpm.posture.update.PostureUpdater';
const mdmLine = (message: string, day = DAY): string => iseLine(day, 'ERROR', AAD_CLIENT, message);
const postureLine = (message: string, day = DAY): string => iseLine(day, 'ERROR', POSTURE, message);

describe('the MDM-only gate: the same words from another ISE component are not an Intune finding', () => {
  // Each message carries "PKIX" so that the entry is read at all (a relevance marker), and nothing
  // that names Microsoft or ISE's MDM code.
  it.each<[FindingCode, string]>([
    ['PKIX_PATH', 'Feed update failed: sun.security.validator.ValidatorException: PKIX path building failed'],
    ['NETWORK', 'Feed update (PKIX checked) failed: java.net.ConnectException: Connection refused'],
    ['NETWORK', 'Feed update (PKIX checked) failed: java.net.UnknownHostException: www.cisco.com'],
    ['TOKEN_FAILED', 'Feed update (PKIX checked): Failed to acquire auth token from the feed server'],
    ['LEGACY_NAC_API', 'Feed update (PKIX checked) NACAPIService ise_api_version=2'],
  ])('%s: reported for ISE\'s MDM client, not for the posture feed', (code, message) => {
    expect(codes(diagnoseText(postureLine(message)))).toEqual([]);
    expect(codes(diagnoseText(mdmLine(message)))).toContain(code);
  });

  it('a posture-feed line that names a Microsoft host is about Intune after all', () => {
    expect(codes(diagnoseText(postureLine('PKIX path building failed for https://graph.microsoft.com/v1.0')))).toEqual(['PKIX_PATH']);
  });

  it('text pasted without an ISE header (a pop-up) counts as MDM', () => {
    expect(codes(diagnoseText('Connection to server failed: PKIX path building failed: Connection refused'))).toEqual(['NETWORK', 'PKIX_PATH']);
  });
});

describe('the gate of every wording rule, rule by rule', () => {
  // One sentence per rule, naming no Microsoft host and no MDM word (except the rules whose own
  // words do: LEGACY_GRAPH names graph.windows.net, MDM_UNREACHABLE names the MDM server).
  const SAMPLE: Record<string, string> = {
    PKIX_PATH: 'sun.security.validator.ValidatorException: PKIX path building failed',
    KEY_NOT_FOUND: 'Client assertion contains an invalid signature. [Reason - The key was not found.]',
    KEY_EXPIRED: 'Client assertion contains an invalid signature. [Reason - The key used is expired.]',
    KEY_MISMATCH: 'Assertion failed signature validation. [Reason - Key was found, but use of the key to verify the signature failed.]',
    APP_NOT_FOUND: "Application with identifier 'a46a6fd7-4a31-4471-9078-59cb2bb6a5ab' was not found in the directory 'Contoso'.",
    SECRET_INSTEAD_OF_CERT: 'Invalid client secret provided.',
    CLOCK_SKEW: 'Client assertion is not within its valid time range.',
    RESOURCE_NOT_FOUND: 'The resource principal named 0000000a-0000-0000-c000-000000000000 was not found in the tenant named Contoso.',
    TENANT_NOT_FOUND: "Tenant 'contoso.example' not found.",
    MDM_UNREACHABLE: 'MDM Server unreachable',
    CONSENT_MISSING: 'Insufficient privileges to complete the operation.',
    LEGACY_GRAPH: 'ResourceId/App Id uri - https://graph.windows.net',
    NETWORK: 'java.net.ConnectException: Connection refused',
    TOKEN_FAILED: 'Failed to acquire auth token from the token endpoint',
  };
  // ISE's own wordings and transport failures count only where the entry is about MDM (ISE's MDM
  // code, or a Microsoft host named); Entra's sentences count where its AADSTS codes count (ISE's
  // MDM code, or an entry naming MDM or Intune). Written out here, not read from the table.
  const ISE_WORDING: readonly FindingCode[] = ['PKIX_PATH', 'LEGACY_GRAPH', 'NETWORK', 'TOKEN_FAILED'];
  const NAMES_HOST: readonly FindingCode[] = ['LEGACY_GRAPH'];
  const NAMES_MDM: readonly FindingCode[] = ['MDM_UNREACHABLE'];
  // "PKIX checked" is a relevance marker matching no rule: without a marker a line is not read at all.
  const contexts: { name: string; line: (sample: string) => string; found: (code: FindingCode) => boolean }[] = [
    { name: "ISE's MDM client", line: (sample) => mdmLine(sample), found: () => true },
    {
      name: 'the posture feed',
      line: (sample) => postureLine(`Feed update (PKIX checked): ${sample}`),
      found: (code) => (ISE_WORDING.includes(code) ? NAMES_HOST.includes(code) : NAMES_MDM.includes(code)),
    },
    {
      name: 'the posture feed naming a Microsoft host',
      line: (sample) => postureLine(`Feed update from https://graph.microsoft.com/v1.0 (PKIX checked): ${sample}`),
      found: (code) => ISE_WORDING.includes(code) || NAMES_MDM.includes(code),
    },
    {
      name: 'a posture condition naming MDM',
      line: (sample) => postureLine(`Condition MDM:DeviceCompliantStatus not evaluated (PKIX checked): ${sample}`),
      found: (code) => !ISE_WORDING.includes(code) || NAMES_HOST.includes(code),
    },
  ];

  it('every rule of the table has a sample sentence that its pattern matches', () => {
    expect(TEXT_RULES.length).toBeGreaterThan(10);
    for (const rule of TEXT_RULES) {
      const sample = SAMPLE[rule.code];
      expect(sample, rule.code).toBeDefined();
      expect(rule.pattern.test(sample as string), rule.code).toBe(true);
    }
  });

  for (const context of contexts) {
    it.each(TEXT_RULES.map((rule) => [rule.code] as [FindingCode]))(`%s in a line of ${context.name}`, (code) => {
      const found = codes(diagnoseText(context.line(SAMPLE[code] as string)));
      if (context.found(code)) expect(found).toContain(code);
      else expect(found).not.toContain(code);
    });
  }

  it('an Entra sentence counts for an MDM class logged without its package', () => {
    const line = iseLine(DAY, 'ERROR', 'MdmAzureActiveDirectoryClient', SAMPLE.APP_NOT_FOUND as string);
    expect(codes(diagnoseText(line))).toEqual(['APP_NOT_FOUND']);
    const packaged = iseLine(DAY, 'ERROR', 'com.cisco.cpm.MdmServerInfo', `(PKIX checked) ${SAMPLE.TENANT_NOT_FOUND}`);
    expect(codes(diagnoseText(packaged))).toEqual(['TENANT_NOT_FOUND']);
  });

  it('a continuation line that names the MDM server puts the whole entry about MDM', () => {
    const entry = [postureLine('Compliance lookup failed for endpoint 11:22:33:44:55:66'), "MDM server response: AADSTS90002: Tenant 'contoso.example' not found."].join('\n');
    expect(diagnoseText(entry).findings.map((f) => [f.code, f.aadsts])).toEqual([['TENANT_NOT_FOUND', 'AADSTS90002']]);
  });

  it("AADSTS codes of another ISE component (the REST identity store's sign-in) are not Intune findings", () => {
    const line = iseLine(DAY, 'ERROR', 'com.cisco.cpm.idstore.rest.RestIdStoreClient', 'POST https://login.microsoftonline.com/contoso.example/oauth2/v2.0/token: AADSTS50126: Error validating credentials due to invalid username or password.');
    expect(codes(diagnoseText(line))).toEqual([]);
    expect(codes(diagnoseText(mdmLine('AADSTS50126: Error validating credentials due to invalid username or password.')))).toEqual(['UNKNOWN_AADSTS']);
  });
});

describe('the token-failure wording family', () => {
  it.each([
    'Failed to acquire auth token from Azure AD',
    'Unable to acquire access token',
    'Failed to retrieve access token from Azure',
    'Fail to get access token',
    'Failure to obtain OAuth token',
    'Could not fetch bearer token',
    "Couldn't generate access token",
    'Cannot retrieve the access token',
    "Can't get a bearer token",
    'Error while acquiring access token',
    'Error acquiring an authentication token',
    'Failed retrieving access token',
    'Failed getting auth token',
    'Failed obtaining access token',
    'Failed fetching OAuth2 token',
    'Failed to generate access token',
    'Failed to acquire Azure access token',
    'Failed to acquire Azure AD access token',
    'Failed to acquire AAD access token',
    'Failed to acquire Entra access token',
    'Failed to acquire OAuth access token',
    'Failed to acquire OAuth2 access token',
    'Unable to get an OAuth2 token',
    'Error  while  acquiring  an  Azure  AD  access  token',
    'Failed\tto\tget\tthe\tauth\ttoken',
    'Unable  to  get  the  access  token',
  ])('"%s" is a failed token request', (message) => {
    expect(codes(diagnoseText(mdmLine(message)))).toEqual(['TOKEN_FAILED']);
  });

  it.each([
    'Acquired access token, expires in 3599 seconds',
    'Access token: failed to acquire',
    'Failed to acquire access lock',
    'Unable to get access to the token cache',
    'Failed to validate access token',
    'Failed to acquire token',
    'Failed to acquire Azure AD token',
    'Token request succeeded after an earlier failure',
  ])('"%s" is not', (message) => {
    expect(codes(diagnoseText(mdmLine(message)))).not.toContain('TOKEN_FAILED');
  });
});

describe('the Intune service refusing ISE (HTTP 401 and 403)', () => {
  const INTUNE = 'POST https://fef.msub03.manage.microsoft.com/TrafficGateway/ComplianceRetrievalService';
  it.each(['401', '403'])('every form of a %s from the Intune service is access denied', (status) => {
    const words = status === '401' ? 'Unauthorized' : 'Forbidden';
    for (const form of [
      `returned HTTP/1.1 ${status}`,
      `returned HTTP/1.0 ${status}`,
      `returned ${status} ${words}`,
      `failed, status code: ${status}`,
      `failed, response code ${status}`,
      `failed, statusCode=${status}`,
      `failed with HTTP ${status}`,
      `returned status - ${status}`,
      `failed, response code : ${status}`,
      `failed, status_code ${status}`,
      `failed, statusCode : ${status}`,
      `failed, responseCode:${status}`,
    ]) {
      expect(codes(diagnoseText(mdmLine(`${INTUNE} ${form}`))), form).toEqual(['INTUNE_ACCESS_DENIED']);
    }
  });

  it.each([
    'returned HTTP/1.1 200',
    'returned HTTP/1.1 4010',
    'returned status 404',
    'sent 401 devices',
    'failed, status code: 4031',
    'returned HTTP/1.1 500 after 401 Unauthorizedness',
  ])('"%s" is not access denied', (form) => {
    expect(codes(diagnoseText(mdmLine(`${INTUNE} ${form}`)))).not.toContain('INTUNE_ACCESS_DENIED');
  });

  it('a 401 from another service of ISE is not the Intune service refusing', () => {
    expect(codes(diagnoseText(mdmLine('GET https://login.microsoftonline.com/common/discovery returned HTTP/1.1 401')))).not.toContain('INTUNE_ACCESS_DENIED');
  });
});

describe('wordings without their AADSTS code', () => {
  it.each<[FindingCode, string]>([
    ['SECRET_INSTEAD_OF_CERT', 'The provided client secret keys are expired.'],
    ['SECRET_INSTEAD_OF_CERT', "The provided client secret keys for app 'ccc25fb8-d83b-4225-b4b7-5f31bfb007be' are expired."],
    ['RESOURCE_NOT_FOUND', 'The resource principal named https://api.manage.microsoft.com/ was not found in the tenant named Contoso.'],
    ['RESOURCE_NOT_FOUND', 'The resource principal named was not found in the tenant named Contoso.'],
    ['TENANT_NOT_FOUND', "Tenant 'contoso.example' not found."],
    ['TENANT_NOT_FOUND', 'Tenant 273106dc-2878-42eb-b7c8-069dcf334687 not found. This may happen if there are no active subscriptions for the tenant.'],
    ['MDM_UNREACHABLE', 'Unable to connect to MDM server'],
    ['MDM_UNREACHABLE', 'Unable to reach the MDM server'],
    ['MDM_UNREACHABLE', 'MDM Server is not reachable'],
  ])('%s from "%s"', (code, message) => {
    expect(codes(diagnoseText(mdmLine(message)))).toEqual([code]);
  });

  it('a finding keeps the first AADSTS number an entry gives it', () => {
    const diagnosis = diagnoseText(mdmLine("AADSTS7000215: Invalid client secret provided. AADSTS7000222: The provided client secret keys for app 'x' are expired."));
    expect(diagnosis.findings.map((f) => [f.code, f.aadsts])).toEqual([['SECRET_INSTEAD_OF_CERT', 'AADSTS7000215']]);
  });
});

describe('wording variants of each rule', () => {
  it.each<[FindingCode, string]>([
    ['PKIX_PATH', 'PKIX path validation failed: java.security.cert.CertPathValidatorException'],
    ['PKIX_PATH', 'SSLHandshakeException: unable to find valid certification path to requested target'],
    ['KEY_NOT_FOUND', 'Error validating credentials. [Reason - The key was not found.]'],
    ['SECRET_INSTEAD_OF_CERT', 'Invalid client secret is provided.'],
    ['SECRET_INSTEAD_OF_CERT', 'Invalid client secret provided.'],
    ['CONSENT_MISSING', '{"error":{"code":"Authorization_RequestDenied"}}'],
    ['CONSENT_MISSING', 'Insufficient privileges to complete the operation.'],
    ['CONSENT_MISSING', 'The user or administrator has not consented to use the application'],
    ['APP_NOT_FOUND', "Application with identifier 'a46a6fd7-4a31-4471-9078-59cb2bb6a5ab' was not found in the directory 'Contoso'"],
    ['KEY_MISMATCH', 'Key was found, but use of the key to verify the signature failed.'],
    ['NETWORK', 'java.net.SocketTimeoutException: Read timed out'],
    ['NETWORK', 'org.apache.http.conn.ConnectTimeoutException: Connect to login.microsoftonline.com:443 timed out'],
    ['NETWORK', 'java.net.NoRouteToHostException: No route to host'],
    ['NETWORK', 'java.net.SocketException: Network is unreachable'],
    ['NETWORK', 'HTTP/1.1 407 Proxy Authentication Required'],
    ['TOKEN_FAILED', 'Failed to acquire an auth token'],
    ['TOKEN_FAILED', 'Failed to acquire authentication token'],
    ['TOKEN_FAILED', 'Unable to acquire an access token'],
    ['TOKEN_FAILED', 'Failed to get access token'],
    ['TOKEN_FAILED', 'Failed to obtain auth token'],
    ['LEGACY_GRAPH', 'Auto Discovery URL https://graph.windows.net/contoso.onmicrosoft.com'],
  ])('%s from "%s"', (code, message) => {
    expect(codes(diagnoseText(mdmLine(message)))).toEqual([code]);
  });

  it.each([
    'GET https://graph.microsoft.com/v1.0/servicePrincipals returned HTTP/1.1 403',
    'GET https://graph.microsoft.com/v1.0/servicePrincipals returned HTTP/1.0 403',
    'Discovery of the Intune endpoints failed: 403 Forbidden',
    'serviceEndpoints call failed, status code: 403',
    'serviceEndpoints call failed, response code 403',
    'serviceEndpoints call failed, statusCode=403',
    'serviceEndpoints call failed with HTTP 403',
    'serviceEndpoints call returned status - 403',
    'serviceEndpoints call failed, response code : 403',
    'serviceEndpoints call failed, status_code 403',
    'serviceEndpoints call failed, statusCode : 403',
  ])('a 403 on the discovery call is missing consent: "%s"', (message) => {
    expect(codes(diagnoseText(mdmLine(message)))).toEqual(['CONSENT_MISSING']);
  });

  it.each([
    'POST https://fef.msub03.manage.microsoft.com/TrafficGateway/ComplianceRetrievalService returned 403 Forbidden',
    'GET https://graph.microsoft.com/v1.0/servicePrincipals returned HTTP/1.1 404',
    'Processed 4030 endpoints from the discovery',
  ])('anything else is not missing consent: "%s"', (message) => {
    expect(codes(diagnoseText(mdmLine(message)))).not.toContain('CONSENT_MISSING');
  });

  it.each([
    ['ise_api_version=1', true],
    ['ise_api_version=2', true],
    ['ise_api_version=3', false],
    ['ise_api_version=21', false],
    ['StatelessNACService', true],
    ['NACAPIService', true],
  ])('the Intune NAC API version in "%s" is the legacy one: %s', (words, legacy) => {
    const diagnosis = diagnoseText(iseLine('2024-04-02 08:00:00,000', 'DEBUG', 'cisco.cpm.mdm.intune.IntuneClient', `Compliance request ${words}`));
    expect(codes(diagnosis).includes('LEGACY_NAC_API')).toBe(legacy);
  });

  it('the legacy NAC API is fine on the day before it stopped and reported from that day on', () => {
    const on = (day: string) => codes(diagnoseText(iseLine(`${day} 00:00:00,000`, 'DEBUG', 'cisco.cpm.mdm.intune.IntuneClient', 'Using NACAPIService')));
    expect(on('2024-03-23')).toEqual([]);
    expect(on('2024-03-24')).toEqual(['LEGACY_NAC_API']);
  });
});

describe('AADSTS codes', () => {
  it('two different unknown AADSTS codes in one entry are two findings, each with its own code', () => {
    const diagnosis = diagnoseText(mdmLine('AADSTS53003: Access has been blocked by Conditional Access policies. Then AADSTS50034: The user account does not exist. Again AADSTS53003.'));
    const unknown = diagnosis.findings.filter((finding) => finding.code === 'UNKNOWN_AADSTS');
    expect(unknown.map((finding) => finding.aadsts).sort()).toEqual(['AADSTS50034', 'AADSTS53003']);
    expect(unknown.map((finding) => finding.lookupUrl).sort()).toEqual(['https://login.microsoftonline.com/error?code=50034', 'https://login.microsoftonline.com/error?code=53003']);
  });

  it('a known code keeps its number even when its wording came first without one', () => {
    const diagnosis = diagnoseText(mdmLine('Invalid client secret provided. (AADSTS7000215)'));
    expect(diagnosis.findings).toEqual([expect.objectContaining({ code: 'SECRET_INSTEAD_OF_CERT', aadsts: 'AADSTS7000215' })]);
  });

  it('a finding worded on one line takes the AADSTS number a later line of the same entry gives', () => {
    const diagnosis = diagnoseText([mdmLine('Invalid client secret provided.'), 'Caused by: com.microsoft.aad.msal4j.MsalServiceException: AADSTS7000215: Invalid client secret.'].join('\n'));
    expect(diagnosis.findings).toEqual([expect.objectContaining({ code: 'SECRET_INSTEAD_OF_CERT', aadsts: 'AADSTS7000215' })]);
  });

  it('an unknown AADSTS code explains a failed token request: no generic token finding next to it', () => {
    const diagnosis = diagnoseText(mdmLine('Failed to acquire auth token from Azure AD. AADSTS53003: Access has been blocked by Conditional Access policies.'));
    expect(diagnosis.findings.map((finding) => [finding.code, finding.aadsts])).toEqual([['UNKNOWN_AADSTS', 'AADSTS53003']]);
  });

  it('the time-range wording makes only AADSTS50012 a clock skew: another code of the entry keeps its meaning', () => {
    const entry = [
      mdmLine('Failed to acquire auth token. AADSTS700024: Client assertion is not within its valid time range.'),
      'Caused by: com.microsoft.aad.msal4j.MsalServiceException: AADSTS53003: Access has been blocked by Conditional Access policies.',
    ].join('\n');
    expect(diagnoseText(entry).findings.map((f) => [f.code, f.aadsts]).sort()).toEqual([
      ['CLOCK_SKEW', 'AADSTS700024'],
      ['UNKNOWN_AADSTS', 'AADSTS53003'],
    ]);
  });

  it('AADSTS50012 is an expired key only with the expired-key wording', () => {
    expect(codes(diagnoseText(mdmLine('AADSTS50012: Client assertion contains an invalid signature. [Reason - The key used is expired.]')))).toEqual(['KEY_EXPIRED']);
    expect(diagnoseText(mdmLine('AADSTS50012: Invalid client secret is provided.')).findings.map((f) => [f.code, f.aadsts]).sort()).toEqual([
      ['SECRET_INSTEAD_OF_CERT', null],
      ['UNKNOWN_AADSTS', 'AADSTS50012'],
    ]);
  });
});

describe('thumbprints in error texts tied to the loaded node certificates', () => {
  let info: CertificateInfo;
  beforeAll(async () => {
    const file = await loadCertificateFile(join(MICROSOFT_CA, 'digicert_global_root_g2.pem'));
    info = file.certificates[0]?.info as CertificateInfo;
  });
  const context = (now: string) => ({ certificates: [{ name: 'ise-psn-2', file: 'psn2.pem', certificate: info }], now });

  it.each([
    ['SHA-256 hex', () => info.thumbprints.sha256],
    ['SHA-256 base64url', () => info.thumbprints.sha256Base64Url],
    ['SHA-1 base64', () => info.thumbprints.sha1Base64],
  ])('a %s thumbprint names its node', (_label, spelling) => {
    const diagnosis = diagnoseText(mdmLine(aadsts.keyNotFound(spelling())), context('2026-01-01T00:00:00Z'));
    const keyNotFound = diagnosis.findings.find((finding) => finding.code === 'KEY_NOT_FOUND');
    expect(keyNotFound?.matched).toEqual([expect.objectContaining({ thumbprint: spelling(), source: 'key-used-by-client', certificate: expect.objectContaining({ node: 'ise-psn-2', sha1: info.thumbprints.sha1 }) })]);
    expect(keyNotFound?.explanations.join(' ')).toContain('ise-psn-2');
  });

  it('the key ISE used being itself expired: says to renew the node certificate, not only to register it', () => {
    const afterExpiry = new Date(new Date(info.notAfter).getTime() + 86_400_000).toISOString();
    const beforeExpiry = new Date(new Date(info.notAfter).getTime() - 86_400_000).toISOString();
    const explain = (now: string) => {
      const diagnosis = diagnoseText(mdmLine(aadsts.keyExpired(info.thumbprints.sha256)), context(now));
      const expired = diagnosis.findings.find((finding) => finding.code === 'KEY_EXPIRED');
      return { phrases: expired?.explanationPhrases.map((phrase) => phrase.key) ?? [], text: expired?.explanations.join(' ') ?? '' };
    };
    expect(explain(afterExpiry).phrases).toContain('keyUsed.expired.keyExpired');
    expect(explain(afterExpiry).text).toContain("renew ise-psn-2's certificate on ISE");
    expect(explain(beforeExpiry).phrases).toContain('keyUsed.expires.keyExpired');
    expect(explain(beforeExpiry).text).toContain("register ise-psn-2's current certificate");
  });
});

describe('a generic token failure next to a specific cause adds nothing', () => {
  // One ISE entry: the generic sentence, then the cause, as ISE logs them together.
  it.each<[FindingCode, string]>([
    ['PKIX_PATH', 'PKIX path building failed: unable to find valid certification path to requested target'],
    ['KEY_NOT_FOUND', 'AADSTS700027: Client assertion contains an invalid signature. [Reason - The key was not found.]'],
    ['KEY_EXPIRED', 'AADSTS50012: Client assertion contains an invalid signature. [Reason - The key used is expired.]'],
    ['KEY_MISMATCH', 'AADSTS50013: Assertion failed signature validation. [Reason - Key was found, but use of the key to verify the signature failed.]'],
    ['APP_NOT_FOUND', "AADSTS700016: Application with identifier 'x' was not found in the directory 'Contoso'."],
    ['SECRET_INSTEAD_OF_CERT', 'AADSTS7000215: Invalid client secret provided.'],
    ['CONSENT_MISSING', 'AADSTS65001: The user or administrator has not consented to use the application.'],
    ['NETWORK', 'java.net.ConnectException: Connection refused'],
    ['CLOCK_SKEW', 'AADSTS700024: Client assertion is not within its valid time range.'],
    ['RESOURCE_NOT_FOUND', 'AADSTS500011: The resource principal named https://api.manage.microsoft.com/ was not found in the tenant.'],
    ['TENANT_NOT_FOUND', "AADSTS90002: Tenant 'contoso.example' not found."],
    ['MDM_UNREACHABLE', 'MDM Server unreachable'],
    ['INTUNE_ACCESS_DENIED', 'POST https://fef.msub03.manage.microsoft.com/ComplianceRetrievalService returned 403 Forbidden'],
    ['UNKNOWN_AADSTS', 'AADSTS53003: Access has been blocked by Conditional Access policies.'],
  ])('%s', (code, cause) => {
    const diagnosis = diagnoseText(mdmLine(`Failed to acquire auth token from Azure AD. ${cause}`));
    expect(codes(diagnosis)).toEqual([code]);
    // Alone, the generic sentence is the finding.
    expect(codes(diagnoseText(mdmLine('Failed to acquire auth token from Azure AD.')))).toEqual(['TOKEN_FAILED']);
  });
});
