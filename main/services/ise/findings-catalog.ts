/**
 * What each finding means and how it is fixed (DOMAIN.md "Errors the app diagnoses"). Texts
 * are English; the UI maps `code` to translated text. `rank` orders findings: the cause that
 * blocks everything else comes first, the generic token failure last.
 */
import type { FindingCode, FindingSeverity, Remedy } from '../../../preload/types/diagnosis';

export interface CatalogEntry {
  code: FindingCode;
  title: string;
  severity: FindingSeverity;
  rank: number;
  cause: string;
  remedy: Remedy;
}

const TRUSTED_CERTIFICATES = 'ISE: Administration > System > Certificates > Trusted Certificates';
const CERTIFICATES_AND_SECRETS = 'Entra admin center: App registrations > your app > Certificates & secrets';
const API_PERMISSIONS = 'Entra admin center: App registrations > your app > API permissions > Grant admin consent';
const EXTERNAL_MDM = 'ISE: Administration > Network Resources > External MDM';
const SYSTEM_CERTIFICATES = 'ISE: Administration > System > Certificates > System Certificates';

export const FINDINGS_CATALOG: Readonly<Record<FindingCode, CatalogEntry>> = {
  PKIX_PATH: {
    code: 'PKIX_PATH',
    title: "ISE does not trust Microsoft's certificate chain",
    severity: 'blocking',
    rank: 100,
    cause: "A CA certificate of the chain served by login.microsoftonline.com, graph.microsoft.com or the Intune host is missing from ISE's trusted certificates, so ISE refuses the TLS connection (PKIX path building failed).",
    remedy: {
      text: 'Fetch the live chains of the Microsoft hosts, export the missing root and intermediate CAs, import them in ISE with "Trust for authentication of Cisco Services" ticked, then test the connection again.',
      screen: 'chains',
      menuPath: TRUSTED_CERTIFICATES,
    },
  },
  KEY_NOT_FOUND: {
    code: 'KEY_NOT_FOUND',
    title: "The app in Entra does not have this ISE node's certificate",
    severity: 'blocking',
    rank: 95,
    cause: 'ISE signed its token request with its system certificate, and Entra found no key with that thumbprint on the app registration (AADSTS700027): the node certificate was never registered, was replaced, or another node made the request.',
    remedy: {
      text: 'Register the certificate of every ISE node on the app (the PAN and every PSN: each node asks Entra for its own token), keeping the keys already there.',
      screen: 'manifest',
      menuPath: CERTIFICATES_AND_SECRETS,
    },
  },
  KEY_EXPIRED: {
    code: 'KEY_EXPIRED',
    title: 'The certificate registered on the app has expired',
    severity: 'blocking',
    rank: 94,
    cause: 'Entra found the key ISE used, but its validity has ended (AADSTS50012 "The key used is expired").',
    remedy: {
      text: "Renew the ISE system certificate, register the new one on the app, and keep the old key until every node uses the new certificate.",
      screen: 'manifest',
      menuPath: `${SYSTEM_CERTIFICATES}; ${CERTIFICATES_AND_SECRETS}`,
    },
  },
  KEY_MISMATCH: {
    code: 'KEY_MISMATCH',
    title: "ISE's private key does not match the registered certificate",
    severity: 'blocking',
    rank: 93,
    cause: 'Entra found a key with the thumbprint ISE sent, but the signature does not verify with it (AADSTS50013): the private key ISE signs with does not belong to the certificate registered on the app.',
    remedy: {
      text: 'Check that the registered certificate and the private key ISE uses belong together (open the ISE export with its key in Certificates), then register the certificate ISE actually uses.',
      screen: 'certificates',
      menuPath: SYSTEM_CERTIFICATES,
    },
  },
  APP_NOT_FOUND: {
    code: 'APP_NOT_FOUND',
    title: 'Entra does not know this Client ID in this tenant',
    severity: 'blocking',
    rank: 90,
    cause: "The Client ID or the tenant in ISE's External MDM settings is wrong (AADSTS700016): the application was not found in the directory the token request went to.",
    remedy: {
      text: "Compare the Application (client) ID and the Directory (tenant) ID of the app registration with ISE's Client ID and Token Issuing URL.",
      screen: 'setup-mdm',
      menuPath: EXTERNAL_MDM,
    },
  },
  SECRET_INSTEAD_OF_CERT: {
    code: 'SECRET_INSTEAD_OF_CERT',
    title: 'A client secret was used where a certificate is expected',
    severity: 'blocking',
    rank: 88,
    cause: 'Entra received a client secret, not a certificate-signed assertion (AADSTS7000215 "Invalid client secret provided", AADSTS7000222 "The provided client secret keys are expired"). ISE authenticates to Entra with its system certificate only.',
    remedy: {
      text: "Use the certificate flow: register ISE's node certificates on the app; a client secret plays no part in the ISE integration.",
      screen: 'manifest',
      menuPath: CERTIFICATES_AND_SECRETS,
    },
  },
  CONSENT_MISSING: {
    code: 'CONSENT_MISSING',
    title: "The app's API permissions are missing or not consented",
    severity: 'blocking',
    rank: 85,
    cause: "The app lacks a required API permission or an admin has not granted consent (AADSTS65001, Authorization_RequestDenied or HTTP 403 on Intune discovery), so Graph refuses ISE's discovery call.",
    remedy: {
      text: 'Add get_device_compliance (Intune) and Application.Read.All (Microsoft Graph) as Application permissions, then click "Grant admin consent".',
      screen: 'setup-permissions',
      menuPath: API_PERMISSIONS,
    },
  },
  TENANT_NOT_FOUND: {
    code: 'TENANT_NOT_FOUND',
    title: 'Entra does not know the tenant in the Token Issuing URL',
    severity: 'blocking',
    rank: 91,
    cause: "Entra found no tenant with the ID or domain the request named (AADSTS90002 \"Tenant '…' not found\"): the tenant in ISE's Token Issuing URL has a typo, or the URL points at another cloud (for example the public login.microsoftonline.com for a US Government tenant).",
    remedy: {
      text: "Copy the Directory (tenant) ID from the app registration's Overview page into the Token Issuing URL (https://login.microsoftonline.com/<tenant ID>/oauth2/token), on the login host of your tenant's cloud.",
      screen: 'setup-mdm',
      menuPath: EXTERNAL_MDM,
    },
  },
  CLOCK_SKEW: {
    code: 'CLOCK_SKEW',
    title: "ISE's clock is off",
    severity: 'blocking',
    rank: 89,
    cause: 'Entra refused the signed request because its validity times do not match Entra\'s clock (AADSTS700024 "Client assertion is not within its valid time range"; older releases show it as AADSTS50012): the clock of the ISE node that signed it is wrong.',
    remedy: {
      text: 'Set NTP on every ISE node (the PAN and every PSN) and check that each one shows the right time (show ntp, show clock), then test again.',
      screen: null,
      menuPath: 'ISE: Administration > System > Settings > System Time; CLI: show ntp',
    },
  },
  RESOURCE_NOT_FOUND: {
    code: 'RESOURCE_NOT_FOUND',
    title: 'Entra does not know the Token Audience in this tenant',
    severity: 'blocking',
    rank: 87,
    cause: 'Entra found no service with the audience ISE asked a token for (AADSTS500011 "The resource principal named … was not found in the tenant"): the Token Audience has a typo, or the tenant has no Microsoft Intune.',
    remedy: {
      text: 'Type the Token Audience exactly as https://api.manage.microsoft.com/ and check that the tenant has an active Intune licence.',
      screen: 'setup-mdm',
      menuPath: EXTERNAL_MDM,
    },
  },
  TLS_UNTRUSTED: {
    code: 'TLS_UNTRUSTED',
    title: "The TLS certificate of a Microsoft host is not trusted",
    severity: 'blocking',
    rank: 82,
    cause: 'The certificate chain a Microsoft host presented does not lead to a trusted CA: a CA is missing from the trusted certificates, or a proxy inspects TLS and presents its own certificate.',
    remedy: {
      text: "Fetch the host's live chain to see which CA issued it. A Microsoft CA: import it (in ISE: Trusted Certificates, with \"Trust for authentication of Cisco Services\"). A proxy's own CA: the proxy inspects TLS; add its root CA (Settings) or exempt the Microsoft hosts from inspection.",
      screen: 'chains',
      menuPath: TRUSTED_CERTIFICATES,
    },
  },
  MDM_UNREACHABLE: {
    code: 'MDM_UNREACHABLE',
    title: 'ISE cannot reach the Intune service',
    severity: 'blocking',
    rank: 79,
    cause: 'ISE reports the MDM server as unreachable: the Intune host discovery returned (a *.manage.microsoft.com name) cannot be reached from the ISE node, through its proxy if it uses one, or its TLS chain is not trusted.',
    remedy: {
      text: "Check DNS, the firewall and ISE's proxy from every ISE node to *.manage.microsoft.com on port 443, and that ISE trusts that host's chain; then test the connection again.",
      screen: 'chains',
      menuPath: 'ISE: Administration > System > Settings > Proxy',
    },
  },
  INTUNE_ACCESS_DENIED: {
    code: 'INTUNE_ACCESS_DENIED',
    title: 'The Intune service refused ISE (HTTP 401 or 403)',
    severity: 'blocking',
    rank: 84,
    cause: "The Intune compliance service answered 401 (the token is not for Intune's audience or tenant) or 403 (the app lacks get_device_compliance, or admin consent was not granted).",
    remedy: {
      text: 'Add get_device_compliance (Intune API, Application) to the app and click "Grant admin consent"; check that the Token Audience is https://api.manage.microsoft.com/.',
      screen: 'setup-permissions',
      menuPath: API_PERMISSIONS,
    },
  },
  NETWORK: {
    code: 'NETWORK',
    title: 'ISE cannot reach Microsoft',
    severity: 'blocking',
    rank: 80,
    cause: 'The connection from ISE to a Microsoft host timed out, was refused, the host name did not resolve, or the proxy refused it.',
    remedy: {
      text: "Check DNS, the firewall and the proxy from the ISE node to login.microsoftonline.com, graph.microsoft.com and *.manage.microsoft.com (port 443); set ISE's proxy if the network requires one. Test the same hosts from this app with your proxy settings.",
      screen: 'settings',
      menuPath: 'ISE: Administration > System > Settings > Proxy',
    },
  },
  UNKNOWN_AADSTS: {
    code: 'UNKNOWN_AADSTS',
    title: 'Entra refused the request with another error',
    severity: 'blocking',
    rank: 70,
    cause: 'Entra answered with an AADSTS error that has no specific advice here.',
    remedy: {
      text: "Look the code up on Microsoft's error page, which explains it and its usual fix.",
      screen: null,
      menuPath: null,
    },
  },
  LEGACY_NAC_API: {
    code: 'LEGACY_NAC_API',
    title: "ISE uses Intune's retired NAC API",
    severity: 'blocking',
    rank: 60,
    cause: "Intune's legacy NAC API stopped on 2024-03-24 (Microsoft says 2024-03-31): ISE releases before 3.1 Patch 8 / 3.2 Patch 4 (3.1 Patch 3 to 7 and 3.2 Patch 0 to 3 included, although they talk to Microsoft Graph) get no compliance data any more.",
    remedy: {
      text: 'Upgrade ISE to 3.1 Patch 8, 3.2 Patch 4, or 3.3 and later (3.4, 3.5), which use the Compliance Retrieval API.',
      screen: 'setup-mdm',
      menuPath: 'ISE: Administration > System > Upgrade / Patch Management',
    },
  },
  LEGACY_GRAPH: {
    code: 'LEGACY_GRAPH',
    title: 'ISE still calls the retired Azure AD Graph',
    severity: 'warning',
    rank: 50,
    cause: 'Calls go to graph.windows.net. Azure AD Graph is retired (blocked for new apps from 2024-08-31, fully off in 2025); ISE 3.1 Patch 3+ and 3.2+ use Microsoft Graph, and only 3.1 Patch 8, 3.2 Patch 4 and 3.3+ also get compliance data.',
    remedy: {
      text: "Upgrade ISE to 3.1 Patch 8, 3.2 Patch 4, or 3.3 and later, then edit the External MDM server's Auto Discovery URL to https://graph.microsoft.com.",
      screen: 'setup-mdm',
      menuPath: EXTERNAL_MDM,
    },
  },
  TOKEN_FAILED: {
    code: 'TOKEN_FAILED',
    title: 'ISE could not get a token from Entra (no specific cause in the text)',
    severity: 'blocking',
    rank: 40,
    cause: 'ISE reports a failed token request without naming why: any of the certificate, permission or network causes, or a proxy or TLS failure on the way to login.microsoftonline.com.',
    remedy: {
      text: 'Test connectivity and the certificate chain to login.microsoftonline.com, then collect ise-psc.log with the external-mdm and mdmportal components at TRACE and diagnose it here.',
      screen: 'chains',
      menuPath: 'ISE: Operations > Troubleshoot > Debug Wizard > Debug Log Configuration',
    },
  },
};

/** Microsoft's own explanation of an AADSTS code. */
export function aadstsLookupUrl(code: string): string {
  return `https://login.microsoftonline.com/error?code=${code.replace(/^AADSTS/i, '')}`;
}
