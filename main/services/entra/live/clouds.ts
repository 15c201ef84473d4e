/**
 * The hosts of each national cloud (login, Graph, Intune), chosen per deployment, with the
 * authority and Graph base overridable — which is also how tests point at the stand-ins.
 */
import type { Cloud, CloudName } from '../../../../preload/types/live';
import { ServiceError } from '../../errors';

export const CLOUDS: Readonly<Record<CloudName, Cloud>> = {
  public: {
    name: 'public',
    label: 'Microsoft global cloud',
    authorityHost: 'https://login.microsoftonline.com',
    graphBase: 'https://graph.microsoft.com',
    graphAudience: 'https://graph.microsoft.com',
    intuneAudience: 'https://api.manage.microsoft.com/',
    unconfirmed: [],
  },
  usgov: {
    name: 'usgov',
    label: 'Azure US Government (GCC High / DoD)',
    authorityHost: 'https://login.microsoftonline.us',
    graphBase: 'https://graph.microsoft.us',
    graphAudience: 'https://graph.microsoft.us',
    // Intune's GCC High hosts are *.manage.microsoft.us; the audience spelling is not verified here.
    intuneAudience: 'https://api.manage.microsoft.us/',
    unconfirmed: ["Neither Cisco's guide nor Microsoft's pages give the Intune Token Audience for Azure US Government; https://api.manage.microsoft.us/ is assumed: check it against the value your ISE release documents."],
  },
};

export interface CloudOptions {
  cloud?: CloudName;
  /** Replaces the login host, e.g. `https://login.microsoftonline.us` or a test stand-in. */
  authority?: string;
  /** Replaces the Graph base URL. */
  graph?: string;
  /** Replaces the Intune token audience. */
  intuneAudience?: string;
}

/** The endpoints one run uses; every URL is https and has no trailing slash. */
export interface ResolvedCloud extends Cloud {
  /** True when authority or Graph were overridden (MSAL is then told the host is known). */
  overridden: boolean;
}

export function isCloudName(value: string): value is CloudName {
  return value === 'public' || value === 'usgov';
}

export function resolveCloud(options: CloudOptions = {}): ResolvedCloud {
  const base = CLOUDS[options.cloud ?? 'public'];
  const authorityHost = options.authority === undefined ? base.authorityHost : httpsBase(options.authority, 'authority');
  const graphBase = options.graph === undefined ? base.graphBase : httpsBase(options.graph, 'Graph');
  return {
    ...base,
    authorityHost,
    graphBase,
    intuneAudience: options.intuneAudience ?? base.intuneAudience,
    overridden: options.authority !== undefined || options.graph !== undefined,
  };
}

/** `https://host[:port]`, no path: MSAL accepts only https authorities; the tenant is appended. */
function httpsBase(text: string, what: 'authority' | 'Graph'): string {
  const code = what === 'authority' ? 'INVALID_AUTHORITY' : 'INVALID_GRAPH_URL';
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    throw new ServiceError(code, `"${text}" is not a URL. Give the ${what} host as https://host, for example ${what === 'authority' ? 'https://login.microsoftonline.us' : 'https://graph.microsoft.us'}.`);
  }
  if (url.protocol !== 'https:') throw new ServiceError(code, `The ${what} URL must use https (Entra and Graph answer only over TLS): ${text}.`);
  if (url.username || url.password || url.search || url.hash || (url.pathname !== '/' && url.pathname !== '')) {
    throw new ServiceError(code, `The ${what} URL must be a host only (https://host[:port]), without path or query: ${text}. The tenant and API paths are added by the app.`);
  }
  return url.origin;
}

/**
 * The browser is sent only to a known cloud's login host (an authority typed in the window must
 * not open a look-alike sign-in page), or to a login stand-in on this computer (loopback).
 */
export function isAllowedSignInUrl(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (Object.values(CLOUDS).some((cloud) => cloud.authorityHost === parsed.origin)) return true;
  const host = parsed.hostname.replace(/^\[|\]$/g, '');
  return parsed.protocol === 'https:' && (host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host));
}

/**
 * The client-credentials scope for a resource, exactly as typed: `https://graph.microsoft.com` →
 * `https://graph.microsoft.com/.default`; ISE's Token Audience `https://api.manage.microsoft.com/`
 * keeps its slash → `https://api.manage.microsoft.com//.default`, so that the token carries the
 * audience with the slash (Microsoft: a resource that expects a trailing slash is asked with `//.default`).
 */
export function defaultScope(resource: string): string {
  return `${resource}/.default`;
}
