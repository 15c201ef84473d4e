/**
 * `ise-intune device-cert FILE... [--password-stdin] [--ise-store FILE|DIR] [--json]`: checks an
 * endpoint's certificate (PEM, DER, .p7b, .pfx) for ISE's MDM API v3 — the Intune device GUID in
 * the SAN URI (or why not), client authentication, validity, whether ISE trusts its issuer, and
 * the releases Cisco Field Notice FN74227 requires when a strong-mapping SID is present.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { checkDeviceCertificate, describeDeviceCheck } from '../services/certs';
import { loadIseTrustStore } from '../services/tls';
import { UsageError, runReportingErrors, type CliCommand } from './command';
import { readCertificateFiles } from './certificate-files';
import { passwordOnArgv, passwordOnArgvError } from './password';
import { expandFileArguments } from './wildcards';
import { certificateLabel } from '../../preload/labels';

export const deviceCertCommand: CliCommand = {
  name: 'device-cert',
  summary: "Check an endpoint's certificate for ISE's Intune device ID (GUID in the SAN URI), client authentication, issuer and FN74227.",
  usage: 'ise-intune device-cert FILE... [--password-stdin] [--ise-store FILE|DIR] [--json]',
  run(args, io) {
    return runReportingErrors(deviceCertCommand, io, async () => {
      // A password on the command line shows in the process list: only on standard input.
      if (passwordOnArgv(args)) throw passwordOnArgvError();
      const { values, positionals: typed } = parseArgs({
        args,
        allowPositionals: true,
        options: { 'password-stdin': { type: 'boolean' }, 'ise-store': { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
      });
      // cmd and PowerShell pass wildcards as typed: the command line expands them.
      const positionals = await expandFileArguments(typed, io);
      if (values.help) {
        io.stdout(`${deviceCertCommand.usage}\n${deviceCertCommand.summary}\n`);
        return 0;
      }
      if (positionals.length === 0) throw new UsageError("give at least one device certificate file (an endpoint's certificate issued by the Intune profile)");
      const now = io.now();
      const store = values['ise-store'] === undefined ? null : await loadIseTrustStore([resolve(io.cwd, values['ise-store'])], now);
      for (const problem of store?.problems ?? []) io.stderr(`device-cert: ISE store: skipped ${problem.file}: ${problem.message}\n`);
      const { loaded, failed } = await readCertificateFiles(positionals, io, { now, passwordStdin: values['password-stdin'] === true });
      const checks = loaded.map((file) => checkDeviceCertificate(file, store ? store.certificates : null));
      if (values.json) {
        io.stdout(`${JSON.stringify(checks.map(({ certificate, ...rest }) => ({ ...rest, subject: certificate.subject, sha1: certificate.thumbprints.sha1, notAfter: certificate.notAfter, status: certificate.status })), null, 2)}\n`);
      } else {
        for (const check of checks) {
          const name = certificateLabel(check.certificate);
          const which = check.count > 1 ? ` (certificate ${check.index + 1} of ${check.count})` : '';
          io.stdout(`${check.file}${which}: ${name}\n${describeDeviceCheck(check).map((line) => `  ${line}`).join('\n')}\n`);
        }
      }
      return failed ? 2 : 0;
    });
  },
};
