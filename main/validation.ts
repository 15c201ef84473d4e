/**
 * One argument schema per channel. Every call from the renderer (IPC or web bridge) passes
 * through these before it reaches a handler: the renderer is treated as untrusted input.
 */
import { z } from 'zod';
import { GRAPH_ACCESS_LEVELS, LANGUAGE_SETTINGS, PROXY_MODES, REPORT_FORMATS, SIGN_IN_METHODS, THEME_SETTINGS, type Channel, type Contract } from '../preload/contract';
import { EXPORT_FORMATS } from '../preload/types/certs';
import { SETUP_STEP_IDS, SETUP_STEP_STATES } from '../preload/types/deployments';
import { ISE_GENERATIONS, ISE_NODE_ROLES } from '../preload/types/entra';
import { CLOUD_NAMES } from '../preload/types/live';

const noArgs = z.tuple([]);
const taskId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'expected a task id (letters, digits, - and _)');
const iseHost = z.string().trim().min(1, 'enter the ISE primary PAN host name or address').max(253);
const port = z.number().int().min(1).max(65_535);
const iseUser = z.string().trim().min(1, 'enter the ISE administrator user').max(128);
const sha256Ref = z.string().regex(/^[0-9A-F]{64}$/, 'expected a SHA-256 thumbprint (64 uppercase hex)');
// 20 MB of file (the certificate core's limit) as base64, plus padding.
const MAX_DROPPED_BASE64 = Math.ceil((20 * 1024 * 1024) / 3) * 4 + 4;
const text = (max: number) => z.string().max(max);
/** The Microsoft cloud of a call and, for a sovereign or test cloud, its own sign-in and Graph URLs. */
const cloudEndpoints = {
  cloud: z.enum(CLOUD_NAMES),
  authority: z.url({ protocol: /^https$/, error: 'the authority must be an https URL' }).max(2048).optional(),
  graph: z.url({ protocol: /^https$/, error: 'the Graph URL must be an https URL' }).max(2048).optional(),
};

const settingsPatch = z
  .object({
    language: z.enum(LANGUAGE_SETTINGS),
    theme: z.enum(THEME_SETTINGS),
    proxyMode: z.enum(PROXY_MODES),
    proxyUrl: text(2048),
    proxyUser: text(256),
    proxyPassword: text(1024),
    dataFolder: text(4096),
    // Checked as a GUID by the settings service (SETTINGS_INVALID_CLIENT_ID, a translated text).
    signInClientId: text(200),
    // Checked (host syntax, count, range) by the settings service, with translated errors.
    chainHosts: z.array(text(300)).max(200).nullable(),
    chainTimeoutSeconds: z.number().finite(),
    chainAia: z.boolean(),
    chainAiaPrivate: z.boolean(),
  })
  .partial()
  .strict();

type ArgsSchemas = { [K in Channel]: z.ZodType<Parameters<Contract[K]>> };

export const argumentSchemas: ArgsSchemas = {
  getSettings: noArgs,
  updateSettings: z.tuple([settingsPatch]),
  getAbout: noArgs,
  pickFolder: z.tuple([z.object({ title: text(200), defaultPath: text(4096) }).partial().strict()]),
  showInFolder: z.tuple([z.object({ path: text(4096) }).strict()]),
  chooseDataFolder: noArgs,
  openExternal: z.tuple([z.object({ url: text(2048) }).strict()]),
  cancelTask: z.tuple([z.object({ taskId: taskId }).strict()]),
  copyText: z.tuple([z.object({ text: text(1024 * 1024) }).strict()]),
  openCertificateFiles: noArgs,
  loadDroppedFile: z.tuple([
    z.object({ name: text(1024), base64: z.string().max(MAX_DROPPED_BASE64, 'the file is larger than 20 MB') }).strict(),
  ]),
  unlockFile: z.tuple([z.object({ sourceId: text(100), password: text(1024) }).strict()]),
  getChainReport: z.tuple([z.object({ certificates: z.array(sha256Ref).max(10_000) }).strict()]),
  exportCertificates: z.tuple([
    z
      .object({
        certificates: z.array(sha256Ref).min(1, 'choose at least one certificate').max(10_000),
        format: z.enum(EXPORT_FORMATS),
        bundle: z.boolean(),
      })
      .strict(),
  ]),
  exportPrivateKey: z.tuple([z.object({ keyId: text(100), passphrase: text(1024) }).strict()]),
  checkDeviceCertificate: z.tuple([z.object({ fileId: z.string().regex(/^file-[0-9a-f]{24}$/, 'expected a loaded file id') }).strict()]),
  getEntraState: noArgs,
  setIseNodes: z.tuple([
    z
      .object({
        nodes: z
          .array(
            z
              .object({ fileId: text(100), name: text(253), role: z.enum(ISE_NODE_ROLES) })
              .strict(),
          )
          .max(100),
      })
      .strict(),
  ]),
  openManifest: noArgs,
  closeManifest: noArgs,
  saveManifest: noArgs,
  saveManifestAs: noArgs,
  getMdmValues: z.tuple([z.object({ tenant: text(2048), clientId: text(2048), flow: z.enum(ISE_GENERATIONS), iseVersion: text(100).optional() }).strict()]),
  getPermissionChecklist: z.tuple([z.object({ generation: z.enum(ISE_GENERATIONS) }).strict()]),
  describeIseVersion: z.tuple([z.object({ version: text(100) }).strict()]),
  getChainsState: noArgs,
  fetchChain: z.tuple([
    z
      .object({
        taskId,
        target: z.string().trim().min(1, 'enter a host name').max(300),
        timeoutMs: z.number().int().min(500, 'at least 500 ms').max(120_000, 'at most 2 minutes'),
        aia: z.boolean(),
      })
      .strict(),
  ]),
  removeChainResult: z.tuple([z.object({ target: text(300) }).strict()]),
  loadIseTrustStore: noArgs,
  clearIseTrustStore: noArgs,
  exportForIse: z.tuple([z.object({ certificates: z.array(sha256Ref).min(1, 'choose at least one certificate').max(1000), bundle: z.boolean() }).strict()]),
  getCatalog: noArgs,
  addCatalogFiles: noArgs,
  removeCatalogCa: z.tuple([z.object({ id: sha256Ref }).strict()]),
  listDeployments: noArgs,
  createDeployment: z.tuple([z.object({ name: text(200) }).strict()]),
  renameDeployment: z.tuple([z.object({ id: text(64), name: text(200) }).strict()]),
  duplicateDeployment: z.tuple([z.object({ id: text(64) }).strict()]),
  deleteDeployment: z.tuple([z.object({ id: text(64) }).strict()]),
  switchDeployment: z.tuple([z.object({ id: text(64) }).strict()]),
  restoreDeployment: z.tuple([z.object({ id: text(64).optional() }).strict()]),
  updateDeployment: z.tuple([
    z
      .object({
        id: text(64),
        patch: z
          .object({
            tenantId: text(2048),
            clientId: text(2048),
            cloud: z.enum(CLOUD_NAMES),
            iseVersion: text(100),
            nodes: z.array(z.object({ name: text(253), role: z.enum(ISE_NODE_ROLES), certificatePem: text(65536) }).strict()).max(50),
            trustedCas: z.array(z.object({ sha256: sha256Ref, name: text(200), pem: text(65536) }).strict()).max(100),
            manifestFile: text(4096).nullable(),
            // Checked as ISE reads them by the setup flow (DEPLOYMENT_FORM_INVALID, with the reason).
            iseForm: z.object({ tokenUrl: text(2048), discoveryUrl: text(2048), audience: text(2048) }).strict().nullable(),
          })
          .partial()
          .strict(),
      })
      .strict(),
  ]),
  setStepState: z.tuple([
    z
      .object({
        id: text(64),
        step: z.enum(SETUP_STEP_IDS),
        state: z.enum(SETUP_STEP_STATES),
      })
      .strict(),
  ]),
  exportDeployment: z.tuple([z.object({ id: text(64) }).strict()]),
  importDeployment: noArgs,
  diagnoseText: z.tuple([z.object({ text: z.string().max(32 * 1024 * 1024, 'paste at most 32 MB; open big logs as files instead'), name: text(300).optional(), deploymentId: text(64).optional() }).strict()]),
  diagnoseLogFiles: z.tuple([z.object({ taskId }).strict()]),
  exportSetupReport: z.tuple([z.object({ id: text(64), format: z.enum(REPORT_FORMATS) }).strict()]),
  inspectIse: z.tuple([z.object({ host: iseHost, port }).strict()]),
  trustIseCertificate: z.tuple([z.object({ host: iseHost, port, sha256: sha256Ref }).strict()]),
  connectIse: z.tuple([
    z.object({ host: iseHost, port, username: iseUser, password: z.string().max(1024), remember: z.boolean().optional() }).strict(),
  ]),
  hasSavedIsePassword: z.tuple([z.object({ host: iseHost, port, username: iseUser }).strict()]),
  forgetIsePassword: z.tuple([z.object({ host: iseHost, port, username: iseUser }).strict()]),
  getIseState: noArgs,
  refreshIseTrustStore: noArgs,
  importIseCas: z.tuple([z.object({ certificates: z.array(sha256Ref).min(1, 'choose at least one certificate').max(200) }).strict()]),
  disconnectIse: noArgs,
  testEntraConnection: z.tuple([
    z
      .object({
        taskId,
        tenant: text(2048),
        clientId: text(2048),
        keyId: text(100),
        ...cloudEndpoints,
        // The values as typed into ISE's form: checked by the test itself (a finding, not a refusal).
        form: z.object({ tokenUrl: text(2048), discoveryUrl: text(2048), audience: text(2048) }).strict().optional(),
      })
      .strict(),
  ]),
  adminSignIn: z.tuple([
    z
      .object({
        taskId,
        tenant: text(2048),
        access: z.enum(GRAPH_ACCESS_LEVELS),
        method: z.enum(SIGN_IN_METHODS),
        ...cloudEndpoints,
      })
      .strict(),
  ]),
  adminSignOut: noArgs,
  getAdminSignIn: noArgs,
  auditAppRegistration: z.tuple([
    z
      .object({
        tenant: text(2048),
        clientId: text(2048),
        ...cloudEndpoints,
      })
      .strict(),
  ]),
  planAppCertificateFix: noArgs,
  applyAppCertificateFix: z.tuple([z.object({ confirmed: z.literal(true, { error: 'confirm the changes first' }) }).strict()]),
};

/** A one-line description of what is wrong with the arguments, naming the field. */
export function describeArgumentError(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'The arguments are not valid.';
  // Tuple paths start with the argument index; the field name after it is what a reader needs.
  const path = issue.path.slice(1).join('.');
  if (issue.code === 'too_big' && issue.origin === 'array') return 'Too many arguments.';
  if (issue.code === 'too_small' && issue.origin === 'array') return 'An argument is missing.';
  if (issue.code === 'unrecognized_keys') return `Unknown field(s): ${issue.keys.join(', ')}.`;
  return path ? `${path}: ${issue.message}.` : `${issue.message}.`;
}
