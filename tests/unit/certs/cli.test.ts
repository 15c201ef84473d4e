/** The `inspect` and `convert` commands, run as main/cli.ts runs them, with captured output. */
import { mkdir, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { convertCommand } from '../../../main/cli/convert';
import { inspectCommand } from '../../../main/cli/inspect';
import type { CliCommand } from '../../../main/cli/command';
import { openssl } from '../../support/pki';
import { MICROSOFT_CA, useTempDir, usePki } from './pki-setup';

const pki = usePki();
const tempDir = useTempDir();

async function run(command: CliCommand, args: string[], cwd = tempDir(), stdin?: string) {
  const out: string[] = [];
  const err: string[] = [];
  const io = { stdout: (t: string) => out.push(t), stderr: (t: string) => err.push(t), cwd, now: () => new Date('2026-11-26T12:00:00Z') };
  const code = await command.run(args, stdin === undefined ? io : { ...io, readStdin: async () => stdin });
  return { code, stdout: out.join(''), stderrLines: err.join('').split('\n').filter(Boolean) };
}

describe('inspect', () => {
  it('prints one JSON object per certificate with the documented fields', async () => {
    const result = await run(inspectCommand, [join(MICROSOFT_CA, 'baltimore_plus_digicert_g2_bundle.pem'), pki().files.pfxModernEc, '--password-stdin', '--json'], tempDir(), `${pki().password}\n`);
    expect(result.code).toBe(0);
    expect(result.stderrLines).toEqual([]);
    const records = JSON.parse(result.stdout) as Record<string, unknown>[];
    expect(records).toHaveLength(5);
    expect(records[1]).toMatchObject({
      file: join(MICROSOFT_CA, 'baltimore_plus_digicert_g2_bundle.pem'),
      index: 1,
      subject: 'C=US, O=DigiCert Inc, OU=www.digicert.com, CN=DigiCert Global Root G2',
      subjectCN: 'DigiCert Global Root G2',
      issuerCN: 'DigiCert Global Root G2',
      notAfter: '2038-01-15T12:00:00.000Z',
      status: 'valid',
      keyType: 'rsa',
      keySize: 2048,
      curve: null,
      isCA: true,
      selfSigned: true,
      sha1: 'DF3C24F9BFD666761B268073FE06D1CC8D4F82A4',
      sha1Base64: '3zwk+b/WZnYbJoBz/gbRzI1PgqQ=',
      sha1Base64Url: '3zwk-b_WZnYbJoBz_gbRzI1PgqQ',
      hasPrivateKey: false,
    });
    expect(records[0]).toMatchObject({ status: 'expired', subjectCN: 'Baltimore CyberTrust Root' });
    expect(records[2]).toMatchObject({ keyType: 'ec', curve: 'P-256', hasPrivateKey: true, index: 0 });
    for (const key of ['issuer', 'serialNumber', 'notBefore', 'subjectAltNames', 'keyUsage', 'extendedKeyUsage', 'aiaIssuers', 'ocspUrls', 'crlUrls', 'sha256', 'sha256Base64Url']) {
      expect(records[2]).toHaveProperty(key);
    }
    expect(records[2]?.sha256).toMatch(/^[0-9A-F]{64}$/);
    expect(result.stdout).not.toMatch(/PRIVATE KEY|BEGIN CERTIFICATE/);
  });

  it('prints a readable list with the ISE and Entra spellings of the thumbprint', async () => {
    const result = await run(inspectCommand, [join(MICROSOFT_CA, 'digicert_global_root_g2.pem')]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('digicert_global_root_g2.pem #1: DigiCert Global Root G2');
    expect(result.stdout).toMatch(/SHA-1 \(ISE\)\s+DF:3C:24:F9:BF:D6:66:76:1B:26:80:73:FE:06:D1:CC:8D:4F:82:A4/);
    expect(result.stdout).toMatch(/SHA-1 \(Entra\)\s+DF3C24F9BFD666761B268073FE06D1CC8D4F82A4/);
    expect(result.stdout).toMatch(/Key\s+RSA 2048/);
  });

  it('reports a bad file in one line, still prints the good ones, and exits 2', async () => {
    const result = await run(inspectCommand, [pki().files.csr, pki().certs.ecRoot.pemPath, '--json']);
    expect(result.code).toBe(2);
    expect(result.stderrLines).toEqual([`${pki().files.csr}: This file is a certificate signing request (CSR), not a certificate. Submit it to your CA and load the certificate the CA sends back.`]);
    expect(JSON.parse(result.stdout)).toHaveLength(1);
  });

  it('answers usage mistakes with one line and exit 2', async () => {
    expect(await run(inspectCommand, [])).toMatchObject({ code: 2, stderrLines: [expect.stringMatching(/^inspect: give at least one certificate file \(usage: ise-intune inspect/)] });
    expect(await run(inspectCommand, ['x.pem', '--frobnicate'])).toMatchObject({ code: 2, stderrLines: [expect.stringMatching(/^inspect: Unknown option '--frobnicate'/)] });
    expect(await run(inspectCommand, ['--help'])).toMatchObject({ code: 0, stderrLines: [] });
  });
});

describe('convert', () => {
  it('converts PEM to DER under the CN name in the working folder', async () => {
    const cwd = join(tempDir(), 'der');
    await mkdir(cwd);
    const result = await run(convertCommand, [pki().certs.ecLeaf.pemPath, '--to', 'der'], cwd);
    expect(result).toMatchObject({ code: 0, stderrLines: [] });
    expect(result.stdout).toBe(`Wrote ${join(cwd, 'ise02.example.test.cer')}\n`);
    expect((await readFile(join(cwd, 'ise02.example.test.cer'))).equals(pki().certs.ecLeaf.der)).toBe(true);
  });

  it('converts a .pfx chain to a .p7b openssl reads, without the key, and says so', async () => {
    const out = join(tempDir(), 'from-pfx.p7b');
    const result = await run(convertCommand, [pki().files.pfxLegacy3desRsa, '--to', 'p7b', '--out', out, '--password-stdin'], tempDir(), pki().password);
    expect(result.code).toBe(0);
    expect(result.stderrLines).toEqual([`${pki().files.pfxLegacy3desRsa}: the private key in this file was not exported (certificates only).`]);
    const printed = (await openssl(['pkcs7', '-print_certs', '-inform', 'DER', '-in', out, '-noout'])).stdout.toString();
    expect(printed.match(/^subject=/gm)).toHaveLength(3);
    expect((await readFile(out)).toString('latin1')).not.toContain('PRIVATE KEY');
  });

  it('writes the single base64 line and keeps a backup when the target exists', async () => {
    const out = join(tempDir(), 'value.txt');
    expect((await run(convertCommand, [pki().certs.rsaLeaf.derPath, '--to', 'base64', '--out', out])).code).toBe(0);
    expect(await readFile(out, 'utf8')).toBe(`${pki().certs.rsaLeaf.der.toString('base64')}\n`);
    const again = await run(convertCommand, [pki().certs.ecLeaf.derPath, '--to', 'base64', '--out', out]);
    expect(again.stdout).toBe(`Wrote ${out} (previous file kept as ${out}.bak)\n`);
    expect(await readFile(`${out}.bak`, 'utf8')).toBe(`${pki().certs.rsaLeaf.der.toString('base64')}\n`);
  });

  it('splits a bundle into one PEM file per certificate in a folder', async () => {
    const folder = join(tempDir(), 'split');
    await mkdir(folder);
    const result = await run(convertCommand, [pki().files.p7bChainDer, '--to', 'pem', '--split', '--out', folder]);
    expect(result.code).toBe(0);
    expect((await readdir(folder)).sort()).toEqual([
      'Test ECC Root.cer',
      'Test RSA Issuing CA 01 (Test ECC Root).cer',
      'Test RSA Issuing CA 01 (Test RSA Root).cer',
      'Test RSA Root.cer',
      'ise03.example.test.cer',
    ]);
  });

  it('refuses a file name for several outputs, and unknown formats, writing nothing', async () => {
    const folder = join(tempDir(), 'refused');
    await mkdir(folder);
    const several = await run(convertCommand, [pki().files.rsaChainPem, '--to', 'der', '--out', join(folder, 'one.cer')]);
    expect(several).toMatchObject({ code: 2, stderrLines: [expect.stringMatching(/^convert: 3 files would be written; give a folder to --out/)] });
    const format = await run(convertCommand, [pki().files.rsaChainPem, '--to', 'jks']);
    expect(format).toMatchObject({ code: 2, stderrLines: [expect.stringMatching(/^convert: --to must be one of pem, der, p7b, base64/)] });
    expect(await readdir(folder)).toEqual([]);
  });
});
