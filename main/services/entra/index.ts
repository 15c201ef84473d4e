/** The Entra side's public API (plain Node: used by IPC handlers, the CLI and tests). */
export { expectedDisplayName, manifestDate, toKeyCredential, toPortalUpload } from './key-credentials';
export { EXPIRY_WARNING_DAYS, ROLE_LABELS, checkIseNodes, describeNode, selectNodeCertificate, type IseNodeInput, type NodeCheckOptions } from './ise-nodes';
export { MAX_MANIFEST_BYTES, detectManifestFormat, parseManifest, parseManifestBytes, readManifestBytes, readManifestFile, type ParsedManifest } from './manifest-format';
export { describeExistingKeys, describeManifest, mergeKeyCredentials, type MergeOptions } from './manifest-merge';
export { backupStamp, saveManifest, type SaveOptions } from './manifest-save';
export { GRAPH_DISCOVERY_URL, TOKEN_AUDIENCE, cleanClientId, cleanTenantId, mdmValues } from './mdm-values';
export { PERMISSION_CATALOG, permissionChecklist } from './permissions';
export { affectedByFn74227, hasComplianceApi, parseIseVersion, usesGraph } from './ise-versions';
export { decodeJsonBytes, readManifestJson, type JsonNode, type ManifestJson } from './manifest-json';
