/**
 * Issue 19 "What the terminal shows": text from outside (log evidence, file names, arguments)
 * cannot drive the terminal, credentials in URLs are hidden, echoed input is cut, usage errors
 * are clear, and TLS failures read as sentences.
 */
import { createServer as createHttpServer } from 'node:http';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer as createTlsServer } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../main/cli/run';
import { terminalSafe } from '../../../main/cli/terminal';
import { fetchChains } from '../../../main/services/tls';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

let dir = '';
let key = '';
let cert = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ise-intune-terminal-'));
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', join(dir, 'k.pem'), '-out', join(dir, 'c.pem'), '-subj', '/CN=big.test', '-days', '2'], { stdio: 'ignore' });
  key = readFileSync(join(dir, 'k.pem'), 'utf8');
  cert = readFileSync(join(dir, 'c.pem'), 'utf8');
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function cli(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { stdout: (t) => out.push(t), stderr: (t) => err.push(t), cwd: dir, now: () => new Date('2026-11-26T12:00:00Z') });
  return { code, stdout: out.join(''), stderr: err.join('') };
}

const ESC = '\u001b';

describe('what the CLI prints', () => {
  it('escapes control characters from log evidence and hides credentials in URLs', async () => {
    const log = join(dir, 'ise-psc.log');
    const hostile = `2024-05-10 10:00:00,000 ERROR [pool-1][] cisco.cpm.mdm.authtoken.MdmAzureActiveDirectoryClient -::::- PKIX path building failed ${ESC}]0;owned${String.fromCharCode(7)}${ESC}[2J via https://admin:S3cret@proxy.corp:8080/x \u202Egnp.exe`;
    await writeFile(log, `${hostile}\n`);
    const result = await cli(['diagnose', log]);
    expect(result.stdout).toContain('PKIX');
    // eslint-disable-next-line no-control-regex
    expect(result.stdout).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202e]/);
    expect(result.stdout).toContain('\\u001b]0;owned\\u0007\\u001b[2J');
    expect(result.stdout).toContain('https://admin:***@proxy.corp:8080/x');
    expect(result.stdout).not.toContain('S3cret');
    expect(result.stdout).toContain('\\u202egnp.exe');
  });

  it('escapes a file name that carries an escape sequence, and cuts a huge echoed argument', async () => {
    const named = await cli(['inspect', `${ESC}[31mred.pem`]);
    expect(named.code).toBe(2);
    expect(named.stderr).not.toContain(ESC);
    expect(named.stderr).toContain('\\u001b[31mred.pem');
    const huge = await cli(['inspect', `${'A'.repeat(20_000)}.pem`]);
    expect(huge.code).toBe(2);
    expect(huge.stderr.length).toBeLessThan(1000);
    expect(huge.stderr).toMatch(/characters cut/);
  });

  it('keeps JSON output valid while escaping', () => {
    const text = `${JSON.stringify({ text: `a\u202eb${ESC}c` })}\n`;
    expect(JSON.parse(terminalSafe(text, 'stdout'))).toEqual({ text: `a\u202eb${ESC}c` });
  });

  it.each([
    [['chain', 'login.microsoftonline.com', '--timeout', '-5']],
    [['ise', 'trust-store', '--host', 'ise.corp', '--timeout', '-5']],
    [['test-connection', '--tenant', 'contoso.onmicrosoft.com', '--timeout', '-5']],
  ])('answers %j with a clear usage error, exit 2', async (args) => {
    const result = await cli(args);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/: --timeout takes a positive number, not "-5"\. Run "ise-intune [a-z-]+ --help" for the usage\.\n$/);
    expect(result.stderr).not.toMatch(/ambiguous|--timeout=-XYZ/);
  });
});

describe('TLS failures as sentences', () => {
  it('says that a plain HTTP server is not a TLS server', async () => {
    const server = createHttpServer((_request, response) => response.end('hello'));
    await new Promise<void>((resolvePromise) => server.listen(0, '127.0.0.1', resolvePromise));
    try {
      const [result] = await fetchChains([`127.0.0.1:${(server.address() as AddressInfo).port}`], { timeoutMs: 5000, aia: false });
      expect(result?.fetched).toBe(false);
      expect(result?.message).toMatch(/failed: this is not a TLS server: it answered in plain HTTP or another protocol/);
      expect(result?.message).not.toMatch(/SSL routines|\.c:\d+/);
    } finally {
      server.close();
    }
  });

  it('says that a certificate chain over 100 KB was refused', async () => {
    // The same certificate repeated: OpenSSL stops reading a Certificate message at 100 KB.
    const server = createTlsServer({ key, cert: cert.repeat(Math.ceil(150_000 / (Buffer.byteLength(cert) * 0.7))) });
    server.on('tlsClientError', () => undefined);
    await new Promise<void>((resolvePromise) => server.listen(0, '127.0.0.1', resolvePromise));
    try {
      const [result] = await fetchChains([`127.0.0.1:${(server.address() as AddressInfo).port}`], { timeoutMs: 5000, aia: false });
      expect(result?.message).toMatch(/the server sent a certificate chain larger than 100 KB/);
    } finally {
      server.close();
    }
  });
});
