/**
 * `ise-intune diagnose [FILE...|-] [--cert FILE]... [--manifest FILE] [--json]`: names the cause
 * of an ISE ↔ Intune failure from an error text or ise-psc.log (plain, .gz, or a support bundle),
 * with the evidence and the fix. Without FILE (or with `-`) the text comes from stdin.
 * Exit 0 when the diagnosis ran, findings or not; 2 when an input could not be read.
 */
import { read } from 'node:fs';
import { basename, resolve } from 'node:path';
import { isatty } from 'node:tty';
import { parseArgs } from 'node:util';
import type { Diagnosis, DiagnosisContext, Finding } from '../../preload/types/diagnosis';
import { loadCertificateFile } from '../services/certs';
import { checkIseNodes, describeExistingKeys, readManifestFile } from '../services/entra';
import { diagnoseFilesInWorker, diagnoseStreamInWorker, renderDiagnosisText } from '../services/ise';
import { UsageError, runReportingErrors, type CliCommand, type CliIo } from './command';
import { expandFileArguments } from './wildcards';

/** Where stdin comes from: the real process only when the real CLI runs; tests pass text. */
export type StdinSource = () => AsyncIterable<Buffer | string> & { isTTY?: boolean };

const USAGE = 'ise-intune diagnose [FILE...|-] [--cert FILE]... [--manifest FILE] [--json]';

export const diagnoseCommand: CliCommand = {
  name: 'diagnose',
  summary: 'Find the cause of an ISE-Intune failure in an error text or ise-psc.log / support bundle, with the evidence and the fix.',
  usage: USAGE,
  run(args, io) {
    return runDiagnose(args, io, processStdin);
  },
};

/**
 * The process's stdin, read from its descriptor into one buffer used again for every chunk
 * (the diagnosis copies each before asking for the next): a 2 GB log piped in leaves no trail of
 * chunks for the garbage collector, as Node's stdin stream does (over 100 MB of them). Where the
 * descriptor cannot be read that way (a non-blocking pipe: EAGAIN), the stream takes over.
 */
function processStdin(): AsyncIterable<Buffer> & { isTTY: boolean } {
  return {
    isTTY: isatty(0),
    async *[Symbol.asyncIterator]() {
      const buffer = Buffer.allocUnsafe(256 * 1024);
      for (;;) {
        let bytesRead: number;
        try {
          bytesRead = await new Promise<number>((done, fail) => read(0, buffer, 0, buffer.length, null, (error, count) => (error ? fail(error) : done(count))));
        } catch (error) {
          const code = (error as NodeJS.ErrnoException).code;
          // Windows reports the end of a pipe as EOF.
          if (code === 'EOF') return;
          if (code !== 'EAGAIN') throw error;
          for await (const chunk of process.stdin) yield chunk as Buffer;
          return;
        }
        if (bytesRead === 0) return;
        yield buffer.subarray(0, bytesRead);
      }
    },
  };
}

export function runDiagnose(args: string[], io: CliIo, stdin: StdinSource): Promise<number> {
  return runReportingErrors(diagnoseCommand, io, async () => {
    const { values, positionals: typed } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        cert: { type: 'string', multiple: true },
        manifest: { type: 'string' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
    // cmd and PowerShell pass wildcards as typed: the command line expands them.
    const positionals = await expandFileArguments(typed, io);
    if (values.help) {
      io.stdout(`${USAGE}\n${diagnoseCommand.summary}\n`);
      return 0;
    }
    const readsStdin = positionals.length === 0 || positionals.includes('-');
    if (positionals.includes('-') && positionals.length > 1) throw new UsageError('"-" (stdin) cannot be combined with files');
    const context = await loadContext(values.cert ?? [], values.manifest, io);
    let diagnosis: Diagnosis;
    if (readsStdin) {
      const stream = stdin();
      if (positionals.length === 0 && stream.isTTY) throw new UsageError('give a log file, or pipe the error text into stdin');
      diagnosis = await diagnoseStreamInWorker(stream, 'stdin', context);
    } else {
      diagnosis = await diagnoseFilesInWorker(positionals.map((file) => ({ path: resolve(io.cwd, file), name: file })), context);
    }
    const failed = diagnosis.sources.filter((source) => !source.ok);
    for (const source of failed) io.stderr(`${source.error?.message ?? `${source.name} could not be read.`}\n`);
    io.stdout(values.json ? `${JSON.stringify(toJson(diagnosis), null, 2)}\n` : renderDiagnosisText(diagnosis));
    return failed.length > 0 ? 2 : 0;
  });
}

async function loadContext(certFiles: string[], manifestFile: string | undefined, io: CliIo): Promise<DiagnosisContext> {
  const now = io.now();
  const inputs = [];
  for (const file of certFiles) {
    inputs.push({ name: basename(file), role: 'other' as const, file: { ...(await loadCertificateFile(resolve(io.cwd, file), { now })), file } });
  }
  const nodes = checkIseNodes(inputs, { now });
  const context: DiagnosisContext = { now: now.toISOString(), certificates: nodes.map(({ name, role, file, certificate }) => ({ name, role, file, certificate })) };
  if (manifestFile !== undefined) {
    const manifest = await readManifestFile(resolve(io.cwd, manifestFile));
    context.manifest = { file: manifestFile, entries: describeExistingKeys(manifest, nodes, now) };
  }
  return context;
}

/** The documented `--json` shape, plus the severity, where to fix, and the counts. */
function toJson(diagnosis: Diagnosis): unknown {
  return {
    findings: diagnosis.findings.map((finding: Finding) => ({
      code: finding.code,
      title: finding.title,
      severity: finding.severity,
      cause: finding.cause,
      remedy: finding.remedy.text,
      screen: finding.remedy.screen,
      menuPath: finding.remedy.menuPath,
      aadsts: finding.aadsts,
      lookupUrl: finding.lookupUrl,
      count: finding.count,
      firstSeen: finding.firstSeen,
      lastSeen: finding.lastSeen,
      evidence: finding.evidence.map(({ file, line, text }) => ({ file, line, text })),
      thumbprints: finding.thumbprints.map((thumbprint) => thumbprint.text).filter((text) => text !== ''),
      matched: finding.matched.map(({ thumbprint, certificate, registered }) => ({
        thumbprint,
        certificate: { file: certificate.file, subjectCN: certificate.subjectCN, sha1: certificate.sha1 },
        registered,
      })),
      explanations: finding.explanations,
    })),
    linesRead: diagnosis.linesRead,
    linesRelevant: diagnosis.linesRelevant,
    summary: diagnosis.summary,
    certificates: diagnosis.certificates,
  };
}
