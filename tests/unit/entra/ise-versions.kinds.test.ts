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
