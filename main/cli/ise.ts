/**
 * `ise-intune ise trust-store|import-ca`: ISE's trusted certificates through its OpenAPI, and
 * importing the Microsoft CAs it lacks. The password is read from standard input only
 * (--password-stdin), never from the command line. ISE's certificate must be pinned: --pin
 * SHA256, or a pin remembered in --data-dir; an unknown certificate prints its thumbprints and
 * exits 2, a changed one exits 1 with both thumbprints. Exit 0 success, 1 the work failed
 * (unreachable, API off, wrong credentials, an import not confirmed), 2 usage or input errors.
 */
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { CertificateInfo } from '../../preload/types/certs';
import type { IseConnectionInfo, IseImportReport, IseTrustStoreRead } from '../../preload/types/ise-api';
import { loadCertificateFile } from '../services/certs';
import { isServiceError, ServiceError } from '../services/errors';
import {
  friendlyNamesFor,
  importCasIntoIse,
  inspectIseCertificate,
  iseEndpoint,
  iseTarget,
  refuseNonHost,
  normalisePin,
  readIseTrustStore,
  trustIseCertificate,
  IseApiClient,
  IseCertChangedError,
  JsonFilePinStore,
  MemoryPinStore,
  ISE_DEFAULT_TIMEOUT_MS,
  ISE_TRUST_FLAG_ROWS,
  PIN_FILE_NAME,
  type PinStore,
} from '../services/ise/api';
import { FRIENDLY_NAME_PREFIX, parseProxy } from '../services/tls';
import { UsageError, runReportingErrors, type CliCommand, type CliIo } from './command';
import { passwordFromStdinText } from './password';
import { expandFileArguments } from './wildcards';
import { certificateLabel } from '../../preload/labels';

/** CliIo plus standard input, so tests can pass the password as text. */
export interface IseCliIo extends CliIo {
  readStdin?: () => Promise<string>;
}

const MAX_STDIN_BYTES = 64 * 1024;
/**
 * Failures of the work itself (exit 1), wrong credentials included: ISE was reached and said no.
 * Other errors are input errors found before any network (exit 2).
 */
const WORK_FAILURES = /^(ISE_UNREACHABLE|ISE_TIMEOUT|ISE_CERT_CHANGED|ISE_API_DISABLED|ISE_SERVER_ERROR|ISE_BAD_RESPONSE|ISE_FORBIDDEN|ISE_AUTH_FAILED|ISE_NOT_FOUND|ISE_NO_CERTIFICATE|CANCELLED|PROXY_.*)$/;

const USAGE = [
  'ise-intune ise trust-store --host H [--port P] --user U --password-stdin [--pin SHA256] [--data-dir DIR] [--timeout MS] [--proxy URL] [--json]',
  'ise-intune ise import-ca --host H [--port P] --user U --password-stdin [--pin SHA256] [--data-dir DIR] [--name-prefix TEXT] [--timeout MS] [--proxy URL] [--json] FILE...',
].join('\n       ');

const OPTIONS = {
  host: { type: 'string' },
  port: { type: 'string' },
  user: { type: 'string' },
  'password-stdin': { type: 'boolean' },
  pin: { type: 'string' },
  'data-dir': { type: 'string' },
  timeout: { type: 'string' },
  proxy: { type: 'string' },
  json: { type: 'boolean' },
  'name-prefix': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

export const iseCommand: CliCommand = {
  name: 'ise',
  summary: "Read ISE's trusted certificates through its API, and import the CA certificates it lacks (ISE 3.1+ with the Open API on).",
  usage: USAGE,
  run(args, io) {
    return runReportingErrors(iseCommand, io, async () => {
      const [sub, ...rest] = args;
      if (rest.some((arg) => /^--password(=|$)/.test(arg) || arg === '-p')) {
        throw new UsageError('the ISE password is never taken on the command line: pipe it to --password-stdin');
      }
      const { values, positionals: typed } = parseArgs({ args: rest, allowPositionals: true, options: OPTIONS });
      // cmd and PowerShell pass wildcards as typed (for-ise\*.cer): the command line expands them.
      const positionals = await expandFileArguments(typed, io);
      if (values.help || sub === undefined) {
        io.stdout(`${USAGE}\n${iseCommand.summary}\n`);
        return sub === undefined ? 2 : 0;
      }
      if (sub !== 'trust-store' && sub !== 'import-ca') throw new UsageError(`unknown sub-command "${sub}": use trust-store or import-ca`);
      if (sub === 'trust-store' && positionals.length > 0) throw new UsageError(`trust-store takes no files (got ${positionals.join(' ')})`);
      if (sub === 'import-ca' && positionals.length === 0) throw new UsageError('give at least one CA certificate file to import');
      try {
        const cas = sub === 'import-ca' ? await loadCas(positionals, io, values['name-prefix']) : [];
        const client = await connect(values, io as IseCliIo);
        if (!client) return 2;
        return sub === 'trust-store' ? await showTrustStore(client, io, values.json === true) : await importCas(client, cas, io, values.json === true);
      } catch (error) {
        if (!isServiceError(error)) throw error;
        const exitCode = WORK_FAILURES.test(error.code) ? 1 : 2;
        // With --json a script reads stdout: the failure is a JSON object there too.
        if (values.json) io.stdout(`${JSON.stringify({ error: { code: error.code, message: error.message } }, null, 2)}\n`);
        io.stderr(`ise: ${error.message}\n`);
        return exitCode;
      }
    });
  },
};

type Values = ReturnType<typeof parseArgs<{ args: string[]; allowPositionals: true; options: typeof OPTIONS }>>['values'];

/** Pins ISE's certificate, reads the password, and returns the client; null when the certificate must be trusted first. */
async function connect(values: Values, io: IseCliIo): Promise<IseApiClient | null> {
  if (values.host === undefined) throw new UsageError('--host is required (the primary PAN)');
  if (values.user === undefined) throw new UsageError('--user is required (an ISE admin allowed to use the API)');
  if (!values['password-stdin']) throw new UsageError('add --password-stdin and pipe the password: it is never taken on the command line');
  refuseNonHost(values.host);
  const target = iseTarget(values.host, values.port === undefined ? undefined : parsePort(values.port));
  const timeoutMs = parseTimeout(values.timeout);
  const proxy = values.proxy === undefined ? null : parseProxy(values.proxy);
  const pins: PinStore = values['data-dir'] === undefined ? new MemoryPinStore() : new JsonFilePinStore(join(resolve(io.cwd, values['data-dir']), PIN_FILE_NAME));
  const now = io.now();
  const explicit = values.pin === undefined ? null : normalisePin(values.pin);
  const info = await inspectIseCertificate(target, pins, { timeoutMs, proxy, now });
  let pin: string;
  if (explicit !== null) {
    if (explicit !== info.certificate.thumbprints.sha256) throw new IseCertChangedError(target.target, explicit, info.certificate);
    if (values['data-dir'] !== undefined) await trustIseCertificate(pins, target, info.certificate, now);
    pin = explicit;
  } else if (info.pinState === 'trusted' && info.pinnedSha256 !== null) {
    pin = info.pinnedSha256;
  } else if (info.pinState === 'changed' && info.pinnedSha256 !== null) {
    throw new IseCertChangedError(target.target, info.pinnedSha256, info.certificate);
  } else {
    io.stderr(unpinnedText(info));
    return null;
  }
  const password = await readPassword(io);
  return new IseApiClient(iseEndpoint(target, pin, { timeoutMs, proxy }), values.user, password);
}

function unpinnedText(info: IseConnectionInfo): string {
  const certificate = info.certificate;
  return [
    `ise: ISE's certificate at ${info.target} is not trusted yet; nothing was sent.`,
    `  Subject:  ${certificate.subject}`,
    `  Issuer:   ${certificate.issuer}${certificate.selfSigned ? ' (self-signed)' : ''}`,
    `  Valid:    ${certificate.notBefore.slice(0, 10)} to ${certificate.notAfter.slice(0, 10)} (${certificate.status})`,
    `  SHA-1:    ${certificate.thumbprints.sha1Colon}`,
    `  SHA-256:  ${certificate.thumbprints.sha256}`,
    "Compare the SHA-256 with ISE's admin certificate (Administration > System > Certificates > System Certificates > View),",
    `then run again with --pin ${certificate.thumbprints.sha256} (add --data-dir DIR to remember it).`,
    '',
  ].join('\n');
}

async function readPassword(io: IseCliIo): Promise<string> {
  const text = await (io.readStdin ?? readProcessStdin)();
  // The trailing line break (and cmd's space before `|`) belongs to `echo`, not to the password.
  const password = passwordFromStdinText(text);
  if (password === '') throw new UsageError('standard input was empty: pipe the ISE password to --password-stdin');
  return password;
}

async function readProcessStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of process.stdin) {
    size += (chunk as Buffer).length;
    if (size > MAX_STDIN_BYTES) throw new UsageError('standard input is too long for a password');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

async function showTrustStore(client: IseApiClient, io: CliIo, json: boolean): Promise<number> {
  const store = await readIseTrustStore(client, { now: io.now() });
  io.stdout(json ? `${JSON.stringify(storeJson(client, store), null, 2)}\n` : formatStore(store, client));
  return 0;
}

function storeJson(client: IseApiClient, store: IseTrustStoreRead): Record<string, unknown> {
  return {
    target: client.endpoint.target,
    pinnedSha256: client.endpoint.pin,
    readAt: store.readAt,
    pages: store.pages,
    exportProblem: store.exportProblem,
    entries: store.entries,
    exported: store.exported.map((info) => ({ subjectCN: info.subjectCN, subject: info.subject, sha1: info.thumbprints.sha1, sha256: info.thumbprints.sha256, notAfter: info.notAfter })),
  };
}

function formatStore(store: IseTrustStoreRead, client: IseApiClient): string {
  const lines = [`ISE ${client.endpoint.target}: ${store.entries.length} trusted certificates (${store.pages} page${store.pages === 1 ? '' : 's'}), PEM exported for ${store.exported.length}.`];
  if (store.exportProblem) lines.push(`  PEM export: ${store.exportProblem}`);
  for (const entry of store.entries) {
    const expiry = entry.expired === null ? entry.expirationDate : `${entry.expired ? 'EXPIRED ' : 'until '}${entry.expirationDate.slice(0, 10)}`;
    lines.push(`  ${entry.friendlyName}  [${entry.trustedFor.join(', ') || 'no usage'}]  ${expiry}  ${entry.status}`, `      ${entry.subject}`);
  }
  return `${lines.join('\n')}\n`;
}

/** The CA certificates of the files, once each; leaves are skipped with a note. */
async function loadCas(files: string[], io: CliIo, prefix: string | undefined) {
  const now = io.now();
  const cas: CertificateInfo[] = [];
  for (const file of files) {
    const loaded = await loadCertificateFile(resolve(io.cwd, file), { now });
    for (const { info } of loaded.certificates) {
      if (!info.isCA) {
        io.stderr(`ise: ${file}: skipped ${certificateLabel(info)}, which is not a CA certificate (ISE needs roots and intermediates only).\n`);
        continue;
      }
      if (!cas.some((known) => known.thumbprints.sha256 === info.thumbprints.sha256)) cas.push(info);
    }
  }
  if (cas.length === 0) throw new ServiceError('ISE_NOTHING_TO_IMPORT', 'The files hold no CA certificate to import.');
  return friendlyNamesFor(cas, prefix ?? FRIENDLY_NAME_PREFIX);
}

async function importCas(client: IseApiClient, cas: ReturnType<typeof friendlyNamesFor>, io: CliIo, json: boolean): Promise<number> {
  if (!json) {
    io.stdout(`Importing into ISE ${client.endpoint.target} (Trusted For: Cisco Services only):\n`);
    for (const ca of cas) io.stdout(`  ${ca.friendlyName}  SHA-1 ${ca.certificate.thumbprints.sha1Colon}\n`);
  }
  const report = await importCasIntoIse(client, cas, { now: io.now() });
  io.stdout(json ? `${JSON.stringify(reportJson(report), null, 2)}\n` : formatReport(report));
  const everyOk = report.results.every((result) => result.outcome === 'imported' || result.outcome === 'already-present');
  return everyOk && report.confirmed ? 0 : 1;
}

function reportJson(report: IseImportReport): Record<string, unknown> {
  return {
    results: report.results,
    confirmed: report.confirmed,
    stillMissing: report.stillMissing.map((info) => ({ subjectCN: info.subjectCN, sha256: info.thumbprints.sha256 })),
    stopped: report.stopped,
    flags: ISE_TRUST_FLAG_ROWS,
  };
}

function formatReport(report: IseImportReport): string {
  const width = Math.max(...report.results.map((result) => result.outcome.length));
  const lines = report.results.map((result) => `  ${result.outcome.padEnd(width)}  ${result.friendlyName}: ${result.message}`);
  if (report.stopped) lines.push(`Stopped: ${report.stopped}`);
  lines.push(
    report.confirmed
      ? "Confirmed: ISE's trust store now holds every selected CA."
      : `NOT confirmed: ISE's trust store still lacks ${report.stillMissing.map((info) => certificateLabel(info)).join(', ') || 'the selected CAs'}.`,
  );
  return `${lines.join('\n')}\n`;
}

function parsePort(text: string): number {
  if (!/^\d+$/.test(text) || Number(text) < 1 || Number(text) > 65_535) throw new UsageError(`--port takes a port number, not "${text}"`);
  return Number(text);
}

function parseTimeout(text: string | undefined): number {
  if (text === undefined) return ISE_DEFAULT_TIMEOUT_MS;
  if (!/^\d+$/.test(text) || Number(text) < 1 || Number(text) > 600_000) throw new UsageError(`--timeout takes milliseconds between 1 and 600000, not "${text}"`);
  return Number(text);
}
