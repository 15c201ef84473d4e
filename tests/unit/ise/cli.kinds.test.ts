/**
 * `ise-intune diagnose` behaviour the older CLI test left unchecked (issue 23: it ran 197
 * mutated lines and caught 9): help, a terminal on stdin, every field of the JSON for one
 * finding, a thumbprint tied to a --cert file that the --manifest holds, and the clock.
 */
import { copyFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { diagnoseCommand, runDiagnose } from '../../../main/cli/diagnose';
import { loadCertificateFile } from '../../../main/services/certs';
import { MICROSOFT_CA } from '../../support/fixture-paths';
import { useTempDir } from '../certs/pki-setup';
import { writeManifest } from './node-certs';
import { AAD_CLIENT, aadsts, iseLine } from './samples';

const tempDir = useTempDir('ise-intune-diagnose-kinds-');
// DigiCert Global Root G2 ends 2038-01-15T12:00:00Z: a stand-in node certificate with fixed dates.
const CERT = 'digicert_global_root_g2.pem';

async function run(args: string[], stdinText?: string, options: { tty?: boolean; now?: string } = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const stdin = () => Object.assign(Readable.from(stdinText === undefined ? [] : [Buffer.from(stdinText)]), options.tty ? { isTTY: true } : {});
  const io = { stdout: (text: string) => out.push(text), stderr: (text: string) => err.push(text), cwd: tempDir(), now: () => new Date(options.now ?? '2026-11-26T12:00:00Z') };
  const code = await runDiagnose(args, io, stdin);
  return { code, stdout: out.join(''), stderr: err.join('') };
}

describe('ise-intune diagnose, more kinds', () => {
  it('prints its usage for --help and exits 0', async () => {
    const result = await run(['--help']);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toBe(`${diagnoseCommand.usage}\n${diagnoseCommand.summary}\n`);
  });

  it('refuses to wait on a terminal when no file is given', async () => {
    const result = await run([], undefined, { tty: true });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('give a log file, or pipe the error text into stdin');
    expect(result.stdout).toBe('');
  });

  it('"-" reads stdin even from a terminal, as asked', async () => {
    const result = await run(['-', '--json'], aadsts.secret, { tty: true });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).findings.map((finding: { code: string }) => finding.code)).toEqual(['SECRET_INSTEAD_OF_CERT']);
  });

  it('prints every documented JSON field of a finding', async () => {
    const text = [iseLine('2024-05-10 10:12:13,456', 'ERROR', AAD_CLIENT, 'AADSTS50034: The user account does not exist in the directory.'), iseLine('2024-05-11 08:00:00,000', 'ERROR', AAD_CLIENT, 'AADSTS50034 again')].join('\n');
    const result = await run(['--json'], text);
    const json = JSON.parse(result.stdout);
    expect(json).toMatchObject({ linesRead: 2, linesRelevant: 2, certificates: [] });
    expect(json.findings).toEqual([
      expect.objectContaining({
        code: 'UNKNOWN_AADSTS',
        severity: expect.any(String),
        aadsts: 'AADSTS50034',
        lookupUrl: 'https://login.microsoftonline.com/error?code=50034',
        count: 2,
        firstSeen: '2024-05-10 10:12:13,456',
        lastSeen: '2024-05-11 08:00:00,000',
        evidence: [
          { file: 'stdin', line: 1, text: expect.stringContaining('AADSTS50034: The user account') },
          { file: 'stdin', line: 2, text: expect.stringContaining('AADSTS50034 again') },
        ],
        thumbprints: [],
        matched: [],
        explanations: [],
      }),
    ]);
    expect(typeof json.findings[0].screen === 'string' || json.findings[0].screen === null).toBe(true);
    expect(Array.isArray(json.summary)).toBe(true);
  });

  it('ties the key ISE used to the --cert file and reads the --manifest as holding it', async () => {
    await copyFile(join(MICROSOFT_CA, CERT), join(tempDir(), 'ise-1.pem'));
    const info = (await loadCertificateFile(join(MICROSOFT_CA, CERT))).certificates[0]?.info;
    if (!info) throw new Error('fixture certificate');
    await writeManifest(join(tempDir(), 'registered.json'), [{ customKeyIdentifier: info.thumbprints.sha1Base64, displayName: 'CN=DigiCert Global Root G2' }]);
    const text = iseLine('2026-11-20 09:15:00,123', 'ERROR', AAD_CLIENT, aadsts.keyNotFound(info.thumbprints.sha1));
    const result = await run(['-', '--cert', 'ise-1.pem', '--manifest', 'registered.json', '--json'], text);
    expect(result.code).toBe(0);
    const [finding] = JSON.parse(result.stdout).findings;
    expect(finding.code).toBe('KEY_NOT_FOUND');
    expect(finding.matched).toEqual([{ thumbprint: info.thumbprints.sha1, certificate: { file: 'ise-1.pem', subjectCN: 'DigiCert Global Root G2', sha1: info.thumbprints.sha1 }, registered: true }]);
    expect(finding.explanations.join(' ')).toContain('ise-1.pem');
  });

  it('judges an expired --cert by the clock it is given', async () => {
    await copyFile(join(MICROSOFT_CA, CERT), join(tempDir(), 'ise-2.pem'));
    const info = (await loadCertificateFile(join(MICROSOFT_CA, CERT))).certificates[0]?.info;
    const text = iseLine('2038-02-01 09:15:00,123', 'ERROR', AAD_CLIENT, aadsts.keyExpired(info?.thumbprints.sha1 ?? ''));
    const explanations = async (now: string) => JSON.parse((await run(['-', '--cert', 'ise-2.pem', '--json'], text, { now })).stdout).findings[0].explanations.join(' ');
    expect(await explanations('2038-02-01T00:00:00Z')).toContain("renew ise-2.pem's certificate on ISE");
    expect(await explanations('2030-01-01T00:00:00Z')).not.toContain("renew ise-2.pem's certificate on ISE");
  });

  it('exits 2 for a --manifest that is not JSON, saying so', async () => {
    await writeFile(join(tempDir(), 'broken.json'), '{ "keyCredentials": [ ');
    const result = await run(['-', '--manifest', 'broken.json'], aadsts.consent);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^diagnose: /);
    expect(result.stdout).toBe('');
  });
});
