/**
 * Diagnosis of the codes admins meet, each tested with a wording published by Microsoft's
 * services as it appears in public issue trackers (the URL is next to each text), inside an
 * ise-psc.log entry of ISE's MDM code and as pasted text; and the rule that, in a log, AADSTS
 * counts only on MDM-related ISE entries.
 */
import { describe, expect, it } from 'vitest';
import type { Diagnosis, FindingCode } from '../../../preload/types/diagnosis';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FINDINGS_CATALOG, diagnoseFiles, diagnoseText } from '../../../main/services/ise';
import { AAD_CLIENT, iseLine } from './samples';

const codes = (diagnosis: Diagnosis): FindingCode[] => diagnosis.findings.map((finding) => finding.code);
const inLog = (message: string, className = AAD_CLIENT): string => iseLine('2025-04-10 13:07:42,123', 'ERROR', className, message);

/** [what, expected code, expected AADSTS, published text, where it was published] */
const PUBLISHED: [string, FindingCode, string | null, string, string][] = [
  [
    'AADSTS7000222, expired client secret',
    'SECRET_INSTEAD_OF_CERT',
    'AADSTS7000222',
    "AADSTS7000222: The provided client secret keys for app 'ccc25fb8-d83b-4225-b4b7-5f31bfb007be' are expired. Visit the Azure portal to create new keys for your app: https://aka.ms/NewClientSecret, or consider using certificate credentials for added security: https://aka.ms/certCreds. Trace ID: de577a4f-a611-44e8-94e6-5ca7955a3800 Correlation ID: b1f881fe-810c-4731-a772-fa920ee90430 Timestamp: 2025-04-10 13:07:42Z",
    'https://github.com/dotnet/sign/issues/849',
  ],
  [
    'AADSTS700024, client assertion out of its time range (MSAL4J)',
    'CLOCK_SKEW',
    'AADSTS700024',
    'com.microsoft.aad.msal4j.MsalServiceException: AADSTS700024: Client assertion is not within its valid time range. Current time: 2025-08-29T05:47:32.1501147Z, assertion valid from 1970-01-01T00:00:00.0000000Z, expiry time of assertion 2025-08-29T00:30:05.0000000Z. Review the documentation at https://learn.microsoft.com/entra/identity-platform/certificate-credentials . Trace ID: 7a84b74b-1889-494f-b408-66e8b36c7400 Correlation ID: d75bd923-d9ca-4d18-b80e-b13851840fa9 Timestamp: 2025-08-29 05:47:32Z',
    'https://github.com/AzureAD/microsoft-authentication-library-for-java/issues/984',
  ],
  [
    'AADSTS70002 wrapping AADSTS50012 "not within its valid time range" (ADAL4J, as older ISE)',
    'CLOCK_SKEW',
    'AADSTS50012',
    'com.microsoft.aad.adal4j.AuthenticationException: {"error_description":"AADSTS70002: Error validating credentials. AADSTS50012: Client assertion is not within its valid time range.\\r\\nTrace ID: 80ad7758-a570-42f0-97b7-ae2dded006c7\\r\\nCorrelation ID: 986a6c2c-a596-4189-b5b5-3a1b1a9a17e2\\r\\nTimestamp: 2015-07-30 17:18:47Z","error":"invalid_client"}',
    'https://github.com/AzureAD/azure-activedirectory-library-for-java/issues/46',
  ],
  [
    'AADSTS500011, resource principal not found',
    'RESOURCE_NOT_FOUND',
    'AADSTS500011',
    '{"error": "invalid_resource", "error_description": "AADSTS500011: The resource principal named https://api.store.microsoft.com was not found in the tenant named xxxx. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You might have sent your authentication request to the wrong tenant. Trace ID: f1444049-5a5e-4cdf-8162-7ee388e21d00 Correlation ID: 322d3326-7984-4806-aa39-c9acba94be19 Timestamp: 2024-03-05 12:54:51Z", "error_codes": [500011]}',
    'https://github.com/microsoft/store-submission/issues/18',
  ],
  [
    'AADSTS90002, tenant not found',
    'TENANT_NOT_FOUND',
    'AADSTS90002',
    '{"error":"invalid_tenant","error_description":"AADSTS90002: Tenant \'7e4eceb3-77b1-4b61-8729-9010f468a787\' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud. Check with your subscription administrator, this may happen if there are no active subscriptions for the tenant.\\r\\nTrace ID: 54e7356d-e57d-43a1-b478-714be1330000\\r\\nCorrelation ID: 202662ac-65fe-44d7-8b99-6363a17b0a9b\\r\\nTimestamp: 2022-10-24 16:58:16Z","error_codes":[90002]}',
    'https://github.com/Azure/azure-cli/issues/24376',
  ],
  [
    'AADSTS70002 wrapping AADSTS50012 "Invalid client secret is provided" (ADAL)',
    'SECRET_INSTEAD_OF_CERT',
    null,
    'Microsoft.IdentityModel.Clients.ActiveDirectory.AdalServiceException: AADSTS70002: Error validating credentials. AADSTS50012: Invalid client secret is provided. Trace ID: f8002e35-8e39-4dce-a889-96498b8f0d00 Correlation ID: 96cd5114-2f15-4cc4-89fd-8d110359777a Timestamp: 2017-04-02 12:10:31Z',
    'https://github.com/sjkp/letsencrypt-siteextension/issues/117',
  ],
];

describe('codes admins meet, with published wordings', () => {
  for (const [what, code, aadsts, text, source] of PUBLISHED) {
    it(`${what} → ${code} (${source})`, () => {
      for (const diagnosis of [diagnoseText(text), diagnoseText(inLog(text))]) {
        const found = diagnosis.findings.find((candidate) => candidate.code === code);
        expect(found, codes(diagnosis).join(', ')).toBeDefined();
        if (aadsts) expect(found?.aadsts).toBe(aadsts);
        expect(found?.remedy.text).toBe(FINDINGS_CATALOG[code].remedy.text);
        // AADSTS70002 only wraps the inner reason: never a finding of its own.
        expect(diagnosis.findings.some((candidate) => candidate.aadsts === 'AADSTS70002')).toBe(false);
        expect(codes(diagnosis)).not.toContain('TOKEN_FAILED');
      }
    });
  }

  it('gives the clock finding NTP on every node as the fix, and the tenant finding the tenant and the cloud', () => {
    expect(FINDINGS_CATALOG.CLOCK_SKEW.remedy.text).toMatch(/NTP on every ISE node/);
    expect(FINDINGS_CATALOG.TENANT_NOT_FOUND.cause).toMatch(/another cloud/);
    expect(FINDINGS_CATALOG.RESOURCE_NOT_FOUND.remedy.text).toContain('https://api.manage.microsoft.com/');
  });

  it('takes AADSTS70002 alone as a failed token request, not as an unknown code', () => {
    const diagnosis = diagnoseText('AADSTS70002: Error validating credentials.');
    expect(codes(diagnosis)).toEqual(['TOKEN_FAILED']);
  });
});

describe('token failure wordings: the family, not one sentence', () => {
  it.each([
    'Failed to acquire auth token from Azure AD',
    'Unable to acquire access token from Azure',
    'Failed to retrieve access token from Azure',
    'Error while getting access token for the MDM server',
    'Could not obtain an OAuth token',
    'Failure acquiring authentication token',
  ])('%j is TOKEN_FAILED', (message) => {
    expect(codes(diagnoseText(inLog(message)))).toEqual(['TOKEN_FAILED']);
    expect(codes(diagnoseText(message))).toEqual(['TOKEN_FAILED']);
  });

  it('does not take a token sentence of another ISE component as the MDM failure', () => {
    expect(codes(diagnoseText(inLog('Failed to retrieve access token from Azure', 'cisco.cpm.posture.feed.FeedClient')))).toEqual([]);
  });
});

describe('the Intune service unreachable or refusing', () => {
  it.each([
    ['MDM Server unreachable', 'MDM_UNREACHABLE'],
    ['Connection to MDM server failed: MDM Server is unreachable', 'MDM_UNREACHABLE'],
    ['GET https://fef.msub03.manage.microsoft.com/TrafficGateway/TrafficRoutingService/IntuneNAC/ComplianceRetrievalService/ciscoise/mdminfo/?ise_api_version=3 returned HTTP/1.1 401 Unauthorized', 'INTUNE_ACCESS_DENIED'],
    ['Intune service responded with 403 Forbidden for /cisco/devices/?paging=0&querycriteria=guid', 'INTUNE_ACCESS_DENIED'],
  ] as const)('%j is %s', (message, code) => {
    expect(codes(diagnoseText(inLog(message)))).toEqual([code]);
  });

  it('finds "MDM Server unreachable" in a log file whatever class logs it, and not the posture feed\'s', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mdm-unreachable-'));
    try {
      const file = join(dir, 'ise-psc.log');
      await writeFile(
        file,
        [
          iseLine('2025-04-10 13:07:40,000', 'INFO', 'com.cisco.cpm.posture.feed.FeedClient', 'Feed server reachable'),
          iseLine('2025-04-10 13:07:42,123', 'ERROR', 'com.cisco.cpm.admin.ExternalServerStatus', 'Intune: MDM Server unreachable'),
          '',
        ].join('\n'),
      );
      const diagnosis = await diagnoseFiles([file]);
      expect(codes(diagnosis)).toEqual(['MDM_UNREACHABLE']);
      expect(diagnosis.findings[0]?.evidence[0]?.line).toBe(2);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('keeps a 403 on Graph discovery as missing consent', () => {
    expect(codes(diagnoseText(inLog('GET https://graph.microsoft.com/v1.0/servicePrincipals/appId=0000000a-0000-0000-c000-000000000000/endpoints returned 403 Forbidden')))).toEqual(['CONSENT_MISSING']);
  });
});

describe('AADSTS in a log counts only on MDM-related ISE entries', () => {
  const tenantText = "AADSTS90002: Tenant 'contoso.example' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.";

  it('ignores an AADSTS line of another ISE feature (the Entra ID identity store)', () => {
    const line = iseLine('2025-04-10 13:07:42,123', 'ERROR', 'com.cisco.idm.rest.ropc.RopcTokenClient', `ROPC request failed: ${tenantText}`);
    expect(codes(diagnoseText(line))).toEqual([]);
  });

  it('counts it on an MDM class, and on another class whose text is about the MDM server', () => {
    expect(codes(diagnoseText(inLog(tenantText)))).toEqual(['TENANT_NOT_FOUND']);
    const other = iseLine('2025-04-10 13:07:42,123', 'ERROR', 'com.cisco.cpm.admin.TestConnectionAction', `Test connection to MDM server Intune failed: ${tenantText}`);
    expect(codes(diagnoseText(other))).toEqual(['TENANT_NOT_FOUND']);
  });

  it('takes pasted text as it is', () => {
    expect(codes(diagnoseText(tenantText))).toEqual(['TENANT_NOT_FOUND']);
  });
});
