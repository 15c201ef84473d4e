/**
 * The values as the admin typed them into ISE's External MDM form (Token Issuing URL, Auto
 * Discovery URL, Token Audience), read the way ISE will use them: the tenant and the cloud come
 * from the Token Issuing URL, Graph from the Auto Discovery URL, and the audience is requested
 * exactly as typed. Each value is checked before it is used; what cannot work is a blocking
 * finding (nothing is sent), what merely differs from Cisco's guide is a warning.
 */
import type { CloudName, StepFinding } from '../../../../preload/types/live';
import { isServiceError } from '../../errors';
import { cleanTenantId } from '../mdm-values';
import { liveFinding } from './findings';

export interface IseFormValues {
  tokenUrl: string;
  discoveryUrl: string;
  audience: string;
}

export interface CheckedFormValues {
  tenant: string;
  cloud: CloudName;
  /** Graph host from the Auto Discovery URL (`https://graph.microsoft.com`). */
  graphBase: string;
  /** The Token Audience exactly as typed. */
  audience: string;
  warnings: StepFinding[];
}

const LOGIN_HOSTS: Record<string, { cloud: CloudName; cisco: boolean }> = {
  'login.microsoftonline.com': { cloud: 'public', cisco: true },
  // Aliases Entra answers on; not the form Cisco's guide shows.
  'login.windows.net': { cloud: 'public', cisco: false },
  'login.microsoft.com': { cloud: 'public', cisco: false },
  'login.microsoftonline.us': { cloud: 'usgov', cisco: true },
};
const GRAPH_HOSTS: Record<string, CloudName> = { 'graph.microsoft.com': 'public', 'graph.microsoft.us': 'usgov' };
const CISCO_AUDIENCE = 'https://api.manage.microsoft.com/';

function parse(text: string): URL | null {
  try {
    return new URL(text.trim());
  } catch {
    return null;
  }
}

function invalid(code: 'TOKEN_URL_INVALID' | 'DISCOVERY_URL_INVALID' | 'AUDIENCE_INVALID', message: string, typed: string): { finding: StepFinding } {
  return { finding: liveFinding(code, message, [`typed: ${typed}`]) };
}

/** Checks the three typed values; a finding when one cannot work, else what the test uses. */
export function checkFormValues(form: IseFormValues): CheckedFormValues | { finding: StepFinding } {
  const warnings: StepFinding[] = [];
  const token = parse(form.tokenUrl);
  if (!token || token.protocol !== 'https:') {
    return invalid('TOKEN_URL_INVALID', `The Token Issuing URL "${form.tokenUrl}" is not an https URL. Cisco's guide shows https://login.microsoftonline.com/<tenant ID>/oauth2/token.`, form.tokenUrl);
  }
  const login = LOGIN_HOSTS[token.hostname.toLowerCase()];
  if (!login) {
    return invalid('TOKEN_URL_INVALID', `The Token Issuing URL names the host ${token.hostname}, which is not an Entra sign-in host (login.microsoftonline.com, or login.microsoftonline.us for US Government): ISE would send its token request there.`, form.tokenUrl);
  }
  const segments = token.pathname.split('/').filter((segment) => segment !== '');
  const [tenantText = '', ...rest] = segments;
  const path = rest.join('/');
  if (tenantText === '' || tenantText.toLowerCase() === 'oauth2') {
    return invalid('TOKEN_URL_INVALID', `The Token Issuing URL "${form.tokenUrl}" has no tenant: the Directory (tenant) ID goes between the host and /oauth2/token.`, form.tokenUrl);
  }
  let tenant: string;
  try {
    tenant = cleanTenantId(decodeURIComponent(tenantText)).value;
  } catch (error) {
    if (!isServiceError(error)) throw error;
    return invalid('TOKEN_URL_INVALID', `The tenant in the Token Issuing URL cannot work. ${error.message}`, form.tokenUrl);
  }
  if (path !== 'oauth2/token' && path !== 'oauth2/v2.0/token') {
    return invalid('TOKEN_URL_INVALID', `The Token Issuing URL ends in /${path || ''}, not /oauth2/token: ISE would ask a page that issues no tokens.`, form.tokenUrl);
  }
  if (path === 'oauth2/v2.0/token' || !login.cisco || token.search || token.port) {
    warnings.push(
      liveFinding(
        'TOKEN_URL_FORM',
        `The Token Issuing URL "${form.tokenUrl}" is not the form Cisco's guide shows (https://${login.cloud === 'usgov' ? 'login.microsoftonline.us' : 'login.microsoftonline.com'}/${tenant}/oauth2/token). The test takes the tenant and the cloud from it; Cisco does not say whether ISE accepts this form.`,
        [`typed: ${form.tokenUrl}`],
      ),
    );
  }

  const discovery = parse(form.discoveryUrl);
  if (!discovery || discovery.protocol !== 'https:') {
    return invalid('DISCOVERY_URL_INVALID', `The Auto Discovery URL "${form.discoveryUrl}" is not an https URL: type https://graph.microsoft.com.`, form.discoveryUrl);
  }
  const host = discovery.hostname.toLowerCase();
  if (host === 'graph.windows.net') {
    // Azure AD Graph is retired: never called.
    return { finding: liveFinding('DISCOVERY_URL_INVALID', `The Auto Discovery URL "${form.discoveryUrl}" is the retired Azure AD Graph (graph.windows.net), which no longer answers. On ISE 3.1 Patch 3 and later, change it to https://graph.microsoft.com; older ISE must be upgraded first (to 3.1 Patch 8, 3.2 Patch 4, or 3.3 and later).`, [`typed: ${form.discoveryUrl}`]) };
  }
  const graphCloud = GRAPH_HOSTS[host];
  if (!graphCloud) {
    return invalid('DISCOVERY_URL_INVALID', `The Auto Discovery URL names ${discovery.hostname}, which is not Microsoft Graph (graph.microsoft.com; graph.microsoft.us for US Government): check it for a typo.`, form.discoveryUrl);
  }
  if (graphCloud !== login.cloud) {
    return invalid('DISCOVERY_URL_INVALID', `The Auto Discovery URL (${discovery.hostname}) and the Token Issuing URL (${token.hostname}) belong to different Microsoft clouds: both must be of your tenant's cloud.`, form.discoveryUrl);
  }
  if ((discovery.pathname !== '/' && discovery.pathname !== '') || discovery.search) {
    return invalid('DISCOVERY_URL_INVALID', `The Auto Discovery URL "${form.discoveryUrl}" has a path; with Microsoft Graph it is the host alone: https://${host}.`, form.discoveryUrl);
  }

  const audience = form.audience.trim();
  const audienceUrl = parse(audience);
  if (!audienceUrl || audienceUrl.protocol !== 'https:') {
    return invalid('AUDIENCE_INVALID', `The Token Audience "${form.audience}" is not an https URL: Cisco's guide shows ${CISCO_AUDIENCE}.`, form.audience);
  }
  if (login.cloud === 'public' && audience !== CISCO_AUDIENCE) {
    warnings.push(liveFinding('AUDIENCE_FORM', `The Token Audience "${audience}" is not ${CISCO_AUDIENCE}, the value Cisco's guide shows. The test asks Entra for exactly what was typed.`, [`typed: ${form.audience}`]));
  }
  return { tenant, cloud: login.cloud, graphBase: `https://${host}`, audience, warnings };
}
