/**
 * The release tables at their edges (issue 23): the last affected and the first fixed patch of
 * each train. Field Notice FN74227: 3.1 P9/P10, 3.2 P6/P7, 3.3 P3/P4; the Compliance Retrieval
 * API: 3.1 P7/P8, 3.2 P3/P4; Microsoft Graph discovery: 3.1 P2/P3. Written against
 * parseIseVersion's answer (the app's one entry point), kept apart so the table's rewrite can
 * adapt it in one place.
 */
import { describe, expect, it } from 'vitest';
import { parseIseVersion } from '../../../main/services/entra';

describe('FN74227 at the last affected and first fixed patch', () => {
  it.each([
    // The notice lists 3.1 and later only: 3.0 is out of its scope (and gets no compliance data anyway).
    ['3.0 Patch 8', false],
    ['3.1 Patch 9', true],
    ['3.1 Patch 10', false],
    ['3.2 Patch 6', true],
    ['3.2 Patch 7', false],
    ['3.3 Patch 3', true],
    ['3.3 Patch 4', false],
    ['3.3', true],
    ['3.2', true],
    ['3.4', true],
    ['3.4 Patch 1', false],
  ])('%s: affected %s', (version, affected) => {
    const info = parseIseVersion(version);
    expect(info.fn74227).toBe(affected);
    expect(info.warnings.some((warning) => warning.includes('FN74227'))).toBe(affected);
  });
});

describe('the Compliance Retrieval API at the last patch without and the first with it', () => {
  it.each([
    ['3.1 Patch 7', false],
    ['3.1 Patch 8', true],
    ['3.2 Patch 3', false],
    ['3.2 Patch 4', true],
    ['3.3', true],
    ['3.0 Patch 8', false],
  ])('%s: Compliance Retrieval API %s', (version, api) => {
    const info = parseIseVersion(version);
    expect(info.complianceApi).toBe(api);
    expect(info.warnings.some((warning) => /legacy NAC API/i.test(warning))).toBe(!api);
  });
});

describe('Microsoft Graph discovery at its first patch', () => {
  it.each([
    ['3.1 Patch 2', 'legacy'],
    ['3.1 Patch 3', 'graph'],
    ['3.0 Patch 8', 'legacy'],
    ['3.2', 'graph'],
  ])('%s uses the %s flow', (version, flow) => {
    const info = parseIseVersion(version);
    expect(info.flow).toBe(flow);
    expect(info.warnings.some((warning) => warning.includes('Azure AD Graph'))).toBe(flow === 'legacy');
  });
});

describe('the same release typed in other ways lands on the same row', () => {
  it.each(['3.1 P9', '3.1 patch 9', 'ISE 3.1.0.518 Patch 9', '3.1p9', 'Cisco ISE version 3.1, Patch 9'])('%s is 3.1 Patch 9', (typed) => {
    expect(parseIseVersion(typed)).toMatchObject({ major: 3, minor: 1, patch: 9, label: '3.1 Patch 9', fn74227: true, complianceApi: true, flow: 'graph' });
  });
});

describe('releases outside the table land on the right row', () => {
  // [typed, release, label, flow, compliance API, token endpoint, GUID look-ups, FN74227, upgrade to]
  it.each<[string, 'listed' | 'older' | 'newer', string, 'graph' | 'legacy', boolean, 'v1' | 'v2', boolean, boolean, string | null]>([
    ['2.7', 'listed', '2.7', 'legacy', false, 'v1', false, false, '3.3'],
    ['3.0 Patch 4', 'listed', '3.0 Patch 4', 'legacy', false, 'v1', false, false, '3.3'],
    // Between two rows: the older row decides (2.9 behaves like 2.7), and it is no newer than the guide.
    ['2.9', 'older', '2.9', 'legacy', false, 'v1', false, false, '3.3'],
    ['1.4', 'older', '1.4', 'legacy', false, 'v1', false, false, '3.3'],
    // Later than the table: like its newest row at its latest patch, even unpatched.
    ['3.6', 'newer', '3.6', 'graph', true, 'v2', true, false, null],
    ['3.10', 'newer', '3.10', 'graph', true, 'v2', true, false, null],
    ['4.0', 'newer', '4.0', 'graph', true, 'v2', true, false, null],
    ['4.1', 'newer', '4.1', 'graph', true, 'v2', true, false, null],
    ['10.0', 'newer', '10.0', 'graph', true, 'v2', true, false, null],
    ['3.5', 'listed', '3.5', 'graph', true, 'v2', true, false, null],
    ['3.1', 'listed', '3.1', 'legacy', false, 'v1', true, true, '3.1 Patch 8'],
  ])('%s is %s (%s): %s flow, compliance API %s, %s tokens, GUID look-ups %s, FN74227 %s, upgrade to %s', (typed, release, label, flow, complianceApi, tokenEndpoint, guidLookup, fn74227, upgradeTo) => {
    expect(parseIseVersion(typed)).toMatchObject({ release, label, flow, complianceApi, tokenEndpoint, guidLookup, fn74227, upgradeTo });
  });

  it('says a release is older than the guide only below its oldest row, and newer only above its newest', () => {
    const older = (typed: string) => parseIseVersion(typed).notes.filter((note) => note.includes('older than any release'));
    const newer = (typed: string) => parseIseVersion(typed).notes.filter((note) => note.includes('covers releases up to'));
    expect(older('1.4')).toEqual(["ISE 1.4 is older than any release Cisco's MDM guide covers."]);
    expect(older('2.6 Patch 9')).toHaveLength(1);
    expect(older('2.9')).toEqual([]);
    expect(older('2.7')).toEqual([]);
    expect(newer('4.0')).toEqual(["Cisco's MDM guide, as this version of the app knows it, covers releases up to 3.5; ISE 4.0 is expected to behave like 3.5."]);
    expect(newer('3.5 Patch 2')).toEqual([]);
    expect(newer('2.9')).toEqual([]);
  });
});

describe('what a release can and cannot do, word for word', () => {
  const GRAPH = 'Discovers Intune through Microsoft Graph (Auto Discovery URL https://graph.microsoft.com).';
  const NO_GRAPH = 'Discover Intune: it uses Azure AD Graph (graph.windows.net), which Microsoft retired in 2025.';
  const COMPLIANCE = 'Gets compliance data through the Compliance Retrieval API (compliance status, managed by Intune, MAC address, registered status).';
  const NO_COMPLIANCE = "Get compliance data: Intune's legacy NAC API, the only one this release has, stopped on 2024-03-24.";
  const GUID = "Looks devices up by Intune's device GUID when the certificate's SAN carries it (MDM API v3).";
  const NO_GUID = "Look devices up by Intune's device GUID (MDM API v3 needs 3.1 or later): only by MAC address.";
  const V2 = "Requests its tokens from Entra's v2.0 endpoint.";
  const V1 = "Requests its tokens from Entra's v1 endpoint (ADAL4J).";
  const EDIT_URL = 'After upgrading from a release that used Azure AD Graph, edit the Auto Discovery URL from https://graph.windows.net/<tenant> to https://graph.microsoft.com.';

  it.each([
    ['3.0', [V1], [NO_GRAPH, NO_COMPLIANCE, NO_GUID], []],
    ['3.1 Patch 2', [GUID, V1], [NO_GRAPH, NO_COMPLIANCE], []],
    ['3.1 Patch 3', [GRAPH, GUID, V1], [NO_COMPLIANCE], [EDIT_URL]],
    ['3.2 Patch 4', [GRAPH, COMPLIANCE, GUID, V2], [], [EDIT_URL]],
    ['4.0', [GRAPH, COMPLIANCE, GUID, V2], [], [EDIT_URL, expect.stringContaining('covers releases up to 3.5')]],
  ])('%s', (typed, canDo, cannotDo, notes) => {
    expect(parseIseVersion(typed)).toMatchObject({ canDo, cannotDo, notes });
  });

  it('gives each missing capability one warning that ends with the upgrade to make', () => {
    expect(parseIseVersion('3.0').warnings).toEqual([
      'ISE 3.0 discovers Intune through Azure AD Graph, which is retired (blocked for new apps from 2024-08-31, fully off in 2025). Upgrade to 3.3 or later (3.4 and 3.5 are current releases); 3.1 Patch 8 and 3.2 Patch 4 also work.',
      "Intune's legacy NAC API stopped on 2024-03-24 (Cisco's date; Microsoft says 2024-03-31): ISE 3.0 gets no compliance data. Upgrade to 3.3 or later (3.4 and 3.5 are current releases); 3.1 Patch 8 and 3.2 Patch 4 also work.",
    ]);
    expect(parseIseVersion('3.2 Patch 3').warnings[0]).toBe(
      "Intune's legacy NAC API stopped on 2024-03-24 (Cisco's date; Microsoft says 2024-03-31): ISE 3.2 Patch 3 gets no compliance data, although it talks to Microsoft Graph. Upgrade to 3.2 Patch 4 or later, or to 3.3 and later (3.4, 3.5).",
    );
  });
});

describe('the ways admins type a version', () => {
  it.each([
    ['Cisco  ISE  3.2  Patch  4', 3, 2, 4],
    ['CiscoISE3.2p4', 3, 2, 4],
    ['\t3.2\tPatch 4\n', 3, 2, 4],
    ['version3.3', 3, 3, 0],
    ['Version 3.3', 3, 3, 0],
    ['v3.4', 3, 4, 0],
    ['v 3.4', 3, 4, 0],
    ['V3.4 patch 1', 3, 4, 1],
    ['3.1.0.518 patch 10', 3, 1, 10],
    ['3.2, p.4', 3, 2, 4],
    ['3.2-pt4', 3, 2, 4],
    ['12.34', 12, 34, 0],
  ])('%j is %i.%i patch %i', (typed, major, minor, patch) => {
    expect(parseIseVersion(typed)).toMatchObject({ major, minor, patch });
  });

  it.each(['build 3.2', '3.2 Patch 4 (latest)', '123.2', '3.123', '3.2 Patch 1234', 'ISE3.2x'])('refuses %j', (typed) => {
    expect(() => parseIseVersion(typed)).toThrow(expect.objectContaining({ code: 'ISE_VERSION_UNREADABLE' }));
  });
});
