/**
 * What every group of handlers shares: the workbenches and services of one app session, the
 * folder dialogs start in, the files written this session, the network settings for Microsoft's
 * hosts, and the file dialogs' texts in the app's language. No Electron here (see main/handlers.ts).
 */
import { join } from 'node:path';
import type { Channel, CloudName, Contract } from '../../preload/contract';
import type { HandlerContext } from '../platform/types';
import { DeploymentsService } from '../services/deployments/deployments-service';
import { createTransport } from '../services/entra/live';
import { JsonFilePinStore, PIN_FILE_NAME } from '../services/ise/api';
import { readNetworkSettings, readSettings, readSignInClientId, type NetworkSettings } from '../services/settings/settings-service';
import { TaskRegistry } from '../services/tasks';
import { CATALOGS, resolveAppLanguage, type Catalog } from '../services/texts';
import { parseProxy, proxyFromResolverAnswer, type AiaGet } from '../services/tls';
import { AuditWorkbench } from '../services/workbench/audit-workbench';
import type { CertificateWorkbench } from '../services/workbench/certificate-workbench';
import { ChainsWorkbench } from '../services/workbench/chains-workbench';
import { EntraWorkbench } from '../services/workbench/entra-workbench';
import { IseWorkbench } from '../services/workbench/ise-workbench';

export type Handlers = {
  [K in Channel]: (...args: Parameters<Contract[K]>) => Promise<ReturnType<Contract[K]>>;
};

export type HandlerServices = ReturnType<typeof createServices>;

/**
 * The proxy handed to the platform's stack: the explicit one of Settings (its credentials apart,
 * never in the URL), none in Direct mode, or null to follow the system's (PAC included); the
 * user name and password kept in Settings answer a proxy that asks for them.
 */
export function platformProxy(network: NetworkSettings): { explicitProxy: string | null; direct?: true; proxyUser?: string; proxyPassword?: string } {
  if (network.mode === 'direct') return { explicitProxy: null, direct: true };
  const explicit = network.mode === 'explicit' && network.proxyUrl ? parseProxy(network.proxyUrl, network.proxyPassword) : null;
  const user = explicit?.user ?? network.proxyUser;
  const password = explicit ? explicit.password : network.proxyPassword;
  return { explicitProxy: explicit?.url ?? null, ...(user !== undefined ? { proxyUser: user } : {}), ...(password !== undefined ? { proxyPassword: password } : {}) };
}

export function createServices(ctx: HandlerContext, workbench: CertificateWorkbench) {
  const tasks = new TaskRegistry();
  const entra = new EntraWorkbench(workbench);
  const chains = new ChainsWorkbench();
  const deployments = new DeploymentsService(ctx.deployments);
  const ise = new IseWorkbench(new JsonFilePinStore(join(ctx.runtime.stateFolder, PIN_FILE_NAME)), chains);
  const settingsDeps = {
    settings: ctx.settings,
    secrets: ctx.secrets,
    defaultDataFolder: ctx.runtime.defaultDataFolder,
  };
  /** What the app wrote in this session: only these can be shown in the file manager. */
  const written = new Set<string>();
  const wrote = <T extends { path: string } | null>(result: T): T => {
    if (result) written.add(result.path);
    return result;
  };
  const wroteFiles = <T extends { files: { path: string }[] } | null>(result: T): T => {
    for (const file of result?.files ?? []) written.add(file.path);
    return result;
  };
  // The CA files the admin adds become trusted roots for Microsoft's hosts: they live in the
  // app's own user-data folder, never in the data folder (a shared or synced place).
  const caFolder = ctx.runtime.stateFolder;
  const dataFolder = async () => (await readSettings(settingsDeps)).dataFolder;
  const startFolder = async () => workbench.lastFolder ?? (await dataFolder());
  /** The file dialogs' titles and filter names, in the app's language. */
  const dialogTexts = async (): Promise<Catalog['fileDialogs']> => CATALOGS[resolveAppLanguage((await readSettings(settingsDeps)).language)].fileDialogs;
  /** Network settings for Microsoft's endpoints: the proxy, and the CA files the admin added (a TLS-inspecting proxy's root). */
  const microsoftNetwork = async (loginUrl: string) => {
    const network = await readNetworkSettings(settingsDeps);
    const systemProxy = network.mode === 'system' && ctx.resolveProxy ? proxyFromResolverAnswer(await ctx.resolveProxy(`${loginUrl}/`)) : null;
    const userCas = (await chains.catalog(caFolder)).filter((entry) => entry.origin === 'user');
    return {
      proxyUrl: network.proxyUrl ?? systemProxy,
      proxyPassword: network.proxyPassword,
      ...(network.proxyUser !== undefined ? { proxyUser: network.proxyUser } : {}),
      caCertificates: userCas.map((entry) => entry.certificate.pem),
    };
  };
  /** The app's network stack when the platform has one (Electron's `net`); the Node client otherwise. */
  const platformTransport = async (signal?: AbortSignal) => {
    if (!ctx.httpTransport) return null;
    return ctx.httpTransport({ ...platformProxy(await readNetworkSettings(settingsDeps)), ...(signal ? { signal } : {}) });
  };
  /**
   * AIA downloads through the platform's stack in System and explicit proxy modes (PAC, Windows
   * sign-in to the proxy, NTLM/Negotiate included). Direct mode keeps Node's client, which checks
   * every address it connects to (a name cannot resolve public first and private then).
   */
  const platformAiaGet = async (): Promise<AiaGet | undefined> => {
    if (!ctx.aiaGet) return undefined;
    const network = await readNetworkSettings(settingsDeps);
    if (network.mode === 'direct') return undefined;
    const { explicitProxy, proxyUser, proxyPassword } = platformProxy(network);
    return ctx.aiaGet({ explicitProxy, ...(proxyUser !== undefined ? { proxyUser } : {}), ...(proxyPassword !== undefined ? { proxyPassword } : {}) });
  };
  /** The sign-in host of the last admin sign-in or audit: the audit's own transport reads it. */
  const auditLogin = { url: 'https://login.microsoftonline.com' };
  const audit = new AuditWorkbench({
    cacheStore: ctx.secrets,
    // The URL is MSAL's, built from the configured authority; never one the renderer sent.
    openBrowser: (url) => ctx.shell.openExternal(url),
    transport: async () => {
      const platform = await platformTransport();
      if (platform) return platform;
      const settings = await microsoftNetwork(auditLogin.url);
      return createTransport({ caCertificates: settings.caCertificates, proxy: settings.proxyUrl ? parseProxy(settings.proxyUrl, settings.proxyPassword, settings.proxyUser) : null });
    },
    signInClientId: () => readSignInClientId(settingsDeps),
  });
  const loginUrlFor = (cloud: CloudName, authority?: string) => authority ?? (cloud === 'usgov' ? 'https://login.microsoftonline.us' : 'https://login.microsoftonline.com');
  return {
    ctx,
    workbench,
    tasks,
    entra,
    chains,
    deployments,
    ise,
    audit,
    auditLogin,
    settingsDeps,
    written,
    wrote,
    wroteFiles,
    caFolder,
    dataFolder,
    startFolder,
    dialogTexts,
    microsoftNetwork,
    platformTransport,
    platformAiaGet,
    loginUrlFor,
  };
}
