/**
 * `ise-intune keycred CERT... [--format graph|legacy] [--manifest FILE] [--out FILE] [--json]`:
 * the seed's PowerShell + text-editor step. Without --manifest it prints the keyCredentials
 * array; with one it merges into it (keeping every existing entry) and writes --out, or prints
 * the merged manifest. The input manifest is written only when --out names it, after a backup.
 */
import { basename, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { LoadedFile } from '../../preload/types/certs';
import type { ManifestFormat, MergeResult, NodeCertificate, SavedManifest } from '../../preload/types/entra';
import { loadCertificateFile } from '../services/certs';
import { checkIseNodes, describeExistingKeys, mergeKeyCredentials, readManifestFile, saveManifest, toKeyCredential } from '../services/entra';
import { ServiceError, isServiceError } from '../services/errors';
import { UsageError, runReportingErrors, type CliCommand, type CliIo } from './command';
import { expandFileArguments } from './wildcards';

const FORMATS: readonly ManifestFormat[] = ['graph', 'legacy'];
const FORMAT_NAMES: Record<ManifestFormat, string> = { graph: 'Microsoft Graph', legacy: 'legacy Azure AD Graph' };

export const keycredCommand: CliCommand = {
  name: 'keycred',
  summary: "Turn ISE node certificates into Entra keyCredentials, or merge them into a downloaded app manifest.",
  usage: 'ise-intune keycred CERT... [--format graph|legacy] [--manifest FILE] [--out FILE] [--json]',
  run(args, io) {
    return runReportingErrors(keycredCommand, io, async () => {
      const { values, positionals: typed } = parseArgs({
        args,
        allowPositionals: true,
        options: {
          format: { type: 'string' },
          manifest: { type: 'string' },
          out: { type: 'string' },
          json: { type: 'boolean' },
          help: { type: 'boolean', short: 'h' },
        },
      });
      // cmd and PowerShell pass wildcards as typed: the command line expands them.
      const positionals = await expandFileArguments(typed, io);
      if (values.help) {
        io.stdout(`${keycredCommand.usage}\n${keycredCommand.summary}\n`);
        return 0;
      }
      if (positionals.length === 0) throw new UsageError('give at least one ISE certificate file');
      if (values.format !== undefined && !FORMATS.some((format) => format === values.format)) {
        throw new UsageError(`unknown format "${values.format}": --format must be graph or legacy`);
      }
      if (values.format !== undefined && values.manifest !== undefined) {
        throw new UsageError("--format applies only without --manifest: the manifest's own format is used");
      }
      if (values.out !== undefined && values.manifest === undefined) {
        throw new UsageError('--out needs --manifest; without a manifest the keyCredentials array is printed');
      }
      const now = io.now();
      const files = await loadAll(positionals, io);
      const inputs = files.map((file, position) => ({ name: basename(positionals[position] as string), role: 'other' as const, file }));

      if (values.manifest === undefined) {
        const format = (values.format ?? 'graph') as ManifestFormat;
        const nodes = checkIseNodes(inputs, { now });
        reportWarnings(nodes, io);
        const unique = [...new Map(nodes.map((node) => [node.certificate.thumbprints.sha1, node])).values()];
        const keyCredentials = unique.map((node) => toKeyCredential(node.certificate, format));
        const output = values.json ? { format, keyCredentials, nodes: nodes.map(nodeRecord), manifest: null } : keyCredentials;
        io.stdout(`${JSON.stringify(output, null, 2)}\n`);
        return 0;
      }

      const manifestPath = resolve(io.cwd, values.manifest);
      const manifest = await readManifestFile(manifestPath).catch((error: unknown) => {
        throw isServiceError(error) ? new ServiceError(error.code, `${values.manifest}: ${error.message}`, error.details) : error;
      });
      const nodes = checkIseNodes(inputs, { now, registered: describeExistingKeys(manifest, [], now) });
      reportWarnings(nodes, io);
      for (const repair of manifest.repairs) io.stderr(`keycred: repaired: ${repair.message}\n`);
      const merged = mergeKeyCredentials(manifest, nodes, { now });
      const written = values.out === undefined ? null : await saveManifest(resolve(io.cwd, values.out), merged.text, { now });

      if (values.json) {
        const report = {
          format: merged.format,
          keyCredentials: merged.diff.added.map((entry) => entry.keyCredential),
          nodes: nodes.map(nodeRecord),
          manifest: {
            file: values.manifest,
            formatEvidence: manifest.formatEvidence,
            repairs: merged.repairs,
            ...merged.diff,
            written,
            ...(written ? {} : { merged: JSON.parse(merged.text) as unknown }),
          },
        };
        io.stdout(`${JSON.stringify(report, null, 2)}\n`);
      } else if (written) {
        io.stdout(summary(values.manifest, merged, written));
      } else {
        io.stderr(summary(values.manifest, merged, null).replace(/^/gm, 'keycred: ').replace(/keycred: $/, ''));
        // The file as it ends; a terminal still gets its last line ended.
        io.stdout(merged.text.endsWith('\n') ? merged.text : `${merged.text}\n`);
      }
      return 0;
    });
  },
};

async function loadAll(files: string[], io: CliIo): Promise<LoadedFile[]> {
  const loaded: LoadedFile[] = [];
  for (const file of files) {
    try {
      const result = await loadCertificateFile(resolve(io.cwd, file), { now: io.now() });
      for (const problem of result.problems) io.stderr(`keycred: ${file}: skipped: ${problem.message}\n`);
      loaded.push(result);
    } catch (error) {
      if (isServiceError(error)) throw new ServiceError(error.code, `${file}: ${error.message}`, error.details);
      throw error;
    }
  }
  return loaded;
}

function reportWarnings(nodes: NodeCertificate[], io: CliIo): void {
  for (const node of nodes) {
    for (const warning of node.warnings) io.stderr(`keycred: ${warning.severity === 'info' ? 'note' : warning.severity}: ${warning.message}\n`);
  }
}

function nodeRecord(node: NodeCertificate) {
  const { subjectCN, notBefore, notAfter, keyType, thumbprints } = node.certificate;
  return { file: node.file, name: node.name, subjectCN, notBefore, notAfter, keyType, sha1: thumbprints.sha1, sha1Base64: thumbprints.sha1Base64, warnings: node.warnings };
}

function summary(manifestName: string, merged: MergeResult, written: SavedManifest | null): string {
  const { added, unchanged, alreadyRegistered } = merged.diff;
  const lines = [
    `${manifestName}: ${FORMAT_NAMES[merged.format]} manifest; kept ${unchanged.length} existing entr${unchanged.length === 1 ? 'y' : 'ies'}, added ${added.length}.`,
    ...added.map((entry) => `  + ${entry.nodes.join(', ')}: thumbprint ${entry.sha1}, keyId ${entry.keyCredential.keyId}`),
    ...alreadyRegistered.map((entry) => `  = ${entry.nodes.join(', ')}: already registered (entry #${entry.index + 1}${entry.keyId ? `, keyId ${entry.keyId}` : ''})`),
  ];
  if (written) {
    lines.push(`Written: ${written.path}`);
    if (written.backupPath) lines.push(`Backup of the previous file: ${written.backupPath}`);
    lines.push('Upload it in Entra: App registrations > your app > Manifest > Upload, then Save.');
  }
  return `${lines.join('\n')}\n`;
}
