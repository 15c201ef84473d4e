/**
 * The few Microsoft Graph v1.0 calls the live checks make: Intune endpoint discovery (as ISE
 * does it), the application by appId with its keyCredentials and requiredResourceAccess, its
 * service principal and appRoleAssignments, resource service principals' appRoles, and the
 * PATCH of the WHOLE keyCredentials list (Graph replaces the list with what is sent).
 */
import { ServiceError } from '../../errors';
import type { HttpMethod, HttpTransport } from './network-client';

/** Microsoft Intune's first-party app ID (its service principal carries the endpoints). */
export const INTUNE_APP_ID = '0000000a-0000-0000-c000-000000000000';
export const GRAPH_APP_ID = '00000003-0000-0000-c000-000000000000';

export interface GraphKeyCredentialRead {
  keyId: string;
  customKeyIdentifier: string | null;
  displayName: string | null;
  startDateTime: string | null;
  endDateTime: string | null;
  type: string;
  usage: string;
  /** Always null on read: Graph never returns the certificate. */
  key: string | null;
}

export interface GraphApplication {
  id: string;
  appId: string;
  displayName: string;
  keyCredentials: GraphKeyCredentialRead[];
  requiredResourceAccess: { resourceAppId: string; resourceAccess: { id: string; type: 'Role' | 'Scope' }[] }[];
}

export interface GraphAppRole {
  id: string;
  value: string | null;
  allowedMemberTypes?: string[];
}

export interface GraphServicePrincipal {
  id: string;
  appId: string;
  displayName: string;
  appRoles?: GraphAppRole[];
}

export interface GraphAppRoleAssignment {
  id: string;
  appRoleId: string;
  principalId: string;
  resourceId: string;
  resourceDisplayName?: string;
}

export interface GraphEndpoint {
  providerName: string;
  uri: string;
  capability?: string;
}

/** A Graph answer that is not 2xx, with Graph's own error code and sentence. */
export class GraphError extends ServiceError {
  readonly status: number;
  readonly graphCode: string;
  readonly graphMessage: string;

  constructor(status: number, graphCode: string, graphMessage: string, what: string) {
    const code = status === 401 ? 'GRAPH_UNAUTHORIZED' : status === 403 ? 'GRAPH_FORBIDDEN' : status === 404 ? 'GRAPH_NOT_FOUND' : 'GRAPH_FAILED';
    super(code, `Microsoft Graph refused ${what}: HTTP ${status} ${graphCode}: ${graphMessage}`);
    this.status = status;
    this.graphCode = graphCode;
    this.graphMessage = graphMessage;
  }
}

export interface GraphClientOptions {
  /** `https://graph.microsoft.com` (no version). */
  graphBase: string;
  transport: HttpTransport;
  /** A bearer token for Graph: app-only (connection test) or delegated (audit). */
  getToken: () => Promise<string>;
}

export interface GraphClient {
  readIntuneEndpoints(): Promise<GraphEndpoint[]>;
  readApplication(appId: string): Promise<GraphApplication | null>;
  readServicePrincipal(appId: string, withAppRoles?: boolean): Promise<GraphServicePrincipal | null>;
  readAppRoleAssignments(servicePrincipalId: string): Promise<GraphAppRoleAssignment[]>;
  patchKeyCredentials(applicationId: string, keyCredentials: unknown[]): Promise<void>;
}

export function createGraphClient(options: GraphClientOptions): GraphClient {
  const base = `${options.graphBase}/v1.0`;
  const call = async <T>(method: HttpMethod, path: string, what: string, body?: unknown): Promise<T | null> => {
    const token = await options.getToken();
    const response = await options.transport.send({
      method,
      url: `${base}${path}`,
      headers: { authorization: `Bearer ${token}`, accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (response.status === 204) return null;
    let parsed: unknown;
    try {
      parsed = response.text === '' ? {} : JSON.parse(response.text);
    } catch {
      throw new ServiceError('UNEXPECTED_RESPONSE', `Microsoft Graph answered ${what} with HTTP ${response.status} and something that is not JSON: a proxy may be answering instead.`);
    }
    if (response.status < 200 || response.status > 299) {
      const error = (parsed as { error?: { code?: unknown; message?: unknown } }).error;
      throw new GraphError(response.status, typeof error?.code === 'string' ? error.code : 'Unknown', typeof error?.message === 'string' ? error.message : '(no message)', what);
    }
    return parsed as T;
  };
  const list = async <T>(path: string, what: string): Promise<T[]> => {
    const page = await call<{ value?: T[] }>('GET', path, what);
    return page?.value ?? [];
  };
  const byAppId = (appId: string): string => `$filter=${encodeURIComponent(`appId eq '${appId}'`)}`;
  return {
    readIntuneEndpoints: () => list<GraphEndpoint>(`/servicePrincipals/appId=${INTUNE_APP_ID}/endpoints`, 'the Intune endpoint discovery'),
    async readApplication(appId) {
      const select = '$select=id,appId,displayName,keyCredentials,requiredResourceAccess';
      const [app] = await list<GraphApplication>(`/applications?${byAppId(appId)}&${select}`, `the application ${appId}`);
      return app ?? null;
    },
    async readServicePrincipal(appId, withAppRoles = false) {
      const select = `$select=id,appId,displayName${withAppRoles ? ',appRoles' : ''}`;
      const [principal] = await list<GraphServicePrincipal>(`/servicePrincipals?${byAppId(appId)}&${select}`, `the service principal of ${appId}`);
      return principal ?? null;
    },
    readAppRoleAssignments: (servicePrincipalId) =>
      list<GraphAppRoleAssignment>(`/servicePrincipals/${encodeURIComponent(servicePrincipalId)}/appRoleAssignments`, 'the granted application permissions'),
    async patchKeyCredentials(applicationId, keyCredentials) {
      await call('PATCH', `/applications/${encodeURIComponent(applicationId)}`, 'the update of the certificates', { keyCredentials });
    },
  };
}
