/**
 * What an ISE release means for the Intune integration (DOMAIN.md "ISE version facts"):
 * which discovery flow it uses, whether it has the Compliance Retrieval API, and whether Field
 * Notice FN74227 applies. Versions are typed by admins in many ways: "3.1 P3", "3.2 patch 4",
 * "ISE 3.1.0.518 Patch 3", "3.2p4", "3.3".
 */
import type { IseVersionInfo } from '../../../preload/types/entra';
import { ServiceError } from '../errors';

const VERSION = /^(?:cisco\s*)?(?:ise\s*)?(?:version\s*|v\s*)?(\d{1,2})\.(\d{1,2})(?:\.\d+)*\s*(?:[,-]?\s*(?:patch|pt|p)\s*\.?\s*(\d{1,3}))?$/i;

type Release = readonly [major: number, minor: number, patch: number];

function compare(a: Release, b: Release): number {
  return a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
}

function within(version: Release, major: number, minor: number, predicate: (patch: number) => boolean): boolean {
  return version[0] === major && version[1] === minor && predicate(version[2]);
}

/** Graph discovery: 3.1 Patch 3 and later. */
export function usesGraph(version: Release): boolean {
  return compare(version, [3, 1, 3]) >= 0;
}

/** Compliance Retrieval API ("NAC 2.0"): 3.1 P8, 3.2 P4, 3.3 and later. */
export function hasComplianceApi(version: Release): boolean {
  return within(version, 3, 1, (p) => p >= 8) || within(version, 3, 2, (p) => p >= 4) || compare(version, [3, 3, 0]) >= 0;
}

/** FN74227: 3.1 P9 and earlier, 3.2 P6 and earlier, 3.3 P3 and earlier. */
export function affectedByFn74227(version: Release): boolean {
  return compare(version, [3, 1, 9]) <= 0 || within(version, 3, 2, (p) => p <= 6) || within(version, 3, 3, (p) => p <= 3);
}

export function parseIseVersion(input: string): IseVersionInfo {
  const match = VERSION.exec(input.trim().replace(/\s+/g, ' '));
  if (!match) {
    throw new ServiceError(
      'ISE_VERSION_UNREADABLE',
      `"${input}" is not an ISE version. Type it as ISE shows it under Administration > System > Deployment or in "show version", e.g. "3.2 Patch 4" or "3.3".`,
    );
  }
  const version: Release = [Number(match[1]), Number(match[2]), Number(match[3] ?? 0)];
  const label = `${version[0]}.${version[1]}${version[2] > 0 ? ` Patch ${version[2]}` : ''}`;
  const graph = usesGraph(version);
  const complianceApi = hasComplianceApi(version);
  const fn74227 = affectedByFn74227(version);
  const warnings: string[] = [];
  const notes: string[] = [];
  if (!graph) {
    warnings.push(
      `ISE ${label} discovers Intune through Azure AD Graph, which is retired (blocked for new apps from 2024-08-31, fully off in 2025). Upgrade to 3.1 Patch 3 or later, which uses Microsoft Graph.`,
    );
  } else {
    notes.push('After upgrading from a release that used Azure AD Graph, edit the Auto Discovery URL from https://graph.windows.net/<tenant> to https://graph.microsoft.com.');
  }
  if (!complianceApi) {
    warnings.push(
      `Intune's legacy NAC API stopped on 2024-03-24 (Cisco's date; Microsoft says 2024-03-31): ISE ${label} gets no compliance data. Upgrade to 3.1 Patch 8, 3.2 Patch 4, or 3.3 or later for the Compliance Retrieval API.`,
    );
  }
  if (fn74227) {
    warnings.push(
      `Cisco Field Notice FN74227 (strong certificate mapping, enforced 2025-02-11) affects the Intune integration on ISE ${label} (3.1 P9, 3.2 P6, 3.3 P3 and earlier). Apply the fix the field notice gives for your release.`,
    );
  }
  if (compare(version, [3, 4, 0]) >= 0) {
    notes.push(`ISE ${label} is newer than the releases these facts cover; it is assumed to behave like 3.3.`);
  }
  return { input, major: version[0], minor: version[1], patch: version[2], label, flow: graph ? 'graph' : 'legacy', complianceApi, fn74227, warnings, notes };
}
