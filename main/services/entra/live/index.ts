/**
 * Live checks with Microsoft, the public API (plain Node: IPC handlers, the CLI and tests use
 * it). Never imports Electron: the app passes its browser opener and encrypted store in.
 */
export { CLOUDS, defaultScope, isAllowedSignInUrl, isCloudName, resolveCloud, type CloudOptions, type ResolvedCloud } from './clouds';
export { testConnection, type ConnectionTestOptions } from './connection-test';
export { loadSigningCredential, type CredentialInput, type SigningCredential } from './credential';
export { findingFromText, type FindingContext } from './findings';
export { GRAPH_APP_ID, GraphError, INTUNE_APP_ID, createGraphClient, type GraphClient, type GraphClientOptions } from './graph-client';
export { DEFAULT_REQUEST_TIMEOUT_MS, createMsalNetworkClient, createTransport, transportFailure, type HttpRequest, type HttpResponse, type HttpTransport, type TransportOptions } from './network-client';
export { chromiumErrorName, createChromiumTransport, createNetRequester, type ChromiumTransportOptions, type RawRequester, type RawResponse } from './chromium-transport';
export { MIN_VALID_DAYS, applyCertificateFix, auditAppRegistration, planCertificateFix, type AuditNode, type AuditOptions, type PlanOptions } from './audit';
export {
  DEFAULT_SIGN_IN_CLIENT_ID,
  TOKEN_CACHE_NAME,
  createAdminSession,
  readCachedSignIn,
  type AdminSession,
  type AdminSessionOptions,
  type DeviceCodeOptions,
  type GraphAccess,
  type InteractiveOptions,
  type TokenCacheStore,
} from './sign-in';
