/**
 * `ise-intune mdm-values (--tenant ID --client-id ID | --deployment FILE) [--ise-version V | --legacy] [--json]`: the
 * values of ISE's External MDM form (DOMAIN.md table). With --ise-version it first says what that
 * release can and cannot do for the integration and exactly what to upgrade to, then lists every
 * field of the form for it. --json prints the four values for scripts (and, with --ise-version,
 * `iseVersion` and `form`); clean-ups and warnings go to stderr so that stdout stays parseable.
 * --deployment reads the IDs and the release of a deployment exported by the app; options given win.
 */
import { parseArgs } from 'node:util';
import type { MdmFields } from '../../preload/types/entra';
import { mdmValues, parseIseVersion } from '../services/entra';
import { UsageError, runReportingErrors, type CliCommand } from './command';
import { readDeploymentValues } from './deployment-file';
import { withKeptForm } from '../services/entra/mdm-values';

export const mdmValuesCommand: CliCommand = {
  name: 'mdm-values',
  summary: "Print every field of ISE's External MDM form for Intune (Auto Discovery URL, Client ID, Token Issuing URL, Token Audience and the choices), for your ISE release.",
  usage: 'ise-intune mdm-values (--tenant ID --client-id ID | --deployment FILE) [--ise-version "3.2 Patch 4" | --legacy] [--json]',
  run(args, io) {
    return runReportingErrors(mdmValuesCommand, io, async () => {
      const { values, positionals } = parseArgs({
        args,
        allowPositionals: true,
        options: {
          tenant: { type: 'string' },
          'client-id': { type: 'string' },
          deployment: { type: 'string' },
          'ise-version': { type: 'string' },
          legacy: { type: 'boolean' },
          json: { type: 'boolean' },
          help: { type: 'boolean', short: 'h' },
        },
      });
      if (values.help) {
        io.stdout(`${mdmValuesCommand.usage}\n${mdmValuesCommand.summary}\n`);
        return 0;
      }
      if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0] ?? ''}"`);
      const saved = values.deployment === undefined ? null : await readDeploymentValues(values.deployment, io);
      const tenant = values.tenant ?? saved?.tenant;
      const clientId = values['client-id'] ?? saved?.clientId;
      if (tenant === undefined) throw new UsageError(saved ? 'the deployment has no tenant ID yet: give it with --tenant' : 'give the tenant ID with --tenant');
      if (clientId === undefined) throw new UsageError(saved ? 'the deployment has no application (client) ID yet: give it with --client-id' : 'give the application (client) ID with --client-id');
      if (values.legacy && values['ise-version'] !== undefined) throw new UsageError('give either --ise-version or --legacy: the release decides the flow');
      const release = values['ise-version'] !== undefined ? parseIseVersion(values['ise-version']) : values.legacy ? null : (saved?.release ?? null);
      const computed = mdmValues(tenant, clientId, values.legacy ? 'legacy' : 'graph', release);
      // The form values kept with the deployment are what ISE has; a tenant or release given here asks for computed ones.
      const kept = values.tenant === undefined && values['ise-version'] === undefined && !values.legacy ? (saved?.form ?? null) : null;
      const result = kept ? withKeptForm(computed, kept) : computed;
      if (kept) io.stderr("mdm-values: the Token Issuing URL, Auto Discovery URL and Token Audience are the ones kept with the deployment (typed into ISE's form)\n");
      for (const cleanup of [...result.tenant.cleanups.map((text) => `tenant ID: ${text}`), ...result.client.cleanups.map((text) => `client ID: ${text}`)]) {
        io.stderr(`mdm-values: cleaned up ${cleanup}\n`);
      }
      for (const warning of result.warnings) io.stderr(`mdm-values: warning: ${warning}\n`);
      if (values.json) {
        const fields: MdmFields = {
          autoDiscoveryUrl: result.autoDiscoveryUrl,
          clientId: result.clientId,
          tokenIssuingUrl: result.tokenIssuingUrl,
          tokenAudience: result.tokenAudience,
        };
        const extra = release
          ? {
              iseVersion: { label: release.label, flow: release.flow, complianceApi: release.complianceApi, tokenEndpoint: release.tokenEndpoint, fn74227: release.fn74227, upgradeTo: release.upgradeTo, canDo: release.canDo, cannotDo: release.cannotDo },
              form: result.form,
            }
          : {};
        io.stdout(`${JSON.stringify({ ...fields, ...extra }, null, 2)}\n`);
        return 0;
      }
      const lines: string[] = [];
      if (release) {
        lines.push(`ISE ${release.label}:`);
        for (const text of release.canDo) lines.push(`  can:    ${text}`);
        for (const text of release.cannotDo) lines.push(`  cannot: ${text}`);
        lines.push(release.upgradeTo ? `  upgrade to: ${release.upgradeTo === '3.3' ? '3.3 or later (3.4 and 3.5 are current); 3.1 Patch 8 and 3.2 Patch 4 also work' : `${release.upgradeTo} or later, or 3.3 and later`}` : '  upgrade: not needed for the Intune integration');
        if (release.fn74227Fix) lines.push(`  Field Notice FN74227: listed; ${release.fn74227Fix} is the first patch after those the notice names`);
        lines.push('');
      }
      const width = Math.max(...result.form.map((row) => row.label.length));
      lines.push(`ISE: Administration > Network Resources > External MDM > Add (${result.flow === 'graph' ? 'Microsoft Graph' : 'legacy Azure AD Graph'} flow)`);
      for (const row of result.form) {
        lines.push(row.value !== null && /^(?:autoDiscoveryUrl|clientId|tokenIssuingUrl|tokenAudience)$/.test(row.field) ? `  ${row.label.padEnd(width)}  ${row.value}` : `  ${row.label.padEnd(width)}  (${row.value !== null ? `${row.value}: ` : ''}${row.guidance})`);
      }
      lines.push('', ...result.notes.map((note) => `Note: ${note}`), '');
      io.stdout(lines.join('\n'));
      return 0;
    });
  },
};
