/**
 * What an ISE release means for the Intune integration (DOMAIN.md "ISE version facts"). One
 * table of releases drives every answer the app gives about a release: the discovery flow, the
 * Compliance Retrieval API, the token endpoint, device lookups by GUID, Field Notice FN74227,
 * and exactly what to upgrade to. The MDM form values, the permissions checklist, the findings
 * and the wizard's version step all read it from here.
 * Versions are typed by admins in many ways: "3.1 P3", "3.2 patch 4", "ISE 3.1.0.518 Patch 3",
 * "3.2p4", "3.3".
 */
import type { IseVersionInfo } from '../../../preload/types/entra';
import { ServiceError } from '../errors';

const VERSION = /^(?:cisco\s*)?(?:ise\s*)?(?:version\s*|v\s*)?(\d{1,2})\.(\d{1,2})(?:\.\d+)*\s*(?:[,-]?\s*(?:patch|pt|p)\s*\.?\s*(\d{1,3}))?$/i;

export type Release = readonly [major: number, minor: number, patch: number];

/**
 * One ISE train. A patch field is the first patch of the train that has the feature; null when
 * no patch of the train has it.
 * - graphFrom: Microsoft Graph discovery (Cisco MDM guide: 3.1 Patch 3 and later, 3.2 and later).
 * - complianceFrom: Compliance Retrieval API, "NAC 2.0" (Cisco MDM guide: 3.1 Patch 8, 3.2 Patch 4; 3.3+).
 * - v2From: tokens from Entra's v2.0 endpoint (from 3.3, back-ported to 3.1 P8 and 3.2 P4).
 * - guid: MDM API v3, device lookups by Intune's device GUID (Cisco MDM guide: 3.1 and later).
 * - fnFixedFrom: first patch not listed by Field Notice FN74227 (3.1 P9, 3.2 P6, 3.3 P3 and 3.4
 *   unpatched are listed); 0 when no release of the train is listed.
 */
interface Train {
  major: number;
  minor: number;
  graphFrom: number | null;
  complianceFrom: number | null;
  v2From: number | null;
  guid: boolean;
  fnFixedFrom: number;
}

export const ISE_RELEASES: readonly Train[] = [
  { major: 2, minor: 7, graphFrom: null, complianceFrom: null, v2From: null, guid: false, fnFixedFrom: 0 },
  { major: 3, minor: 0, graphFrom: null, complianceFrom: null, v2From: null, guid: false, fnFixedFrom: 0 },
  { major: 3, minor: 1, graphFrom: 3, complianceFrom: 8, v2From: 8, guid: true, fnFixedFrom: 10 },
  { major: 3, minor: 2, graphFrom: 0, complianceFrom: 4, v2From: 4, guid: true, fnFixedFrom: 7 },
  { major: 3, minor: 3, graphFrom: 0, complianceFrom: 0, v2From: 0, guid: true, fnFixedFrom: 4 },
  { major: 3, minor: 4, graphFrom: 0, complianceFrom: 0, v2From: 0, guid: true, fnFixedFrom: 1 },
  { major: 3, minor: 5, graphFrom: 0, complianceFrom: 0, v2From: 0, guid: true, fnFixedFrom: 0 },
];

/** The newest release Cisco's MDM guide covers; anything later is assumed to behave like it. */
const NEWEST = ISE_RELEASES[ISE_RELEASES.length - 1] as Train;
const OLDEST = ISE_RELEASES[0] as Train;

/** Orders two releases by train (major, then minor); patches never decide which row a release reads. */
function compareTrain(a: Release, b: Train): number {
  return a[0] - b.major || a[1] - b.minor;
}

/**
 * The train a release belongs to and the patch to read its row at: its own row; for a release
 * later than the table, the newest row at its latest patch (it is expected to have everything
 * that row gains); for an earlier one not in the table (2.x other than 2.7), the oldest row,
 * which lacks everything.
 */
function trainOf(version: Release): { train: Train; patch: number; place: 'listed' | 'older' | 'newer' } {
  const own = ISE_RELEASES.find((train) => train.major === version[0] && train.minor === version[1]);
  if (own) return { train: own, patch: version[2], place: 'listed' };
  if (compareTrain(version, NEWEST) > 0) return { train: NEWEST, patch: Number.POSITIVE_INFINITY, place: 'newer' };
  return { train: OLDEST, patch: version[2], place: 'older' };
}

function has(from: number | null, patch: number): boolean {
  return from !== null && patch >= from;
}

/** Graph discovery: 3.1 Patch 3 and later. */
export function usesGraph(version: Release): boolean {
  const { train, patch } = trainOf(version);
  return has(train.graphFrom, patch);
}

/** Compliance Retrieval API ("NAC 2.0"): 3.1 P8, 3.2 P4, 3.3 and later. */
export function hasComplianceApi(version: Release): boolean {
  const { train, patch } = trainOf(version);
  return has(train.complianceFrom, patch);
}

/** FN74227: 3.1 P9 and earlier, 3.2 P6 and earlier, 3.3 P3 and earlier, 3.4 unpatched. */
export function affectedByFn74227(version: Release): boolean {
  const { train, patch } = trainOf(version);
  // 2.7 and 3.0 are not named by the notice: they have no Intune compliance data to lose anyway.
  return train.guid && patch < train.fnFixedFrom;
}

function label(release: Release): string {
  return `${release[0]}.${release[1]}${release[2] > 0 ? ` Patch ${release[2]}` : ''}`;
}

/**
 * What to upgrade to so that the integration works fully (Graph and compliance data): the first
 * good patch of the admin's own train when it has one, else 3.3 (the first release that has
 * everything unpatched). Null when nothing is needed.
 */
function upgradeTarget(train: Train, patch: number): string | null {
  if (has(train.complianceFrom, patch)) return null;
  if (train.complianceFrom !== null) return label([train.major, train.minor, train.complianceFrom]);
  return '3.3';
}

export function parseIseVersion(input: string): IseVersionInfo {
  const match = VERSION.exec(input.trim());
  if (!match) {
    throw new ServiceError(
      'ISE_VERSION_UNREADABLE',
      `"${input}" is not an ISE version. Type it as ISE shows it under Administration > System > Deployment or in "show version", e.g. "3.2 Patch 4" or "3.3".`,
    );
  }
  const version: Release = [Number(match[1]), Number(match[2]), Number(match[3] ?? 0)];
  const name = label(version);
  const { train, patch, place } = trainOf(version);
  const graph = usesGraph(version);
  const complianceApi = hasComplianceApi(version);
  const fn74227 = affectedByFn74227(version);
  const tokenEndpoint = has(train.v2From, patch) ? 'v2' : 'v1';
  const guidLookup = train.guid;
  const upgradeTo = upgradeTarget(train, patch);
  const fn74227Fix = fn74227 ? label([train.major, train.minor, train.fnFixedFrom]) : null;
  // Read only when the release lacks Graph or compliance data, that is when upgradeTo is set.
  const upgradeAdvice = upgradeTo === '3.3' ? 'Upgrade to 3.3 or later (3.4 and 3.5 are current releases); 3.1 Patch 8 and 3.2 Patch 4 also work.' : `Upgrade to ${upgradeTo} or later, or to 3.3 and later (3.4, 3.5).`;

  const canDo: string[] = [];
  const cannotDo: string[] = [];
  (graph ? canDo : cannotDo).push(graph ? 'Discovers Intune through Microsoft Graph (Auto Discovery URL https://graph.microsoft.com).' : 'Discover Intune: it uses Azure AD Graph (graph.windows.net), which Microsoft retired in 2025.');
  (complianceApi ? canDo : cannotDo).push(
    complianceApi
      ? 'Gets compliance data through the Compliance Retrieval API (compliance status, managed by Intune, MAC address, registered status).'
      : "Get compliance data: Intune's legacy NAC API, the only one this release has, stopped on 2024-03-24.",
  );
  if (guidLookup) canDo.push("Looks devices up by Intune's device GUID when the certificate's SAN carries it (MDM API v3).");
  else cannotDo.push("Look devices up by Intune's device GUID (MDM API v3 needs 3.1 or later): only by MAC address.");
  canDo.push(tokenEndpoint === 'v2' ? "Requests its tokens from Entra's v2.0 endpoint." : "Requests its tokens from Entra's v1 endpoint (ADAL4J).");

  const warnings: string[] = [];
  const notes: string[] = [];
  if (!graph) {
    warnings.push(`ISE ${name} discovers Intune through Azure AD Graph, which is retired (blocked for new apps from 2024-08-31, fully off in 2025). ${upgradeAdvice}`);
  }
  if (!complianceApi) {
    warnings.push(
      `Intune's legacy NAC API stopped on 2024-03-24 (Cisco's date; Microsoft says 2024-03-31): ISE ${name} gets no compliance data${graph ? ', although it talks to Microsoft Graph' : ''}. ${upgradeAdvice}`,
    );
  }
  if (fn74227) {
    warnings.push(
      `Cisco Field Notice FN74227 (certificates that carry a SID for strong mapping, enforced by Windows from 2025-02-11) lists ISE ${name}: certificate logins and the Intune integration fail with such certificates. The notice lists 3.1 Patch 9, 3.2 Patch 6, 3.3 Patch 3 and earlier, and 3.4 unpatched; ${fn74227Fix} is the first patch of your release after those.`,
    );
  }
  if (graph) notes.push('After upgrading from a release that used Azure AD Graph, edit the Auto Discovery URL from https://graph.windows.net/<tenant> to https://graph.microsoft.com.');
  if (place === 'newer') notes.push(`Cisco's MDM guide, as this version of the app knows it, covers releases up to ${NEWEST.major}.${NEWEST.minor}; ISE ${name} is expected to behave like ${NEWEST.major}.${NEWEST.minor}.`);
  if (place === 'older' && compareTrain(version, OLDEST) < 0) notes.push(`ISE ${name} is older than any release Cisco's MDM guide covers.`);
  return {
    input,
    major: version[0],
    minor: version[1],
    patch: version[2],
    label: name,
    flow: graph ? 'graph' : 'legacy',
    complianceApi,
    fn74227,
    fn74227Fix,
    tokenEndpoint,
    guidLookup,
    release: place,
    upgradeTo,
    canDo,
    cannotDo,
    warnings,
    notes,
  };
}
