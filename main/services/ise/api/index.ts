/**
 * ISE's own API, the public surface (plain Node: IPC handlers, the CLI and tests use it).
 * Flow: inspectIseCertificate -> the user trusts it (trustIseCertificate) -> iseEndpoint with
 * the pin -> new IseApiClient(endpoint, user, password) for one operation -> readIseTrustStore /
 * iseGapForChains -> importCasIntoIse after the user confirmed the list.
 */
export {
  inspectIseCertificate,
  trustIseCertificate,
  iseEndpoint,
  iseTarget,
  refuseNonHost,
  iseRequest,
  IseCertChangedError,
  ISE_DEFAULT_PORT,
  ISE_ERS_PORT,
  ISE_DEFAULT_TIMEOUT_MS,
  type IseTarget,
  type IseEndpoint,
  type IseRequest,
  type IseHttpResponse,
  type InspectOptions,
} from './connection';
export { JsonFilePinStore, MemoryPinStore, normalisePin, PIN_FILE_NAME, type PinRecord, type PinStore } from './pins';
export { IseApiClient, ISE_API_MENU_PATH, DEFAULT_PAGE_SIZE, TRUSTED_CERTIFICATE_PATH, parseIseDate, type IseImportBody, type ImportAnswer, type ExportAnswer } from './client';
export { readIseTrustStore, resolveIseStore, iseGapForChains, iseGapForCas, type ReadTrustStoreOptions, type ResolvedIseStore } from './trust-store';
export { importCasIntoIse, importBody, importFlagsFor, friendlyNamesFor, safeIseText, ISE_TRUST_FLAG_ROWS, type ImportCasOptions } from './import-cas';
