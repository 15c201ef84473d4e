/**
 * `ise-intune convert FILE --to pem|der|p7b|base64 [--out FILE|DIR] [--password-stdin] [--split]`:
 * the certificates of any input in the form ISE or Entra wants. PEM, PKCS#7 and base64 make
 * one bundle unless --split; DER makes one file per certificate. A private key in the input
 * is never written.
 */
import { stat } from 'node:fs/promises';
import { basename, dirname, resolve, sep } from 'node:path';
import { parseArgs } from 'node:util';
import type { ExportFormat } from '../../preload/types/certs';
import { loadCertificateFile, planExport, writeExport } from '../services/certs';
import { UsageError, runReportingErrors, type CliCommand } from './command';
import { passwordOnArgv, passwordOnArgvError, readStdinPassword } from './password';
import { expandFileArguments } from './wildcards';

const FORMATS: readonly ExportFormat[] = ['pem', 'der', 'p7b', 'base64'];

export const convertCommand: CliCommand = {
  name: 'convert',
  summary: 'Convert the certificates of a file to PEM, DER, PKCS#7 (.p7b) or single-line base64.',
  usage: 'ise-intune convert FILE --to pem|der|p7b|base64 [--out FILE|DIR] [--password-stdin] [--split]',
  run(args, io) {
    return runReportingErrors(convertCommand, io, async () => {
      if (passwordOnArgv(args)) throw passwordOnArgvError();
      const { values, positionals: typed } = parseArgs({
        args,
        allowPositionals: true,
        options: {
          to: { type: 'string' },
          out: { type: 'string' },
          'password-stdin': { type: 'boolean' },
          split: { type: 'boolean' },
          help: { type: 'boolean', short: 'h' },
        },
      });
      // cmd and PowerShell pass wildcards as typed: the command line expands them.
      const positionals = await expandFileArguments(typed, io);
      if (values.help) {
        io.stdout(`${convertCommand.usage}\n${convertCommand.summary}\n`);
        return 0;
      }
      if (positionals.length !== 1) throw new UsageError('give exactly one input file');
      const format = FORMATS.find((candidate) => candidate === values.to);
      if (!format) throw new UsageError(`--to must be one of ${FORMATS.join(', ')}`);

      const input = positionals[0] as string;
      const options = values['password-stdin'] ? { now: io.now(), password: await readStdinPassword(io, 'the .pfx file') } : { now: io.now() };
      const loaded = await loadCertificateFile(resolve(io.cwd, input), options);
      const certificates = loaded.certificates.map((entry) => entry.info);
      const bundle = format !== 'der' && !values.split && certificates.length > 1;

      const target = await outputTarget(io.cwd, values.out);
      let files = planExport(certificates, format, { bundle });
      if (target.fileName !== null) {
        if (files.length > 1) {
          throw new UsageError(`${files.length} files would be written; give a folder to --out (ending in ${sep})`);
        }
        files = files.map((file) => ({ ...file, fileName: target.fileName as string }));
      }
      for (const written of await writeExport(target.folder, files)) {
        const kept = written.backupPath ? ` (previous file kept as ${written.backupPath})` : '';
        io.stdout(`Wrote ${written.path}${kept}\n`);
      }
      for (const problem of loaded.problems) io.stderr(`${input}: skipped: ${problem.message}\n`);
      if (loaded.hasPrivateKey) io.stderr(`${input}: the private key in this file was not exported (certificates only).\n`);
      return loaded.problems.length > 0 ? 2 : 0;
    });
  },
};

/** `--out` names a folder when it exists as one or ends with a separator, otherwise a file. */
async function outputTarget(cwd: string, out: string | undefined): Promise<{ folder: string; fileName: string | null }> {
  if (out === undefined) return { folder: cwd, fileName: null };
  const path = resolve(cwd, out);
  if (/[\\/]$/.test(out)) return { folder: path, fileName: null };
  const isFolder = await stat(path).then(
    (stats) => stats.isDirectory(),
    () => false,
  );
  return isFolder ? { folder: path, fileName: null } : { folder: dirname(path), fileName: basename(path) };
}
