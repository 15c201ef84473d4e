/**
 * Channel name -> service call. No Electron here: the app (via main/ipc.ts), the web bridge in
 * tests and anything else that speaks the contract build their handlers with this function.
 */
import { extname, join } from 'node:path';
import type { Channel, Contract } from '../preload/contract';
import { EXTENSIONS, safeFileStem } from './services/certs/file-names';
import { checkDeviceCertificate } from './services/certs/device-identity';
import { readBoundedFile, writeFileAtomic } from './services/files';
import { privateKeyFolder } from './services/synced-folders';

/** A deployment export holds at most 50 node and 100 CA certificates: a few MB at the very most. */
const MAX_DEPLOYMENT_IMPORT_BYTES = 16 * 1024 * 1024;
import type { HandlerContext } from './platform/types';
import { ServiceError } from './services/errors';
import { isAllowedExternalLink } from './services/links';
import { readNetworkSettings, readSettings, readSignInClientId, updateSettings, type NetworkSettings } from './services/settings/settings-service';
import { TaskRegistry } from './services/tasks';
import { mdmValues, parseIseVersion, permissionChecklist } from './services/entra';
import { CertificateWorkbench } from './services/workbench/certificate-workbench';
import { DeploymentsService } from './services/deployments/deployments-service';
import { diagnoseFilesInWorker, diagnoseText, renderDiagnosisText } from './services/ise';
import { ChainsWorkbench } from './services/workbench/chains-workbench';
import { EntraWorkbench } from './services/workbench/entra-workbench';
import { IseWorkbench } from './services/workbench/ise-workbench';
import { JsonFilePinStore, PIN_FILE_NAME, iseTarget } from './services/ise/api';
import { createTransport, testConnection } from './services/entra/live';
import { AuditWorkbench } from './services/workbench/audit-workbench';
import { parseProxy, proxyFromResolverAnswer, type AiaGet } from './services/tls';
import { renderSetupReport, setupReportFileName, setupReportSaveDialog } from './services/report/setup-report';
import { resolveReportLanguage } from './services/report/report-strings';
import licenses from './services/catalog/licenses.json' with { type: 'json' };
// --- setup flow (h20a) ---
import { SetupFlow } from './services/setup/setup-flow';
import { withSetupFlow, type BaseHandlers } from './setup-handlers';
// --- end setup flow ---

export type Handlers = {
  [K in Channel]: (...args: Parameters<Contract[K]>) => Promise<ReturnType<Contract[K]>>;
};

const CERTIFICATE_FILTERS = [
  { name: 'Certificates', extensions: ['cer', 'crt', 'pem', 'der', 'p7b', 'p7c', 'pfx', 'p12', 'txt'] },
  { name: 'All files', extensions: ['*'] },
];

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

export function createHandlers(ctx: HandlerContext, workbench = new CertificateWorkbench()): Handlers {
  const tasks = new TaskRegistry();
  const entra = new EntraWorkbench(workbench);
  const chains = new ChainsWorkbench();
  const deployments = new DeploymentsService(ctx.deployments);
  const ise = new IseWorkbench(new JsonFilePinStore(join(ctx.runtime.stateFolder, PIN_FILE_NAME)), chains);
  const dataFolder = async () => (await readSettings(settingsDeps)).dataFolder;
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
  const settingsDeps = {
    settings: ctx.settings,
    secrets: ctx.secrets,
    defaultDataFolder: ctx.runtime.defaultDataFolder,
  };
  const startFolder = async () => workbench.lastFolder ?? (await readSettings(settingsDeps)).dataFolder;
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
  let auditLoginUrl = 'https://login.microsoftonline.com';
  const audit = new AuditWorkbench({
    cacheStore: ctx.secrets,
    // The URL is MSAL's, built from the configured authority; never one the renderer sent.
    openBrowser: (url) => ctx.shell.openExternal(url),
    transport: async () => {
      const platform = await platformTransport();
      if (platform) return platform;
      const settings = await microsoftNetwork(auditLoginUrl);
      return createTransport({ caCertificates: settings.caCertificates, proxy: settings.proxyUrl ? parseProxy(settings.proxyUrl, settings.proxyPassword, settings.proxyUser) : null });
    },
    signInClientId: () => readSignInClientId(settingsDeps),
  });
  const loginUrlFor = (cloud: 'public' | 'usgov', authority?: string) => authority ?? (cloud === 'usgov' ? 'https://login.microsoftonline.us' : 'https://login.microsoftonline.com');
  // --- setup flow (h20a): restore, deployment changes and step rules live in SetupFlow; see setup-handlers.ts ---
  const flow = new SetupFlow({ deployments, certificates: workbench, entra, chains, changed: (deployment, values) => ctx.emit('deploymentChanged', { deployment, values }) });
  // --- end setup flow ---
  const handlers: BaseHandlers = {
    getSettings: () => readSettings(settingsDeps),
    updateSettings: async (patch) => {
      // A folder typed or sent by the window could point the app at files someone planted there:
      // only main's own folder dialog sets one (chooseDataFolder); the window may only reset it.
      if (patch.dataFolder !== undefined && patch.dataFolder.trim() !== '') {
        throw new ServiceError('SETTINGS_FOLDER_DIALOG_ONLY', 'The data folder is chosen with Browse (the folder dialog), not typed in.');
      }
      const signInClient = await readSignInClientId(settingsDeps);
      const settings = await updateSettings(settingsDeps, patch);
      if (patch.theme !== undefined) ctx.applyTheme?.(settings.theme);
      if (patch.language !== undefined) ctx.applyLanguage?.(settings.language);
      await audit.clientChanged(signInClient);
      return settings;
    },
    getAbout: async () => ({
      appName: ctx.runtime.appName,
      version: ctx.runtime.appVersion,
      electron: ctx.runtime.electron,
      chrome: ctx.runtime.chrome,
      node: ctx.runtime.node,
      platform: ctx.runtime.platform,
      licenses,
    }),
    pickFolder: (args) => ctx.dialogs.pickFolder(args),
    chooseDataFolder: async () => {
      const current = await dataFolder();
      const folder = await ctx.dialogs.pickFolder({ title: 'Folder for exports and deployments', defaultPath: current });
      return folder === null ? null : updateSettings(settingsDeps, { dataFolder: folder });
    },
    openExternal: async ({ url }) => {
      if (!isAllowedExternalLink(url)) {
        throw new ServiceError('LINK_NOT_ALLOWED', 'The app opens only https links to Microsoft and Cisco documentation.');
      }
      await ctx.shell.openExternal(url);
      return true;
    },
    cancelTask: async ({ taskId }) => tasks.cancel(taskId),
    showInFolder: async ({ path }) => {
      if (!written.has(path)) throw new ServiceError('NOT_WRITTEN_HERE', 'The app shows only files it saved itself in the file manager.');
      if (!ctx.shell.showInFolder) throw new ServiceError('SHOW_IN_FOLDER_UNAVAILABLE', 'Opening the folder needs the desktop app.');
      await ctx.shell.showInFolder(path);
      return true;
    },
    copyText: async ({ text }) => {
      await ctx.clipboard.writeText(text);
      return true;
    },
    openCertificateFiles: async () => {
      const paths = await ctx.dialogs.openFiles({ filters: CERTIFICATE_FILTERS, defaultPath: await startFolder() });
      return paths === null ? null : workbench.openPaths(paths);
    },
    loadDroppedFile: async ({ name, base64 }) => workbench.openBytes(name, Buffer.from(base64, 'base64')),
    unlockFile: async ({ sourceId, password }) => workbench.unlock(sourceId, password),
    getChainReport: async ({ certificates }) => workbench.chainReport(certificates),
    exportCertificates: async ({ certificates, format, bundle }) => {
      const start = await startFolder();
      if (bundle) {
        const suggested = workbench.suggestedBundleName(certificates, format);
        // The filter follows the suggested name: a PEM bundle is .pem (a .cer filter would make Windows save "x.pem.cer").
        const extension = extname(suggested).slice(1) || EXTENSIONS[format].slice(1);
        const path = await ctx.dialogs.saveFile({
          defaultPath: join(start, suggested),
          filters: [{ name: format === 'pem' ? 'PEM bundle' : format.toUpperCase(), extensions: [extension] }],
        });
        return path === null ? null : wroteFiles(await workbench.exportCertificates(certificates, format, true, { path }));
      }
      const folder = await ctx.dialogs.pickFolder({ defaultPath: start });
      return folder === null ? null : wroteFiles(await workbench.exportCertificates(certificates, format, false, { folder }));
    },
    exportPrivateKey: async ({ keyId, passphrase }) => {
      // A key must not start out in a folder OneDrive copies to the cloud (Documents often is one).
      const start = await startFolder();
      const { folder, synced } = privateKeyFolder(start, {
        syncedRoots: ctx.runtime.syncedFolders ?? [],
        fallback: ctx.runtime.unsyncedFolder,
        ...(ctx.runtime.pathPlatform ? { platform: ctx.runtime.pathPlatform } : {}),
      });
      if (synced) ctx.log.info(`Private key export: ${start} is synced by OneDrive; the dialog opens in ${folder === start ? 'it anyway (no folder outside OneDrive is known)' : 'a folder that is not synced'}.`);
      const path = await ctx.dialogs.saveFile({
        defaultPath: join(folder, workbench.keyFileName(keyId)),
        filters: [{ name: 'Encrypted private key (PEM)', extensions: ['pem', 'key'] }],
      });
      return path === null ? null : workbench.exportPrivateKey(keyId, passphrase, path);
    },
    checkDeviceCertificate: async ({ fileId }) => checkDeviceCertificate(workbench.loadedFile(fileId), chains.iseStoreCertificates()),
    getEntraState: async () => entra.state(),
    setIseNodes: async ({ nodes }) => entra.setNodes(nodes),
    openManifest: async () => {
      const paths = await ctx.dialogs.openFiles({
        title: 'App manifest downloaded from Entra',
        filters: [{ name: 'Manifest (JSON)', extensions: ['json', 'txt'] }, { name: 'All files', extensions: ['*'] }],
        defaultPath: await startFolder(),
      });
      const path = paths?.[0];
      return path === undefined ? null : entra.openManifest(path);
    },
    closeManifest: async () => entra.closeManifest(),
    saveManifest: async () => wrote(await entra.save()),
    saveManifestAs: async () => {
      const current = entra.manifestPath;
      const suggested = current ? current.replace(/(\.json)?$/i, '-merged.json') : join(await startFolder(), 'manifest-merged.json');
      const path = await ctx.dialogs.saveFile({ title: 'Save the merged manifest as', defaultPath: suggested, filters: [{ name: 'Manifest (JSON)', extensions: ['json'] }] });
      return path === null ? null : wrote(await entra.save(path));
    },
    getMdmValues: async ({ tenant, clientId, flow, iseVersion }) => mdmValues(tenant, clientId, flow, iseVersion ? parseIseVersion(iseVersion) : null),
    getPermissionChecklist: async ({ generation }) => permissionChecklist(generation),
    describeIseVersion: async ({ version }) => parseIseVersion(version),
    getChainsState: async () => chains.state(),
    fetchChain: async ({ taskId, target, timeoutMs, aia }) => {
      const network = await readNetworkSettings(settingsDeps);
      const { chainAiaPrivate } = await readSettings(settingsDeps);
      const aiaGet = await platformAiaGet();
      return tasks.run(taskId, (signal) =>
        chains.fetch(target, {
          timeoutMs,
          aia,
          aiaAllowPrivate: chainAiaPrivate,
          network,
          dataFolder: caFolder,
          signal,
          ...(ctx.resolveProxy ? { resolveProxy: ctx.resolveProxy } : {}),
          ...(aiaGet ? { aiaGet } : {}),
          ...(ctx.systemRoots ? { systemRoots: ctx.systemRoots() } : {}),
          onPhase: (stage, elapsedMs) => ctx.emit('taskProgress', { taskId, event: { stage, detail: { target, elapsedMs } } }),
        }),
      );
    },
    removeChainResult: async ({ target }) => chains.remove(target),
    loadIseTrustStore: async () => {
      const paths = await ctx.dialogs.openFiles({
        title: 'Certificates exported from ISE (Trusted Certificates)',
        filters: CERTIFICATE_FILTERS,
        defaultPath: await startFolder(),
      });
      return paths === null ? null : chains.loadIseStore(paths);
    },
    clearIseTrustStore: async () => chains.clearIseStore(),
    exportForIse: async ({ certificates, bundle }) => {
      const folder = await ctx.dialogs.pickFolder({ title: 'Folder for the CA certificates to import in ISE', defaultPath: await startFolder() });
      if (folder === null) return null;
      workbench.lastFolder = folder;
      const result = await chains.exportForIse(certificates, folder, bundle);
      written.add(result.stepsFile);
      for (const file of result.files) written.add(file.path);
      return result;
    },
    getCatalog: async () => chains.catalog(caFolder),
    addCatalogFiles: async () => {
      const paths = await ctx.dialogs.openFiles({ title: 'CA certificates to add', filters: CERTIFICATE_FILTERS, defaultPath: await startFolder() });
      return paths === null ? null : chains.addCatalogFiles(caFolder, paths);
    },
    removeCatalogCa: async ({ id }) => chains.removeCatalogCa(caFolder, id),
    listDeployments: () => deployments.list(),
    createDeployment: ({ name }) => deployments.create(name),
    renameDeployment: ({ id, name }) => deployments.rename(id, name),
    duplicateDeployment: ({ id }) => deployments.duplicate(id),
    deleteDeployment: ({ id }) => deployments.remove(id),
    switchDeployment: ({ id }) => deployments.switchTo(id),
    // restoreDeployment, updateDeployment, setStepState: setup-handlers.ts (the setup flow).
    exportDeployment: async ({ id }) => {
      const text = await deployments.exportJson(id);
      const name = JSON.parse(text).deployment.name as string;
      const path = await ctx.dialogs.saveFile({
        defaultPath: join(await startFolder(), `${safeFileStem(name, 'deployment')}.deployment.json`),
        filters: [{ name: 'Deployment (JSON)', extensions: ['json'] }],
      });
      if (path === null) return null;
      await writeFileAtomic(path, text, { backup: true });
      return wrote({ path });
    },
    importDeployment: async () => {
      const paths = await ctx.dialogs.openFiles({ filters: [{ name: 'Deployment (JSON)', extensions: ['json'] }], defaultPath: await startFolder() });
      const path = paths?.[0];
      if (path === undefined) return null;
      const bytes = await readBoundedFile(path, {
        code: 'DEPLOYMENT_IMPORT_UNREADABLE',
        noun: 'deployment file',
        maxBytes: MAX_DEPLOYMENT_IMPORT_BYTES,
        tooLarge: () => new ServiceError('DEPLOYMENT_IMPORT_UNREADABLE', `The file ${path} is larger than ${MAX_DEPLOYMENT_IMPORT_BYTES / 1048576} MB: a deployment export is far smaller.`),
      });
      return deployments.importJson(bytes.toString('utf8'));
    },
    // With deploymentId, setup-handlers.ts also records step 5's state.
    diagnoseText: async ({ text, name }) => {
      const diagnosis = diagnoseText(text, entra.diagnosisContext(), name ?? 'pasted text');
      return { diagnosis, text: renderDiagnosisText(diagnosis) };
    },
    diagnoseLogFiles: async ({ taskId }) => {
      const paths = await ctx.dialogs.openFiles({
        title: 'ISE logs or support bundle',
        filters: [
          { name: 'ISE logs and bundles', extensions: ['log', 'txt', 'gz', 'zip', 'tgz', 'tar', '1', '2', '3', '4', '5'] },
          { name: 'All files', extensions: ['*'] },
        ],
        defaultPath: await startFolder(),
      });
      if (paths === null) return null;
      const diagnosis = await tasks.run(taskId, (signal) =>
        diagnoseFilesInWorker(paths, entra.diagnosisContext(), {
          signal,
          onProgress: (progress) =>
            ctx.emit('taskProgress', {
              taskId,
              event: { stage: 'reading', done: progress.bytesRead, ...(progress.bytesTotal !== null ? { total: progress.bytesTotal } : {}), detail: progress },
            }),
        }),
      );
      return { diagnosis, text: renderDiagnosisText(diagnosis) };
    },
    exportSetupReport: async ({ id, format }) => {
      const printToPdf = ctx.printToPdf;
      if (format === 'pdf' && !printToPdf) throw new ServiceError('PDF_UNAVAILABLE', 'PDF needs the desktop app; save the report as HTML instead.');
      const deployment = (await deployments.list()).deployments.find((item) => item.id === id);
      if (!deployment) throw new ServiceError('DEPLOYMENT_NOT_FOUND', 'That deployment no longer exists. It may have been deleted in another window.');
      // In the app's language, read here rather than sent by the window: one source of truth.
      const language = resolveReportLanguage((await readSettings(settingsDeps)).language);
      const html = renderSetupReport({ deployment, now: new Date(), appName: ctx.runtime.appName, appVersion: ctx.runtime.appVersion, language });
      const path = await ctx.dialogs.saveFile({
        ...setupReportSaveDialog(format, language),
        defaultPath: join(await startFolder(), setupReportFileName(deployment.name, format, language)),
      });
      if (path === null) return null;
      await writeFileAtomic(path, format === 'pdf' && printToPdf ? await printToPdf(html) : html, { backup: true });
      return wrote({ path });
    },
    inspectIse: ({ host, port }) => ise.inspect(host, port),
    trustIseCertificate: ({ host, port, sha256 }) => ise.trust(host, port, sha256),
    connectIse: async ({ host, port, username, password, remember }) => {
      const name = isePasswordSecret(host, port, username);
      const secret = password || (await ctx.secrets.get(name));
      if (!secret) throw new ServiceError('ISE_PASSWORD_REQUIRED', 'Enter the ISE administrator password (none is saved for this host and user).');
      const state = await ise.connect(host, port, username, secret);
      // Saved only after ISE accepted it, and only encrypted (the secret store refuses plain text).
      if (remember) await ctx.secrets.set(name, secret);
      return state;
    },
    hasSavedIsePassword: ({ host, port, username }) => ctx.secrets.has(isePasswordSecret(host, port, username)),
    forgetIsePassword: async ({ host, port, username }) => {
      const name = isePasswordSecret(host, port, username);
      const had = await ctx.secrets.has(name);
      await ctx.secrets.delete(name);
      return had;
    },
    getIseState: async () => ise.state(),
    refreshIseTrustStore: () => ise.refresh(),
    importIseCas: ({ certificates }) => ise.importCas(certificates),
    disconnectIse: async () => ise.disconnect(),
    testEntraConnection: async ({ taskId, tenant, clientId, keyId, cloud, authority, graph, form }) => {
      const { certificateDer, privateKey } = workbench.signingCredential(keyId);
      const network = await microsoftNetwork(loginUrlFor(cloud, authority));
      return tasks.run(taskId, async (signal) => {
        const transport = await platformTransport(signal);
        const result = await testConnection({
          ...(transport ? { transport } : {}),
          ...(form ? { form } : { tenant }),
          clientId,
          credential: { kind: 'key-object', certificateDer, privateKey },
          cloud: { cloud, ...(authority ? { authority } : {}), ...(graph ? { graph } : {}) },
          caCertificates: network.caCertificates,
          proxy: network.proxyUrl,
          ...(network.proxyPassword !== undefined ? { proxyPassword: network.proxyPassword } : {}),
          ...(network.proxyUser !== undefined ? { proxyUser: network.proxyUser } : {}),
          signal,
          onProgress: (progress) => ctx.emit('taskProgress', { taskId, event: { stage: progress.step, detail: progress } }),
        });
        if (result.endpoint) chains.addDiscoveredEndpoint(result.endpoint.uri);
        return result;
      });
    },
    adminSignIn: async ({ taskId, tenant, cloud, access, method, authority, graph }) => {
      auditLoginUrl = loginUrlFor(cloud, authority);
      const endpoints = { tenant, cloud, ...(authority ? { authority } : {}), ...(graph ? { graph } : {}) };
      return tasks.run(taskId, (signal) =>
        audit.signIn(endpoints, access, method, {
          signal,
          // The code the admin types at Microsoft's page: public by design, not a secret.
          onPrompt: (prompt) => ctx.emit('taskProgress', { taskId, event: { stage: 'device-code', detail: prompt } }),
        }),
      );
    },
    adminSignOut: () => audit.signOut(),
    getAdminSignIn: () => audit.signInState(),
    auditAppRegistration: async ({ tenant, clientId, cloud, authority, graph }) => {
      auditLoginUrl = loginUrlFor(cloud, authority);
      const nodes = entra.state().nodes.map((node) => ({ name: node.name, certificate: node.certificate }));
      return audit.audit({ tenant, cloud, ...(authority ? { authority } : {}), ...(graph ? { graph } : {}) }, clientId, nodes);
    },
    planAppCertificateFix: async () => audit.plan(),
    applyAppCertificateFix: ({ confirmed }) => audit.apply(confirmed),
  };
  return withSetupFlow(handlers, flow, entra, ctx.log); // setup flow (h20a)
}

/** Name of an ISE password in the secret store: one per ISE host:port and user. */
function isePasswordSecret(host: string, port: number, username: string): string {
  return `ise.password:${iseTarget(host, port).target}:${username.trim().toLowerCase()}`;
}
