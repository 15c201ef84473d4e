import { describe, expect, it } from 'vitest';
import { runTestConnection, testConnectionCommand } from '../../../main/cli/test-connection';
import { runCli } from '../../../main/cli/run';
import { useLab, PFX_PASSWORD } from './lab';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createMemoryLogger } from '../../../main/platform/file-logger';
import { JsonDocumentStore } from '../../../main/platform/versioned-file';
import { DeploymentsService } from '../../../main/services/deployments/deployments-service';
import { DEPLOYMENTS_SCHEMA } from '../../../main/services/deployments/schema';

const lab = useLab();

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

async function run(args: string[], stdinText: string | null): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const io = { stdout: (text: string) => (stdout += text), stderr: (text: string) => (stderr += text), cwd: lab().dir, now: () => new Date() };
  const stdin = () => Object.assign((async function* () {
    if (stdinText !== null) yield Buffer.from(stdinText, 'utf8');
  })(), { isTTY: stdinText === null });
  const code = await runTestConnection(args, io, stdin);
  return { code, stdout, stderr };
}

function baseArgs(): string[] {
  const { standins, app } = lab();
  return ['--tenant', standins.directory.tenantId, '--client-id', app.appId, '--authority', standins.entra.origin, '--graph', standins.graph.origin, '--ca-file', lab().standins.tls.ca.pemPath, '--timeout', '5000'];
}

describe('ise-intune test-connection', () => {
  it('prints the documented JSON and exits 0 when every step passes (password from stdin)', async () => {
    const result = await run([...baseArgs(), '--pfx', 'pan.pfx', '--password-stdin', '--json'], `${PFX_PASSWORD}\n`);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const json = JSON.parse(result.stdout) as { ok: boolean; steps: { name: string; ok: boolean; ms: number; finding?: unknown }[] };
    expect(json.ok).toBe(true);
    expect(json.steps.map((step) => [step.name, step.ok, typeof step.ms, step.finding])).toEqual([
      ['graph-token', true, 'number', undefined],
      ['intune-discovery', true, 'number', undefined],
      ['intune-token', true, 'number', undefined],
      ['intune-read', true, 'number', undefined],
    ]);
    expect(result.stdout).not.toContain(PFX_PASSWORD);
  });

  it('exits 1 with the finding code when a step fails, in text', async () => {
    const result = await run([...baseArgs(), '--pfx', 'span.pfx', '--password-stdin'], PFX_PASSWORD);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/1\. Token for Microsoft Graph with the ISE certificate: FAILED/);
    expect(result.stdout).toContain('[KEY_NOT_FOUND]');
    expect(result.stdout).toMatch(/2\. .*: skipped/);
    expect(result.stdout).toMatch(/Failed: KEY_NOT_FOUND\.\n$/);
  });

  it("takes the values as typed into ISE's form: the tenant from --token-url, the audience exactly as given", async () => {
    const { standins, app, files } = lab();
    const args = [
      '--token-url', `https://login.microsoftonline.com/${standins.directory.tenantId}/oauth2/token`,
      '--discovery-url', 'https://graph.microsoft.com',
      '--audience', 'https://api.manage.microsoft.com/',
      '--client-id', app.appId,
      '--authority', standins.entra.origin, '--graph', standins.graph.origin, '--ca-file', standins.tls.ca.pemPath, '--timeout', '5000',
      '--cert', files.panCert, '--key', files.panKey,
    ];
    const text = await run(args, null);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/1\. The values typed into ISE's External MDM form: ok/);
    expect(text.stdout).toContain('Imitates ISE 3.3 and later');
    expect(text.stdout).toContain('The Intune token carries the audience "https://api.manage.microsoft.com/".');
    const json = JSON.parse((await run([...args, '--json'], null)).stdout) as { ok: boolean; audiences: { intune: string }; steps: { name: string }[] };
    expect(json.ok).toBe(true);
    expect(json.steps[0]?.name).toBe('form-values');
    expect(json.audiences.intune).toBe('https://api.manage.microsoft.com/');
  });

  it('takes the ISE form values, client ID and cloud kept with a deployment exported by the app (--deployment)', async () => {
    const { standins, app, files } = lab();
    const deployments = new DeploymentsService(new JsonDocumentStore(join(lab().dir, 'cli-deployments.json'), DEPLOYMENTS_SCHEMA, createMemoryLogger()));
    const { id } = await deployments.create('Lab');
    const form = { tokenUrl: `https://login.microsoftonline.com/${standins.directory.tenantId}/oauth2/token`, discoveryUrl: 'https://graph.microsoft.com', audience: 'https://api.manage.microsoft.com/' };
    await deployments.update(id, { tenantId: 'not-used.example.com', clientId: app.appId, iseForm: form });
    await writeFile(join(lab().dir, 'lab.deployment.json'), await deployments.exportJson(id));
    const where = ['--authority', standins.entra.origin, '--graph', standins.graph.origin, '--ca-file', standins.tls.ca.pemPath, '--timeout', '5000', '--cert', files.panCert, '--key', files.panKey];
    const result = await run(['--deployment', 'lab.deployment.json', ...where, '--json'], null);
    expect(result.stderr).toBe('');
    const json = JSON.parse(result.stdout) as { ok: boolean; steps: { name: string; ok: boolean }[] };
    // The form's step runs: the kept values were used, and the tenant came from their token URL.
    expect(json.steps[0]).toMatchObject({ name: 'form-values', ok: true });
    expect(json.ok).toBe(true);
    // Without kept form values, the deployment's tenant is used.
    await deployments.update(id, { iseForm: null, tenantId: standins.directory.tenantId });
    await writeFile(join(lab().dir, 'lab2.deployment.json'), await deployments.exportJson(id));
    const byTenant = JSON.parse((await run(['--deployment', 'lab2.deployment.json', ...where, '--json'], null)).stdout) as { ok: boolean; steps: { name: string }[] };
    expect(byTenant.steps[0]?.name).toBe('graph-token');
    expect(byTenant.ok).toBe(true);
  });

  it('exits 1 naming TOKEN_URL_INVALID for a token URL without tenant, before any request', async () => {
    const { app, files } = lab();
    const before = lab().standins.received();
    const result = await run(['--token-url', 'https://login.microsoftonline.com/oauth2/token', '--discovery-url', 'https://graph.microsoft.com', '--audience', 'https://api.manage.microsoft.com/', '--client-id', app.appId, '--cert', files.panCert, '--key', files.panKey], null);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/Failed: TOKEN_URL_INVALID\.\n$/);
    expect(lab().standins.received()).toBe(before);
  });

  it('exits 2 when only some of the form values are given, or with --tenant beside them', async () => {
    const { app, files } = lab();
    const partial = await run(['--token-url', 'https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/token', '--client-id', app.appId, '--cert', files.panCert, '--key', files.panKey], null);
    expect(partial.code).toBe(2);
    expect(partial.stderr).toContain('--discovery-url');
    const both = await run(['--tenant', 'contoso.onmicrosoft.com', '--token-url', 'https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/token', '--discovery-url', 'https://graph.microsoft.com', '--audience', 'https://api.manage.microsoft.com/', '--client-id', app.appId, '--cert', files.panCert, '--key', files.panKey], null);
    expect(both.code).toBe(2);
  });

  it('accepts --cert and --key without a password', async () => {
    const { files } = lab();
    const result = await run([...baseArgs(), '--cert', files.panCert, '--key', files.panKey, '--json'], null);
    expect(result.code).toBe(0);
  });

  it('exits 2 before any network call for a wrong password, a missing password and a bad tenant', async () => {
    const before = lab().standins.received();
    const wrong = await run([...baseArgs(), '--pfx', 'pan.pfx', '--password-stdin'], 'not-the-password');
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/^test-connection: .*password/i);
    const missing = await run([...baseArgs(), '--pfx', 'pan.pfx'], null);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--password-stdin');
    const tty = await run([...baseArgs(), '--pfx', 'pan.pfx', '--password-stdin'], null);
    expect(tty.code).toBe(2);
    const tenant = await run(['--tenant', 'common', ...baseArgs().slice(2), '--cert', lab().files.panCert, '--key', lab().files.panKey], null);
    expect(tenant.code).toBe(2);
    expect(tenant.stderr).toContain('multi-tenant alias');
    expect(lab().standins.received()).toBe(before);
  });

  it('has no --password option: a password on the command line is refused', async () => {
    const result = await run([...baseArgs(), '--pfx', 'pan.pfx', '--password', PFX_PASSWORD], null);
    expect(result.code).toBe(2);
    expect(result.stderr).not.toContain(PFX_PASSWORD);
  });

  it('answers --help through the dispatcher', async () => {
    let stdout = '';
    const code = await runCli(['test-connection', '--help'], { stdout: (text) => (stdout += text), stderr: () => undefined, cwd: lab().dir, now: () => new Date() }, [testConnectionCommand]);
    expect(code).toBe(0);
    expect(stdout).toContain('--password-stdin');
  });
});
