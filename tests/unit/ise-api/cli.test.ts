/** `ise-intune ise`, run as main/cli.ts runs it, with captured output and the password on stdin. */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { iseCommand } from '../../../main/cli/ise';
import { runCli } from '../../../main/cli/run';
import { ISE_PASSWORD, ISE_USER, useIseLab } from './ise-lab';

const lab = useIseLab();

async function run(args: string[], stdin: string | null = `${ISE_PASSWORD}\n`) {
  const out: string[] = [];
  const err: string[] = [];
  let stdinReads = 0;
  const io = {
    stdout: (text: string) => out.push(text),
    stderr: (text: string) => err.push(text),
    cwd: lab().dir,
    now: () => new Date(),
    readStdin: async () => {
      stdinReads++;
      if (stdin === null) throw new Error('stdin must not be read');
      return stdin;
    },
  };
  const code = await runCli(['ise', ...args], io, [iseCommand]);
  return { code, stdout: out.join(''), stderr: err.join(''), stdinReads };
}

const connection = (port: number, pin = lab().identity.sha256): string[] => ['--host', '127.0.0.1', '--port', String(port), '--user', ISE_USER, '--password-stdin', '--pin', pin];

describe('ise trust-store', () => {
  it('lists the trusted certificates as JSON (exit 0), reading the password from stdin', async () => {
    const standin = await lab().standin();
    const result = await run(['trust-store', ...connection(standin.port), '--json']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdinReads).toBe(1);
    const json = JSON.parse(result.stdout) as { target: string; pinnedSha256: string; entries: { friendlyName: string; identifiedBy: string | null }[]; exported: unknown[] };
    expect(json.target).toBe(standin.target);
    expect(json.pinnedSha256).toBe(lab().identity.sha256);
    expect(json.entries.map((entry) => entry.friendlyName)).toEqual(standin.entries.map((entry) => entry.name));
    // The listing carries each entry's SHA-256: nothing needs exporting to be identified.
    expect(json.exported).toHaveLength(0);
    expect(standin.requests.filter((request) => request.path.includes('/export/'))).toEqual([]);
    expect(result.stdout).not.toContain(ISE_PASSWORD);
  });

  it('prints a readable list with usages and expiry', async () => {
    const standin = await lab().standin();
    const result = await run(['trust-store', ...connection(standin.port)]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`^ISE ${standin.target}: 7 trusted certificates \\(1 page\\), PEM exported for 0\\.`));
    expect(result.stdout).toMatch(/ {2}baltimore_cybertrust_root {2}\[Cisco Services\] {2}EXPIRED 2025-05-12 {2}Enabled/);
  });

  it('an unpinned certificate prints its thumbprints and how to pin, sends nothing and exits 2', async () => {
    const standin = await lab().standin();
    const args = connection(standin.port).slice(0, -2);
    const result = await run(['trust-store', ...args], null);
    expect(result.code).toBe(2);
    expect(result.stdinReads).toBe(0);
    expect(result.stderr).toContain(`SHA-256:  ${lab().identity.sha256}`);
    expect(result.stderr).toContain(`run again with --pin ${lab().identity.sha256}`);
    expect(standin.requests).toEqual([]);
  });

  it('a pin that is not the presented certificate exits 1 with both thumbprints, before reading the password', async () => {
    const standin = await lab().standin();
    const result = await run(['trust-store', ...connection(standin.port, lab().otherIdentity.sha256)], null);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(lab().otherIdentity.sha256);
    expect(result.stderr).toContain(lab().identity.sha256);
    expect(standin.requests).toEqual([]);
  });

  it('remembers the pin in --data-dir, then needs no --pin; a renewed certificate is then blocked (exit 1)', async () => {
    const standin = await lab().standin();
    const dataDir = join(lab().dir, 'cli-data');
    expect((await run(['trust-store', ...connection(standin.port), '--data-dir', dataDir])).code).toBe(0);
    expect(JSON.parse(await readFile(join(dataDir, 'ise-pins.json'), 'utf8')).pins[standin.target].sha256).toBe(lab().identity.sha256);
    const withoutPin = connection(standin.port).slice(0, -2);
    expect((await run(['trust-store', ...withoutPin, '--data-dir', dataDir])).code).toBe(0);
    standin.useIdentity(lab().otherIdentity);
    const changed = await run(['trust-store', ...withoutPin, '--data-dir', dataDir], null);
    expect(changed.code).toBe(1);
    expect(changed.stderr).toMatch(/presented a different certificate than the one you trusted/);
  });

  it('a wrong password exits 1 (ISE was reached and said no); the API turned off and an unreachable ISE exit 1', async () => {
    const standin = await lab().standin();
    const wrong = await run(['trust-store', ...connection(standin.port)], 'not-the-password\n');
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(/HTTP 401/);
    expect(wrong.stderr).not.toContain('not-the-password');
    standin.setApiEnabled(false);
    const off = await run(['trust-store', ...connection(standin.port)]);
    expect(off.code).toBe(1);
    expect(off.stderr).toContain('Administration > System > Settings > API Settings > API Service Settings');
    const silent = await run(['trust-store', ...connection(lab().silent.port), '--timeout', '300'], null);
    expect(silent.code).toBe(1);
    expect(silent.stderr).toMatch(/did not complete a TLS handshake in time/);
  });

  it('never takes the password on the command line, and does not echo it', async () => {
    const standin = await lab().standin();
    for (const form of [['--password', 'S3cret-On-Argv'], ['--password=S3cret-On-Argv']]) {
      const result = await run(['trust-store', ...connection(standin.port), ...form], null);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/never taken on the command line/);
      expect(result.stderr + result.stdout).not.toContain('S3cret-On-Argv');
    }
    const missing = await run(['trust-store', ...connection(standin.port).filter((arg) => arg !== '--password-stdin')], null);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/--password-stdin/);
    expect(standin.requests).toEqual([]);
  });

  it('an empty stdin is a usage error', async () => {
    const standin = await lab().standin();
    const result = await run(['trust-store', ...connection(standin.port)], '\n');
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/standard input was empty/);
  });
});

describe('ise: failures for scripts, and the address', () => {
  it('with --json a failure is a JSON object on stdout ({ error: { code, message } }), wrong credentials exit 1', async () => {
    const standin = await lab().standin();
    const wrong = await run(['trust-store', ...connection(standin.port), '--json'], 'not-the-password\n');
    expect(wrong.code).toBe(1);
    const json = JSON.parse(wrong.stdout) as { error: { code: string; message: string } };
    expect(json.error.code).toBe('ISE_AUTH_FAILED');
    expect(json.error.message).toMatch(/HTTP 401/);
    expect(wrong.stdout).not.toContain('not-the-password');
  });

  it.each([
    ['https://ise-pan.corp/admin/', 'it has a path'],
    ['ise-pan.corp/ers/config', 'it has a path'],
    ['https://ise-pan.corp?x=1', 'it has a query'],
    ['https://admin:pw@ise-pan.corp', 'it holds a user name or password'],
    ['admin@ise-pan.corp', 'it holds a user name or password'],
    ['http://ise-pan.corp', 'over https only, not http'],
    ['ftp://ise-pan.corp', 'over https only, not ftp'],
  ])('refuses --host %s before any network (exit 2)', async (host, why) => {
    const standin = await lab().standin();
    const result = await run(['trust-store', '--host', host, '--port', String(standin.port), '--user', ISE_USER, '--password-stdin', '--json'], null);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(why);
    expect(result.stderr).not.toContain(':pw@');
    expect((JSON.parse(result.stdout) as { error: { code: string } }).error.code).toBe('INVALID_HOST');
    expect(standin.requests).toEqual([]);
  });

  it('accepts a pasted https://host/ with its trailing slash', async () => {
    const standin = await lab().standin();
    const result = await run(['trust-store', '--host', 'https://127.0.0.1/', '--port', String(standin.port), '--user', ISE_USER, '--password-stdin', '--pin', lab().identity.sha256]);
    expect(result.code).toBe(0);
  });
});

describe('ise import-ca', () => {
  it('imports the CA files (a chain file: the leaf skipped, the present root reported), confirms, exits 0', async () => {
    const standin = await lab().standin();
    const chainFile = join(lab().dir, 'full-chain.pem');
    await writeFile(chainFile, lab().pki.leaves['full.test'].pem + lab().pki.rsaIntermediate.pem + lab().pki.rsaRoot.pem);
    const result = await run(['import-ca', ...connection(standin.port), chainFile, lab().pki.ecRoot.pemPath]);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/skipped full\.test, which is not a CA certificate/);
    expect(result.stdout).toMatch(/imported {9}Azure MDM - Lab RSA Issuing CA 01: Imported as "Azure MDM - Lab RSA Issuing CA 01"\./);
    expect(result.stdout).toMatch(/already-present {2}Azure MDM - Lab RSA Root: ISE already trusts this certificate/);
    expect(result.stdout).toMatch(/imported {9}Azure MDM - Lab ECC Root: Imported/);
    expect(result.stdout).toMatch(/Confirmed: ISE's trust store now holds every selected CA\./);
    expect(standin.entries.map((entry) => entry.name).slice(-2)).toEqual(['Azure MDM - Lab ECC Root', 'Azure MDM - Lab RSA Issuing CA 01']);
  });

  it('uses --name-prefix, prints JSON with the flag table, and exits 1 when a CA is refused', async () => {
    const standin = await lab().standin({ empty: true });
    const baltimore = join(lab().dir, 'baltimore.pem');
    await writeFile(baltimore, (await lab().realCa('baltimore_cybertrust_root.pem')).toString('base64'));
    const result = await run(['import-ca', ...connection(standin.port), '--name-prefix', 'Intune', '--json', lab().pki.ecIntermediate.pemPath, baltimore]);
    expect(result.code).toBe(1);
    const json = JSON.parse(result.stdout) as { results: { friendlyName: string; outcome: string }[]; confirmed: boolean; flags: { flag: string }[] };
    expect(json.results.map((entry) => [entry.friendlyName, entry.outcome])).toEqual([
      ['Intune - Baltimore CyberTrust Root', 'refused'],
      ['Intune - Lab ECC Issuing CA 01', 'imported'],
    ]);
    expect(json.confirmed).toBe(false);
    expect(json.flags.map((row) => row.flag)).toContain('trustForCiscoServicesAuth');
  });

  it('needs at least one file and files that hold a CA', async () => {
    const standin = await lab().standin();
    expect((await run(['import-ca', ...connection(standin.port)], null)).code).toBe(2);
    const leafOnly = await run(['import-ca', ...connection(standin.port), lab().pki.leaves['ec.test'].pemPath], null);
    expect(leafOnly.code).toBe(2);
    expect(leafOnly.stderr).toMatch(/hold no CA certificate/);
    expect(standin.requests).toEqual([]);
  });

  it('rejects an unknown sub-command', async () => {
    const result = await run(['export', '--host', 'x'], null);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/unknown sub-command "export"/);
  });
});
