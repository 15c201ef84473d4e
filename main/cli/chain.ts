/**
 * `ise-intune chain HOST[:PORT]... [--proxy URL] [--timeout MS] [--no-aia] [--allow-private-aia] [--ca-file FILE]...
 * [--ise-store FILE|DIR] [--out DIR] [--json]`: fetch what each host serves, complete and judge
 * the chain, say what ISE lacks and export it. Exit 0 when every host was fetched, 1 when one
 * could not be, 2 for usage or input errors. `--ca-file` certificates complete chains and are
 * trusted as roots (a private CA, or a test run's root).
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { CertificateInfo } from '../../preload/types/certs';
import type { ChainFetchResult, CompletedFrom } from '../../preload/types/chains';
import { collectIseNeeds, exportForIse, fetchChains, findTrustStoreGap, loadCaFiles, loadIseTrustStore, parseProxy, proxyFromEnvironment, parseTarget, DEFAULT_TIMEOUT_MS, type FetchChainsOptions } from '../services/tls';
import { UsageError, runReportingErrors, type CliCommand } from './command';
import { toInspectRecord } from './inspect';
import { certificateLabel } from '../../preload/labels';

const SOURCE_LABELS: Record<CompletedFrom | 'served', string> = {
  served: 'served',
  aia: 'added from AIA',
  catalog: 'added from catalog',
  'trust-store': 'added from trust store',
  'system-store': "added from this computer's trust store",
  'ca-file': 'added from CA file',
};

export const chainCommand: CliCommand = {
  name: 'chain',
  summary: "Fetch the certificate chain each host serves, complete and check it, and export the CA certificates ISE must trust.",
  usage: 'ise-intune chain HOST[:PORT]... [--proxy URL (default: HTTPS_PROXY unless NO_PROXY lists the host)] [--timeout MS] [--no-aia] [--allow-private-aia] [--ca-file FILE]... [--ise-store FILE|DIR] [--out DIR] [--json]',
  run(args, io) {
    return runReportingErrors(chainCommand, io, async () => {
      const { values, positionals } = parseArgs({
        args,
        allowPositionals: true,
        options: {
          proxy: { type: 'string' },
          timeout: { type: 'string' },
          'no-aia': { type: 'boolean' },
          'allow-private-aia': { type: 'boolean' },
          'ca-file': { type: 'string', multiple: true },
          'ise-store': { type: 'string' },
          out: { type: 'string' },
          json: { type: 'boolean' },
          help: { type: 'boolean', short: 'h' },
        },
      });
      if (values.help) {
        io.stdout(`${chainCommand.usage}\n${chainCommand.summary}\n`);
        return 0;
      }
      if (positionals.length === 0) throw new UsageError('give at least one host, for example login.microsoftonline.com');
      const targets = positionals.map((text) => parseTarget(text).target);
      const now = io.now();
      const options: FetchChainsOptions = { now, timeoutMs: parseTimeout(values.timeout), aia: !values['no-aia'], aiaAllowPrivate: values['allow-private-aia'] === true };
      if (values.proxy !== undefined) {
        parseProxy(values.proxy);
        options.proxy = values.proxy;
      } else if (io.env) {
        // HTTPS_PROXY / NO_PROXY, per host, as curl reads them.
        const env = io.env;
        options.resolveProxy = async (url) => proxyFromEnvironment(url, env);
      }
      if (values['ca-file']) options.caCertificates = await loadCaFiles(values['ca-file'].map((file) => resolve(io.cwd, file)), now);
      const iseStore = values['ise-store'] === undefined ? null : await loadIseTrustStore([resolve(io.cwd, values['ise-store'])], now);
      for (const problem of iseStore?.problems ?? []) io.stderr(`chain: ISE store: skipped ${problem.file}: ${problem.message}\n`);

      const results = await fetchChains(targets, options);
      if (iseStore) {
        for (const result of results) {
          const gap = findTrustStoreGap(result.chain, iseStore.certificates);
          result.missingInIse = gap.missing;
          result.presentInIse = gap.present;
        }
      }
      let stepsFile: string | null = null;
      if (values.out !== undefined) stepsFile = await exportResults(results, resolve(io.cwd, values.out), now, iseStore !== null);
      io.stdout(values.json ? `${JSON.stringify(results.map(toJson), null, 2)}\n` : formatResults(results, stepsFile));
      return results.every((result) => result.fetched) ? 0 : 1;
    });
  },
};

function parseTimeout(text: string | undefined): number {
  if (text === undefined) return DEFAULT_TIMEOUT_MS;
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < 1 || value > 600_000) throw new UsageError(`--timeout takes milliseconds between 1 and 600000, not "${text}"`);
  return value;
}

/** Exports the CAs ISE needs (only the missing ones when ISE's store was given); sets `exported` per host. */
async function exportResults(results: ChainFetchResult[], folder: string, now: Date, onlyMissing: boolean): Promise<string | null> {
  const chains = results
    .filter((result) => result.fetched)
    .map((result) => ({ target: result.target, chain: result.chain, ...(result.inspection ? { inspection: result.inspection } : {}) }));
  const needs = collectIseNeeds(chains);
  const missing = new Set(results.flatMap((result) => result.missingInIse ?? []).map((info) => info.thumbprints.sha256));
  const wanted = onlyMissing ? needs.certificates.filter((entry) => missing.has(entry.certificate.thumbprints.sha256)) : needs.certificates;
  for (const result of results) result.exported = [];
  if (wanted.length === 0) return null;
  const written = await exportForIse(wanted, folder, { now, notes: needs.notes });
  for (const result of results) {
    const refs = new Set((result.inspection?.microsoftCas ?? result.chain).map((info) => info.thumbprints.sha256));
    result.exported = written.files.filter((file) => file.certificates.some((ref) => refs.has(ref))).map((file) => file.path);
  }
  return written.stepsFile;
}

function toJson(result: ChainFetchResult): Record<string, unknown> {
  const records = (list: CertificateInfo[]): ReturnType<typeof toInspectRecord>[] => list.map((info, index) => toInspectRecord(info, result.target, index, false));
  const json: Record<string, unknown> = {
    host: result.host,
    port: result.port,
    target: result.target,
    fetched: result.fetched,
    served: records(result.served),
    chain: records(result.chain),
    completedFrom: result.completedFrom,
    verdict: result.verdict,
    message: result.message,
    findings: result.findings,
    tlsVersion: result.tlsVersion,
    cipher: result.cipher,
    elapsedMs: result.elapsedMs,
    proxy: result.proxy,
    errorCode: result.errorCode,
    aiaAttempts: result.aiaAttempts,
  };
  if (result.missingInIse) json.missingInIse = records(result.missingInIse);
  if (result.presentInIse) {
    json.presentInIse = result.presentInIse.map((match) => ({ subjectCN: match.certificate.subjectCN, sha1: match.certificate.thumbprints.sha1, matchedBy: match.matchedBy }));
  }
  if (result.inspection) json.inspection = { proxyCa: result.inspection.proxyCa, microsoftCas: records(result.inspection.microsoftCas) };
  if (result.exported) json.exported = result.exported;
  return json;
}

function formatResults(results: ChainFetchResult[], stepsFile: string | null): string {
  const blocks = results.map((result) => {
    const connection = result.fetched ? `${result.tlsVersion ?? '?'}, ${result.cipher ?? '?'}, ${result.elapsedMs} ms${result.proxy ? `, via ${result.proxy}` : ''}` : `${result.elapsedMs} ms`;
    const lines = [`${result.target}  ${result.verdict.toUpperCase()}  (${connection})`, `  ${result.message}`];
    const added = new Map(result.completedFrom.map((entry) => [entry.sha256, entry]));
    result.chain.forEach((info, depth) => {
      const entry = added.get(info.thumbprints.sha256);
      const source = SOURCE_LABELS[entry?.from ?? 'served'];
      const status = info.status === 'valid' ? `valid until ${info.notAfter.slice(0, 10)}` : `${info.status.toUpperCase()} (${info.notAfter.slice(0, 10)})`;
      // ASCII only: PowerShell 5.1 garbles box-drawing characters when output is redirected.
      lines.push(`${'   '.repeat(depth)}  +- ${certificateLabel(info)}  [${source}${entry?.url ? ` ${entry.url}` : ''}]  ${status}  SHA-1 ${info.thumbprints.sha1Colon}`);
    });
    for (const finding of result.findings.slice(1)) lines.push(`  also: ${finding.message}`);
    if (result.missingInIse) {
      lines.push(result.missingInIse.length === 0 ? '  ISE already trusts every CA of this chain.' : `  Missing in ISE: ${result.missingInIse.map((info) => certificateLabel(info)).join(', ')}`);
    }
    for (const path of result.exported ?? []) lines.push(`  exported: ${path}`);
    return lines.join('\n');
  });
  if (stepsFile) blocks.push(`Import steps for ISE: ${stepsFile}`);
  return `${blocks.join('\n\n')}\n`;
}
