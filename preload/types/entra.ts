/**
 * Entra-side data that crosses from main to the renderer: keyCredentials, the app manifest,
 * ISE node certificates, ISE's External MDM form values, the permissions checklist and ISE
 * version facts. Types only: the renderer compiles this file too. Dates are ISO 8601 (UTC).
 */
import type { CertificateInfo, ValidityStatus } from './certs';

/** `graph`: Microsoft Graph manifest (portal default since 2024); `legacy`: Azure AD Graph. */
export type ManifestFormat = 'graph' | 'legacy';

/** A keyCredentials item in the legacy (Azure AD Graph) manifest, keys in the portal's order. */
export interface LegacyKeyCredential {
  /** base64(SHA-1 of the DER), as the seed's PowerShell `GetCertHash()` gives it. */
  customKeyIdentifier: string;
  endDate: string;
  keyId: string;
  startDate: string;
  type: 'AsymmetricX509Cert';
  usage: 'Verify';
  /** base64 of the DER (`GetRawCertData()`); reads back as null once uploaded. */
  value: string;
}

/** A keyCredentials item in the Microsoft Graph manifest, keys in the portal's order. */
export interface GraphKeyCredential {
  customKeyIdentifier: string;
  /** `CN=<subject CN>`: Cisco asks that it match the ISE certificate's CN. */
  displayName: string;
  endDateTime: string;
  /** base64 of the DER; reads back as null once uploaded. */
  key: string;
  keyId: string;
  startDateTime: string;
  type: 'AsymmetricX509Cert';
  usage: 'Verify';
}

export type KeyCredential = LegacyKeyCredential | GraphKeyCredential;

/** Something the tolerant reader fixed so that the file became strict JSON. */
export interface JsonRepair {
  kind: 'utf16' | 'windows-1252' | 'bom' | 'line-comment' | 'block-comment' | 'trailing-comma';
  /** 1-based line where the repaired text starts. */
  line: number;
  /** 1-based line where it ends (block comments may span lines). */
  endLine: number;
  message: string;
}

/** The modern route: the file to upload under *Certificates & secrets*. */
export interface PortalUpload {
  suggestedFileName: string;
  /** PEM text; the portal takes .cer/.pem/.crt. */
  pem: string;
  /** What the portal will show in its Thumbprint column (SHA-1, uppercase hex). */
  portalThumbprint: string;
}

// --- ISE nodes --------------------------------------------------------------------------------

/** `unassigned`: the admin has not chosen the node's role yet (a new node starts so; it is never guessed). */
export const ISE_NODE_ROLES = ['unassigned', 'primary-pan', 'secondary-pan', 'psn', 'other'] as const;
export type IseNodeRole = (typeof ISE_NODE_ROLES)[number];

export type NodeWarningCode =
  | 'EXPIRED'
  | 'EXPIRES_SOON'
  | 'NOT_YET_VALID'
  | 'NOT_RSA'
  | 'WEAK_RSA_KEY'
  | 'SHA1_SIGNATURE'
  | 'ODD_SERIAL'
  | 'PRIVATE_KEY_IN_FILE'
  | 'SEVERAL_CERTIFICATES_IN_FILE'
  | 'SHARED_CERTIFICATE'
  | 'DISPLAY_NAME_DIFFERS_FROM_CN'
  | 'ROLE_NOT_CHOSEN'
  | 'NOT_REGISTERED';

export interface NodeWarning {
  code: NodeWarningCode;
  /** `info` is fine and only explained (a shared certificate); `error` will not work as is. */
  severity: 'info' | 'warning' | 'error';
  message: string;
  /**
   * The message's parts, for the window to word it in the admin's language: `node` and `role`
   * (IseNodeRole) name the node; dates are ISO 8601.
   */
  params: Record<string, string | number>;
}

/** The system certificate of one ISE node that talks to Intune, with what to watch. */
export interface NodeCertificate {
  /** The admin's name for the node (hostname), or the file name on the command line. */
  name: string;
  role: IseNodeRole;
  file: string;
  certificate: CertificateInfo;
  /** The file also holds a private key (it must not be uploaded anywhere). */
  fileHasPrivateKey: boolean;
  warnings: NodeWarning[];
}

// --- manifest ---------------------------------------------------------------------------------

/** One keyCredentials item already in the manifest, as read. */
export interface ExistingKeyEntry {
  /** 0-based position in keyCredentials. */
  index: number;
  keyId: string | null;
  displayName: string | null;
  /** The raw customKeyIdentifier: base64 SHA-1, 40-character hex, or null (DOMAIN.md). */
  customKeyIdentifier: string | null;
  /** The thumbprint (SHA-1 uppercase hex) from customKeyIdentifier or the certificate; null when neither tells. */
  sha1: string | null;
  startDate: string | null;
  endDate: string | null;
  /** As of `checkedAt`; `unknown` when the dates are missing or unreadable. */
  status: ValidityStatus | 'unknown';
  checkedAt: string;
  /** The entry still carries the certificate (`value`/`key` not null: not uploaded yet). */
  hasCertificate: boolean;
  /** Names of the loaded ISE nodes whose certificate this entry is. */
  nodes: string[];
}

/** A keyCredentials item the merge adds, and the nodes it serves. */
export interface AddedKeyEntry {
  keyCredential: KeyCredential;
  nodes: string[];
  sha1: string;
}

/** A loaded certificate that is already on the app: nothing is added for it. */
export interface AlreadyRegistered {
  nodes: string[];
  sha1: string;
  /** Position of the entry that holds it. */
  index: number;
  keyId: string | null;
  /** How it was recognised. */
  matchedBy: 'thumbprint' | 'certificate';
}

export interface ManifestDiff {
  added: AddedKeyEntry[];
  unchanged: ExistingKeyEntry[];
  alreadyRegistered: AlreadyRegistered[];
}

export interface ManifestInfo {
  file: string;
  format: ManifestFormat;
  /** The fields that decided the format. */
  formatEvidence: string[];
  repairs: JsonRepair[];
  entries: ExistingKeyEntry[];
}

export interface MergeResult {
  format: ManifestFormat;
  repairs: JsonRepair[];
  diff: ManifestDiff;
  /** The merged manifest: the file as read (comments and trailing commas removed, strict JSON) with keyCredentials extended; every other byte as it was. */
  text: string;
}

export interface SavedManifest {
  path: string;
  /** The copy of what was there before; null when the target did not exist. */
  backupPath: string | null;
}

// --- ISE External MDM form ------------------------------------------------------------------

/** The discovery flow of ISE's External MDM form: the Graph its release talks to. */
export type MdmFlow = IseGeneration;

/** A pasted ID after clean-up, and what was cleaned. */
export const ID_CLEANUPS = ['spacesInside', 'spaces', 'quotes', 'fromUrl', 'braces', 'lowerGuid', 'domain'] as const;
export type IdCleanup = (typeof ID_CLEANUPS)[number];

export interface CleanedId {
  input: string;
  value: string;
  kind: 'guid' | 'domain';
  /** What was cleaned, in English (the command line prints these). */
  cleanups: string[];
  /** The same, as catalog keys (`manifest.mdm.cleanup.*`) with their values, for the window's language. */
  cleanupNotes: { key: IdCleanup; values: Record<string, string> }[];
}

/** The four fields of *Administration > Network Resources > External MDM*. */
export interface MdmFields {
  autoDiscoveryUrl: string;
  clientId: string;
  tokenIssuingUrl: string;
  tokenAudience: string;
}

/** Every field of ISE's External MDM form for Intune, top to bottom. */
export type MdmFormFieldId =
  | 'name'
  | 'serverType'
  | 'authenticationType'
  | 'autoDiscovery'
  | 'autoDiscoveryUrl'
  | 'clientId'
  | 'tokenIssuingUrl'
  | 'tokenAudience'
  | 'description'
  | 'pollingInterval'
  | 'complianceReauthInterval'
  | 'deviceIdentifier'
  | 'status';

export interface MdmFormRow {
  field: MdmFormFieldId;
  /** The field's name as ISE's form shows it. */
  label: string;
  /** The exact value to type or paste; null when the admin chooses (see guidance). */
  value: string | null;
  /** What to choose or type, in a sentence (English; the window translates by `field`). */
  guidance: string;
}

export interface MdmValues extends MdmFields {
  flow: MdmFlow;
  tenant: CleanedId;
  client: CleanedId;
  /** The ISE release the values are for, when one was given. */
  release: IseVersionInfo | null;
  /** Every field of the form for that release (or for current releases), in the form's order. */
  form: MdmFormRow[];
  /** Which ISE versions use this flow, and other things to know about these values. */
  notes: string[];
  /** Cautions about these particular values (e.g. a domain where a GUID is safer). */
  warnings: string[];
  pollingGuidance: string[];
}

// --- permissions ------------------------------------------------------------------------------

/** Which Graph an ISE release talks to (and so which permissions it needs). */
export const ISE_GENERATIONS = ['graph', 'legacy'] as const;
export type IseGeneration = (typeof ISE_GENERATIONS)[number];

export interface PermissionRow {
  id: string;
  /** The API as the portal's *Add a permission* lists it. */
  api: 'Microsoft Intune API' | 'Microsoft Graph' | 'Azure Active Directory Graph' | null;
  /** Permission name, or the action for the last row. */
  permission: string;
  type: 'Application' | 'Delegated' | null;
  /** `one-of`: any single permission of `alternatives` (with this one) is enough. */
  requirement: 'required' | 'one-of' | 'technote-2020' | 'retired' | 'action';
  alternatives: string[];
  generations: IseGeneration[];
  /** Where this row comes from (DOMAIN.md section or the seed technote). */
  source: string;
  /** Cisco and Microsoft do not state the fact plainly: the UI must say so. */
  unconfirmed: boolean;
  note: string;
  /** Which note and source these are, for the window's language (`manifest.permissions.notes.*`, `.sources.*`). */
  noteKey: 'intune' | 'graphRead' | 'technote2020' | 'aadGraphRetired' | 'consent';
  sourceKey: 'guide' | 'technote' | 'both';
}

// --- ISE versions -----------------------------------------------------------------------------

export interface IseVersionInfo {
  input: string;
  major: number;
  minor: number;
  patch: number;
  /** e.g. `3.1 Patch 3`. */
  label: string;
  flow: MdmFlow;
  /** Has the Intune Compliance Retrieval API ("NAC 2.0"): 3.1 P8, 3.2 P4, 3.3+. */
  complianceApi: boolean;
  /** Listed as affected by Cisco Field Notice FN74227 (strong certificate mapping). */
  fn74227: boolean;
  /** The first patch of this release after those FN74227 lists, e.g. `3.2 Patch 7`; null when not listed. */
  fn74227Fix: string | null;
  /** Entra endpoint the release requests tokens from: v2.0 from 3.3 (back-ported to 3.1 P8, 3.2 P4). */
  tokenEndpoint: 'v1' | 'v2';
  /** MDM API v3: device lookups by Intune's device GUID (3.1 and later). */
  guidLookup: boolean;
  /** `listed`: a release Cisco's MDM guide covers; `newer`/`older`: after the newest / before the oldest. */
  release: 'listed' | 'older' | 'newer';
  /** What to upgrade to (`3.1 Patch 8`, `3.2 Patch 4`, `3.3`) so that the integration works fully; null when nothing. */
  upgradeTo: string | null;
  /** What the release can and cannot do for the integration, one sentence each (English, for the CLI and logs). */
  canDo: string[];
  cannotDo: string[];
  warnings: string[];
  notes: string[];
}
