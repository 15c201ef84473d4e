/** `ise-intune chain`, run as main/cli.ts runs it, with captured output. */
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { chainCommand } from '../../../main/cli/chain';
import { runCli } from '../../../main/cli/run';
import { useLab } from './lab';

const lab = useLab();

async function run(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const io = { stdout: (t: string) => out.push(t), stderr: (t: string) => err.push(t), cwd: lab().dir, now: () => new Date() };
  const code = await runCli(['chain', ...args], io, [chainCommand]);
  return { code, stdout: out.join(''), stderr: err.join('') };
}

/** The lab roots as --ca-file arguments: how a test (or an admin with a private CA) trusts a root. */
const trustLabRoots = (): string[] => ['--ca-file', lab().pki.ecRoot.pemPath, '--ca-file', lab().pki.rsaRoot.pemPath];

describe('chain --json', () => {
  it('prints host, port, served and chain as inspect objects, completedFrom, verdict and message (exit 0)', async () => {
    const result = await run([lab().target('default'), ...trustLabRoots(), '--json', '--timeout', '2000']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const [host, ...others] = JSON.parse(result.stdout) as Record<string, unknown>[];
    expect(others).toEqual([]);
    expect(host).toMatchObject({ host: '127.0.0.1', port: lab().defaultServer.port, verdict: 'trusted', tlsVersion: 'TLSv1.3', fetched: true });
    expect(host?.message).toMatch(/^The chain is complete and trusted: localhost <- Lab ECC Issuing CA 01 <- Lab ECC Root/);
    const served = host?.served as Record<string, unknown>[];
    expect(served.map((record) => record.subjectCN)).toEqual(['localhost', 'Lab ECC Issuing CA 01']);
    for (const key of ['file', 'index', 'subject', 'issuer', 'notAfter', 'status', 'keyType', 'sha1', 'sha1Colon', 'sha256', 'sha256Base64Url', 'hasPrivateKey', 'aiaIssuers']) {
      expect(served[0]).toHaveProperty(key);
    }
    expect(served[0]).not.toHaveProperty('pem');
    const chain = host?.chain as Record<string, unknown>[];
    expect(chain.map((record) => record.subjectCN)).toEqual(['localhost', 'Lab ECC Issuing CA 01', 'Lab ECC Root']);
    expect(host?.completedFrom).toEqual([{ sha256: chain[2]?.sha256, subjectCN: 'Lab ECC Root', from: 'ca-file' }]);
    expect(host).not.toHaveProperty('missingInIse');
    expect(host).not.toHaveProperty('exported');
  });

  it('lists what ISE lacks and exports exactly that with --ise-store and --out', async () => {
    const store = join(lab().dir, 'cli-ise-store');
    await mkdir(store, { recursive: true });
    await writeFile(join(store, 'root.cer'), lab().pki.ecRoot.pem);
    const out = join(lab().dir, 'cli-out');
    const result = await run([lab().target('default'), ...trustLabRoots(), '--ise-store', store, '--out', out, '--json']);
    expect(result.code).toBe(0);
    const [host] = JSON.parse(result.stdout) as Record<string, unknown>[];
    expect((host?.missingInIse as { subjectCN: string }[]).map((record) => record.subjectCN)).toEqual(['Lab ECC Issuing CA 01']);
    expect(host?.presentInIse).toEqual([expect.objectContaining({ subjectCN: 'Lab ECC Root', matchedBy: 'sha1' })]);
    expect(host?.exported).toEqual([join(out, 'Lab ECC Issuing CA 01.cer')]);
    expect((await readdir(out)).sort()).toEqual(['ISE-import-steps.txt', 'Lab ECC Issuing CA 01.cer']);
  });

  it('exits 1 when a host cannot be fetched, still reporting the others', async () => {
    const result = await run([lab().target('default'), `127.0.0.1:${lab().closedPort}`, `127.0.0.1:${lab().silent.port}`, ...trustLabRoots(), '--timeout', '1000', '--json']);
    expect(result.code).toBe(1);
    const hosts = JSON.parse(result.stdout) as Record<string, unknown>[];
    expect(hosts.map((host) => host.verdict)).toEqual(['trusted', 'unreachable', 'timeout']);
    expect(hosts[1]).toMatchObject({ fetched: false, served: [], chain: [], errorCode: 'CONNECTION_REFUSED' });
  });

  it('reports proxy failures as proxy-error (exit 1)', async () => {
    const result = await run([lab().target('default'), '--proxy', lab().refusingProxy.url, '--json']);
    expect(result.code).toBe(1);
    expect((JSON.parse(result.stdout) as Record<string, unknown>[])[0]).toMatchObject({ verdict: 'proxy-error', errorCode: 'PROXY_CONNECT_REJECTED', proxy: lab().refusingProxy.url });
  });
});

describe('chain, human output', () => {
  it('prints a tree per host, leaf to root, with where each certificate came from', async () => {
    const result = await run([lab().target('default'), ...trustLabRoots(), '--no-aia']);
    expect(result.code).toBe(0);
    const lines = result.stdout.split('\n');
    expect(lines[0]).toMatch(new RegExp(`^127\\.0\\.0\\.1:${lab().defaultServer.port}  TRUSTED  \\(TLSv1\\.3, TLS_`));
    expect(lines[2]).toMatch(/^ {2}\+- localhost {2}\[served\] {2}valid until \d{4}-\d\d-\d\d {2}SHA-1 [0-9A-F:]{59}$/);
    expect(lines[3]).toMatch(/^ {5}\+- Lab ECC Issuing CA 01 {2}\[served\]/);
    expect(lines[4]).toMatch(/^ {8}\+- Lab ECC Root {2}\[added from CA file\]/);
    // ASCII only: PowerShell 5.1 garbles box-drawing characters in redirected output.
    expect([...result.stdout].every((char) => char.charCodeAt(0) < 128)).toBe(true);
  });
});

describe('chain usage errors (exit 2)', () => {
  it.each([
    [[], /give at least one host/],
    [['login.microsoftonline.com', '--timeout', 'soon'], /--timeout takes milliseconds/],
    [['login.microsoftonline.com', '--proxy', 'socks5://proxy:1080'], /Only HTTP proxies/],
    [['bad host'], /not a host name/],
    [['login.microsoftonline.com', '--frobnicate'], /Unknown option '--frobnicate'/],
    [['login.microsoftonline.com', '--ca-file', 'missing.pem'], /missing.pem does not exist/],
    [['login.microsoftonline.com', '--ise-store', 'no-such-folder'], /no-such-folder does not exist/],
  ])('refuses %j before connecting anywhere', async (args, message) => {
    const result = await run(args);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(message);
  });
});
