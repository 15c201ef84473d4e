/**
 * A stand-in for Microsoft Graph v1.0 on 127.0.0.1, reading the Entra stand-in's directory.
 * It checks bearer tokens as Graph does (signature, expiry, audience) and the permission each
 * call needs (application `roles` or delegated `scp`), answering 401 InvalidAuthenticationToken
 * or 403 Authorization_RequestDenied with Graph's error body. Routes: Intune endpoint
 * discovery, applications by appId, servicePrincipals by appId (with appRoles),
 * appRoleAssignments, and PATCH of keyCredentials — which refuses a body that would drop
 * existing keys unless the test allows it (`allowKeyRemoval`), since dropping another node's
 * key is the mistake the app must never make.
 */
import { X509Certificate, randomUUID } from 'node:crypto';
import { GRAPH_AUDIENCE, INTUNE_APP_ID, verifyIssuedToken, type StandinApp, type StandinDirectory, type StandinKey } from './entra-standin';
import { sha1, startHttpsStandin, type HttpsStandin, type StandinReply, type StandinRequest, type StandinTls } from './standin-server';

const READ_PERMISSIONS = ['Application.Read.All', 'Application.ReadWrite.All', 'Application.ReadWrite.OwnedBy', 'Directory.Read.All'];
const WRITE_PERMISSIONS = ['Application.ReadWrite.All'];

export interface GraphBehaviour {
  /** `uri` of the Intune compliance endpoint that discovery returns. */
  intuneUri: string;
  /** Provider names discovery lists. */
  providers: string[];
  allowKeyRemoval: boolean;
}

export interface GraphStandin extends HttpsStandin {
  behaviour: GraphBehaviour;
  /** Bodies of accepted PATCH requests. */
  patches: unknown[];
}

export async function startGraphStandin(tls: StandinTls, directory: StandinDirectory, intuneUri = 'https://127.0.0.1:1/'): Promise<GraphStandin> {
  const behaviour: GraphBehaviour = { intuneUri, providers: ['ComplianceRetrievalService', 'NACAPIService'], allowKeyRemoval: false };
  const patches: unknown[] = [];
  const handle = (request: StandinRequest): StandinReply => {
    const auth = /^Bearer (.+)$/.exec(request.headers.authorization ?? '');
    if (!auth?.[1]) return graphError(401, 'InvalidAuthenticationToken', 'Access token is empty.');
    const checked = verifyIssuedToken(directory, auth[1], GRAPH_AUDIENCE);
    if (!checked.ok) return graphError(401, 'InvalidAuthenticationToken', checked.reason);
    const granted = [...checked.claims.roles, ...checked.claims.scp];
    const allowed = (needed: string[]): boolean => needed.some((permission) => granted.includes(permission));
    const path = request.url.pathname.replace(/^\/v1\.0/, '');
    const filter = /appId eq '([^']*)'/.exec(request.url.searchParams.get('$filter') ?? '')?.[1];
    if (request.method === 'GET' && path === `/servicePrincipals/appId=${INTUNE_APP_ID}/endpoints`) {
      if (!allowed(READ_PERMISSIONS)) return denied();
      return { status: 200, body: { value: behaviour.providers.map((providerName) => ({ id: randomUUID(), capability: 'Compliance', providerId: INTUNE_APP_ID, providerName, providerResourceId: INTUNE_APP_ID, uri: behaviour.intuneUri })) } };
    }
    if (request.method === 'GET' && path === '/applications' && filter !== undefined) {
      if (!allowed(READ_PERMISSIONS)) return denied();
      return { status: 200, body: { value: directory.apps.filter((app) => app.appId === filter).map(applicationJson) } };
    }
    if (request.method === 'GET' && path === '/servicePrincipals' && filter !== undefined) {
      if (!allowed(READ_PERMISSIONS)) return denied();
      return { status: 200, body: { value: servicePrincipals(directory, filter) } };
    }
    const assignments = /^\/servicePrincipals\/([^/]+)\/appRoleAssignments$/.exec(path);
    if (request.method === 'GET' && assignments) {
      if (!allowed(READ_PERMISSIONS)) return denied();
      const app = directory.apps.find((candidate) => candidate.servicePrincipalId === assignments[1]);
      if (!app) return graphError(404, 'Request_ResourceNotFound', `Resource '${assignments[1] ?? ''}' does not exist or one of its queried reference-property objects are not present.`);
      return { status: 200, body: { value: roleAssignments(directory, app) } };
    }
    const application = /^\/applications\/([^/]+)$/.exec(path);
    if (request.method === 'PATCH' && application) {
      if (!allowed(WRITE_PERMISSIONS)) return denied();
      const app = directory.apps.find((candidate) => candidate.id === application[1]);
      if (!app) return graphError(404, 'Request_ResourceNotFound', `Resource '${application[1] ?? ''}' does not exist or one of its queried reference-property objects are not present.`);
      const reply = patchKeys(app, request.body, behaviour.allowKeyRemoval);
      if (reply.status === 204) patches.push(JSON.parse(request.body));
      return reply;
    }
    return graphError(400, 'BadRequest', `Resource not found for the segment '${path}'.`);
  };
  const server = await startHttpsStandin(tls, handle);
  return { ...server, behaviour, patches };
}

function graphError(status: number, code: string, message: string): StandinReply {
  return { status, body: { error: { code, message, innerError: { date: new Date().toISOString(), 'request-id': randomUUID(), 'client-request-id': randomUUID() } } } };
}

function denied(): StandinReply {
  return graphError(403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.');
}

function keyJson(key: StandinKey): object {
  const { certificateDer: _certificate, ...rest } = key;
  // Graph never returns the certificate of a key.
  return { ...rest, key: null };
}

function applicationJson(app: StandinApp): object {
  return { id: app.id, appId: app.appId, displayName: app.displayName, keyCredentials: app.keys.map(keyJson), requiredResourceAccess: app.requiredResourceAccess };
}

function servicePrincipals(directory: StandinDirectory, appId: string): object[] {
  const resource = directory.resources.find((candidate) => candidate.appId === appId);
  if (resource) {
    return [{ id: resource.servicePrincipalId, appId, displayName: resource.displayName, appRoles: resource.appRoles.map((role) => ({ ...role, allowedMemberTypes: ['Application'], isEnabled: true })) }];
  }
  return directory.apps.filter((app) => app.appId === appId).map((app) => ({ id: app.servicePrincipalId, appId, displayName: app.displayName, appRoles: [] }));
}

function roleAssignments(directory: StandinDirectory, app: StandinApp): object[] {
  return directory.resources.flatMap((resource) =>
    resource.appRoles
      .filter((role) => app.granted.includes(role.value))
      .map((role) => ({ id: randomUUID(), appRoleId: role.id, principalId: app.servicePrincipalId, principalDisplayName: app.displayName, resourceId: resource.servicePrincipalId, resourceDisplayName: resource.displayName })),
  );
}

interface PatchedKey {
  keyId?: unknown;
  key?: unknown;
  displayName?: unknown;
  customKeyIdentifier?: unknown;
  startDateTime?: unknown;
  endDateTime?: unknown;
  type?: unknown;
  usage?: unknown;
}

/** Graph replaces the list with what is sent; existing entries come back with key null. */
function patchKeys(app: StandinApp, body: string, allowKeyRemoval: boolean): StandinReply {
  let parsed: { keyCredentials?: unknown };
  try {
    parsed = JSON.parse(body) as { keyCredentials?: unknown };
  } catch {
    return graphError(400, 'BadRequest', 'Unable to read JSON request payload.');
  }
  if (!Array.isArray(parsed.keyCredentials) || Object.keys(parsed).length !== 1) return graphError(400, 'BadRequest', 'The stand-in accepts a body with keyCredentials only.');
  const next: StandinKey[] = [];
  for (const entry of parsed.keyCredentials as PatchedKey[]) {
    const existing = app.keys.find((key) => key.keyId === entry.keyId);
    if (typeof entry.key !== 'string') {
      if (!existing) return graphError(400, 'Request_BadRequest', `Key credential ${String(entry.keyId)} has no key and is not on the application.`);
      next.push(existing);
      continue;
    }
    let certificate: X509Certificate;
    const der = Buffer.from(entry.key, 'base64');
    try {
      certificate = new X509Certificate(der);
    } catch {
      return graphError(400, 'Request_BadRequest', 'Invalid value specified for property \'key\' of resource \'KeyCredential\'.');
    }
    const start = Date.parse(String(entry.startDateTime));
    const end = Date.parse(String(entry.endDateTime));
    if (Number.isNaN(start) || Number.isNaN(end) || end > Date.parse(certificate.validTo) || start < Date.parse(certificate.validFrom) - 1000) {
      return graphError(400, 'Request_BadRequest', 'Key credential end date is invalid: it must lie within the certificate validity.');
    }
    if (entry.type !== 'AsymmetricX509Cert' || entry.usage !== 'Verify') return graphError(400, 'Request_BadRequest', 'Only AsymmetricX509Cert keys with usage Verify are accepted.');
    next.push({
      keyId: typeof entry.keyId === 'string' ? entry.keyId : randomUUID(),
      displayName: typeof entry.displayName === 'string' ? entry.displayName : null,
      customKeyIdentifier: typeof entry.customKeyIdentifier === 'string' ? entry.customKeyIdentifier : sha1(der).toString('base64'),
      startDateTime: new Date(start).toISOString(),
      endDateTime: new Date(end).toISOString(),
      type: 'AsymmetricX509Cert',
      usage: 'Verify',
      certificateDer: der,
    });
  }
  const dropped = app.keys.filter((key) => !next.some((kept) => kept.keyId === key.keyId));
  if (dropped.length > 0 && !allowKeyRemoval) {
    return graphError(400, 'StandinRefused', `The body would remove ${dropped.length} existing key(s) (${dropped.map((key) => key.keyId).join(', ')}); the test did not allow removal.`);
  }
  app.keys = next;
  return { status: 204 };
}
