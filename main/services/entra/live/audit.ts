/**
 * The audit of the app registration, read from Entra with the admin's delegated token: the
 * application (requiredResourceAccess, keyCredentials), its service principal's
 * appRoleAssignments (admin consent), and the resource service principals' appRoles (role IDs
 * are read, never hard-coded). The checklist: app exists, each required permission configured
 * and consented, each ISE node's certificate registered and valid for at least 60 days.
 * Then the certificate fix: a diff, and after explicit confirmation a PATCH of the WHOLE
 * keyCredentials list (existing entries sent back as read, key null), then a re-read.
 */
import { randomUUID } from 'node:crypto';
import type { CertificateInfo } from '../../../../preload/types/certs';
import type { GraphKeyCredential, PermissionRow } from '../../../../preload/types/entra';
import type { AuditItem, AuditResult, AuditedApplication, KeyCredentialPatchPlan, KeyCredentialPatchResult, PlannedKey, RegisteredKey } from '../../../../preload/types/live';
import { decodeThumbprint } from '../../certs';
import { ServiceError } from '../../errors';
import { toKeyCredential } from '../key-credentials';
import { cleanClientId } from '../mdm-values';
import { permissionChecklist } from '../permissions';
import { GRAPH_APP_ID, INTUNE_APP_ID, type GraphApplication, type GraphClient, type GraphKeyCredentialRead, type GraphServicePrincipal } from './graph-client';
import { certificateLabel } from '../../../../preload/labels';

/** Certificates must stay valid this long: renewing takes a change window on ISE and in Entra. */
export const MIN_VALID_DAYS = 60;
const DAY_MS = 86_400_000;

export interface AuditNode {
  /** The admin's name for the ISE node. */
  name: string;
  certificate: CertificateInfo;
}

export interface AuditOptions {
  graph: GraphClient;
  clientId: string;
  nodes: AuditNode[];
  now?: Date;
}

const RESOURCE_APP_IDS: Record<string, string> = { 'Microsoft Intune API': INTUNE_APP_ID, 'Microsoft Graph': GRAPH_APP_ID };

export async function auditAppRegistration(options: AuditOptions): Promise<AuditResult> {
  const now = options.now ?? new Date();
  const clientId = cleanClientId(options.clientId).value;
  const app = await options.graph.readApplication(clientId);
  if (!app) {
    const items: AuditItem[] = [{ id: 'app-exists', kind: 'app-exists', status: 'fail', label: 'The app registration exists', detail: `No application with client ID ${clientId} in this tenant. Check the ID on the app's Overview page, and that you signed in to the right tenant.`, finding: 'APP_NOT_FOUND' }];
    return { ok: false, items, application: null, checkedAt: now.toISOString() };
  }
  const principal = await options.graph.readServicePrincipal(clientId);
  const assignments = principal ? await options.graph.readAppRoleAssignments(principal.id) : [];
  const rows = permissionChecklist('graph').filter((row) => row.type === 'Application' && (row.requirement === 'required' || row.requirement === 'one-of'));
  const resources = new Map<string, GraphServicePrincipal | null>();
  for (const appId of new Set(rows.map((row) => RESOURCE_APP_IDS[row.api ?? ''] ?? ''))) resources.set(appId, await options.graph.readServicePrincipal(appId, true));
  const application: AuditedApplication = { id: app.id, appId: app.appId, displayName: app.displayName, keys: app.keyCredentials.map((key) => registeredKey(key, now)), servicePrincipalId: principal?.id ?? null };
  const items: AuditItem[] = [{ id: 'app-exists', kind: 'app-exists', status: 'pass', label: 'The app registration exists', detail: `${app.displayName} (client ID ${app.appId}, object ID ${app.id}).` }];
  for (const row of rows) {
    const resourceAppId = RESOURCE_APP_IDS[row.api ?? ''] ?? '';
    items.push(...permissionItems(row, app, resources.get(resourceAppId) ?? null, assignments.map((assignment) => [assignment.resourceId, assignment.appRoleId] as const), principal !== null));
  }
  for (const node of options.nodes) items.push(certificateItem(node, application.keys, now));
  return { ok: items.every((item) => item.status !== 'fail'), items, application, checkedAt: now.toISOString() };
}

function registeredKey(key: GraphKeyCredentialRead, now: Date): RegisteredKey {
  const bytes = key.customKeyIdentifier === null ? null : decodeThumbprint(key.customKeyIdentifier);
  const end = key.endDateTime === null ? NaN : Date.parse(key.endDateTime);
  return {
    keyId: key.keyId,
    displayName: key.displayName,
    sha1: bytes?.length === 20 ? bytes.toString('hex').toUpperCase() : null,
    startDateTime: key.startDateTime,
    endDateTime: key.endDateTime,
    daysRemaining: Number.isNaN(end) ? null : Math.floor((end - now.getTime()) / DAY_MS),
    type: key.type,
    usage: key.usage,
  };
}

function permissionItems(row: PermissionRow, app: GraphApplication, resource: GraphServicePrincipal | null, granted: (readonly [string, string])[], hasPrincipal: boolean): AuditItem[] {
  const accepted = [row.permission, ...row.alternatives];
  const roles = (resource?.appRoles ?? []).filter((role) => role.value !== null && accepted.includes(role.value));
  const nameOf = (id: string): string => roles.find((role) => role.id === id)?.value ?? id;
  const configured = (app.requiredResourceAccess.find((entry) => entry.resourceAppId === resource?.appId)?.resourceAccess ?? []).filter((access) => access.type === 'Role' && roles.some((role) => role.id === access.id));
  const consented = granted.filter(([resourceId, roleId]) => resourceId === resource?.id && roles.some((role) => role.id === roleId));
  const what = row.alternatives.length > 0 ? `${row.permission} (or ${row.alternatives.join(', ')})` : row.permission;
  const label = `${row.api ?? ''}: ${what}, Application`;
  const configuredItem: AuditItem = configured.length > 0
    ? { id: `permission-configured:${row.id}`, kind: 'permission-configured', status: 'pass', label: `${label} is configured`, detail: `Configured: ${configured.map((access) => nameOf(access.id)).join(', ')}.` }
    : { id: `permission-configured:${row.id}`, kind: 'permission-configured', status: 'fail', label: `${label} is configured`, detail: `Add ${row.permission} (${row.api ?? ''}, Application permission) under API permissions.`, finding: 'CONSENT_MISSING' };
  const consentedItem: AuditItem = consented.length > 0
    ? { id: `permission-consented:${row.id}`, kind: 'permission-consented', status: 'pass', label: `${label} has admin consent`, detail: `Granted: ${consented.map(([, roleId]) => nameOf(roleId)).join(', ')}.` }
    : {
        id: `permission-consented:${row.id}`,
        kind: 'permission-consented',
        status: 'fail',
        label: `${label} has admin consent`,
        detail: hasPrincipal ? 'Not granted: click "Grant admin consent" on the API permissions page.' : 'The app has no service principal in this tenant, so nothing is consented: click "Grant admin consent" on the API permissions page.',
        finding: 'CONSENT_MISSING',
      };
  return [configuredItem, consentedItem];
}

function certificateItem(node: AuditNode, keys: RegisteredKey[], now: Date): AuditItem {
  const sha1 = node.certificate.thumbprints.sha1;
  const base = { id: `certificate-registered:${node.name}`, kind: 'certificate-registered' as const, node: node.name, label: `${node.name}: certificate ${sha1} is registered and valid for ${MIN_VALID_DAYS} days` };
  const key = keys.find((candidate) => candidate.sha1 === sha1);
  if (!key) return { ...base, status: 'fail', detail: `The certificate of ${node.name} (${certificateLabel(node.certificate)}) is not on the app: ISE on this node would get AADSTS700027.`, finding: 'KEY_NOT_FOUND' };
  const certificateDays = Math.floor((Date.parse(node.certificate.notAfter) - now.getTime()) / DAY_MS);
  const days = Math.min(key.daysRemaining ?? certificateDays, certificateDays);
  if (days < 0) return { ...base, status: 'fail', detail: `Registered (key ${key.keyId}) but expired on ${key.endDateTime ?? node.certificate.notAfter}.`, finding: 'KEY_EXPIRED' };
  if (days < MIN_VALID_DAYS) return { ...base, status: 'warn', detail: `Registered (key ${key.keyId}); valid for ${days} more days only. Renew the ISE certificate and register the new one.` };
  return { ...base, status: 'pass', detail: `Registered (key ${key.keyId}); valid for ${days} more days.` };
}

export interface PlanOptions {
  /** keyIds of existing entries the admin selected for removal; no other entry is ever removed. */
  remove?: string[];
  now?: Date;
  newKeyId?: () => string;
}

/** The diff to show before any change. */
export function planCertificateFix(audit: AuditResult, nodes: AuditNode[], options: PlanOptions = {}): KeyCredentialPatchPlan {
  const application = audit.application;
  if (!application) throw new ServiceError('APP_NOT_FOUND', 'The app registration was not found, so there is nothing to add certificates to.');
  const now = options.now ?? new Date();
  const remove = options.remove ?? [];
  for (const keyId of remove) {
    if (!application.keys.some((key) => key.keyId === keyId)) throw new ServiceError('KEY_NOT_ON_APP', `The key ${keyId} selected for removal is not on the app.`);
  }
  const keep = application.keys.filter((key) => !remove.includes(key.keyId));
  const add: PlannedKey[] = [];
  const alreadyRegistered: KeyCredentialPatchPlan['alreadyRegistered'] = [];
  const groups = new Map<string, AuditNode[]>();
  for (const node of nodes) groups.set(node.certificate.thumbprints.sha1, [...(groups.get(node.certificate.thumbprints.sha1) ?? []), node]);
  for (const [sha1, group] of groups) {
    const first = group[0] as AuditNode;
    const existing = keep.find((key) => key.sha1 === sha1);
    if (existing) {
      alreadyRegistered.push({ nodes: group.map((node) => node.name), sha1, keyId: existing.keyId });
      continue;
    }
    if (Date.parse(first.certificate.notAfter) <= now.getTime()) {
      throw new ServiceError('CERTIFICATE_EXPIRED', `The certificate of ${first.name} expired on ${first.certificate.notAfter}; Entra does not accept it. Renew it on ISE first.`);
    }
    add.push({ nodes: group.map((node) => node.name), sha1, subjectCN: first.certificate.subjectCN, notAfter: first.certificate.notAfter, keyCredential: toKeyCredential(first.certificate, 'graph', (options.newKeyId ?? randomUUID)()) as GraphKeyCredential });
  }
  return {
    applicationId: application.id,
    appId: application.appId,
    keep,
    add,
    remove: application.keys.filter((key) => remove.includes(key.keyId)),
    alreadyRegistered,
    basedOn: application.keys.map((key) => key.keyId),
    empty: add.length === 0 && remove.length === 0,
  };
}

/**
 * Sends the whole list (kept entries as read, then the new ones) and re-reads the app. Refuses
 * without confirmation, and when the app's keys changed since the plan was made.
 */
export async function applyCertificateFix(graph: GraphClient, plan: KeyCredentialPatchPlan, options: { confirmed: boolean; now?: Date }): Promise<KeyCredentialPatchResult> {
  if (!options.confirmed) throw new ServiceError('CONFIRMATION_REQUIRED', 'Review the changes to the app certificates and confirm them first.');
  const now = options.now ?? new Date();
  const current = await graph.readApplication(plan.appId);
  if (!current || current.id !== plan.applicationId) throw new ServiceError('APP_NOT_FOUND', `The app ${plan.appId} is no longer in this tenant.`);
  const currentIds = current.keyCredentials.map((key) => key.keyId).sort();
  if (currentIds.join(',') !== [...plan.basedOn].sort().join(',')) {
    throw new ServiceError('APP_CHANGED', "The app's certificates changed since the changes were prepared (someone else edited them). Run the audit again and review the new changes.");
  }
  if (!plan.empty) {
    const keepIds = new Set(plan.keep.map((key) => key.keyId));
    // Existing entries go back exactly as Graph returned them (key null keeps the certificate).
    const kept = current.keyCredentials.filter((key) => keepIds.has(key.keyId));
    await graph.patchKeyCredentials(plan.applicationId, [...kept, ...plan.add.map((entry) => entry.keyCredential)]);
  }
  const after = await graph.readApplication(plan.appId);
  const keys = (after?.keyCredentials ?? []).map((key) => registeredKey(key, now));
  const missing = [...plan.keep.map((key) => key.keyId).filter((keyId) => !keys.some((key) => key.keyId === keyId)), ...plan.add.map((entry) => entry.sha1).filter((sha1) => !keys.some((key) => key.sha1 === sha1))];
  if (missing.length > 0) throw new ServiceError('PATCH_NOT_APPLIED', `After the update, Entra does not show ${missing.join(', ')}. Open the app's Certificates & secrets page to check.`);
  return { plan, keys, added: plan.add.map((entry) => entry.sha1), removed: plan.remove.map((key) => key.keyId) };
}
