/**
 * The rules for GUIDs, domain names and hosts, written once for main and the window (the
 * renderer compiles this file too: no Node or Electron here). Main's services refuse with their
 * own errors; the window uses the same tests to flag a field before anything is sent.
 */

const GUID_BODY = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

/** A GUID (an Entra tenant, client or Intune device ID), in either case. */
export const GUID = new RegExp(`^${GUID_BODY}$`, 'i');
/** A GUID as the app stores it: lower case, as the Entra portal shows it. */
export const LOWERCASE_GUID = new RegExp(`^${GUID_BODY}$`);

/** Every distinct GUID in a text, lower case (one pasted URL may hold the client ID somewhere in it). */
export function guidsIn(text: string): string[] {
  return [...new Set((text.match(new RegExp(GUID_BODY, 'gi')) ?? []).map((guid) => guid.toLowerCase()))];
}

/**
 * A DNS name with at least two labels (a tenant's verified domain): labels of letters, digits
 * and hyphens, a top-level label of letters or an IDN (`xn--`) one; ASCII, any case.
 */
export const DOMAIN_NAME = /^(?=.{4,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$/i;

/** The port a host is reached on when none is given. */
export const DEFAULT_HTTPS_PORT = 443;

/** A host and port as the app keeps it: `target` is `host:port` (`[v6]:port` for an IPv6 address). */
export interface HostTarget {
  target: string;
  host: string;
  port: number;
}

/**
 * `host`, `host:port` or a pasted `https://host[:port]/path` as a host and port (443 by default,
 * 80 for `http://`); null when it names no host or carries credentials.
 */
export function hostTarget(text: string): HostTarget | null {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  let url: URL;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `https://${trimmed}`);
  } catch {
    return null;
  }
  if (url.username || url.password || url.hostname === '') return null;
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const port = url.port === '' ? (url.protocol === 'http:' ? 80 : DEFAULT_HTTPS_PORT) : Number(url.port);
  return { target: `${host.includes(':') ? `[${host}]` : host}:${port}`, host, port };
}
