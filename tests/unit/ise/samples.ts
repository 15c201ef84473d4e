/**
 * Texts in the shapes the admin meets: ise-psc.log lines as in the seed (timestamp, level,
 * [thread][], class, -::::-, message) and Entra's AADSTS texts as Microsoft publishes them.
 * Our own samples: tenant, client IDs and thumbprints are made up or come from the test PKI.
 */
export const CLIENT_ID = 'a46a6fd7-4a31-4471-9078-59cb2bb6a5ab';
export const TENANT_ID = '273106dc-2878-42eb-b7c8-069dcf334687';
export const AAD_CLIENT = 'cisco.cpm.mdm.authtoken.MdmAzureActiveDirectoryClient';
export const CERT_UTIL = 'cisco.cpm.mdm.authtoken.MdmCertAndKeyUtil';

export function iseLine(timestamp: string, level: string, className: string, message: string, thread = 'admin-http-pool9300'): string {
  return `${timestamp} ${level.padEnd(5)} [${thread}][] ${className} -::::- ${message}`;
}

const PORTAL_HINT = `Please visit the Azure Portal, Graph Explorer or directly use MS Graph to see configured keys for app Id '${CLIENT_ID}'. Review the documentation at https://docs.microsoft.com/en-us/graph/deployments if you are not using the global cloud.`;
const TRACE = 'Trace ID: 0d0f3c1e-1a2b-4c3d-9e8f-7a6b5c4d3e00 Correlation ID: 5a4b3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d Timestamp: 2024-05-10 10:12:13Z';

export const aadsts = {
  keyNotFound: (hex: string, configured = ''): string =>
    `AADSTS700027: Client assertion contains an invalid signature. [Reason - The key was not found., Thumbprint of key used by client: '${hex}'${configured ? `, Configured keys: [${configured}]` : `, ${PORTAL_HINT}`}] ${TRACE}`,
  keyNotRegistered: (hex?: string): string =>
    `AADSTS700027: The certificate with identifier used to sign the client assertion is not registered on application.${hex ? ` [Reason - The key was not found., Thumbprint of key used by client: '${hex}', ${PORTAL_HINT}]` : ''} ${TRACE}`,
  keyExpired: (hex: string): string =>
    `AADSTS50012: Client assertion contains an invalid signature. [Reason - The key used is expired., Thumbprint of key used by client: '${hex}', Found key 'Start=01/15/2022 09:30:00, End=01/15/2023 09:30:00', ${PORTAL_HINT}] ${TRACE}`,
  keyMismatch: (hex: string): string =>
    `AADSTS50013: Assertion failed signature validation. [Reason - Key was found, but use of the key to verify the signature failed., Thumbprint of key used by client: '${hex}', Found key 'Start=03/01/2024 00:00:00, End=03/01/2026 00:00:00'] ${TRACE}`,
  appNotFound: `AADSTS700016: Application with identifier '${CLIENT_ID}' was not found in the directory 'Contoso'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant. ${TRACE}`,
  secret: `AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${CLIENT_ID}'. ${TRACE}`,
  consent: `AADSTS65001: The user or administrator has not consented to use the application with ID '${CLIENT_ID}' named 'Cisco ISE'. Send an interactive authorization request for this user and resource. ${TRACE}`,
  tenantNotFound: `AADSTS90002: Tenant '${TENANT_ID}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud. ${TRACE}`,
};

/** The seed's PKIX sequence: the trust-store error, then the generic failure with its stack trace. */
export function pkixLog(day = '2016-10-17', thread = 'admin-http-pool9300'): string[] {
  return [
    iseLine(`${day} 12:45:52,158`, 'DEBUG', AAD_CLIENT, `ClientId - ${CLIENT_ID}, Token issuance endpoint - https://login.microsoftonline.com/${TENANT_ID}/oauth2/token, ResourceId/App Id uri - https://graph.microsoft.com`, thread),
    iseLine(`${day} 12:45:52,329`, 'DEBUG', CERT_UTIL, 'Certificate Friendly Name -ise-1.example.test#ise-1.example.test#00003', thread),
    iseLine(`${day} 12:45:52,364`, 'DEBUG', CERT_UTIL, 'Successfully decrypted private key', thread),
    iseLine(`${day} 12:45:52,794`, 'ERROR', AAD_CLIENT, 'There is a problem with the Azure certificates or ISE trust store. sun.security.validator.ValidatorException: PKIX path building failed: sun.security.provider.certpath.SunCertPathBuilderException: unable to find valid certification path to requested target', thread),
    iseLine(`${day} 12:45:52,794`, 'ERROR', AAD_CLIENT, 'Unable to acquire access token from Azure', thread),
    'java.util.concurrent.ExecutionException: javax.net.ssl.SSLHandshakeException: sun.security.validator.ValidatorException: PKIX path building failed: sun.security.provider.certpath.SunCertPathBuilderException: unable to find valid certification path to requested target',
    '\tat java.util.concurrent.FutureTask.report(FutureTask.java:122)',
    '\tat java.util.concurrent.FutureTask.get(FutureTask.java:192)',
    '\tat com.cisco.cpm.mdm.authtoken.MdmAzureActiveDirectoryClient.acquireToken(MdmAzureActiveDirectoryClient.java:211)',
  ];
}

/** What ISE's Test Connection pop-up shows (the seed), pasted as is. */
export function testConnectionPopup(hex: string, configuredBase64: string): string {
  return [
    'Connection to server failed with:',
    '',
    `Failed to acquire auth token from Azure AD. Error validating credentials. Client assertion signature. [Reason - The key was not found., Thumbprint of key used by client: '${hex}', Configured keys: [Key0:Start=03/14/2018, End=12/17/2018, Thumbprint=${configuredBase64};]]`,
    '',
    'Please try with different settings.',
  ].join('\n');
}

/** Lines from other ISE components, as most of ise-psc.log is. */
export function noiseLines(day: string, count: number, startSecond = 0): string[] {
  const classes = ['cisco.cpm.posture.runtime.PostureHandlerImpl', 'cisco.cpm.provisioning.impl.SessionCacheManager', 'com.cisco.cpm.admin.ui.action.LoginAction', 'cisco.cpm.prrt.impl.PrRTLoggerImpl'];
  const lines: string[] = [];
  for (let i = 0; i < count; i++) {
    const second = startSecond + i;
    const clock = `${String(10 + Math.floor(second / 3600)).padStart(2, '0')}:${String(Math.floor(second / 60) % 60).padStart(2, '0')}:${String(second % 60).padStart(2, '0')},${String(i % 1000).padStart(3, '0')}`;
    lines.push(iseLine(`${day} ${clock}`, i % 7 === 0 ? 'INFO' : 'DEBUG', classes[i % classes.length] as string, `Session 0a0a0a0a0000${String(i).padStart(5, '0')} processed in ${i % 97} ms`, `pool-${i % 9}-thread-1`));
  }
  return lines;
}
