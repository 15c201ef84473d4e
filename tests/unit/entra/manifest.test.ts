/**
 * The manifest editor's story: load a downloaded manifest (either format, hand-edited or not),
 * see what is registered, add the ISE nodes' certificates without touching anything else, and
 * never add one twice.
 */
import { describe, expect, it } from 'vitest';
import type { GraphKeyCredential, LegacyKeyCredential, NodeCertificate } from '../../../preload/types/entra';
import { loadCertificateFile } from '../../../main/services/certs';
import { checkIseNodes, describeManifest, detectManifestFormat, mergeKeyCredentials, parseManifest, parseManifestBytes, readManifestJson } from '../../../main/services/entra';
import { opensslKeyValues, useIsePki } from './ise-pki';
import { graphEntry, graphManifest, handEditedGraphManifest, legacyManifestFromSeed, technoteExcerpt } from '../../support/manifests';

const pki = useIsePki();
const NOW = new Date('2026-11-26T12:00:00Z');

async function nodes(...specs: [name: string, path: string][]): Promise<NodeCertificate[]> {
  const inputs = await Promise.all(specs.map(async ([name, path]) => ({ name, role: 'other' as const, file: await loadCertificateFile(path, { now: NOW }) })));
  return checkIseNodes(inputs, { now: NOW });
}

/**
 * The lines that differ between two texts (after their common first and last lines), with the
 * line numbers in `after`: what a line diff of the merge shows.
 */
function changedLines(before: string, after: string): { removed: string[]; added: string[]; from: number; to: number } {
  const a = before.split(/\r?\n/);
  const b = after.split(/\r?\n/);
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let end = 0;
  while (end < a.length - start && end < b.length - start && a[a.length - 1 - end] === b[b.length - 1 - end]) end++;
  return { removed: a.slice(start, a.length - end), added: b.slice(start, b.length - end), from: start + 1, to: b.length - end };
}

/** The 1-based lines the keyCredentials list spans in `text`. */
function keyCredentialsLines(text: string): [number, number] {
  const node = parseManifest(text).keyCredentials;
  const lineOf = (offset: number) => text.slice(0, offset).split('\n').length;
  return [lineOf(node.offset), lineOf(node.offset + node.length)];
}

function withoutKeyCredentials(text: string): [string[], unknown] {
  const value = JSON.parse(text) as Record<string, unknown>;
  const { keyCredentials: _ignored, ...rest } = value;
  return [Object.keys(value), rest];
}

describe('manifest format', () => {
  it('recognises the Microsoft Graph format by its fields', () => {
    const manifest = parseManifest(graphManifest());
    expect(manifest.format).toBe('graph');
    expect(manifest.formatEvidence).toEqual(['api', 'web.implicitGrantSettings']);
    expect(manifest.repairs).toEqual([]);
  });

  it("reads the legacy manifest with the seed's own sample, repairing its trailing comma", () => {
    const text = legacyManifestFromSeed();
    const lines = text.split('\n');
    const commaLine = lines.findIndex((line, index) => line === '    },' && lines[index + 1] === '  ],') + 1;
    const manifest = parseManifest(text);
    expect(manifest.format).toBe('legacy');
    expect(manifest.formatEvidence).toEqual(['oauth2Permissions', 'replyUrlsWithType']);
    expect(manifest.repairs).toEqual([{ kind: 'trailing-comma', line: commaLine, endLine: commaLine, message: `Removed a trailing comma before "]" on line ${commaLine}.` }]);
    const info = describeManifest('seed.json', manifest, [], NOW);
    expect(info.entries.map((entry) => [entry.keyId, entry.endDate, entry.status, entry.hasCertificate])).toEqual([
      ['eb7b1833-3240-4203-98a6-c3ccc6790d9d', '2019-01-22T11:41:01Z', 'expired', false],
      ['86462728-544b-423d-8e5e-22adf3521d23', '2019-01-05T14:32:30Z', 'expired', false],
      ['2ed5b262-ced6-4c1a-8a1a-c0abb82ae3c1', '2018-12-06T10:46:32Z', 'expired', false],
    ]);
    expect(info.entries[0]?.sha1).toBe(Buffer.from('wteOPVePuM0wUeFNB9s22fkDYZE=', 'base64').toString('hex').toUpperCase());
  });

  it('reads a hand-edited Graph manifest with comments, a BOM and a URL holding //', () => {
    const text = `\uFEFF${graphManifest()}`
      .replace('"displayName": "ISE",', '"displayName": "ISE", // renamed by hand')
      .replace('"redirectUris": [],\n    "implicitGrantSettings"', '/* web login */ "redirectUris": ["https://ise.example.test//portal/"],\n    "implicitGrantSettings"');
    const manifest = parseManifestBytes(Buffer.from(text, 'utf8'));
    expect(manifest.format).toBe('graph');
    expect(manifest.repairs.map((repair) => repair.kind)).toEqual(['bom', 'line-comment', 'block-comment']);
    const merged = mergeKeyCredentials(manifest, [], { now: NOW });
    expect((JSON.parse(merged.text) as { web: { redirectUris: string[] } }).web.redirectUris).toEqual(['https://ise.example.test//portal/']);
  });

  it.each([
    ['a JSON list', '[{"keyCredentials": []}]', 'MANIFEST_IS_ARRAY', 'This file is a JSON list, not an app manifest'],
    ['a random JSON object', '{"name": "ise-intune-assistant", "version": "0.1.0", "keyCredentials": []}', 'MANIFEST_UNKNOWN_FORMAT', 'not an Entra app manifest'],
    ['a JSON string', '"hello"', 'MANIFEST_NOT_OBJECT', 'single JSON string'],
    ['not JSON at all', '<html>login</html>', 'MANIFEST_NOT_JSON', 'line 1, column 1'],
    ['a manifest without keyCredentials', '{"signInAudience": "AzureADMyOrg", "api": {}}', 'MANIFEST_NO_KEY_CREDENTIALS', 'no "keyCredentials" list'],
    ['mixed fields and no entries to tell', '{"api": {}, "oauth2Permissions": [], "keyCredentials": []}', 'MANIFEST_FORMAT_AMBIGUOUS', 'mixes Microsoft Graph fields (api)'],
  ])('refuses %s with a clear message', (_what, text, code, message) => {
    expect(() => parseManifest(text)).toThrow(expect.objectContaining({ code, message: expect.stringContaining(message) }));
  });

  it('tells mixed manifests apart by their keyCredentials items', () => {
    const root = readManifestJson('{"api": {}, "oauth2Permissions": [], "keyCredentials": [{"endDateTime": null, "key": null}]}').root;
    expect(detectManifestFormat(root)).toEqual({ format: 'graph', evidence: ['keyCredentials[].endDateTime', 'keyCredentials[].key'] });
  });
});

describe('hand-edited manifests and excerpts', () => {
  it('edits only keyCredentials of a hand-edited manifest: comments and trailing commas removed and reported, every other byte kept', async () => {
    const original = handEditedGraphManifest();
    const manifest = parseManifestBytes(Buffer.from(`\uFEFF${original}`, 'utf8'));
    expect(manifest.format).toBe('graph');
    expect(manifest.repairs.map((repair) => [repair.kind, repair.line])).toEqual([
      ['bom', 1],
      ['line-comment', 2],
      ['block-comment', 6],
      ['trailing-comma', 11],
      ['trailing-comma', 24],
      ['trailing-comma', 25],
      ['block-comment', 27],
      ['trailing-comma', 30],
    ]);
    const loaded = await nodes(['ise-pan', pki().pan.pemPath]);
    const merged = mergeKeyCredentials(manifest, loaded, { now: NOW, newKeyId: () => '11111111-1111-4111-8111-111111111111' });
    expect(merged.repairs).toEqual(manifest.repairs);
    // The repairs are exactly the removed comments and commas: the lines outside keyCredentials
    // are the admin's, byte for byte (CRLF, the tab-indented block, both displayName keys, 2.0,
    // 1e3, the 20-digit integer), and only keyCredentials lines differ from the repaired file.
    const repaired = readManifestJson(original).text;
    expect(repaired).toBe(
      original
        .replace('  // ISE for the Intune MDM connection, edited 2026-11-20\r\n', '')
        .replace('"ISE MDM",  /* renamed, the old name kept above */', '"ISE MDM",')
        .replace('[],\r\n  },', '[]\r\n  },')
        .replace('"Verify",\r\n    },\r\n  ],', '"Verify"\r\n    }\r\n  ],')
        .replace('  /* web sign-in\r\n     not used by ISE */\r\n', '')
        .replace('//portal/",]', '//portal/"]'),
    );
    const diff = changedLines(repaired, merged.text);
    const [first, last] = keyCredentialsLines(merged.text);
    expect(diff.removed).toEqual([]);
    expect(diff.added).toHaveLength(10);
    expect(diff.from).toBeGreaterThanOrEqual(first);
    expect(diff.to).toBeLessThanOrEqual(last);
    expect(merged.text.split('\r\n').length).toBe(merged.text.split('\n').length);
    for (const kept of ['\t"requestedAccessTokenVersion": 2.0,', '"tokenLifetimeHint": 1e3,', '"serialHint": 12345678901234567890,', '  "displayName": "ISE",\r\n  "displayName": "ISE MDM",']) {
      expect(merged.text).toContain(kept);
    }
    const pan = await opensslKeyValues(pki().pan);
    const added = (JSON.parse(merged.text) as { keyCredentials: GraphKeyCredential[] }).keyCredentials;
    expect(added.map((entry) => entry.keyId)).toEqual(['cccccccc-1111-4111-8111-111111111111', '11111111-1111-4111-8111-111111111111']);
    expect(added[1]).toMatchObject({ key: pan.value, type: 'AsymmetricX509Cert', usage: 'Verify' });
    // Loaded again, the saved file has nothing left to repair and nothing to add.
    const again = mergeKeyCredentials(parseManifest(merged.text), loaded, { now: NOW });
    expect(again.repairs).toEqual([]);
    expect(again.diff.added).toEqual([]);
    expect(again.text).toBe(merged.text);
  });

  it("opens the technote's excerpt (appId and keyCredentials only) as the legacy format and adds to it", async () => {
    const excerpt = technoteExcerpt();
    const manifest = parseManifest(excerpt);
    expect(manifest.format).toBe('legacy');
    expect(manifest.formatEvidence).toEqual(['keyCredentials[].startDate', 'keyCredentials[].endDate', 'keyCredentials[].value']);
    const loaded = await nodes(['ise-pan', pki().pan.pemPath]);
    const merged = mergeKeyCredentials(manifest, loaded, { now: NOW });
    const value = JSON.parse(merged.text) as { appId: string; keyCredentials: LegacyKeyCredential[] };
    expect(value.appId).toBe('a46a6fd7-4a31-4471-9078-59cb2bb6a5ab');
    expect(value.keyCredentials).toHaveLength(4);
    expect(value.keyCredentials[3]).toMatchObject({ value: (await opensslKeyValues(pki().pan)).value });
    // With an empty list there is nothing to tell the format by: the technote's own, legacy.
    expect(parseManifest(technoteExcerpt('  "keyCredentials": []'))).toMatchObject({ format: 'legacy', formatEvidence: ['appId', 'keyCredentials'] });
  });
});

describe('merging ISE certificates', () => {
  it('adds the PAN and the secondary PAN to the seed manifest and keeps its entries exactly', async () => {
    const original = legacyManifestFromSeed();
    const manifest = parseManifest(original);
    const loaded = await nodes(['ise-pan', pki().pan.pemPath], ['ise-span', pki().span.pemPath]);
    const ids = ['11111111-1111-4111-8111-111111111111', '22222222-2222-4222-8222-222222222222'];
    const merged = mergeKeyCredentials(manifest, loaded, { now: NOW, newKeyId: () => ids.shift() ?? 'none' });
    const value = JSON.parse(merged.text) as { keyCredentials: LegacyKeyCredential[] };
    const before = JSON.parse(original.replace(/},\n {2}\],/, '}\n  ],')) as { keyCredentials: unknown[] };
    expect(value.keyCredentials.slice(0, 3)).toEqual(before.keyCredentials);
    expect(value.keyCredentials.slice(0, 3).map((entry) => entry.value)).toEqual([null, null, null]);
    const pan = await opensslKeyValues(pki().pan);
    expect(value.keyCredentials[3]).toMatchObject({ customKeyIdentifier: pan.thumbprint, value: pan.value, keyId: '11111111-1111-4111-8111-111111111111' });
    expect(value.keyCredentials[4]).toMatchObject({ keyId: '22222222-2222-4222-8222-222222222222' });
    expect(withoutKeyCredentials(merged.text)).toEqual(withoutKeyCredentials(original.replace(/},\n {2}\],/, '}\n  ],')));
    expect(merged.diff.added.map((entry) => [entry.nodes, entry.sha1])).toEqual([[['ise-pan'], pan.sha1Hex], [['ise-span'], (await opensslKeyValues(pki().span)).sha1Hex]]);
    expect(merged.diff.unchanged).toHaveLength(3);
    expect(merged.text).toMatch(/^\{\n {2}"id": /);
    // Only keyCredentials lines change: the two entries are inserted after the last one (whose
    // trailing comma now separates it from them), nothing else is removed or moved.
    const diff = changedLines(original, merged.text);
    const [first, last] = keyCredentialsLines(merged.text);
    expect(diff.removed).toEqual([]);
    expect(diff.added).toHaveLength(18);
    expect(diff.from).toBeGreaterThanOrEqual(first);
    expect(diff.to).toBeLessThanOrEqual(last);
  });

  it('recognises a Graph entry with a hex customKeyIdentifier and key null, and adds only the missing node', async () => {
    const pan = await opensslKeyValues(pki().pan);
    const existing = graphEntry({ sha1Hex: pan.sha1Hex, displayName: 'CN=ise-pan.example.test', keyId: 'aaaaaaaa-1111-4111-8111-111111111111', start: '2026-01-01T00:00:00Z', end: '2027-01-01T00:00:00Z' });
    const other = graphEntry({ sha1Hex: null, displayName: 'old upload', keyId: 'bbbbbbbb-1111-4111-8111-111111111111', start: '2023-01-01T00:00:00Z', end: '2024-01-01T00:00:00Z' });
    const original = graphManifest([existing, other]);
    const loaded = await nodes(['ise-pan', pki().pan.pemPath], ['ise-span', pki().span.pemPath]);
    const manifest = parseManifest(original);
    const merged = mergeKeyCredentials(manifest, loaded, { now: NOW });
    expect(merged.diff.alreadyRegistered).toEqual([{ nodes: ['ise-pan'], sha1: pan.sha1Hex, index: 0, keyId: 'aaaaaaaa-1111-4111-8111-111111111111', matchedBy: 'thumbprint' }]);
    expect(merged.diff.added.map((entry) => entry.nodes)).toEqual([['ise-span']]);
    const value = JSON.parse(merged.text) as { keyCredentials: GraphKeyCredential[] };
    expect(value.keyCredentials.slice(0, 2)).toEqual((JSON.parse(original) as { keyCredentials: unknown[] }).keyCredentials);
    expect(value.keyCredentials[2]).toMatchObject({ displayName: 'CN=ise-span.example.test', type: 'AsymmetricX509Cert', usage: 'Verify' });
    expect(merged.text).toBe(original.replace(/\n {2}\],\n {2}"optionalClaims"/, `,\n${JSON.stringify(value.keyCredentials[2], null, 2).replace(/^/gm, '    ')}\n  ],\n  "optionalClaims"`));
    const entries = describeManifest('ISE.json', manifest, loaded, NOW).entries;
    expect(entries.map((entry) => [entry.keyId, entry.status, entry.nodes, entry.sha1])).toEqual([
      ['aaaaaaaa-1111-4111-8111-111111111111', 'valid', ['ise-pan'], pan.sha1Hex],
      ['bbbbbbbb-1111-4111-8111-111111111111', 'expired', [], null],
    ]);
  });

  it('adds nothing the second time, recognising its own entries by the certificate they carry', async () => {
    const loaded = await nodes(['ise-pan', pki().pan.pemPath], ['ise-psn', pki().psnEc.pemPath]);
    const once = mergeKeyCredentials(parseManifest(graphManifest()), loaded, { now: NOW });
    expect(once.diff.added).toHaveLength(2);
    const twice = mergeKeyCredentials(parseManifest(once.text), loaded, { now: NOW });
    expect(twice.diff.added).toEqual([]);
    expect(twice.diff.alreadyRegistered.map((entry) => [entry.nodes, entry.index, entry.matchedBy])).toEqual([[['ise-pan'], 0, 'certificate'], [['ise-psn'], 1, 'certificate']]);
    expect(twice.text).toBe(once.text);
  });

  it('registers a certificate shared by two nodes once, naming both', async () => {
    const loaded = await nodes(['ise-pan', pki().pan.pemPath], ['ise-psn1', pki().pan.derPath]);
    const merged = mergeKeyCredentials(parseManifest(graphManifest()), loaded, { now: NOW });
    expect(merged.diff.added.map((entry) => entry.nodes)).toEqual([['ise-pan', 'ise-psn1']]);
  });
});
