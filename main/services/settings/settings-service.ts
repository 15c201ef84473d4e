import { stat } from 'node:fs/promises';
import { isAbsolute } from 'node:path';
import { DEFAULT_SIGN_IN_CLIENT_ID, type Settings, type SettingsPatch } from '../../../preload/contract';
import type { SecretStore, SettingsStore } from '../../platform/types';
import { ServiceError } from '../errors';
import { parseTarget } from '../tls';
import { CLIENT_ID_PATTERN, MAX_CHAIN_HOSTS, type StoredSettings } from './schema';

/** Name of the proxy password in the secret store. */
export const PROXY_PASSWORD_SECRET = 'proxy.password';

export interface SettingsDeps {
  settings: SettingsStore;
  secrets: SecretStore;
  defaultDataFolder: string;
}

export async function readSettings(deps: SettingsDeps): Promise<Settings> {
  return toPublicSettings(await deps.settings.read(), deps);
}

/**
 * Validates the whole patch first and only then writes, so a bad field changes nothing.
 * Proxy credentials typed into the URL are split off: the user name is kept in settings,
 * the password goes to the secret store.
 */
export async function updateSettings(deps: SettingsDeps, patch: SettingsPatch): Promise<Settings> {
  const current = await deps.settings.read();
  const next: StoredSettings = { ...current };
  let newPassword: string | undefined;

  if (patch.language !== undefined) next.language = patch.language;
  if (patch.theme !== undefined) next.theme = patch.theme;
  if (patch.proxyMode !== undefined) next.proxyMode = patch.proxyMode;
  if (patch.proxyUser !== undefined) next.proxyUser = patch.proxyUser.trim();
  if (patch.proxyPassword !== undefined) newPassword = patch.proxyPassword;
  // Credentials typed into the URL win over the separate fields sent alongside it.
  if (patch.proxyUrl !== undefined) {
    const proxy = parseProxyUrl(patch.proxyUrl);
    next.proxyUrl = proxy.url;
    if (proxy.user !== undefined) next.proxyUser = proxy.user;
    if (proxy.password !== undefined) newPassword = proxy.password;
    if (proxy.url === '') {
      next.proxyUser = '';
      newPassword = '';
    }
  }
  if (patch.dataFolder !== undefined) next.dataFolder = await checkDataFolder(patch.dataFolder);
  if (patch.signInClientId !== undefined) next.signInClientId = checkSignInClientId(patch.signInClientId);
  if (patch.chainHosts !== undefined) next.chainHosts = checkChainHosts(patch.chainHosts);
  if (patch.chainTimeoutSeconds !== undefined) next.chainTimeoutSeconds = checkChainTimeout(patch.chainTimeoutSeconds);
  if (patch.chainAia !== undefined) next.chainAia = patch.chainAia;
  if (patch.chainAiaPrivate !== undefined) next.chainAiaPrivate = patch.chainAiaPrivate;
  // Typing a proxy address means "use this proxy" unless the same save says otherwise.
  if (patch.proxyUrl !== undefined && patch.proxyMode === undefined) {
    if (next.proxyUrl !== '') next.proxyMode = 'explicit';
    else if (next.proxyMode === 'explicit') next.proxyMode = 'system';
  }
  if (next.proxyMode === 'explicit' && next.proxyUrl === '') {
    throw new ServiceError('SETTINGS_PROXY_REQUIRED', 'Enter the proxy address (http://host:port), or choose the system proxy or a direct connection.');
  }

  // A password goes with a proxy: the manual one, or (with a user name) whichever proxy the system or its PAC script picks.
  if (newPassword !== undefined && newPassword !== '') {
    if (next.proxyMode === 'direct') {
      throw new ServiceError('SETTINGS_PASSWORD_WITHOUT_PROXY', 'A proxy password is kept only with a proxy: choose the system proxy or a manual proxy address.');
    }
    if (next.proxyMode === 'system' && next.proxyUser === '') {
      throw new ServiceError('SETTINGS_PASSWORD_WITHOUT_USER', 'Enter the proxy user name with its password.');
    }
  }
  if (newPassword !== undefined) {
    if (newPassword === '') await deps.secrets.delete(PROXY_PASSWORD_SECRET);
    else await deps.secrets.set(PROXY_PASSWORD_SECRET, newPassword);
  }
  await deps.settings.write(next);
  return toPublicSettings(next, deps);
}

async function toPublicSettings(stored: StoredSettings, deps: SettingsDeps): Promise<Settings> {
  return {
    language: stored.language,
    theme: stored.theme,
    proxyMode: stored.proxyMode,
    proxyUrl: stored.proxyUrl,
    proxyUser: stored.proxyUser,
    proxyPasswordStored: (stored.proxyUrl !== '' || stored.proxyMode === 'system') && (await deps.secrets.has(PROXY_PASSWORD_SECRET)),
    dataFolder: stored.dataFolder || deps.defaultDataFolder,
    signInClientId: stored.signInClientId,
    chainHosts: stored.chainHosts,
    chainTimeoutSeconds: stored.chainTimeoutSeconds,
    chainAia: stored.chainAia,
    chainAiaPrivate: stored.chainAiaPrivate,
  };
}

/** Each host normalised to `host:port` (INVALID_HOST names the first bad one), duplicates dropped. */
function checkChainHosts(hosts: string[] | null): string[] | null {
  if (hosts === null) return null;
  const targets = [...new Set(hosts.map((host) => parseTarget(host).target))];
  if (targets.length > MAX_CHAIN_HOSTS) {
    throw new ServiceError('SETTINGS_TOO_MANY_HOSTS', `The host list can hold up to ${MAX_CHAIN_HOSTS} hosts; remove some before adding more.`);
  }
  return targets;
}

function checkChainTimeout(seconds: number): number {
  if (!Number.isInteger(seconds) || seconds < 1 || seconds > 120) {
    throw new ServiceError('SETTINGS_INVALID_TIMEOUT', 'The timeout is a whole number of seconds from 1 to 120.');
  }
  return seconds;
}

/** '' (or the default's own ID) means the default; anything else must be a GUID, pasted with or without braces. */
export function checkSignInClientId(input: string): string {
  const id = input.trim().replace(/^\{(.*)\}$/, '$1').trim().toLowerCase();
  if (id === '' || id === DEFAULT_SIGN_IN_CLIENT_ID) return '';
  if (!CLIENT_ID_PATTERN.test(id) || /^[0-]+$/.test(id)) {
    throw new ServiceError(
      'SETTINGS_INVALID_CLIENT_ID',
      `"${input.trim().slice(0, 80)}" is not an application (client) ID. Copy the GUID from the Overview page of your public client app registration (for example ${DEFAULT_SIGN_IN_CLIENT_ID}), or leave the field empty for the default.`,
    );
  }
  return id;
}

/** The public client the admin signs in with: the configured one, or the default. */
export async function readSignInClientId(deps: Pick<SettingsDeps, 'settings'>): Promise<string> {
  return (await deps.settings.read()).signInClientId || DEFAULT_SIGN_IN_CLIENT_ID;
}

export interface ParsedProxy {
  /** `http://host:port` without credentials, or '' for "no proxy". */
  url: string;
  user?: string;
  password?: string;
}

/** Accepts '' (no proxy) or `http://[user[:password]@]host:port`. */
export function parseProxyUrl(input: string): ParsedProxy {
  const text = input.trim();
  if (text === '') return { url: '' };
  const schemed = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `http://${text}`;
  // A Windows account typed as DOMAIN\user: the URL parser would read its backslash as a path separator.
  const withScheme = schemed.replace(/^([a-z][a-z0-9+.-]*:\/\/)(.*)@/i, (_all, scheme: string, userinfo: string) => `${scheme}${userinfo.replace(/\\/g, '%5C')}@`);
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new ServiceError(
      'SETTINGS_INVALID_PROXY',
      `"${redactCredentials(text)}" is not a proxy address. Use http://host:port, for example http://proxy.example.local:8080.`,
    );
  }
  if (url.protocol !== 'http:') {
    throw new ServiceError(
      'SETTINGS_INVALID_PROXY',
      `Only HTTP proxies (http://host:port, using CONNECT) are supported, not "${url.protocol.replace(':', '')}".`,
    );
  }
  if (url.port === '') {
    throw new ServiceError('SETTINGS_INVALID_PROXY', 'Add the proxy port, for example http://proxy.example.local:8080.');
  }
  if ((url.pathname !== '/' && url.pathname !== '') || url.search !== '' || url.hash !== '') {
    throw new ServiceError('SETTINGS_INVALID_PROXY', 'A proxy address has no path: use only http://host:port.');
  }
  const result: ParsedProxy = { url: `http://${url.host}` };
  if (url.username !== '') result.user = decodeURIComponent(url.username);
  if (url.password !== '') result.password = decodeURIComponent(url.password);
  return result;
}

/** Hides `user:password@` in text that is shown or logged. */
export function redactCredentials(text: string): string {
  return text.replace(/\/\/[^/@\s]*@/, '//***@');
}

async function checkDataFolder(input: string): Promise<string> {
  const folder = input.trim();
  if (folder === '') return '';
  if (!isAbsolute(folder)) {
    throw new ServiceError('SETTINGS_FOLDER_NOT_ABSOLUTE', `"${folder}" is not a full folder path. Choose a folder with Browse.`);
  }
  const info = await stat(folder).catch(() => null);
  if (info === null) {
    throw new ServiceError('SETTINGS_FOLDER_MISSING', `The folder "${folder}" does not exist. Create it or choose another one.`);
  }
  if (!info.isDirectory()) {
    throw new ServiceError('SETTINGS_FOLDER_NOT_DIRECTORY', `"${folder}" is a file, not a folder.`);
  }
  return folder;
}

export interface NetworkSettings {
  mode: StoredSettings['proxyMode'];
  /** `http://[user@]host:port` for the explicit mode, else null. */
  proxyUrl: string | null;
  /** Read from the secret store only when a connection needs it. */
  proxyPassword: string | undefined;
  /** System mode: the user name (`DOMAIN\\user` accepted) for the proxy the system or its PAC script picks. */
  proxyUser?: string;
}

/** What a network call needs from settings: the proxy URL with its user, and its password. */
export async function readNetworkSettings(deps: SettingsDeps): Promise<NetworkSettings> {
  const stored = await deps.settings.read();
  if (stored.proxyMode === 'system' && stored.proxyUser !== '') {
    return { mode: 'system', proxyUrl: null, proxyUser: stored.proxyUser, proxyPassword: (await deps.secrets.get(PROXY_PASSWORD_SECRET)) ?? undefined };
  }
  if (stored.proxyMode !== 'explicit' || stored.proxyUrl === '') return { mode: stored.proxyMode, proxyUrl: null, proxyPassword: undefined };
  const url = new URL(stored.proxyUrl);
  if (stored.proxyUser) url.username = encodeURIComponent(stored.proxyUser);
  const password = (await deps.secrets.get(PROXY_PASSWORD_SECRET)) ?? undefined;
  return { mode: 'explicit', proxyUrl: url.toString().replace(/\/$/, ''), proxyPassword: password };
}
