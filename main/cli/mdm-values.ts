/**
 * `ise-intune mdm-values (--tenant ID --client-id ID | --deployment FILE) [--legacy] [--json]`: the four fields of
 * ISE's External MDM form (DOMAIN.md table). --json prints exactly those four for scripts;
 * clean-ups and warnings go to stderr so that stdout stays parseable. --deployment reads the IDs and
 * the flow (from the ISE version) of a deployment exported by the app; explicit options win.
 */
import { parseArgs } from 'node:util';
import type { MdmFields } from '../../preload/types/entra';
import { mdmValues } from '../services/entra';
import { UsageError, runReportingErrors, type CliCommand } from './command';
import { readDeploymentValues } from './deployment-file';

export const mdmValuesCommand: CliCommand = {
  name: 'mdm-values',
  summary: "Print the Auto Discovery URL, Client ID, Token Issuing URL and Token Audience for ISE's External MDM form.",
  usage: 'ise-intune mdm-values (--tenant ID --client-id ID | --deployment FILE) [--legacy] [--json]',
  run(args, io) {
    return runReportingErrors(mdmValuesCommand, io, async () => {
      const { values, positionals } = parseArgs({
        args,
        allowPositionals: true,
        options: {
          tenant: { type: 'string' },
          'client-id': { type: 'string' },
          deployment: { type: 'string' },
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
      const result = mdmValues(tenant, clientId, values.legacy ? 'legacy' : (saved?.flow ?? 'graph'));
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
        io.stdout(`${JSON.stringify(fields, null, 2)}\n`);
        return 0;
      }
      const rows: [string, string][] = [
        ['Auto Discovery URL', result.autoDiscoveryUrl],
        ['Client ID', result.clientId],
        ['Token Issuing URL', result.tokenIssuingUrl],
        ['Token Audience', result.tokenAudience],
      ];
      const width = Math.max(...rows.map(([label]) => label.length));
      io.stdout(
        [
          `ISE: Administration > Network Resources > External MDM > Add (${result.flow === 'graph' ? 'Microsoft Graph' : 'legacy Azure AD Graph'} flow)`,
          ...rows.map(([label, value]) => `  ${label.padEnd(width)}  ${value}`),
          '',
          ...result.notes.map((note) => `Note: ${note}`),
          ...result.pollingGuidance.map((text) => `Polling interval: ${text}`),
          '',
        ].join('\n'),
      );
      return 0;
    });
  },
};
