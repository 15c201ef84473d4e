/**
 * The values for ISE's External MDM form (DOMAIN.md "Values for ISE's External MDM form"),
 * from the tenant and client IDs as the admin pastes them — often with spaces, braces or the
 * whole endpoint URL around them. Every clean-up is reported so the admin sees what was used.
 */
import { domainToASCII } from 'node:url';
import { DOMAIN_NAME, GUID, guidsIn } from '../../../preload/rules';
import type { CleanedId, IdCleanup, IseVersionInfo, MdmFlow, MdmFormRow, MdmValues } from '../../../preload/types/entra';
import { CATALOGS, fillText } from '../texts';
import { ServiceError } from '../errors';

export const GRAPH_DISCOVERY_URL = 'https://graph.microsoft.com';
export const TOKEN_AUDIENCE = 'https://api.manage.microsoft.com/';

/** Hosts whose first path segment is the tenant (token, discovery and STS URLs). */
const TENANT_HOSTS = new Set(['login.microsoftonline.com', 'login.microsoft.com', 'login.windows.net', 'sts.windows.net', 'graph.windows.net']);
/** Multi-tenant aliases: app-only (client credentials) tokens need the actual tenant. */
const NOT_A_TENANT = new Set(['common', 'organizations', 'consumers']);
/** Microsoft's own app IDs, pasted by mistake from the permissions or discovery pages. */
const MICROSOFT_APPS: Record<string, string> = {
  '0000000a-0000-0000-c000-000000000000': 'Microsoft Intune',
  '00000003-0000-0000-c000-000000000000': 'Microsoft Graph',
  '00000002-0000-0000-c000-000000000000': 'Azure AD Graph',
};

type Which = 'tenant' | 'client';

const LABELS: Record<Which, string> = { tenant: 'tenant ID', client: 'client ID' };
const WHERE: Record<Which, string> = {
  tenant: "Copy the Directory (tenant) ID from the app registration's Overview page, or use a verified domain such as contoso.onmicrosoft.com.",
  client: "Copy the Application (client) ID from the app registration's Overview page.",
};

function refuse(which: Which, reason: string): ServiceError {
  return new ServiceError(which === 'tenant' ? 'INVALID_TENANT_ID' : 'INVALID_CLIENT_ID', `The ${LABELS[which]} ${reason}. ${WHERE[which]}`);
}

/** Takes the ID out of a pasted URL; null when the text is not a URL. */
function fromUrl(text: string, which: Which): string | null {
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) return null;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw refuse(which, `"${text}" looks like a URL but cannot be read as one`);
  }
  if (which === 'tenant') {
    const segment = decodeURIComponent(url.pathname.split('/')[1] ?? '');
    if (TENANT_HOSTS.has(url.hostname.toLowerCase()) && segment) return segment;
    throw refuse(which, `cannot be found in the URL ${text} (only login.microsoftonline.com and graph.windows.net URLs carry it)`);
  }
  if (url.protocol === 'api:') return url.host;
  const guids = guidsIn(text);
  if (guids.length === 1 && guids[0]) return guids[0];
  throw refuse(which, `cannot be told from the URL ${text} (it holds ${guids.length === 0 ? 'no ID' : 'several IDs'})`);
}

function cleanId(input: string, which: Which): CleanedId {
  const cleanups: string[] = [];
  const cleanupNotes: CleanedId['cleanupNotes'] = [];
  const note = (key: IdCleanup, values: Record<string, string> = {}): void => {
    cleanupNotes.push({ key, values });
    cleanups.push(fillText(CATALOGS.en.manifest.mdm.cleanup[key], values));
  };
  let text = input.trim();
  const compact = text.replace(/[\s\u200b-\u200d\ufeff]+/g, '');
  if (compact !== input) note(compact !== text ? 'spacesInside' : 'spaces');
  text = compact;
  const unquoted = text.replace(/^(["'`<])(.*)(["'`>])$/, '$2');
  if (unquoted !== text) note('quotes');
  text = unquoted;
  const fromLink = fromUrl(text, which);
  if (fromLink !== null) {
    note('fromUrl', { value: fromLink, url: text });
    text = fromLink;
  }
  const unbraced = text.replace(/^\{(.*)\}$/, '$1');
  if (unbraced !== text) note('braces');
  text = unbraced;
  if (text === '') throw refuse(which, 'is empty');
  if (GUID.test(text)) {
    const lower = text.toLowerCase();
    if (lower !== text) note('lowerGuid');
    if (/^0{8}-0{4}-0{4}-0{4}-0{12}$/.test(lower)) throw refuse(which, 'is the empty GUID (all zeros)');
    const microsoftApp = MICROSOFT_APPS[lower];
    if (microsoftApp) throw refuse(which, `${lower} is the app ID of ${microsoftApp} itself, not of your app registration`);
    return { input, value: lower, kind: 'guid', cleanups, cleanupNotes };
  }
  if (which === 'client') throw refuse(which, `"${text}" is not a GUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)`);
  if (NOT_A_TENANT.has(text.toLowerCase())) {
    throw refuse(which, `"${text}" is not a tenant but a multi-tenant alias; ISE signs in as the app itself, which needs the real tenant`);
  }
  const ascii = domainToASCII(text.replace(/\.$/, '').toLowerCase());
  if (!DOMAIN_NAME.test(ascii)) throw refuse(which, `"${text}" is neither a GUID nor a domain name`);
  if (ascii !== text) note('domain', { domain: ascii });
  return { input, value: ascii, kind: 'domain', cleanups, cleanupNotes };
}

export function cleanTenantId(input: string): CleanedId {
  return cleanId(input, 'tenant');
}

export function cleanClientId(input: string): CleanedId {
  return cleanId(input, 'client');
}

/**
 * Every field of the External MDM form (Cisco MDM guide, Intune chapter, "Add Microsoft Intune as
 * an external MDM server"), with the value to paste or the choice to make. Device Identifier
 * exists from ISE 3.1 (MDM API v3). Where Cisco's guide gives no value, the guidance says so.
 */
function formRows(fields: { autoDiscoveryUrl: string; clientId: string; tokenIssuingUrl: string; tokenAudience: string }, release: IseVersionInfo | null): MdmFormRow[] {
  const guid = release === null || release.guidLookup;
  const rows: (MdmFormRow | null)[] = [
    { field: 'name', label: 'Name', value: null, guidance: 'A name of your choice, for example Intune.' },
    { field: 'serverType', label: 'Server Type', value: 'Mobile Device Manager', guidance: 'Choose it in the list.' },
    { field: 'authenticationType', label: 'Authentication Type', value: null, guidance: "Where ISE shows this choice for Intune, choose the OAuth (client credentials) option: ISE signs in to Entra with its system certificate, never with a user name and password. Cisco's guide does not name the option for every release." },
    { field: 'autoDiscovery', label: 'Auto Discovery', value: 'Yes', guidance: 'ISE finds the Intune service through the Auto Discovery URL.' },
    { field: 'autoDiscoveryUrl', label: 'Auto Discovery URL', value: fields.autoDiscoveryUrl, guidance: 'Paste exactly.' },
    { field: 'clientId', label: 'Client ID', value: fields.clientId, guidance: 'The Application (client) ID of the app registration, not its Object ID.' },
    { field: 'tokenIssuingUrl', label: 'Token Issuing URL', value: fields.tokenIssuingUrl, guidance: "Paste exactly: the form Cisco's guide shows, with your tenant." },
    { field: 'tokenAudience', label: 'Token Audience', value: fields.tokenAudience, guidance: 'Paste exactly, with the slash at the end, as Cisco\'s guide shows it.' },
    { field: 'description', label: 'Description', value: null, guidance: 'Optional.' },
    { field: 'pollingInterval', label: 'Polling Interval (minutes)', value: null, guidance: "How often ISE asks Intune for compliance changes of the endpoints it knows. Cisco's guide gives no recommended value: keep ISE's default to start; in large deployments a longer interval keeps the load low." },
    { field: 'complianceReauthInterval', label: 'Time Interval For Compliance Device ReAuth Query (minutes)', value: null, guidance: "How often ISE asks Intune again about a compliant device when it re-authenticates. Cisco's guide gives no recommended value: keep ISE's default." },
    guid
      ? { field: 'deviceIdentifier', label: 'Device Identifier', value: null, guidance: "From ISE 3.1: the identifiers ISE looks devices up by, in order. Put the GUID from the certificate's SAN URI first when your Intune certificate profiles carry ID:Microsoft Endpoint Manager:GUID:{{DeviceId}}; otherwise ISE uses the MAC address." }
      : null,
    { field: 'status', label: 'Status', value: 'Enabled', guidance: 'Set it once Test Connection succeeds.' },
  ];
  return rows.filter((row): row is MdmFormRow => row !== null);
}

/**
 * The form values for the tenant and client IDs. `release` (from parseIseVersion) decides the
 * flow and the fields; without it, `flow` does and the fields of current releases are given.
 */
export function mdmValues(tenantInput: string, clientInput: string, flow: MdmFlow, release: IseVersionInfo | null = null): MdmValues {
  const tenant = cleanTenantId(tenantInput);
  const client = cleanClientId(clientInput);
  if (tenant.value === client.value) {
    throw new ServiceError('IDS_IDENTICAL', 'The tenant ID and the client ID are the same GUID: one of them was pasted twice. The Overview page of the app registration shows both.');
  }
  const used: MdmFlow = release ? release.flow : flow;
  const notes = [
    used === 'graph'
      ? 'Microsoft Graph flow: ISE 3.1 Patch 3 and later, and 3.2 and later. After upgrading from an older release, change the Auto Discovery URL from https://graph.windows.net/<tenant> to https://graph.microsoft.com. Compliance data needs 3.1 Patch 8, 3.2 Patch 4, or 3.3 and later.'
      : 'Legacy (Azure AD Graph) flow: ISE 2.7, 3.0, and 3.1 before Patch 3.',
    "The Token Issuing URL is the v1 form Cisco's guide shows. ISE 3.3, 3.1 Patch 8 and 3.2 Patch 4 request their tokens from Entra's v2.0 endpoint of the same tenant; Cisco's guide does not say whether the form accepts the v2.0 URL, so keep the form shown.",
    'The Client ID is the Application (client) ID of the app registration, not its Object ID.',
  ];
  const warnings: string[] = [];
  if (release) warnings.push(...release.warnings);
  if (used === 'legacy') {
    if (!release) warnings.push('Azure AD Graph is retired (blocked for new apps from 2024-08-31, fully off in 2025): this flow no longer works. Upgrade ISE to 3.1 Patch 8, 3.2 Patch 4, or 3.3 and later, and use the Microsoft Graph values.');
    if (tenant.kind === 'domain') {
      warnings.push('A domain is known to work in the Token Issuing URL only; the legacy Auto Discovery URL is documented with the tenant ID. Use the GUID there.');
    }
  }
  const fields = {
    autoDiscoveryUrl: used === 'graph' ? GRAPH_DISCOVERY_URL : `https://graph.windows.net/${tenant.value}`,
    clientId: client.value,
    tokenIssuingUrl: `https://login.microsoftonline.com/${tenant.value}/oauth2/token`,
    tokenAudience: TOKEN_AUDIENCE,
  };
  return {
    flow: used,
    ...fields,
    tenant,
    client,
    release,
    form: formRows(fields, release),
    notes,
    warnings,
    pollingGuidance: [
      "Cisco's guide gives no recommended Polling Interval: it sets how often ISE asks Intune for compliance changes of the endpoints it knows; see the ISE guide of your release for its default and limits.",
      'A long interval (hours rather than minutes) keeps the load on Intune and ISE low in large deployments; shorten it only if compliance changes must reach ISE sooner.',
    ],
  };
}

/**
 * The values with ISE's form as a deployment keeps it (typed into ISE's form): those URLs replace
 * the computed ones, in the fields and in the form's rows.
 */
export function withKeptForm(values: MdmValues, kept: { tokenUrl: string; discoveryUrl: string; audience: string }): MdmValues {
  const fields = { autoDiscoveryUrl: kept.discoveryUrl, tokenIssuingUrl: kept.tokenUrl, tokenAudience: kept.audience };
  return {
    ...values,
    ...fields,
    form: values.form.map((row) => (row.field in fields ? { ...row, value: fields[row.field as keyof typeof fields] } : row)),
  };
}
