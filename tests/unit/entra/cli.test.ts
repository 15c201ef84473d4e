/** The `keycred` and `mdm-values` commands, run as main/cli.ts runs them, with captured output. */
import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CliCommand } from '../../../main/cli/command';
import { keycredCommand } from '../../../main/cli/keycred';
import { mdmValuesCommand } from '../../../main/cli/mdm-values';
import type { GraphKeyCredential, LegacyKeyCredential } from '../../../preload/types/entra';
import { opensslKeyValues, useIsePki, useTempDir } from './ise-pki';
import { graphManifest, legacyManifestFromSeed } from '../../support/manifests';
import { createMemoryLogger } from '../../../main/platform/file-logger';
import { JsonDocumentStore } from '../../../main/platform/versioned-file';
import { DeploymentsService } from '../../../main/services/deployments/deployments-service';
import { DEPLOYMENTS_SCHEMA } from '../../../main/services/deployments/schema';

const pki = useIsePki();
const tempDir = useTempDir();
// The ISE PKI is issued with the real clock (valid from a day ago for a year), so the command's
// "now" is that same clock, read once: a fixed date would make these certificates "not yet valid".
const NOW = new Date();
/** The backup suffix keycred derives from NOW: YYYYMMDD-HHMMSSZ in UTC. */
const STAMP = NOW.toISOString().replace(/[-:]/g, '').replace('T', '-').replace(/\.\d+Z$/, 'Z');

async function run(command: CliCommand, args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await command.run(args, { stdout: (t) => out.push(t), stderr: (t) => err.push(t), cwd: tempDir(), now: () => NOW });
  return { code, stdout: out.join(''), stderrLines: err.join('').split('\n').filter(Boolean) };
}

describe('keycred', () => {
  it('prints the keyCredentials array, Graph format by default, with the values OpenSSL computes', async () => {
    const result = await run(keycredCommand, [pki().pan.pemPath, pki().span.derPath]);
    expect(result.code).toBe(0);
    expect(result.stderrLines).toEqual([]);
    const entries = JSON.parse(result.stdout) as GraphKeyCredential[];
    const [pan, span] = [await opensslKeyValues(pki().pan), await opensslKeyValues(pki().span)];
    expect(entries.map((entry) => [entry.customKeyIdentifier, entry.key, entry.displayName])).toEqual([
      [pan.thumbprint, pan.value, 'CN=ise-pan.example.test'],
      [span.thumbprint, span.value, 'CN=ise-span.example.test'],
    ]);
  });

  it('prints the legacy format with --format legacy, and warns on stderr about a key in the file', async () => {
    const result = await run(keycredCommand, [pki().panWithKeyPath, '--format', 'legacy']);
    expect(result.code).toBe(0);
    const [entry] = JSON.parse(result.stdout) as LegacyKeyCredential[];
    expect(entry?.value).toBe((await opensslKeyValues(pki().pan)).value);
    expect(result.stdout).not.toContain('PRIVATE KEY');
    expect(result.stderrLines).toEqual([expect.stringMatching(/^keycred: warning: .*pan-with-key\.pem also holds a private key/)]);
  });

  it('gives a JSON report with --json', async () => {
    const result = await run(keycredCommand, [pki().expired.pemPath, '--json']);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as { format: string; keyCredentials: unknown[]; nodes: { sha1: string; warnings: { code: string }[] }[]; manifest: null };
    expect(report).toMatchObject({ format: 'graph', manifest: null, nodes: [{ sha1: (await opensslKeyValues(pki().expired)).sha1Hex, warnings: [{ code: 'EXPIRED' }] }] });
    expect(report.keyCredentials).toHaveLength(1);
  });

  it('merges into a manifest and prints it, leaving the input file as it was', async () => {
    const path = join(tempDir(), 'print.json');
    const original = legacyManifestFromSeed();
    await writeFile(path, original);
    const result = await run(keycredCommand, [pki().pan.pemPath, '--manifest', 'print.json']);
    expect(result.code).toBe(0);
    const merged = JSON.parse(result.stdout) as { keyCredentials: LegacyKeyCredential[] };
    expect(merged.keyCredentials).toHaveLength(4);
    expect(merged.keyCredentials[3]?.customKeyIdentifier).toBe((await opensslKeyValues(pki().pan)).thumbprint);
    expect(result.stderrLines.some((line) => /^keycred: repaired: Removed a trailing comma before "\]" on line \d+\.$/.test(line))).toBe(true);
    expect(result.stderrLines).toContain('keycred: print.json: legacy Azure AD Graph manifest; kept 3 existing entries, added 1.');
    expect(await readFile(path, 'utf8')).toBe(original);
  });

  it('writes over the manifest only when --out names it, keeping a backup; a second run adds nothing', async () => {
    const path = join(tempDir(), 'ISE.json');
    const original = graphManifest();
    await writeFile(path, original);
    const first = await run(keycredCommand, [pki().pan.pemPath, pki().psnEc.pemPath, '--manifest', 'ISE.json', '--out', 'ISE.json']);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('ISE.json: Microsoft Graph manifest; kept 0 existing entries, added 2.');
    expect(first.stdout).toContain(`Backup of the previous file: ${path}.${STAMP}.bak`);
    expect(await readFile(`${path}.${STAMP}.bak`, 'utf8')).toBe(original);
    const written = await readFile(path, 'utf8');
    expect((JSON.parse(written) as { keyCredentials: unknown[] }).keyCredentials).toHaveLength(2);

    const second = await run(keycredCommand, [pki().pan.pemPath, pki().psnEc.pemPath, '--manifest', 'ISE.json', '--out', 'ISE.json', '--json']);
    expect(second.code).toBe(0);
    const report = JSON.parse(second.stdout) as { keyCredentials: unknown[]; manifest: { added: unknown[]; alreadyRegistered: unknown[]; written: { backupPath: string } } };
    expect(report.keyCredentials).toEqual([]);
    expect(report.manifest.added).toEqual([]);
    expect(report.manifest.alreadyRegistered).toHaveLength(2);
    expect(report.manifest.written.backupPath).toBe(`${path}.${STAMP}-2.bak`);
    expect(await readFile(path, 'utf8')).toBe(written);
  });

  it.each([
    ['a manifest that is not JSON', ['--manifest', 'broken.json'], 'keycred: broken.json: The file is not JSON, even allowing comments and trailing commas: expected "," or "}" (a comma may be missing) at line 1, column 24'],
    ['a JSON list', ['--manifest', 'list.json'], 'keycred: list.json: This file is a JSON list, not an app manifest'],
    ['a JSON object that is no manifest', ['--manifest', 'package.json'], 'keycred: package.json: This JSON file is not an Entra app manifest'],
    ['an unknown format', ['--format', 'pem'], 'keycred: unknown format "pem": --format must be graph or legacy'],
    ['--format with a manifest', ['--format', 'legacy', '--manifest', 'list.json'], "keycred: --format applies only without --manifest"],
    ['--out without a manifest', ['--out', 'x.json'], 'keycred: --out needs --manifest'],
  ])('exits 2 with one line for %s', async (_what, args, message) => {
    await writeFile(join(tempDir(), 'broken.json'), '{"signInAudience": "x" "api": {}}');
    await writeFile(join(tempDir(), 'list.json'), '[]');
    await writeFile(join(tempDir(), 'package.json'), '{"name": "x", "keyCredentials": []}');
    const before = await readdir(tempDir());
    const result = await run(keycredCommand, [pki().pan.pemPath, ...args]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderrLines).toEqual([expect.stringContaining(message)]);
    expect(await readdir(tempDir())).toEqual(before);
  });

  it('exits 2 for an input that is not a certificate, naming the file', async () => {
    const result = await run(keycredCommand, [pki().pan.pemPath, pki().notACertificatePath]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderrLines).toEqual([expect.stringMatching(/^keycred: .*readme\.txt: This file is not a certificate/)]);
  });
});

describe('mdm-values', () => {
  const tenant = '273106dc-2878-42eb-b7c8-069dcf334687';
  const client = 'a46a6fd7-4a31-4471-9078-59cb2bb6a5ab';

  it('prints exactly the four fields with --json', async () => {
    const result = await run(mdmValuesCommand, ['--tenant', tenant, '--client-id', client, '--json']);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      autoDiscoveryUrl: 'https://graph.microsoft.com',
      clientId: client,
      tokenIssuingUrl: `https://login.microsoftonline.com/${tenant}/oauth2/token`,
      tokenAudience: 'https://api.manage.microsoft.com/',
    });
    expect(result.stderrLines).toEqual([]);
  });

  it('prints the legacy values readably, with the clean-up and the retirement warning on stderr', async () => {
    const result = await run(mdmValuesCommand, ['--tenant', `https://login.microsoftonline.com/${tenant}/oauth2/token`, '--client-id', `{${client}}`, '--legacy']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`Auto Discovery URL\\s+https://graph\\.windows\\.net/${tenant}\\n`));
    expect(result.stdout).toMatch(/Token Audience\s+https:\/\/api\.manage\.microsoft\.com\/\n/);
    expect(result.stdout).toMatch(/Polling Interval \(minutes\)\s+\(How often ISE asks Intune for compliance changes/);
    // Each choice says its value once, and the polling advice is given once, on its row.
    expect(result.stdout).toMatch(/Server Type\s+\(Mobile Device Manager: Choose it in the list\.\)\n/);
    expect(result.stdout).toMatch(/Status\s+\(Enabled: Set it once Test Connection succeeds\.\)\n/);
    expect(result.stdout.match(/no recommended/g)).toHaveLength(2);
    expect(result.stderrLines).toEqual([
      `mdm-values: cleaned up tenant ID: Took "${tenant}" out of the URL https://login.microsoftonline.com/${tenant}/oauth2/token.`,
      'mdm-values: cleaned up client ID: Removed the braces around the GUID.',
      expect.stringMatching(/^mdm-values: warning: Azure AD Graph is retired/),
    ]);
  });

  it('takes the IDs and the flow from a deployment exported by the app; options given win', async () => {
    const store = new JsonDocumentStore(join(tempDir(), 'deployments.json'), DEPLOYMENTS_SCHEMA, createMemoryLogger());
    const deployments = new DeploymentsService(store, () => NOW);
    const { id } = await deployments.create('Contoso');
    await deployments.update(id, { tenantId: tenant, clientId: client, iseVersion: '3.0 Patch 7' });
    await writeFile(join(tempDir(), 'contoso.deployment.json'), await deployments.exportJson(id));

    const legacy = await run(mdmValuesCommand, ['--deployment', 'contoso.deployment.json', '--json']);
    expect(legacy.code).toBe(0);
    // ISE 3.0 discovers Intune through Azure AD Graph: the deployment's version decides the flow.
    expect(JSON.parse(legacy.stdout)).toMatchObject({
      autoDiscoveryUrl: `https://graph.windows.net/${tenant}`,
      clientId: client,
      tokenIssuingUrl: `https://login.microsoftonline.com/${tenant}/oauth2/token`,
      tokenAudience: 'https://api.manage.microsoft.com/',
    });
    const other = 'b46a6fd7-4a31-4471-9078-59cb2bb6a5ab';
    const overridden = await run(mdmValuesCommand, ['--deployment', 'contoso.deployment.json', '--client-id', other, '--json']);
    expect(JSON.parse(overridden.stdout).clientId).toBe(other);

    await deployments.update(id, { clientId: '' });
    await writeFile(join(tempDir(), 'half.deployment.json'), await deployments.exportJson(id));
    const half = await run(mdmValuesCommand, ['--deployment', 'half.deployment.json']);
    expect(half.code).toBe(2);
    expect(half.stderrLines[0]).toMatch(/^mdm-values: the deployment has no application \(client\) ID yet/);
  });

  it('prints the ISE form values kept with a deployment; a tenant or release given asks for the computed ones', async () => {
    const store = new JsonDocumentStore(join(tempDir(), 'deployments-kept.json'), DEPLOYMENTS_SCHEMA, createMemoryLogger());
    const deployments = new DeploymentsService(store, () => NOW);
    const { id } = await deployments.create('Kept');
    const kept = { tokenUrl: `https://login.microsoftonline.com/${tenant}/oauth2/v2.0/token`, discoveryUrl: 'https://graph.microsoft.com', audience: 'https://api.manage.microsoft.com/' };
    await deployments.update(id, { tenantId: tenant, clientId: client, iseVersion: '3.3', iseForm: kept });
    await writeFile(join(tempDir(), 'kept.deployment.json'), await deployments.exportJson(id));

    const json = await run(mdmValuesCommand, ['--deployment', 'kept.deployment.json', '--json']);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({ tokenIssuingUrl: kept.tokenUrl, autoDiscoveryUrl: kept.discoveryUrl, tokenAudience: kept.audience, clientId: client });
    expect(json.stderrLines).toContain("mdm-values: the Token Issuing URL, Auto Discovery URL and Token Audience are the ones kept with the deployment (typed into ISE's form)");
    const text = await run(mdmValuesCommand, ['--deployment', 'kept.deployment.json']);
    expect(text.stdout).toContain(kept.tokenUrl);

    const computed = await run(mdmValuesCommand, ['--deployment', 'kept.deployment.json', '--tenant', tenant, '--json']);
    expect(JSON.parse(computed.stdout).tokenIssuingUrl).toBe(`https://login.microsoftonline.com/${tenant}/oauth2/token`);
  });

  it.each([
    [['--deployment', 'missing.json'], /^mdm-values: cannot read the deployment file missing\.json: ENOENT/],
    [['--deployment', 'manifest.json'], /^mdm-values: This JSON file is not a deployment exported by ISE Intune Assistant\./],
  ])('a deployment file that cannot be used exits 2 with one line: %j', async (args, message) => {
    await writeFile(join(tempDir(), 'manifest.json'), graphManifest([]));
    const result = await run(mdmValuesCommand, args);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderrLines).toHaveLength(1);
    expect(result.stderrLines[0]).toMatch(message);
  });

  it('says what --ise-version can and cannot do, what to upgrade to, and lists every field of its form', async () => {
    const result = await run(mdmValuesCommand, ['--tenant', tenant, '--client-id', client, '--ise-version', '3.2 Patch 2']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^ISE 3\.2 Patch 2:\n/);
    expect(result.stdout).toContain('  cannot: Get compliance data');
    expect(result.stdout).toContain('  upgrade to: 3.2 Patch 4 or later, or 3.3 and later');
    for (const label of ['Server Type', 'Auto Discovery URL', 'Token Audience', 'Polling Interval (minutes)', 'Time Interval For Compliance Device ReAuth Query (minutes)', 'Device Identifier', 'Status']) expect(result.stdout).toContain(label);
    expect(result.stderrLines.join('\n')).toContain('gets no compliance data, although it talks to Microsoft Graph');
    const json = JSON.parse((await run(mdmValuesCommand, ['--tenant', tenant, '--client-id', client, '--ise-version', '3.3', '--json'])).stdout) as { iseVersion: { upgradeTo: string | null; tokenEndpoint: string }; form: { field: string }[] };
    expect(json.iseVersion).toMatchObject({ upgradeTo: null, tokenEndpoint: 'v2' });
    expect(json.form).toHaveLength(13);
  });

  it.each([
    [['--tenant', tenant, '--client-id', client, '--ise-version', 'latest'], /^mdm-values: "latest" is not an ISE version/],
    [['--tenant', tenant, '--client-id', client, '--ise-version', '3.3', '--legacy'], /^mdm-values: give either --ise-version or --legacy/],
    [['--tenant', 'common', '--client-id', client], /^mdm-values: The tenant ID "common" is not a tenant/],
    [['--tenant', tenant, '--client-id', 'ise-app'], /^mdm-values: The client ID "ise-app" is not a GUID/],
    [['--tenant', tenant], /^mdm-values: give the application \(client\) ID with --client-id/],
    [['--tenant', tenant, '--client-id', client, '--bogus'], /^mdm-values: Unknown option '--bogus'/],
  ])('exits 2 with one line for %j', async (args, message) => {
    const result = await run(mdmValuesCommand, args);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderrLines).toEqual([expect.stringMatching(message)]);
  });
});
