/** `ise-intune diagnose`, run as main/cli.ts runs it, with captured output and text on stdin. */
import { mkdir, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { diagnoseCommand, runDiagnose } from '../../../main/cli/diagnose';
import { writeZip } from '../../support/archives';
import { useTempDir } from '../certs/pki-setup';
import { useNodeLab, writeManifest } from './node-certs';
import { AAD_CLIENT, aadsts, iseLine, noiseLines, pkixLog } from './samples';

const lab = useNodeLab();
const tempDir = useTempDir('ise-intune-diagnose-cli-');

async function run(args: string[], stdinText?: string) {
  const out: string[] = [];
  const err: string[] = [];
  let stdinRead = false;
  const stdin = () => {
    stdinRead = true;
    return Readable.from(stdinText === undefined ? [] : [Buffer.from(stdinText)]);
  };
  const io = { stdout: (text: string) => out.push(text), stderr: (text: string) => err.push(text), cwd: tempDir(), now: () => new Date('2026-11-26T12:00:00Z') };
  const code = await runDiagnose(args, io, stdin);
  return { code, stdout: out.join(''), stderr: err.join(''), stdinRead };
}

interface JsonOutput {
  findings: { code: string; title: string; cause: string; remedy: string; evidence: { file: string; line: number; text: string }[]; thumbprints: string[]; matched: { thumbprint: string; certificate: { file: string; subjectCN: string; sha1: string }; registered: boolean | null }[] }[];
  linesRead: number;
  linesRelevant: number;
}

describe('ise-intune diagnose', () => {
  it('prints the documented JSON for a log file, and exits 0', async () => {
    await writeFile(join(tempDir(), 'ise-psc.log'), `${[...noiseLines('2016-10-17', 5), ...pkixLog()].join('\n')}\n`);
    const result = await run(['ise-psc.log', '--json']);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    expect(result.stdinRead).toBe(false);
    const json = JSON.parse(result.stdout) as JsonOutput;
    expect(json.linesRead).toBe(14);
    expect(json.linesRelevant).toBe(9);
    expect(json.findings).toHaveLength(1);
    const [pkix] = json.findings;
    expect(pkix).toMatchObject({ code: 'PKIX_PATH', thumbprints: [], matched: [] });
    expect(typeof pkix?.title).toBe('string');
    expect(typeof pkix?.cause).toBe('string');
    expect(pkix?.remedy).toContain('import them in ISE');
    expect(pkix?.evidence[0]).toEqual({ file: 'ise-psc.log', line: 9, text: expect.stringContaining('PKIX path building failed') });
  });

  it('matches thumbprints with --cert files and a --manifest', async () => {
    const { ise1, ise2 } = lab();
    await writeManifest(join(tempDir(), 'manifest.json'), [{ customKeyIdentifier: ise1.base64, displayName: 'CN=ise-1.example.test' }]);
    const text = iseLine('2026-11-20 09:15:00,123', 'ERROR', AAD_CLIENT, `Failed to acquire auth token from Azure AD. ${aadsts.keyNotFound(ise2.hex)}`);
    const cert1 = relative(tempDir(), ise1.generated.pemPath);
    const cert2 = relative(tempDir(), ise2.generated.derPath);
    const result = await run(['-', '--cert', cert1, '--cert', cert2, '--manifest', 'manifest.json', '--json'], text);
    expect(result.code).toBe(0);
    expect(result.stdinRead).toBe(true);
    const json = JSON.parse(result.stdout) as JsonOutput;
    expect(json.findings[0]?.code).toBe('KEY_NOT_FOUND');
    expect(json.findings[0]?.thumbprints).toEqual([ise2.hex]);
    expect(json.findings[0]?.matched).toEqual([{ thumbprint: ise2.hex, certificate: { file: cert2, subjectCN: 'ise-2.example.test', sha1: ise2.hex }, registered: false }]);
  });

  it('reads stdin when no file is given, and prints text for a ticket', async () => {
    const result = await run([], `${aadsts.secret}\r\n`);
    expect(result.code).toBe(0);
    expect(result.stdinRead).toBe(true);
    expect(result.stdout).toContain('[SECRET_INSTEAD_OF_CERT]');
    expect(result.stdout).toContain('stdin:1: AADSTS7000215');
  });

  it('exits 0 with no findings', async () => {
    const result = await run(['--json'], noiseLines('2024-01-01', 3).join('\n'));
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ findings: [], linesRead: 3, linesRelevant: 0 });
  });

  it('exits 2 for unreadable input, naming the file, while diagnosing the others', async () => {
    await mkdir(join(tempDir(), 'bundles'), { recursive: true });
    await writeZip(join(tempDir(), 'bundles', 'locked.zip'), [{ name: 'ise-psc.log', content: 'x\n' }], { encryptedFlag: true });
    await writeFile(join(tempDir(), 'consent.log'), `${aadsts.consent}\n`);
    const result = await run(['bundles/locked.zip', 'nope.log', 'consent.log', '--json']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('bundles/locked.zip is encrypted');
    expect(result.stderr).toContain('The file nope.log does not exist.');
    expect((JSON.parse(result.stdout) as JsonOutput).findings.map((finding) => finding.code)).toEqual(['CONSENT_MISSING']);
  });

  it('exits 2 when a --cert file is not a certificate', async () => {
    await writeFile(join(tempDir(), 'notes.txt'), 'not a certificate\n');
    const result = await run(['-', '--cert', 'notes.txt'], aadsts.consent);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^diagnose: /);
  });

  it('refuses "-" mixed with files, and unknown options', async () => {
    expect((await run(['-', 'ise-psc.log'])).code).toBe(2);
    const unknown = await run(['--verbose']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain(diagnoseCommand.usage);
  });
});
