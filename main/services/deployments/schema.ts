import { z } from 'zod';
import { SETUP_STEP_IDS, SETUP_STEP_STATES, type Deployment } from '../../../preload/types/deployments';
import { ISE_NODE_ROLES } from '../../../preload/types/entra';
import { CLOUD_NAMES } from '../../../preload/types/live';
import type { MigrationOutcome } from '../../platform/versioned-file';

/** Bump with a step in `migrateDeployments` whenever the stored shape changes. */
export const DEPLOYMENTS_SCHEMA_VERSION = 2;

export const STEP_IDS = SETUP_STEP_IDS;
/** Steps added after schema 1 was first written: a stored deployment without them reads them as not started. */
const ADDED_STEPS: ReadonlySet<string> = new Set(['device']);
/** The step order of schema 0, which kept the states as an array. */
const V0_STEP_IDS = ['before', 'trust', 'register', 'certificates', 'mdm', 'test'] as const;
export const STEP_STATES = SETUP_STEP_STATES;

const stepSchema = z.object({
  state: z.enum(STEP_STATES),
  /** ISO 8601 time of the last change; null while not started. */
  changedAt: z.string().nullable(),
});

const pem = z
  .string()
  .max(64 * 1024)
  .refine((text) => text.includes('-----BEGIN CERTIFICATE-----'), 'expected a PEM certificate')
  .refine((text) => !/PRIVATE KEY/.test(text), 'a private key may not be stored');

export const deploymentSchema = z.object({
  id: z.string().min(1).max(64),
  name: z.string().min(1).max(120),
  createdAt: z.string(),
  updatedAt: z.string(),
  tenantId: z.string().max(253),
  clientId: z.string().max(64),
  cloud: z.enum(CLOUD_NAMES),
  /** As the admin typed it ("3.2 patch 4"); the flow is derived from it, never stored. */
  iseVersion: z.string().max(40),
  nodes: z.array(z.object({ name: z.string().max(253), role: z.enum(ISE_NODE_ROLES), certificatePem: pem })).max(50),
  trustedCas: z.array(z.object({ sha256: z.string().regex(/^[0-9A-F]{64}$/), name: z.string().max(200), pem })).max(100),
  manifestFile: z.string().max(4096).nullable(),
  /**
   * The values typed into ISE's External MDM form (schema 2): null until the admin keeps their
   * own; then every screen and export of the deployment uses them. The Client ID of that form is
   * the deployment's clientId. Checked by the service (checkFormValues) before it is stored.
   */
  iseForm: z.object({ tokenUrl: z.string().max(2048), discoveryUrl: z.string().max(2048), audience: z.string().max(2048) }).nullable().default(null),
  steps: z.object(
    Object.fromEntries(STEP_IDS.map((id) => [id, ADDED_STEPS.has(id) ? stepSchema.default({ state: 'not-started', changedAt: null }) : stepSchema])) as Record<
      (typeof STEP_IDS)[number],
      typeof stepSchema
    >,
  ),
});

export const deploymentsDocumentSchema = z.object({
  schemaVersion: z.literal(DEPLOYMENTS_SCHEMA_VERSION),
  currentId: z.string().nullable(),
  deployments: z.array(deploymentSchema).max(500),
});

export type StoredDeployment = z.infer<typeof deploymentSchema>;
export type DeploymentsDocument = z.infer<typeof deploymentsDocumentSchema>;

// The contract's Deployment and this schema must describe the same thing, both ways.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const sameShape: Same<StoredDeployment, Deployment> = true;
void sameShape;

export function emptySteps(): StoredDeployment['steps'] {
  return Object.fromEntries(STEP_IDS.map((id) => [id, { state: 'not-started', changedAt: null }])) as StoredDeployment['steps'];
}

/**
 * Version 0 (development builds before the first release) kept `steps` as a plain array of
 * state names in step order, without times, and had no `cloud`. Version 1 had no `iseForm`
 * (the ISE form values were computed on every screen, never kept): it reads as null.
 */
export function migrateDeployments(raw: unknown): MigrationOutcome<DeploymentsDocument> {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return { ok: false, reason: 'the file does not hold a JSON object' };
  const record = raw as Record<string, unknown>;
  const version = record.schemaVersion ?? 0;
  if (typeof version !== 'number' || !Number.isInteger(version)) return { ok: false, reason: 'schemaVersion is not a number' };
  if (version > DEPLOYMENTS_SCHEMA_VERSION) {
    return { ok: false, reason: `it was written by a newer version of the app (schema ${version}, this app reads up to ${DEPLOYMENTS_SCHEMA_VERSION})` };
  }
  let document: Record<string, unknown> = record;
  if (version === 0) {
    const deployments = Array.isArray(record.deployments) ? record.deployments : [];
    document = {
      schemaVersion: 1,
      currentId: record.currentId ?? null,
      deployments: deployments.map((item: Record<string, unknown>) => ({
        ...item,
        cloud: item.cloud ?? 'public',
        steps: Array.isArray(item.steps)
          ? Object.fromEntries(V0_STEP_IDS.map((id, index) => [id, { state: (item.steps as unknown[])[index] ?? 'not-started', changedAt: null }]))
          : item.steps,
      })),
    };
  }
  if (version <= 1) {
    const deployments = Array.isArray(document.deployments) ? document.deployments : [];
    document = { ...document, schemaVersion: 2, deployments: deployments.map((item: Record<string, unknown>) => ({ ...item, iseForm: item.iseForm ?? null })) };
  }
  const parsed = deploymentsDocumentSchema.safeParse(document);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    return { ok: false, reason: `${first?.path.join('.') || 'value'}: ${first?.message ?? 'invalid'}` };
  }
  return { ok: true, value: parsed.data, migratedFrom: version < DEPLOYMENTS_SCHEMA_VERSION ? version : null };
}

export const DEPLOYMENTS_SCHEMA = {
  label: 'Deployments',
  defaults: (): DeploymentsDocument => ({ schemaVersion: DEPLOYMENTS_SCHEMA_VERSION, currentId: null, deployments: [] }),
  migrate: migrateDeployments,
  version: (value: DeploymentsDocument) => value.schemaVersion,
};
