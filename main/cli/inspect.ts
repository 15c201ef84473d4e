/**
 * `ise-intune inspect FILE... [--password-stdin] [--json]`: every certificate of every file, as a
 * readable list or as JSON for scripts. Files that fail are reported one line each on stderr
 * (exit 2) while the others are still printed.
 */
import { parseArgs } from 'node:util';
import type { CertificateInfo, LoadedFile, Thumbprints } from '../../preload/types/certs';
import { describeSeveralKeys } from '../services/certs';
import { readCertificateFiles } from './certificate-files';
import { UsageError, runReportingErrors, type CliCommand } from './command';
import { passwordOnArgv, passwordOnArgvError } from './password';
import { expandFileArguments } from './wildcards';

/** A certificate's fields with its thumbprints spread beside them (`sha1`, `sha1Colon`, … as in Thumbprints). */
export interface InspectRecord extends Omit<CertificateInfo, 'thumbprints' | 'pem'>, Thumbprints {
  file: string;
  index: number;
  hasPrivateKey: boolean;
}

export const inspectCommand: CliCommand = {
  name: 'inspect',
  summary: 'Show every certificate in PEM, DER, base64, PKCS#7 or PKCS#12 files, with thumbprints in every spelling.',
  usage: 'ise-intune inspect FILE... [--password-stdin] [--json]',
  run(args, io) {
    return runReportingErrors(inspectCommand, io, async () => {
      if (passwordOnArgv(args)) throw passwordOnArgvError();
      const { values, positionals: typed } = parseArgs({
        args,
        allowPositionals: true,
        options: { 'password-stdin': { type: 'boolean' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
      });
      // cmd and PowerShell pass wildcards as typed: the command line expands them.
      const positionals = await expandFileArguments(typed, io);
      if (values.help) {
        io.stdout(`${inspectCommand.usage}\n${inspectCommand.summary}\n`);
        return 0;
      }
      if (positionals.length === 0) throw new UsageError('give at least one certificate file');
      let skipped = false;
      const { loaded, failed } = await readCertificateFiles(positionals, io, {
        now: io.now(),
        passwordStdin: values['password-stdin'] === true,
        onLoaded: (file) => {
          const several = describeSeveralKeys(file);
          if (several) io.stderr(`${file.file}: ${several}.\n`);
          for (const problem of file.problems) {
            skipped = true;
            io.stderr(`${file.file}: skipped: ${problem.message}\n`);
          }
        },
      });
      const records = loaded.flatMap(toRecords);
      io.stdout(values.json ? `${JSON.stringify(records, null, 2)}\n` : records.map(formatRecord).join('\n'));
      return failed || skipped ? 2 : 0;
    });
  },
};

function toRecords(file: LoadedFile): InspectRecord[] {
  return file.certificates.map(({ index, info, hasPrivateKey }) => toInspectRecord(info, file.file, index, hasPrivateKey));
}

/** One certificate as `inspect --json` prints it (also used by `chain --json`). */
export function toInspectRecord(info: CertificateInfo, file: string, index: number, hasPrivateKey: boolean): InspectRecord {
  const { thumbprints, pem: _pem, ...rest } = info;
  return { file, index, ...rest, ...thumbprints, hasPrivateKey };
}

function formatRecord(record: InspectRecord): string {
  const yesNo = (value: boolean): string => (value ? 'yes' : 'no');
  const key = record.keyType === 'ec' ? `EC ${record.curve ?? '?'}` : `${record.keyType.toUpperCase()} ${record.keySize ?? '?'}`;
  const days = record.status === 'valid' ? `, ${record.daysRemaining} days left${record.expiresSoon ? ' - expires soon' : ''}` : '';
  const rows: [string, string][] = [
    ['Subject', record.subject],
    ['Issuer', record.issuer],
    ['Serial', record.serialNumber],
    ['Valid', `${record.notBefore} to ${record.notAfter} (${record.status}${days})`],
    ['Key', key],
    ['Signature', record.signatureAlgorithm],
    ['CA', record.isCA ? `yes${record.pathLength === null ? '' : ` (path length ${record.pathLength})`}` : 'no'],
    ['Self-signed', yesNo(record.selfSigned)],
    ['SANs', record.subjectAltNames.join(', ')],
    ['Intune device ID', record.intuneDeviceId ?? ''],
    ['Key usage', record.keyUsage.join(', ')],
    ['Extended key usage', record.extendedKeyUsage.join(', ')],
    ['Subject key ID', record.subjectKeyIdentifier ?? ''],
    ['Authority key ID', record.authorityKeyIdentifier ?? ''],
    ['CA issuers (AIA)', record.aiaIssuers.join(', ')],
    ['OCSP', record.ocspUrls.join(', ')],
    ['CRL', record.crlUrls.join(', ')],
    ['Policies', record.policies.join(', ')],
    ['SHA-1 (ISE)', record.sha1Colon],
    ['SHA-1 (Entra)', record.sha1],
    ['SHA-1 base64', record.sha1Base64],
    ['x5t', record.sha1Base64Url],
    ['SHA-256', record.sha256],
    ['x5t#S256', record.sha256Base64Url],
    ['Private key', yesNo(record.hasPrivateKey)],
  ];
  const width = Math.max(...rows.map(([label]) => label.length));
  const lines = rows.filter(([, value]) => value !== '').map(([label, value]) => `  ${label.padEnd(width)}  ${value}`);
  return `${record.file} #${record.index + 1}: ${record.subjectCN || record.subject || record.sha1}\n${lines.join('\n')}\n`;
}
