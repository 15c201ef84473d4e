import { z } from 'zod';

/**
 * Current on-disk schema version; bump it and add a step to `migrateSettings` when a field is
 * renamed, removed or changes meaning. A new field with a default needs no bump: the defaults
 * fill it in for older files, and older app versions keep reading newer files (they drop the
 * field) instead of setting the whole file aside as "written by a newer version".
 */
export const SETTINGS_SCHEMA_VERSION = 1;

/** An application (client) ID as Entra shows it: a GUID, lower case. */
export const CLIENT_ID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** More hosts than anyone checks for ISE; a bound on what the settings file holds. */
export const MAX_CHAIN_HOSTS = 50;

export const storedSettingsSchema = z.object({
  schemaVersion: z.literal(SETTINGS_SCHEMA_VERSION),
  language: z.enum(['system', 'en', 'es']),
  theme: z.enum(['system', 'light', 'dark']),
  /** system: the OS / PAC proxy (in the app); explicit: proxyUrl; direct: no proxy. */
  proxyMode: z.enum(['system', 'explicit', 'direct']),
  proxyUrl: z.string(),
  proxyUser: z.string(),
  /** '' means "use the default data folder". */
  dataFolder: z.string(),
  /**
   * Public client for the admin sign-in (audit); '' means the default (Microsoft Graph Command
   * Line Tools). Added without a version bump (see above); a hand-edited value that is not a
   * GUID falls back to the default rather than setting every other setting aside.
   */
  signInClientId: z.union([z.literal(''), z.string().regex(CLIENT_ID_PATTERN)]).catch(''),
  /**
   * The Chains screen's host list (`host:port`) as the admin left it; null means the presets.
   * Added without a version bump, like signInClientId: a bad value falls back to the default.
   */
  chainHosts: z.array(z.string().min(1).max(300)).max(MAX_CHAIN_HOSTS).nullable().catch(null),
  /** Per-host timeout of a chain fetch, in seconds. */
  chainTimeoutSeconds: z.number().int().min(1).max(120).catch(10),
  /** Whether a chain fetch downloads issuers the server omitted (AIA). */
  chainAia: z.boolean().catch(true),
  chainAiaPrivate: z.boolean().catch(false),
});

export type StoredSettings = z.infer<typeof storedSettingsSchema>;

export const DEFAULT_SETTINGS: StoredSettings = {
  schemaVersion: SETTINGS_SCHEMA_VERSION,
  language: 'system',
  theme: 'system',
  proxyMode: 'system',
  proxyUrl: '',
  proxyUser: '',
  dataFolder: '',
  signInClientId: '',
  chainHosts: null,
  chainTimeoutSeconds: 10,
  chainAia: true,
  chainAiaPrivate: false,
};

export type MigrationOutcome = { ok: true; value: StoredSettings; migratedFrom: number | null } | { ok: false; reason: string };

/**
 * Brings whatever was read from disk to the current schema. Version 0 (no schemaVersion) is the
 * pre-release layout that stored `proxy` instead of `proxyUrl`; unknown keys are dropped.
 */
export function migrateSettings(raw: unknown): MigrationOutcome {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return { ok: false, reason: 'the file does not hold a JSON object' };
  }
  const record = { ...(raw as Record<string, unknown>) };
  let migratedFrom: number | null = null;
  const version = record.schemaVersion ?? 0;
  if (typeof version !== 'number' || !Number.isInteger(version)) {
    return { ok: false, reason: 'schemaVersion is not a number' };
  }
  if (version > SETTINGS_SCHEMA_VERSION) {
    return {
      ok: false,
      reason: `it was written by a newer version of the app (schema ${version}, this app reads up to ${SETTINGS_SCHEMA_VERSION})`,
    };
  }
  if (version === 0) {
    migratedFrom = 0;
    if (typeof record.proxy === 'string' && record.proxyUrl === undefined) record.proxyUrl = record.proxy;
    if (typeof record.proxyUrl === 'string' && record.proxyUrl !== '') record.proxyMode = 'explicit';
    delete record.proxy;
    record.schemaVersion = 1;
  }
  // Earlier versions read "Use this proxy" with an empty address as a direct connection (the
  // address's old hint said so): the one model has its own choice for it.
  if (record.proxyMode === 'explicit' && (record.proxyUrl === '' || record.proxyUrl === undefined)) {
    record.proxyMode = 'direct';
  }
  const merged = { ...DEFAULT_SETTINGS, ...pickKnown(record) };
  const parsed = storedSettingsSchema.safeParse(merged);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    return { ok: false, reason: `${first?.path.join('.') || 'value'}: ${first?.message ?? 'invalid'}` };
  }
  return { ok: true, value: parsed.data, migratedFrom };
}

function pickKnown(record: Record<string, unknown>): Partial<StoredSettings> {
  const known = Object.keys(DEFAULT_SETTINGS);
  return Object.fromEntries(Object.entries(record).filter(([key]) => known.includes(key)));
}

/** Settings as a versioned document (see main/platform/versioned-file.ts). */
export const SETTINGS_SCHEMA = {
  label: 'Settings',
  defaults: (): StoredSettings => ({ ...DEFAULT_SETTINGS }),
  migrate: migrateSettings,
  version: (value: StoredSettings) => value.schemaVersion,
};
