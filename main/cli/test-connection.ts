/**
 * `ise-intune test-connection (--tenant T | --token-url URL --discovery-url URL --audience URL)
 * --client-id C (--pfx FILE --password-stdin | --cert FILE --key FILE) [--cloud public|usgov]
 * [--authority URL] [--graph URL] [--ca-file FILE] [--proxy URL] [--json]`: the steps ISE runs
 * against Entra, Graph and Intune — with the values as typed into ISE's form when given — each with
 * its result and time. The password is read from standard input only, never from the command
 * line (where it would land in shell history and process lists). Exit 0 when every step
 * passes, 1 when one fails (its finding code is printed), 2 for bad input, found before any
 * network call.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { CloudName, ConnectionTestResult, ConnectionTestStep } from '../../preload/types/live';
import { isCloudName, testConnection, type CredentialInput } from '../services/entra/live';
import { loadCaFiles, proxyFromEnvironment } from '../services/tls';
import { UsageError, runReportingErrors, type CliCommand, type CliIo } from './command';
import { passwordFromStdinText } from './password';
import { readDeploymentValues } from './deployment-file';

/** Where stdin comes from: the real process only when the real CLI runs; tests pass text. */
export type StdinSource = () => AsyncIterable<Buffer | string> & { isTTY?: boolean };

const USAGE =
  'ise-intune test-connection (--token-url URL --discovery-url URL --audience URL | --tenant T | --deployment FILE) --client-id C (--pfx FILE --password-stdin | --cert FILE --key FILE [--password-stdin]) [--cloud public|usgov] [--authority URL] [--graph URL] [--ca-file FILE]... [--proxy URL (default: HTTPS_PROXY unless NO_PROXY lists the host)] [--timeout MS] [--json]\n' +
  "  --token-url, --discovery-url, --audience: the Token Issuing URL, Auto Discovery URL and Token Audience exactly as typed into ISE's External MDM form (tenant and cloud come from the token URL).\n" +
  "  --deployment FILE: a deployment exported by the app: its ISE form values (else its tenant), client ID and cloud; options given win.\n" +
  '  --authority, --graph: send the requests to these hosts instead (a sovereign cloud or a test stand-in).';

export const testConnectionCommand: CliCommand = {
  name: 'test-connection',
  summary: 'Run the connection test ISE runs (Graph token, Intune discovery, Intune token, Intune read) with an ISE certificate and key.',
  usage: USAGE,
  run(args, io) {
    return runTestConnection(args, io, () => process.stdin);
  },
};

export function runTestConnection(args: string[], io: CliIo, stdin: StdinSource): Promise<number> {
  return runReportingErrors(testConnectionCommand, io, async () => {
    const { values } = parseArgs({
      args,
      options: {
        tenant: { type: 'string' },
        deployment: { type: 'string' },
        'token-url': { type: 'string' },
        'discovery-url': { type: 'string' },
        audience: { type: 'string' },
        'client-id': { type: 'string' },
        pfx: { type: 'string' },
        cert: { type: 'string' },
        key: { type: 'string' },
        'password-stdin': { type: 'boolean' },
        cloud: { type: 'string' },
        authority: { type: 'string' },
        graph: { type: 'string' },
        'ca-file': { type: 'string', multiple: true },
        proxy: { type: 'string' },
        timeout: { type: 'string' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
    if (values.help) {
      io.stdout(`${USAGE}\n${testConnectionCommand.summary}\n`);
      return 0;
    }
    // --deployment: the IDs, cloud and ISE form values kept with a deployment exported by the app; options given win.
    const saved = values.deployment === undefined ? null : await readDeploymentValues(values.deployment, io);
    const typedForm = [values['token-url'], values['discovery-url'], values.audience].some((value) => value !== undefined);
    if (saved && !typedForm && values.tenant === undefined) {
      if (saved.form) {
        values['token-url'] = saved.form.tokenUrl;
        values['discovery-url'] = saved.form.discoveryUrl;
        values.audience = saved.form.audience;
      } else if (saved.tenant !== undefined) values.tenant = saved.tenant;
      else throw new UsageError('the deployment has no tenant ID yet: give it with --tenant');
    }
    if (saved && values['client-id'] === undefined) values['client-id'] = saved.clientId;
    if (saved && values.cloud === undefined) values.cloud = saved.cloud;
    const formGiven = [values['token-url'], values['discovery-url'], values.audience].filter((value) => value !== undefined).length;
    if (formGiven > 0 && formGiven < 3) throw new UsageError("give all three values typed into ISE's form: --token-url, --discovery-url and --audience");
    if (formGiven === 3 && values.tenant !== undefined) throw new UsageError("give either --tenant, or the values typed into ISE's form (--token-url, --discovery-url, --audience): the tenant comes from the token URL");
    if (formGiven === 0 && values.tenant === undefined) throw new UsageError("give the values typed into ISE's form with --token-url, --discovery-url and --audience, or the tenant ID with --tenant");
    if (values['client-id'] === undefined) throw new UsageError('give the application (client) ID with --client-id');
    const cloud = values.cloud ?? 'public';
    if (!isCloudName(cloud)) throw new UsageError(`--cloud must be public or usgov, not "${cloud}"`);
    const timeoutMs = values.timeout === undefined ? undefined : Number(values.timeout);
    if (timeoutMs !== undefined && (!Number.isInteger(timeoutMs) || timeoutMs <= 0)) throw new UsageError('--timeout takes a whole number of milliseconds');
    const password = values['password-stdin'] ? await readPassword(stdin) : undefined;
    const credential = credentialFrom(values, password, io);
    const now = io.now();
    const caCertificates = await loadCaFiles((values['ca-file'] ?? []).map((file) => resolve(io.cwd, file)), now);
    const result = await testConnection({
      ...(formGiven === 3
        ? { form: { tokenUrl: values['token-url'] as string, discoveryUrl: values['discovery-url'] as string, audience: values.audience as string } }
        : { tenant: values.tenant as string }),
      clientId: values['client-id'],
      credential,
      cloud: { cloud: cloud as CloudName, ...(values.authority === undefined ? {} : { authority: values.authority }), ...(values.graph === undefined ? {} : { graph: values.graph }) },
      caCertificates,
      proxy: values.proxy ?? (io.env ? proxyFromEnvironment(values.authority ?? (cloud === 'usgov' ? 'https://login.microsoftonline.us' : 'https://login.microsoftonline.com'), io.env) : null),
      now,
      ...(timeoutMs === undefined ? {} : { timeoutMs }),
    });
    io.stdout(values.json ? `${JSON.stringify(toJson(result), null, 2)}\n` : renderText(result));
    return result.ok ? 0 : 1;
  });
}

function credentialFrom(values: { pfx?: string; cert?: string; key?: string }, password: string | undefined, io: CliIo): CredentialInput {
  if (values.pfx !== undefined) {
    if (values.cert !== undefined || values.key !== undefined) throw new UsageError('give either --pfx, or --cert with --key, not both');
    if (password === undefined) throw new UsageError('a .pfx needs its password: pipe it into standard input with --password-stdin');
    return { kind: 'pfx', file: resolve(io.cwd, values.pfx), password };
  }
  if (values.cert === undefined || values.key === undefined) throw new UsageError('give the ISE certificate and key: --pfx FILE --password-stdin, or --cert FILE --key FILE');
  return { kind: 'pem', certFile: resolve(io.cwd, values.cert), keyFile: resolve(io.cwd, values.key), ...(password === undefined ? {} : { password }) };
}

/** The whole of stdin, without the line break `echo` or a here-string adds. */
async function readPassword(stdin: StdinSource): Promise<string> {
  const stream = stdin();
  if (stream.isTTY) throw new UsageError('--password-stdin reads the password from a pipe, for example: printf %s "$PFX_PASSWORD" | ise-intune test-connection ...');
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk);
  return passwordFromStdinText(Buffer.concat(chunks).toString('utf8'));
}

/** The documented `--json` shape. */
function toJson(result: ConnectionTestResult): unknown {
  return {
    steps: result.steps.map((step) => ({
      name: step.name,
      ok: step.ok,
      ms: step.ms,
      ...(step.skipped ? { skipped: true } : {}),
      ...(step.finding ? { finding: step.finding } : {}),
      ...(step.warnings?.length ? { warnings: step.warnings } : {}),
    })),
    ok: result.ok,
    imitates: result.imitates,
    audiences: result.audiences,
  };
}

function renderText(result: ConnectionTestResult): string {
  const lines = [
    `Connection test for client ${result.clientId} in tenant ${result.tenant || '(not read)'} (${result.authority}), certificate ${result.certificate.subjectCN} SHA-1 ${result.certificate.sha1}${result.proxy ? `, via proxy ${result.proxy}` : ''}`,
    `Imitates ${result.imitates}`,
  ];
  result.steps.forEach((step, index) => lines.push(...renderStep(step, index + 1)));
  if (result.audiences.intune) lines.push(`The Intune token carries the audience "${result.audiences.intune}".`);
  lines.push(result.ok ? 'All steps passed.' : `Failed: ${result.steps.find((step) => step.finding)?.finding?.code ?? 'unknown'}.`);
  return `${lines.join('\n')}\n`;
}

function renderStep(step: ConnectionTestStep, number: number): string[] {
  if (step.skipped) return [`  ${number}. ${step.title}: skipped (an earlier step failed)`];
  const lines = [`  ${number}. ${step.title}: ${step.ok ? 'ok' : 'FAILED'} (${step.ms} ms)`, `     ${step.detail}`];
  for (const warning of step.warnings ?? []) lines.push(`     warning [${warning.code}] ${warning.message}`);
  for (const attempt of step.attempts ?? []) {
    lines.push(`     ${attempt.form}: ${attempt.ok ? 'accepted' : `refused${attempt.finding ? ` [${attempt.finding.code}]` : ''}`} (${attempt.ms} ms)`);
  }
  const finding = step.finding;
  if (finding) {
    lines.push(`     [${finding.code}] ${finding.title}`, `     ${finding.message}`);
    for (const evidence of finding.evidence) lines.push(`     evidence: ${evidence}`);
    for (const explanation of finding.explanations) lines.push(`     ${explanation}`);
    lines.push(`     fix: ${finding.remedy}`);
    if (finding.traceId) lines.push(`     trace ID ${finding.traceId}, correlation ID ${finding.correlationId ?? 'n/a'}`);
  }
  return lines;
}
