/**
 * A stand-in for Entra ID's token service (login.microsoftonline.com) on 127.0.0.1, holding a
 * small directory: one tenant, app registrations with their certificates and granted
 * application permissions, the Graph and Intune resources, one admin user, and the public
 * client the app signs in with. It verifies what Entra verifies — the client-assertion JWT
 * (aud, iss = sub = client_id, exp, nbf, jti present, signature against the certificates
 * registered for that app, found by `x5t` or `x5t#S256`) — and answers with Entra's error body
 * shape ({error, error_description, error_codes, timestamp, trace_id, correlation_id,
 * error_uri}) and AADSTS texts (700016, 700027 with the thumbprint, 50012, 50013, 7000215,
 * 65001, ...). Issued tokens are RS256 JWTs signed with the stand-in's own key; the Graph and
 * Intune stand-ins check them with `verifyIssuedToken`.
 */
import { X509Certificate, createHash, generateKeyPairSync, randomBytes, randomUUID, type KeyObject } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { get as httpsGet } from 'node:https';
import { decodeJwt, formFields, sha1, sha256, signJwt, startHttpsStandin, verifyJwtSignature, type HttpsStandin, type StandinReply, type StandinRequest, type StandinTls } from './standin-server';

export const GRAPH_APP_ID = '00000003-0000-0000-c000-000000000000';
export const INTUNE_APP_ID = '0000000a-0000-0000-c000-000000000000';
export const GRAPH_AUDIENCE = 'https://graph.microsoft.com';
export const INTUNE_AUDIENCE = 'https://api.manage.microsoft.com/';

export interface StandinKey {
  keyId: string;
  displayName: string | null;
  /** base64 of the SHA-1 (what Graph returns for certificates uploaded in the portal). */
  customKeyIdentifier: string | null;
  startDateTime: string;
  endDateTime: string;
  type: 'AsymmetricX509Cert';
  usage: 'Verify';
  /** The certificate Entra keeps (never returned by Graph). */
  certificateDer: Buffer;
}

export interface StandinApp {
  /** Object ID. */
  id: string;
  appId: string;
  displayName: string;
  keys: StandinKey[];
  requiredResourceAccess: { resourceAppId: string; resourceAccess: { id: string; type: 'Role' | 'Scope' }[] }[];
  servicePrincipalId: string;
  /** Application permissions with admin consent (appRoleAssignments), by value. */
  granted: string[];
}

export interface StandinResource {
  appId: string;
  displayName: string;
  servicePrincipalId: string;
  /** Identifier URIs without trailing slash; the first is the audience of issued tokens. */
  identifiers: string[];
  audience: string;
  appRoles: { id: string; value: string }[];
}

export interface StandinDirectory {
  tenantId: string;
  tenantDomain: string;
  apps: StandinApp[];
  resources: StandinResource[];
  admin: { oid: string; username: string; name: string };
  /** Public clients that may sign users in (the app's sign-in client). */
  publicClients: string[];
  tokenKey: { privateKey: KeyObject; publicKey: KeyObject; kid: string };
}

const DAY_MS = 86_400_000;

/** Graph's and Intune's application permissions (IDs as in the public Graph service principal). */
export const GRAPH_ROLES = [
  { id: '9a5d68dd-52b0-4cc2-bd40-abcf44ac3a30', value: 'Application.Read.All' },
  { id: '1bfefb4e-e0b5-418b-a88f-73c46d2cc8e9', value: 'Application.ReadWrite.All' },
  { id: '18a4783c-866b-4cc7-a460-3d5e5662c884', value: 'Application.ReadWrite.OwnedBy' },
  { id: '7ab1d382-f21e-4acd-a863-ba3e13f7da61', value: 'Directory.Read.All' },
];
// The stand-in's own ID for Intune's role; the app reads role IDs from Graph, never hard-codes them.
export const INTUNE_ROLES = [{ id: '7b3f05d5-f68c-4b8d-8c59-a2ecd12f24af', value: 'get_device_compliance' }];

export function createDirectory(options: { publicClients?: string[] } = {}): StandinDirectory {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    tenantId: randomUUID(),
    tenantDomain: 'contoso.onmicrosoft.com',
    apps: [],
    resources: [
      { appId: GRAPH_APP_ID, displayName: 'Microsoft Graph', servicePrincipalId: randomUUID(), identifiers: [GRAPH_AUDIENCE], audience: GRAPH_AUDIENCE, appRoles: GRAPH_ROLES },
      { appId: INTUNE_APP_ID, displayName: 'Microsoft Intune API', servicePrincipalId: randomUUID(), identifiers: ['https://api.manage.microsoft.com'], audience: INTUNE_AUDIENCE, appRoles: INTUNE_ROLES },
    ],
    admin: { oid: randomUUID(), username: 'admin@contoso.onmicrosoft.com', name: 'Contoso Admin' },
    publicClients: options.publicClients ?? [],
    tokenKey: { privateKey, publicKey, kid: randomBytes(8).toString('hex') },
  };
}

/** A keyCredential as the portal upload makes it: the certificate's own dates unless given. */
export function standinKey(certificateDer: Buffer, dates: { start?: Date; end?: Date } = {}): StandinKey {
  const certificate = new X509Certificate(certificateDer);
  const subject = /CN=([^\n,]+)/.exec(certificate.subject)?.[1];
  return {
    keyId: randomUUID(),
    displayName: subject ? `CN=${subject}` : null,
    customKeyIdentifier: sha1(certificateDer).toString('base64'),
    startDateTime: (dates.start ?? new Date(certificate.validFrom)).toISOString(),
    endDateTime: (dates.end ?? new Date(certificate.validTo)).toISOString(),
    type: 'AsymmetricX509Cert',
    usage: 'Verify',
    certificateDer,
  };
}

export interface AppSpec {
  displayName?: string;
  certificates?: Buffer[];
  keys?: StandinKey[];
  /** Configured application permissions (requiredResourceAccess), by value. */
  configured?: string[];
  /** Consented ones (appRoleAssignments); defaults to `configured`. */
  granted?: string[];
}

export function registerApp(directory: StandinDirectory, spec: AppSpec = {}): StandinApp {
  const configured = spec.configured ?? ['Application.Read.All', 'get_device_compliance'];
  const requiredResourceAccess = directory.resources
    .map((resource) => ({
      resourceAppId: resource.appId,
      resourceAccess: resource.appRoles.filter((role) => configured.includes(role.value)).map((role) => ({ id: role.id, type: 'Role' as const })),
    }))
    .filter((entry) => entry.resourceAccess.length > 0);
  const app: StandinApp = {
    id: randomUUID(),
    appId: randomUUID(),
    displayName: spec.displayName ?? 'Cisco ISE',
    keys: [...(spec.keys ?? []), ...(spec.certificates ?? []).map((der) => standinKey(der))],
    requiredResourceAccess,
    servicePrincipalId: randomUUID(),
    granted: spec.granted ?? configured,
  };
  directory.apps.push(app);
  return app;
}

export interface IssuedToken {
  aud: string;
  tid: string;
  roles: string[];
  scp: string[];
  appid: string;
}

/** Checks a bearer token the way a resource does: our signature, not expired, the audience. */
export function verifyIssuedToken(directory: StandinDirectory, token: string, audience: string): { ok: true; claims: IssuedToken } | { ok: false; reason: string } {
  const jwt = decodeJwt(token);
  if (!jwt || jwt.header.alg !== 'RS256' || jwt.header.kid !== directory.tokenKey.kid) return { ok: false, reason: 'The token is malformed or was not issued by this directory.' };
  if (!verifyJwtSignature(jwt, directory.tokenKey.publicKey)) return { ok: false, reason: 'The token signature is invalid.' };
  const { payload } = jwt;
  if (typeof payload.exp !== 'number' || payload.exp * 1000 < Date.now()) return { ok: false, reason: 'The token is expired.' };
  // A resource accepts its identifier with or without the trailing slash, nothing else.
  if (typeof payload.aud !== 'string' || payload.aud.replace(/\/$/, '') !== audience.replace(/\/$/, '')) return { ok: false, reason: `Invalid audience '${String(payload.aud)}'; expected '${audience}'.` };
  const roles = Array.isArray(payload.roles) ? (payload.roles as string[]) : [];
  const scp = typeof payload.scp === 'string' ? payload.scp.split(' ') : [];
  return { ok: true, claims: { aud: audience, tid: String(payload.tid), roles, scp, appid: String(payload.appid) } };
}

export interface EntraBehaviour {
  /** Delay every token answer by this many ms, or never answer. */
  tokenDelay?: number | 'hang';
  /** What the user does at the sign-in page. */
  interactive: 'approve' | 'cancel';
  /** What happens while MSAL polls a device code. */
  deviceCode: 'approve' | 'expire';
}

export interface EntraStandin extends HttpsStandin {
  directory: StandinDirectory;
  behaviour: EntraBehaviour;
  /** Token requests received, by grant type (client_credentials, authorization_code, ...). */
  grants: string[];
  /** Client assertions received: `x5t RS256`, `x5t#S256 PS256`, ... */
  assertions: string[];
  /** Resources asked for in client-credentials requests, as sent (v2 `scope` or v1 `resource`). */
  resources: string[];
}

interface PendingCode {
  clientId: string;
  redirectUri: string;
  challenge: string;
  scopes: string[];
  nonce: string | null;
}

export async function startEntraStandin(tls: StandinTls, directory: StandinDirectory): Promise<EntraStandin> {
  const behaviour: EntraBehaviour = { interactive: 'approve', deviceCode: 'approve' };
  const grants: string[] = [];
  const assertions: string[] = [];
  const resources: string[] = [];
  const codes = new Map<string, PendingCode>();
  const refreshTokens = new Map<string, string>();
  const deviceCodes = new Map<string, { clientId: string; scopes: string[] }>();
  let origin = '';

  const handle = async (request: StandinRequest): Promise<StandinReply | 'hang'> => {
    const segments = request.url.pathname.split('/').filter((segment) => segment !== '');
    const [tenant = '', ...rest] = segments;
    const route = rest.join('/');
    if (!knownTenant(directory, tenant)) {
      return aadError(origin, 400, 'invalid_request', 90002, `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`);
    }
    if (request.method === 'GET' && route === 'v2.0/.well-known/openid-configuration') return { status: 200, body: openIdConfiguration(origin, tenant, directory) };
    if (request.method === 'GET' && route === 'discovery/v2.0/keys') return { status: 200, body: { keys: [{ kty: 'RSA', use: 'sig', kid: directory.tokenKey.kid, ...directory.tokenKey.publicKey.export({ format: 'jwk' }) }] } };
    if (request.method === 'GET' && route === 'oauth2/v2.0/authorize') return authorize(request.url, directory, behaviour, codes);
    if (request.method === 'POST' && route === 'oauth2/v2.0/devicecode') return deviceCode(request, directory, deviceCodes, origin);
    if (request.method === 'POST' && (route === 'oauth2/v2.0/token' || route === 'oauth2/token')) {
      if (behaviour.tokenDelay === 'hang') return 'hang';
      if (behaviour.tokenDelay) await new Promise((resolvePromise) => setTimeout(resolvePromise, behaviour.tokenDelay as number));
      const fields = formFields(request.body);
      grants.push(fields.grant_type ?? '');
      if (fields.grant_type === 'client_credentials') resources.push(fields.scope ?? fields.resource ?? '');
      const context: TokenContext = { origin, tenant, version: route === 'oauth2/token' ? 1 : 2, fields, directory, behaviour, codes, refreshTokens, deviceCodes, assertions };
      return token(context);
    }
    return { status: 404, body: { error: 'not_found', error_description: `No stand-in route for ${request.method} ${request.url.pathname}` } };
  };
  const server = await startHttpsStandin(tls, handle);
  origin = server.origin;
  return { ...server, directory, behaviour, grants, assertions, resources };
}

function knownTenant(directory: StandinDirectory, tenant: string): boolean {
  return [directory.tenantId, directory.tenantDomain, 'organizations', 'common'].includes(tenant.toLowerCase());
}

function openIdConfiguration(origin: string, tenant: string, directory: StandinDirectory): object {
  const base = `${origin}/${tenant}`;
  return {
    token_endpoint: `${base}/oauth2/v2.0/token`,
    authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
    device_authorization_endpoint: `${base}/oauth2/v2.0/devicecode`,
    end_session_endpoint: `${base}/oauth2/v2.0/logout`,
    jwks_uri: `${base}/discovery/v2.0/keys`,
    issuer: `${origin}/${directory.tenantId}/v2.0`,
    response_modes_supported: ['query', 'fragment', 'form_post'],
    token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
  };
}

/** Entra's error body; the description carries the trace lines like the real one. */
export function aadError(origin: string, status: number, error: string, code: number, text: string): StandinReply {
  const traceId = randomUUID();
  const correlationId = randomUUID();
  const timestamp = new Date().toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z');
  return {
    status,
    body: {
      error,
      error_description: `AADSTS${code}: ${text}\r\nTrace ID: ${traceId}\r\nCorrelation ID: ${correlationId}\r\nTimestamp: ${timestamp}`,
      error_codes: [code],
      timestamp,
      trace_id: traceId,
      correlation_id: correlationId,
      error_uri: `${origin}/error?code=${code}`,
    },
  };
}

interface TokenContext {
  origin: string;
  tenant: string;
  version: 1 | 2;
  fields: Record<string, string>;
  directory: StandinDirectory;
  behaviour: EntraBehaviour;
  codes: Map<string, PendingCode>;
  refreshTokens: Map<string, string>;
  deviceCodes: Map<string, { clientId: string; scopes: string[] }>;
  assertions: string[];
}

function token(context: TokenContext): StandinReply {
  const { fields, directory, origin } = context;
  const clientId = (fields.client_id ?? '').toLowerCase();
  switch (fields.grant_type) {
    case 'client_credentials':
      return clientCredentials(context, clientId);
    // For the device code Entra takes the RFC 8628 name and the short one MSAL sends.
    case 'authorization_code':
    case 'refresh_token':
    case 'urn:ietf:params:oauth:grant-type:device_code':
    case 'device_code':
      if (!directory.publicClients.includes(clientId)) return appNotFound(origin, clientId, directory);
      return delegated(context, clientId);
    default:
      return aadError(origin, 400, 'unsupported_grant_type', 70003, `The app requested an unsupported grant type '${fields.grant_type ?? ''}'.`);
  }
}

function appNotFound(origin: string, clientId: string, directory: StandinDirectory): StandinReply {
  return aadError(
    origin,
    400,
    'unauthorized_client',
    700016,
    `Application with identifier '${clientId}' was not found in the directory '${directory.tenantDomain}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.`,
  );
}

function entraDate(iso: string): string {
  const date = new Date(iso);
  const pad = (value: number): string => String(value).padStart(2, '0');
  return `${pad(date.getUTCMonth() + 1)}/${pad(date.getUTCDate())}/${date.getUTCFullYear()} ${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}`;
}

function clientCredentials(context: TokenContext, clientId: string): StandinReply {
  const { fields, directory, origin } = context;
  const app = directory.apps.find((candidate) => candidate.appId === clientId);
  if (!app) return appNotFound(origin, clientId, directory);
  if (fields.client_secret !== undefined) {
    return aadError(origin, 401, 'invalid_client', 7000215, `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${clientId}'.`);
  }
  if (fields.client_assertion === undefined || fields.client_assertion_type !== 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer') {
    return aadError(origin, 401, 'invalid_client', 7000218, "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.");
  }
  const refusal = checkAssertion(context, app, fields.client_assertion);
  if (refusal) return refusal;
  // Entra takes the resource as asked: `https://api.manage.microsoft.com//.default` is the resource
  // `https://api.manage.microsoft.com/`, and the token's audience keeps that slash.
  const resourceText = context.version === 2 ? (fields.scope ?? '').split(' ').find((scope) => scope.endsWith('/.default'))?.replace(/\/\.default$/, '') : fields.resource;
  const resource = findResource(directory, resourceText ?? '');
  if (!resource) {
    return aadError(origin, 400, 'invalid_resource', 500011, `The resource principal named ${resourceText ?? ''} was not found in the tenant named ${directory.tenantDomain}. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant.`);
  }
  const roles = resource.appRoles.filter((role) => app.granted.includes(role.value)).map((role) => role.value);
  // Graph issues a token without roles (and answers 403 later); Intune's token request fails with 65001.
  if (roles.length === 0 && resource.appId === INTUNE_APP_ID) {
    return aadError(origin, 400, 'invalid_grant', 65001, `The user or administrator has not consented to use the application with ID '${clientId}' named '${app.displayName}'. Send an interactive authorization request for this user and resource.`);
  }
  const now = Math.floor(Date.now() / 1000);
  const accessToken = signJwt(
    { kid: directory.tokenKey.kid },
    { aud: resourceText ?? resource.audience, iss: `https://sts.windows.net/${directory.tenantId}/`, iat: now, nbf: now, exp: now + 3600, appid: clientId, tid: directory.tenantId, oid: app.servicePrincipalId, idtyp: 'app', ...(roles.length > 0 ? { roles } : {}) },
    directory.tokenKey.privateKey,
  );
  if (context.version === 1) {
    return { status: 200, body: { token_type: 'Bearer', expires_in: '3599', ext_expires_in: '3599', expires_on: String(now + 3599), not_before: String(now), resource: resourceText ?? resource.audience, access_token: accessToken } };
  }
  return { status: 200, body: { token_type: 'Bearer', expires_in: 3599, ext_expires_in: 3599, access_token: accessToken } };
}

/** The client assertion checks, in the order Entra reports them; null when the assertion is good. */
function checkAssertion(context: TokenContext, app: StandinApp, assertion: string): StandinReply | null {
  const { origin, tenant } = context;
  const jwt = decodeJwt(assertion);
  if (!jwt) return aadError(origin, 401, 'invalid_client', 50027, 'JWT token is invalid or malformed.');
  const x5t = typeof jwt.header.x5t === 'string' ? Buffer.from(jwt.header.x5t, 'base64url') : null;
  const x5tS256 = typeof jwt.header['x5t#S256'] === 'string' ? Buffer.from(jwt.header['x5t#S256'], 'base64url') : null;
  context.assertions.push(`${x5t ? 'x5t' : 'x5t#S256'} ${String(jwt.header.alg)}`);
  if (!x5t && !x5tS256) return aadError(origin, 401, 'invalid_client', 50027, 'Invalid JWT token. No certificate thumbprint specified in token header.');
  const { payload } = jwt;
  if (payload.iss !== app.appId || payload.sub !== app.appId) {
    return aadError(origin, 401, 'invalid_client', 700021, "Client assertion application identifier doesn't match 'client_id' parameter. Review the documentation at https://docs.microsoft.com/azure/active-directory/develop/active-directory-certificate-credentials .");
  }
  const audiences = [`${origin}/${tenant}/oauth2/v2.0/token`, `${origin}/${tenant}/oauth2/token`];
  if (typeof payload.aud !== 'string' || !audiences.includes(payload.aud)) {
    return aadError(origin, 401, 'invalid_client', 700023, 'Client assertion audience claim does not match Realm issuer. Review the documentation at https://docs.microsoft.com/azure/active-directory/develop/active-directory-certificate-credentials .');
  }
  const now = Date.now() / 1000;
  const skew = 300;
  if (typeof payload.exp !== 'number' || typeof payload.nbf !== 'number' || payload.exp < now - skew || payload.nbf > now + skew) {
    return aadError(origin, 401, 'invalid_client', 700024, `Client assertion is not within its valid time range. Current time: ${new Date().toISOString()}, assertion valid from ${String(payload.nbf)}, expiry time of assertion ${String(payload.exp)}.`);
  }
  if (typeof payload.jti !== 'string' || payload.jti === '') return aadError(origin, 401, 'invalid_client', 50027, 'Invalid JWT token. The token does not carry a jti claim.');
  // Entra writes the thumbprint the client sent in hex (SHA-1 for x5t).
  const sent = (x5t ?? x5tS256 ?? Buffer.alloc(0)).toString('hex').toUpperCase();
  const key = app.keys.find((candidate) => (x5t && sha1(candidate.certificateDer).equals(x5t)) || (x5tS256 && sha256(candidate.certificateDer).equals(x5tS256)));
  if (!key) {
    return aadError(
      origin,
      401,
      'invalid_client',
      700027,
      `Client assertion contains an invalid signature. [Reason - The key was not found., Thumbprint of key used by client: '${sent}', Please visit the Azure Portal, Graph Explorer or directly use MS Graph to see configured keys for app Id '${app.appId}'. Review the documentation at https://docs.microsoft.com/en-us/graph/deployments to determine the corresponding service endpoint and https://docs.microsoft.com/en-us/graph/api/application-get?view=graph-rest-1.0&tabs=http to build a query request URL, such as 'https://graph.microsoft.com/beta/applications/${app.appId}']`,
    );
  }
  const found = `Found key 'Start=${entraDate(key.startDateTime)}, End=${entraDate(key.endDateTime)}'`;
  if (Date.parse(key.endDateTime) < Date.now() || Date.parse(key.startDateTime) > Date.now()) {
    return aadError(origin, 401, 'invalid_client', 50012, `Client assertion contains an invalid signature. [Reason - The key used is expired., Thumbprint of key used by client: '${sent}', ${found}]`);
  }
  if (!verifyJwtSignature(jwt, new X509Certificate(key.certificateDer).publicKey)) {
    return aadError(origin, 401, 'invalid_client', 50013, `Assertion failed signature validation. [Reason - Key was found, but use of the key to verify the signature failed., Thumbprint of key used by client: '${sent}', ${found}]`);
  }
  return null;
}

function findResource(directory: StandinDirectory, text: string): StandinResource | undefined {
  const wanted = text.replace(/\/$/, '').toLowerCase();
  return directory.resources.find((resource) => resource.appId === wanted || resource.identifiers.some((identifier) => identifier.toLowerCase() === wanted));
}

// --- delegated sign-in (the admin, through the app's public client) ---------------------------

const OIDC_SCOPES = new Set(['openid', 'profile', 'offline_access', 'email']);

function authorize(url: URL, directory: StandinDirectory, behaviour: EntraBehaviour, codes: Map<string, PendingCode>): StandinReply {
  const clientId = url.searchParams.get('client_id') ?? '';
  const redirectUri = url.searchParams.get('redirect_uri') ?? '';
  const state = url.searchParams.get('state') ?? '';
  if (!directory.publicClients.includes(clientId)) return { status: 400, body: `AADSTS700016: Application with identifier '${clientId}' was not found.` };
  if (url.searchParams.get('response_mode') !== 'form_post' || url.searchParams.get('code_challenge_method') !== 'S256') {
    return { status: 400, body: 'This stand-in answers only form_post with PKCE S256, as MSAL Node sends.' };
  }
  const fields: Record<string, string> = { state };
  if (behaviour.interactive === 'cancel') {
    Object.assign(fields, { error: 'access_denied', error_subcode: 'cancel', error_description: 'AADSTS65004: User declined to consent to access the app.' });
  } else {
    const code = randomBytes(24).toString('base64url');
    codes.set(code, { clientId, redirectUri, challenge: url.searchParams.get('code_challenge') ?? '', scopes: (url.searchParams.get('scope') ?? '').split(' '), nonce: url.searchParams.get('nonce') });
    fields.code = code;
  }
  // Entra's form_post page: a form that the browser submits to the redirect URI.
  const inputs = Object.entries(fields).map(([name, value]) => `<input type="hidden" name="${name}" value="${value.replace(/"/g, '&quot;')}" />`).join('');
  return { status: 200, headers: { 'content-type': 'text/html; charset=utf-8' }, body: `<html><body onload="document.forms[0].submit()"><form method="POST" action="${redirectUri}">${inputs}</form></body></html>` };
}

function deviceCode(request: StandinRequest, directory: StandinDirectory, deviceCodes: Map<string, { clientId: string; scopes: string[] }>, origin: string): StandinReply {
  const fields = formFields(request.body);
  const clientId = fields.client_id ?? '';
  if (!directory.publicClients.includes(clientId)) return appNotFound(origin, clientId, directory);
  const code = randomBytes(24).toString('base64url');
  deviceCodes.set(code, { clientId, scopes: (fields.scope ?? '').split(' ') });
  const userCode = randomBytes(4).toString('hex').toUpperCase();
  return {
    status: 200,
    body: {
      user_code: userCode,
      device_code: code,
      verification_uri: `${origin}/devicelogin`,
      expires_in: 900,
      interval: 1,
      message: `To sign in, use a web browser to open the page ${origin}/devicelogin and enter the code ${userCode} to authenticate.`,
    },
  };
}

function delegated(context: TokenContext, clientId: string): StandinReply {
  const { fields, origin, codes, refreshTokens, deviceCodes, behaviour } = context;
  let scopes: string[];
  let nonce: string | null = null;
  if (fields.grant_type === 'authorization_code') {
    const pending = codes.get(fields.code ?? '');
    codes.delete(fields.code ?? '');
    if (!pending || pending.clientId !== clientId || pending.redirectUri !== fields.redirect_uri) {
      return aadError(origin, 400, 'invalid_grant', 70008, 'The provided authorization code or refresh token has expired due to inactivity. Send a new interactive authorization request for this user and resource.');
    }
    const challenge = createHash('sha256').update(fields.code_verifier ?? '').digest('base64url');
    if (challenge !== pending.challenge) return aadError(origin, 400, 'invalid_grant', 501481, 'The Code_Verifier does not match the code_challenge supplied in the authorization request.');
    scopes = (fields.scope ?? pending.scopes.join(' ')).split(' ');
    nonce = pending.nonce;
  } else if (fields.grant_type === 'refresh_token') {
    if (!refreshTokens.has(fields.refresh_token ?? '')) return aadError(origin, 400, 'invalid_grant', 700082, 'The refresh token has expired due to inactivity.');
    scopes = (fields.scope ?? '').split(' ');
  } else {
    const pending = deviceCodes.get(fields.device_code ?? '');
    if (!pending) return aadError(origin, 400, 'invalid_grant', 70000, 'The provided value for the input parameter device_code is not valid.');
    if (behaviour.deviceCode === 'expire') {
      deviceCodes.delete(fields.device_code ?? '');
      return aadError(origin, 400, 'expired_token', 70019, 'Verification code expired.');
    }
    scopes = pending.scopes;
  }
  return userTokens(context, clientId, scopes, nonce);
}

function userTokens(context: TokenContext, clientId: string, scopes: string[], nonce: string | null): StandinReply {
  const { directory, origin, refreshTokens } = context;
  const resourceScopes = scopes.filter((scope) => scope !== '' && !OIDC_SCOPES.has(scope));
  const resource = findResource(directory, resourceScopes[0]?.replace(/\/[^/]+$/, '') ?? GRAPH_AUDIENCE) ?? (directory.resources[0] as StandinResource);
  const scp = resourceScopes.map((scope) => scope.split('/').pop() ?? scope);
  const now = Math.floor(Date.now() / 1000);
  const { admin, tenantId } = directory;
  const accessToken = signJwt(
    { kid: directory.tokenKey.kid },
    { aud: resource.audience, iss: `https://sts.windows.net/${tenantId}/`, iat: now, nbf: now, exp: now + 3600, appid: clientId, tid: tenantId, oid: admin.oid, upn: admin.username, scp: scp.join(' ') },
    directory.tokenKey.privateKey,
  );
  const idToken = signJwt(
    { kid: directory.tokenKey.kid },
    { aud: clientId, iss: `${origin}/${tenantId}/v2.0`, iat: now, nbf: now, exp: now + 3600, name: admin.name, oid: admin.oid, sub: admin.oid, tid: tenantId, preferred_username: admin.username, ver: '2.0', ...(nonce ? { nonce } : {}) },
    directory.tokenKey.privateKey,
  );
  const refreshToken = randomBytes(32).toString('base64url');
  refreshTokens.set(refreshToken, clientId);
  return {
    status: 200,
    body: {
      token_type: 'Bearer',
      scope: resourceScopes.join(' '),
      expires_in: 3599,
      ext_expires_in: 3599,
      access_token: accessToken,
      refresh_token: refreshToken,
      id_token: idToken,
      client_info: Buffer.from(JSON.stringify({ uid: admin.oid, utid: tenantId })).toString('base64url'),
    },
  };
}

/** Day arithmetic for tests that register keys with chosen dates. */
export function daysFromNow(days: number): Date {
  return new Date(Date.now() + days * DAY_MS);
}

/**
 * The system browser as the admin drives it: loads the authorize URL from the stand-in and
 * submits Entra's form_post page to the loopback redirect, as the page's onload would.
 */
export function standinBrowser(caPem: string): { open: (url: string) => Promise<void>; opened: string[] } {
  const opened: string[] = [];
  const open = async (url: string): Promise<void> => {
    opened.push(url);
    const page = await new Promise<string>((resolvePromise, reject) => {
      httpsGet(url, { ca: caPem }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolvePromise(Buffer.concat(chunks).toString('utf8')));
      }).on('error', reject);
    });
    const action = /<form method="POST" action="([^"]+)">/.exec(page)?.[1];
    if (!action) throw new Error(`The stand-in sign-in page has no form: ${page}`);
    const fields = Object.fromEntries([...page.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)" \/>/g)].map((match) => [match[1] ?? '', (match[2] ?? '').replace(/&quot;/g, '"')]));
    const body = new URLSearchParams(fields).toString();
    const target = new URL(action);
    await new Promise<void>((resolvePromise, reject) => {
      const outgoing = httpRequest({ host: '127.0.0.1', port: target.port, path: target.pathname, method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(body) } }, (response) => {
        response.resume();
        response.on('end', () => resolvePromise());
      });
      outgoing.on('error', reject);
      outgoing.end(body);
    });
  };
  return { open, opened };
}
