/**
 * THE api between the renderer and main. Every capability is one entry of `Contract`:
 * a named operation taking at most one argument object and resolving to a value. The preload
 * exposes `window.api` built from `CHANNELS`, main registers `main/handlers.ts` for the same
 * names, and the web bridge in tests serves the same handlers over HTTP.
 *
 * Nothing here may import Node or Electron: the renderer compiles this file too.
 */

import type { CertificateRef, ChainReport, DeviceCertificateCheck, ExportFormat, LoadResult } from './types/certs';
import type { IseGeneration, IseNodeRole, IseVersionInfo, KeyCredential, ManifestFormat, ManifestInfo, MdmFlow, MdmValues, MergeResult, NodeCertificate, PermissionRow, PortalUpload, SavedManifest } from './types/entra';

import type { CatalogAddResult, CatalogEntry, ChainFetchResult, IseExportResult, IseNeeds } from './types/chains';
import type { Deployment, DeploymentPatch, DeploymentValues, DeploymentsList, SetupStepId, SetupStepState } from './types/deployments';
import type { Diagnosis } from './types/diagnosis';
import type { IseChainGap, IseConnectionInfo, IseImportReport, IseTrustFlagRow, IseTrustStoreRead } from './types/ise-api';
import type { AuditResult, CloudName, ConnectionTestResult, KeyCredentialPatchPlan, KeyCredentialPatchResult, SignInState } from './types/live';

export type * from './types/certs';
export type * from './types/entra';
export type * from './types/chains';
export type * from './types/deployments';
export type * from './types/diagnosis';
export type * from './types/ise-api';
export type * from './types/live';

// ---------------------------------------------------------------------------------------------
// Results and errors: calls never reject; they resolve to a result.

export interface ApiError {
  /** Stable machine code (e.g. INVALID_ARGUMENT, UNKNOWN_CHANNEL, SETTINGS_INVALID_PROXY). */
  code: string;
  /** A sentence a person can act on (English; the UI translates known codes). */
  message: string;
  /** Optional technical detail, shown folded for support; never a secret. */
  details?: string;
}

export type ApiResult<T> = { ok: true; value: T } | { ok: false; error: ApiError };

// ---------------------------------------------------------------------------------------------
// Settings

/*
 * Each closed set of values is written once, as an array: the type is derived from it and main's
 * zod schemas take the same array, so a value added here is accepted everywhere at once.
 */
export const LANGUAGE_SETTINGS = ['system', 'en', 'es'] as const;
export type LanguageSetting = (typeof LANGUAGE_SETTINGS)[number];
export const THEME_SETTINGS = ['system', 'light', 'dark'] as const;
export type ThemeSetting = (typeof THEME_SETTINGS)[number];
/** system: the operating system's proxy (PAC included, in the app); explicit: proxyUrl; direct: none. */
export const PROXY_MODES = ['system', 'explicit', 'direct'] as const;
export type ProxyMode = (typeof PROXY_MODES)[number];
/** The setup report's file formats. */
export const REPORT_FORMATS = ['html', 'pdf'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];
/** What the admin's Graph sign-in may do, and how it signs in. */
export const GRAPH_ACCESS_LEVELS = ['read', 'write'] as const;
export type GraphAccessLevel = (typeof GRAPH_ACCESS_LEVELS)[number];
export const SIGN_IN_METHODS = ['browser', 'device-code'] as const;
export type SignInMethod = (typeof SIGN_IN_METHODS)[number];

export interface Settings {
  language: LanguageSetting;
  theme: ThemeSetting;
  proxyMode: ProxyMode;
  /** Explicit HTTP CONNECT proxy without credentials (`http://host:port`), or '' for none. */
  proxyUrl: string;
  /** User name for the proxy, if any; its password lives encrypted in the secret store. */
  proxyUser: string;
  /** Whether a proxy password is stored (the password itself never leaves main). */
  proxyPasswordStored: boolean;
  /** Folder where the app keeps exports and deployments. */
  dataFolder: string;
  /** Public client the admin signs in with for the audit; '' = DEFAULT_SIGN_IN_CLIENT_ID. */
  signInClientId: string;
  /** The Chains screen's host list (`host:port`) as last edited; null = the presets. */
  chainHosts: string[] | null;
  /** Per-host timeout of a chain fetch (1–120 s). */
  chainTimeoutSeconds: number;
  /** Whether chain fetches download missing issuers (AIA). */
  chainAia: boolean;
  /** AIA may reach loopback, private and link-local addresses (an internal CA's AIA); off by default. */
  chainAiaPrivate: boolean;
}

/**
 * The admin sign-in's default public client: Microsoft Graph Command Line Tools, present in every
 * tenant (why this one: main/services/entra/live/sign-in.ts).
 */
export const DEFAULT_SIGN_IN_CLIENT_ID = '14d82eec-204b-4c2f-b7e8-296a70dab67e';

export interface SettingsPatch {
  language?: LanguageSetting;
  theme?: ThemeSetting;
  proxyMode?: ProxyMode;
  /** May contain `user:password@`; main strips the credentials into the secret store. */
  proxyUrl?: string;
  proxyUser?: string;
  /** A new proxy password; '' removes the stored one. Write-only. */
  proxyPassword?: string;
  dataFolder?: string;
  /** A GUID, or '' for the default; a change signs the admin out (the token cache belongs to the old client). */
  signInClientId?: string;
  /** Hosts as typed (normalised to `host:port`, INVALID_HOST for a bad one); null restores the presets. */
  chainHosts?: string[] | null;
  chainTimeoutSeconds?: number;
  chainAia?: boolean;
  chainAiaPrivate?: boolean;
}

// ---------------------------------------------------------------------------------------------
// About

export interface LicenseEntry {
  name: string;
  version: string;
  license: string;
}

export interface AboutInfo {
  appName: string;
  version: string;
  /** Runtime versions; electron/chrome are null when not running inside Electron (web bridge). */
  electron: string | null;
  chrome: string | null;
  node: string;
  platform: string;
  licenses: LicenseEntry[];
}

// ---------------------------------------------------------------------------------------------
// Dialogs

export interface PickFolderArgs {
  title?: string;
  defaultPath?: string;
}

// ---------------------------------------------------------------------------------------------
// Certificates workbench

/** A file as the workbench loaded it; `sourceId` lets a password-protected file be retried. */
export type OpenedFile = LoadResult & {
  /** Set when the file waits for a (correct) password: pass it to unlockFile. */
  sourceId: string | null;
  /** Set when the file loaded: main's handle on it, e.g. to name it as an ISE node's certificate. */
  fileId: string | null;
};

export interface ExportCertificatesArgs {
  /** SHA-256 thumbprints of loaded certificates, in the order wanted in a bundle. */
  certificates: CertificateRef[];
  format: ExportFormat;
  /** One file holding them all (PEM, PKCS#7, base64) instead of one file each. */
  bundle: boolean;
}

export interface ExportSummary {
  folder: string;
  files: { path: string; backupPath: string | null }[];
}

// ---------------------------------------------------------------------------------------------
// App manifest (Entra side)

/** The admin's naming of a loaded certificate file as an ISE node. */
export interface IseNodeAssignment {
  fileId: string;
  name: string;
  role: IseNodeRole;
}

export interface EntraState {
  nodes: NodeCertificate[];
  /** The fileId of each node, in the same order as `nodes`. */
  fileIds: string[];
  manifest: ManifestInfo | null;
  /** What saving would add, when both a manifest and node certificates are loaded. */
  merge: MergeResult | null;
  /** The entries to paste by hand, in both formats, one per distinct certificate. */
  keyCredentials: Record<ManifestFormat, KeyCredential[]>;
  /** The modern route: the .cer to upload and the thumbprint the portal will show. */
  portalUploads: PortalUpload[];
}

// ---------------------------------------------------------------------------------------------
// Chains

/** The deployments with the current one's values, and the App manifest state it was restored into. */
export interface SetupSnapshot {
  list: DeploymentsList;
  values: DeploymentValues | null;
  entra: EntraState;
}

export interface ChainsState {
  /** The Microsoft hosts offered by default (editable in the screen). */
  presets: string[];
  /** Intune service hosts the connection test's discovery returned (this session): they join the host list. */
  discovered: string[];
  /** The last result per host, in the order they were fetched. */
  results: ChainFetchResult[];
  /** The CA certificates ISE must trust across the fetched hosts. */
  needs: IseNeeds;
  /** SHA-256 of the needed CAs ISE's trust store lacks; null when no ISE store was loaded. */
  missingInIse: CertificateRef[] | null;
  iseStore: { files: string[]; count: number; problems: { file: string; code: string; message: string }[] } | null;
}

export interface FetchChainArgs {
  /** Chosen by the renderer: progress events carry it, cancelTask takes it. */
  taskId: string;
  /** `host` or `host:port`. */
  target: string;
  timeoutMs: number;
  /** Download missing issuers from the AIA URL the certificate names. */
  aia: boolean;
}

// ---------------------------------------------------------------------------------------------
// Troubleshoot

export interface DiagnosisResult {
  diagnosis: Diagnosis;
  /** The whole diagnosis as plain text, for a support ticket. */
  text: string;
}

// ---------------------------------------------------------------------------------------------
// ISE's API (Connect to ISE)

export interface IseState {
  /** The API session, when connected (the password never leaves main). */
  connected: { host: string; port: number; username: string } | null;
  /** ISE's trusted certificates as last read. */
  store: IseTrustStoreRead | null;
  /** Per fetched chain: which CAs ISE has and lacks. */
  gaps: IseChainGap[];
  /** The import flags the app sends, each with why. */
  flags: IseTrustFlagRow[];
}

// ---------------------------------------------------------------------------------------------
// The contract: operation name -> (argument) => value.

export interface Contract {
  getSettings(): Settings;
  updateSettings(args: SettingsPatch): Settings;
  getAbout(): AboutInfo;
  /** Native folder picker; null when the user cancels. */
  pickFolder(args: PickFolderArgs): string | null;
  /** The data folder, chosen in main's folder dialog (the only way to set one); null when cancelled. */
  chooseDataFolder(): Settings | null;
  /** Opens an https documentation link in the system browser (allow-listed hosts only). */
  openExternal(args: { url: string }): boolean;
  /** Shows a file or folder the app saved in this session in the system's file manager. */
  showInFolder(args: { path: string }): boolean;
  /** Stops a long task started with this id (no-op when it already ended). */
  cancelTask(args: { taskId: string }): boolean;
  /** Puts text on the system clipboard. */
  copyText(args: { text: string }): boolean;

  /** Native Open dialog (several files), then loads each; null when cancelled. */
  openCertificateFiles(): OpenedFile[] | null;
  /** Loads a dropped file's bytes (base64), the same way as a file from the dialog. */
  loadDroppedFile(args: { name: string; base64: string }): OpenedFile;
  /** Retries a password-protected file (.pfx) with the password the user typed. */
  unlockFile(args: { sourceId: string; password: string }): OpenedFile;
  /** How the given loaded certificates chain together (leaf to root). */
  getChainReport(args: { certificates: CertificateRef[] }): ChainReport;
  /** Native Save (bundle) or folder (one file each) dialog, then writes; null when cancelled. */
  exportCertificates(args: ExportCertificatesArgs): ExportSummary | null;
  /** Explicit private-key export, encrypted with the user's passphrase; null when cancelled. */
  exportPrivateKey(args: { keyId: string; passphrase: string }): ExportSummary | null;
  /**
   * Checks an endpoint's certificate (a file loaded with openCertificateFiles / loadDroppedFile /
   * unlockFile) for ISE's MDM API v3: the Intune device GUID in the SAN URI, client
   * authentication, validity, its issuer against ISE's trusted certificates loaded on the Chains
   * screen, and FN74227 when a strong-mapping SID is present.
   */
  checkDeviceCertificate(args: { fileId: string }): DeviceCertificateCheck;

  /** The current App manifest state. */
  getEntraState(): EntraState;
  /** Names the loaded files that hold the ISE nodes' certificates (replaces the list). */
  setIseNodes(args: { nodes: IseNodeAssignment[] }): EntraState;
  /** Native Open dialog for the manifest downloaded from Entra; null when cancelled. */
  openManifest(): EntraState | null;
  closeManifest(): EntraState;
  /** Writes the merged manifest over the loaded one, keeping a timestamped backup. */
  saveManifest(): SavedManifest;
  /** Save dialog, then the merged manifest written there (a backup first if the file exists); it becomes the open manifest. Null when cancelled. */
  saveManifestAs(): SavedManifest | null;
  /** ISE's External MDM form: its values, and every field for the release when `iseVersion` is given (it then decides the flow). */
  getMdmValues(args: { tenant: string; clientId: string; flow: MdmFlow; iseVersion?: string }): MdmValues;
  getPermissionChecklist(args: { generation: IseGeneration }): PermissionRow[];
  /** What an ISE version (e.g. "3.2 patch 4") means for this integration. */
  describeIseVersion(args: { version: string }): IseVersionInfo;

  getChainsState(): ChainsState;
  /** Fetches one host's chain (progress as taskProgress events; cancellable by taskId). */
  fetchChain(args: FetchChainArgs): ChainFetchResult;
  removeChainResult(args: { target: string }): ChainsState;
  /** Native Open dialog for certificates exported from ISE's trusted store; null when cancelled. */
  loadIseTrustStore(): ChainsState | null;
  clearIseTrustStore(): ChainsState;
  /** Folder dialog, then the chosen CAs as BASE64 .cer files (or one bundle) plus the import steps. */
  exportForIse(args: { certificates: CertificateRef[]; bundle: boolean }): IseExportResult | null;
  /** The bundled Microsoft CA catalog and the user's added CA files, with status as of today. */
  getCatalog(): CatalogEntry[];
  /** Native Open dialog, then adds those CA files to the user's catalog; null when cancelled. */
  addCatalogFiles(): CatalogAddResult | null;
  /** Removes a CA the user added (bundled ones stay); the catalog as it is now. */
  removeCatalogCa(args: { id: CertificateRef }): CatalogEntry[];

  listDeployments(): DeploymentsList;
  /** Creates a deployment and makes it current. */
  createDeployment(args: { name: string }): Deployment;
  renameDeployment(args: { id: string; name: string }): Deployment;
  duplicateDeployment(args: { id: string }): Deployment;
  /** The renderer asks the user to confirm before calling this. */
  deleteDeployment(args: { id: string }): DeploymentsList;
  switchDeployment(args: { id: string }): Deployment;
  /**
   * Makes `id` (without it: the current deployment) current and restores it: its node
   * certificates into the App manifest state, a manifest of another deployment closed.
   */
  restoreDeployment(args: { id?: string }): SetupSnapshot;
  /** ISE's form values (`iseForm`) are checked as ISE reads them; a new tenant or cloud drops the kept ones. */
  updateDeployment(args: { id: string; patch: DeploymentPatch }): Deployment;
  setStepState(args: { id: string; step: SetupStepId; state: SetupStepState }): Deployment;
  /** Save dialog, then the deployment as JSON (no secrets); null when cancelled. */
  exportDeployment(args: { id: string }): { path: string } | null;
  /** Open dialog, then adds the deployment from a file exported by a colleague; null when cancelled. */
  importDeployment(): Deployment | null;

  /**
   * Diagnoses pasted text (or a small dropped text file) against the ISE node certificates and
   * manifest loaded on the App manifest screen.
   */
  /** With `deploymentId` (the wizard's step 5), the step's state follows the findings: needs attention, or in progress. */
  diagnoseText(args: { text: string; name?: string; deploymentId?: string }): DiagnosisResult;
  /**
   * Open dialog (logs, .gz, .zip, .tar.gz support bundles), then a streamed diagnosis with
   * progress events under taskId; null when cancelled.
   */
  diagnoseLogFiles(args: { taskId: string }): DiagnosisResult | null;
  /** Save dialog, then the setup report (no secrets) as HTML or PDF; PDF_UNAVAILABLE where no printer is given (the CLI-side handlers; the app and the test bridge print). */
  exportSetupReport(args: { id: string; format: ReportFormat }): { path: string } | null;

  /** Reads ISE's admin certificate (to review and pin) and whether it matches the stored pin. */
  inspectIse(args: { host: string; port: number }): IseConnectionInfo;
  /** Pins ISE's certificate for this host, if it is still the one with this SHA-256. */
  trustIseCertificate(args: { host: string; port: number; sha256: string }): IseConnectionInfo;
  /**
   * Logs in to ISE's API (pinned certificate only) and reads its trust store. An empty password
   * uses the one saved for this host and user; `remember` saves it (encrypted by the system) after
   * a successful login.
   */
  connectIse(args: { host: string; port: number; username: string; password: string; remember?: boolean }): IseState;
  /** Whether a password is saved for this ISE host and user (never the password itself). */
  hasSavedIsePassword(args: { host: string; port: number; username: string }): boolean;
  forgetIsePassword(args: { host: string; port: number; username: string }): boolean;
  getIseState(): IseState;
  refreshIseTrustStore(): IseState;
  /** Imports the chosen CAs of the fetched chains into ISE; the renderer confirms first. */
  importIseCas(args: { certificates: CertificateRef[] }): IseImportReport;
  disconnectIse(): IseState;

  /**
   * Tests the connection the way ISE does (token, discovery, Intune token, Intune read) with an ISE
   * node's certificate and private key loaded from its .pfx (by keyId). Progress as taskProgress.
   * CA files added on the Chains screen are trusted too (a TLS-inspecting proxy's root).
   */
  /** With `form` (the values as typed into ISE's External MDM form) the tenant and cloud come from its Token Issuing URL and `tenant` is not used. */
  testEntraConnection(args: {
    taskId: string;
    tenant: string;
    clientId: string;
    keyId: string;
    cloud: CloudName;
    authority?: string;
    graph?: string;
    form?: { tokenUrl: string; discoveryUrl: string; audience: string };
  }): ConnectionTestResult;

  /**
   * Signs an administrator in to Entra for the audit (delegated Graph access: `read` for the
   * audit, `write` for the certificate fix). `browser` opens the system browser at the sign-in
   * page MSAL builds; `device-code` emits the code to type as taskProgress (stage 'device-code',
   * detail a DeviceCodePrompt). Cancellable with cancelTask. The token cache stays encrypted in main.
   */
  adminSignIn(args: { taskId: string; tenant: string; cloud: CloudName; access: GraphAccessLevel; method: SignInMethod; authority?: string; graph?: string }): SignInState;
  /** Forgets the admin's sign-in (the encrypted token cache included). */
  adminSignOut(): SignInState;
  /** The admin signed in with the configured client, read from the encrypted token cache (no network call). */
  getAdminSignIn(): SignInState;
  /** Audits the app registration against the ISE node certificates loaded on the App manifest screen. */
  auditAppRegistration(args: { tenant: string; clientId: string; cloud: CloudName; authority?: string; graph?: string }): AuditResult;
  /** The changes that add the missing node certificates to the app (from the last audit); never removes a key. */
  planAppCertificateFix(): KeyCredentialPatchPlan;
  /** Applies the last plan (PATCH of the whole keyCredentials list) after the admin confirmed it, and re-reads the app. */
  applyAppCertificateFix(args: { confirmed: true }): KeyCredentialPatchResult;
}

export type Channel = keyof Contract;

/** The renderer's view: the same names, each returning a promise of a result. */
export type Api = {
  [K in Channel]: (
    ...args: Parameters<Contract[K]>
  ) => Promise<ApiResult<ReturnType<Contract[K]>>>;
};

/** Every channel name, at run time. The `satisfies` check below keeps it complete. */
export const CHANNELS = [
  'getSettings',
  'updateSettings',
  'getAbout',
  'pickFolder',
  'chooseDataFolder',
  'openExternal',
  'showInFolder',
  'cancelTask',
  'copyText',
  'openCertificateFiles',
  'loadDroppedFile',
  'unlockFile',
  'getChainReport',
  'exportCertificates',
  'exportPrivateKey',
  'checkDeviceCertificate',
  'getEntraState',
  'setIseNodes',
  'openManifest',
  'closeManifest',
  'saveManifest',
  'saveManifestAs',
  'getMdmValues',
  'getPermissionChecklist',
  'describeIseVersion',
  'getChainsState',
  'fetchChain',
  'removeChainResult',
  'loadIseTrustStore',
  'clearIseTrustStore',
  'exportForIse',
  'getCatalog',
  'addCatalogFiles',
  'removeCatalogCa',
  'listDeployments',
  'createDeployment',
  'renameDeployment',
  'duplicateDeployment',
  'deleteDeployment',
  'switchDeployment',
  'restoreDeployment',
  'updateDeployment',
  'setStepState',
  'exportDeployment',
  'importDeployment',
  'diagnoseText',
  'diagnoseLogFiles',
  'exportSetupReport',
  'inspectIse',
  'trustIseCertificate',
  'connectIse',
  'hasSavedIsePassword',
  'forgetIsePassword',
  'getIseState',
  'refreshIseTrustStore',
  'importIseCas',
  'disconnectIse',
  'testEntraConnection',
  'adminSignIn',
  'adminSignOut',
  'getAdminSignIn',
  'auditAppRegistration',
  'planAppCertificateFix',
  'applyAppCertificateFix',
] as const satisfies readonly Channel[];

type Missing = Exclude<Channel, (typeof CHANNELS)[number]>;
// Compile error here means a channel was added to Contract but not to CHANNELS.
const channelsComplete: [Missing] extends [never] ? true : Missing = true;
void channelsComplete;

// ---------------------------------------------------------------------------------------------
// Events: main -> renderer notifications for long work (progress), keyed by the caller's taskId.

export interface TaskEvent<T> {
  /** The id the renderer chose when it started the work (also what cancelTask takes). */
  taskId: string;
  event: T;
}

export interface Events {
  taskProgress: TaskEvent<TaskProgress>;
  /** Certificate files opened with the app (file association, File > Open): show them on the Certificates screen. */
  filesOpened: { files: OpenedFile[] };
  /** Main changed the current deployment on the admin's behalf (a node recorded, a step done): its new state and values. */
  deploymentChanged: { deployment: Deployment; values: DeploymentValues };
}

/** Generic progress of a long task: a stage name and, when known, how far along it is. */
export interface TaskProgress {
  stage: string;
  done?: number;
  total?: number;
  /** Feature-specific detail (e.g. a host's chain result); JSON only. */
  detail?: unknown;
}

export type EventName = keyof Events;

export const EVENTS = ['taskProgress', 'filesOpened', 'deploymentChanged'] as const satisfies readonly EventName[];

/** The renderer's view of events: subscribe, get an unsubscribe function back. */
export interface EventsApi {
  on<K extends EventName>(name: K, listener: (payload: Events[K]) => void): () => void;
}

export function ipcEventName(name: EventName): string {
  return `event:${name}`;
}

/** IPC channel name used on the wire for an operation (namespaced to avoid collisions). */
export function ipcChannelName(channel: Channel): string {
  return `api:${channel}`;
}

/** Hosts whose https pages the app may open in the system browser. */
export const EXTERNAL_LINK_HOSTS = [
  'learn.microsoft.com',
  'docs.microsoft.com',
  'www.cisco.com',
  'www.digicert.com',
  'login.microsoftonline.com',
  'entra.microsoft.com',
  'portal.azure.com',
  'intune.microsoft.com',
] as const;
