/**
 * The API permissions to set on the app registration, per ISE generation, as data with the
 * source of each row (DOMAIN.md "API permissions"). The set changed over time; the seed's 2020
 * list is kept for legacy ISE and labelled as such. DOMAIN.md marks no permission row
 * UNCONFIRMED today; `unconfirmed` carries that mark when it does.
 */
import type { IseGeneration, PermissionRow } from '../../../preload/types/entra';

// Shown to admins: name the guidance, not this project's design notes.
const DOMAIN = "Cisco's MDM integration guide, Microsoft Intune chapter (Microsoft Graph discovery, required since 2022)";
const SEED = 'Cisco technote (2020), step 4 "Implementar ISE como una aplicación"';
const SEED_NOTE = 'Listed by the 2020 technote for ISE 3.0; current ISE releases are not known to need it.';

export const PERMISSION_CATALOG: readonly PermissionRow[] = [
  {
    id: 'intune-get-device-compliance',
    api: 'Microsoft Intune API',
    permission: 'get_device_compliance',
    type: 'Application',
    requirement: 'required',
    alternatives: [],
    generations: ['graph', 'legacy'],
    source: `${DOMAIN}; ${SEED}`,
    unconfirmed: false,
    note: 'Every ISE version: reads device state and compliance from Intune.',
    noteKey: 'intune',
    sourceKey: 'both',
  },
  {
    id: 'graph-application-read-all',
    api: 'Microsoft Graph',
    permission: 'Application.Read.All',
    type: 'Application',
    requirement: 'one-of',
    alternatives: ['Application.ReadWrite.All', 'Application.ReadWrite.OwnedBy', 'Directory.Read.All'],
    generations: ['graph'],
    source: DOMAIN,
    unconfirmed: false,
    note: "Required since 2022 for Intune endpoint discovery; Application.Read.All is Microsoft's preferred choice, any one of the alternatives also works.",
    noteKey: 'graphRead',
    sourceKey: 'guide',
  },
  {
    id: 'graph-directory-read-all-application-2020',
    api: 'Microsoft Graph',
    permission: 'Directory.Read.All',
    type: 'Application',
    requirement: 'technote-2020',
    alternatives: [],
    generations: ['legacy'],
    source: SEED,
    unconfirmed: false,
    note: SEED_NOTE,
    noteKey: 'technote2020',
    sourceKey: 'technote',
  },
  ...['Directory.Read.All', 'User.Read', 'DeviceManagementConfiguration.Read.All', 'DeviceManagementServiceConfig.Read.All', 'openid', 'offline_access'].map(
    (permission): PermissionRow => ({
      id: `graph-delegated-${permission.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-2020`,
      api: 'Microsoft Graph',
      permission,
      type: 'Delegated',
      requirement: 'technote-2020',
      alternatives: [],
      generations: ['legacy'],
      source: SEED,
      unconfirmed: false,
      note: SEED_NOTE,
      noteKey: 'technote2020',
      sourceKey: 'technote',
    }),
  ),
  // Types as in the 2020 technote's screenshot of the granted permissions.
  ...([['Directory.Read.All', 'Application'], ['Directory.Read.All', 'Delegated'], ['User.Read.All', 'Delegated']] as const).map(
    ([permission, type]): PermissionRow => ({
      id: `aad-graph-${type.toLowerCase()}-${permission.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`,
      api: 'Azure Active Directory Graph',
      permission,
      type,
      requirement: 'retired',
      alternatives: [],
      generations: ['legacy'],
      source: SEED,
      unconfirmed: false,
      note: 'Azure AD Graph is retired (blocked for new apps from 2024-08-31, fully off in 2025): it cannot be granted to a new app any more. Upgrade ISE to 3.1 Patch 8, 3.2 Patch 4, or 3.3 and later.',
      noteKey: 'aadGraphRetired',
      sourceKey: 'technote',
    }),
  ),
  {
    id: 'grant-admin-consent',
    api: null,
    permission: 'Grant admin consent',
    type: null,
    requirement: 'action',
    alternatives: [],
    generations: ['graph', 'legacy'],
    source: `${DOMAIN}; ${SEED}`,
    unconfirmed: false,
    note: 'Application permissions work only after an administrator clicks "Grant admin consent for <tenant>" on the API permissions page (the 2020 technote: it takes 5-10 minutes to take effect).',
    noteKey: 'consent',
    sourceKey: 'both',
  },
];

/** The checklist for one ISE generation, in portal order, ending with "Grant admin consent". */
export function permissionChecklist(generation: IseGeneration): PermissionRow[] {
  return PERMISSION_CATALOG.filter((row) => row.generations.includes(generation));
}
