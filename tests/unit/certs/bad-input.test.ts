/**
 * Bad input: each case gets its own code and a sentence the admin can act on, from the
 * service and from `convert` (exit 2, one line on stderr, nothing written).
 */
import { randomBytes } from 'node:crypto';
import { mkdir, open, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { convertCommand } from '../../../main/cli/convert';
import { loadCertificateBytes, loadCertificateFile } from '../../../main/services/certs';
import { derElement, derSmallInteger } from '../../../main/services/certs/asn1';
import { ServiceError } from '../../../main/services/errors';
import { openssl } from '../../support/pki';
import { MALFORMED_PEM, useTempDir, usePki } from './pki-setup';

const pki = usePki();
const tempDir = useTempDir();

interface Case {
  title: string;
  /** Writes the bad file and returns its path. */
  make: (dir: string) => Promise<string>;
  code: string;
  message: RegExp;
  password?: string;
}

const write = (name: string, content: Buffer | string) => async (dir: string) => {
  const path = join(dir, name);
  await writeFile(path, content);
  return path;
};

const rsaLeafPem = async (): Promise<string> => readFile(pki().certs.rsaLeaf.pemPath, 'utf8');

const cases: Case[] = [
  { title: 'garbage bytes', make: write('garbage.cer', Buffer.from('8d4f0019aa77e2c1b3', 'hex')), code: 'NOT_A_CERTIFICATE', message: /not a certificate in any format/ },
  { title: 'a binary file cut short', make: write('cut.der', Buffer.from([0x30, 0x82, 0x05, 0x00, 0x30, 0x82])), code: 'TRUNCATED_DER', message: /cut short or damaged/ },
  {
    title: 'an HTML 301 page saved as .crt (real-world file)',
    make: async (dir) => write('BaltimoreCyberTrustRoot.crt', await readFile(join(MALFORMED_PEM, 'html_301_saved_as_baltimore.crt.pem')))(dir),
    code: 'HTML_NOT_CERTIFICATE',
    message: /^This file is an HTML web page \("301 Moved Permanently"\), not a certificate\./,
  },
  {
    title: 'armour around a body that is not base64 (real-world fabricated Baltimore file)',
    make: async (dir) => write('bogus.crt.pem', await readFile(join(MALFORMED_PEM, 'bogus_baltimore.crt.pem')))(dir),
    code: 'INVALID_BASE64',
    message: /^The CERTIFICATE block is damaged: its 1055 base64 characters are not a whole number of 4-character groups/,
  },
  {
    title: 'a truncated PEM',
    make: async (dir) => write('truncated.pem', (await rsaLeafPem()).slice(0, 700))(dir),
    code: 'TRUNCATED_PEM',
    message: /has no "-----END CERTIFICATE-----" line: the file was cut short/,
  },
  {
    title: 'base64 with invalid characters',
    make: async (dir) => write('edited.pem', (await rsaLeafPem()).replace(/\n(.{20})/, '\n$1*'))(dir),
    code: 'INVALID_BASE64',
    message: /contains "\*" on line 2, which is not a base64 character/,
  },
  {
    title: 'armour around bytes that are no certificate',
    make: write('random.pem', `-----BEGIN CERTIFICATE-----\n${randomBytes(96).toString('base64')}\n-----END CERTIFICATE-----\n`),
    code: 'NOT_A_CERTIFICATE',
    message: /is not a certificate in any format this app reads/,
  },
  {
    title: 'the outline of a certificate with undecodable content',
    make: write(
      'outline.cer',
      derElement(0x30, derElement(0x30, derElement(0xa0, derSmallInteger(2)), derSmallInteger(1), derElement(0x30), derElement(0x30), derElement(0x30), derElement(0x30), derElement(0x30)), derElement(0x30), derElement(0x03, Buffer.from([0]))),
    ),
    code: 'INVALID_CERTIFICATE',
    message: /has the outline of a certificate but its content does not decode/,
  },
  { title: 'an empty file', make: write('empty.cer', ''), code: 'EMPTY_FILE', message: /^This file is empty\./ },
  { title: 'a file of blank lines', make: write('blank.cer', '\r\n  \n'), code: 'EMPTY_FILE', message: /^This file is empty\./ },
  {
    title: 'a 50 MB file (never read whole)',
    make: async (dir) => {
      const path = join(dir, 'huge.cer');
      const handle = await open(path, 'w');
      await handle.truncate(50 * 1024 * 1024);
      await handle.close();
      return path;
    },
    code: 'FILE_TOO_LARGE',
    message: /^This file is 50\.0 MB; certificate files are a few kilobytes/,
  },
  { title: 'a .pfx with the wrong password', make: async () => pki().files.pfxModernEc, password: 'not-the-password', code: 'PFX_BAD_PASSWORD', message: /^The password does not open this \.pfx file/ },
  { title: 'a .pfx without its password', make: async () => pki().files.pfxLegacy3desRsa, code: 'PFX_PASSWORD_REQUIRED', message: /protected by a password/ },
  { title: 'a .pfx with no certificate', make: async () => pki().files.pfxNoCertificate, password: 'Pässwörd-1', code: 'PFX_NO_CERTIFICATE', message: /holding a private key but no certificate/ },
  { title: 'a .p7b with no certificate', make: async () => pki().files.p7bEmptyDer, code: 'P7B_EMPTY', message: /PKCS#7 \(\.p7b\) bundle with no certificate/ },
  { title: 'an RSA private key (PKCS#8 PEM)', make: async () => pki().files.rsaKeyPkcs8, code: 'PRIVATE_KEY_NOT_CERTIFICATE', message: /^This file is an RSA private key, not a certificate\./ },
  { title: 'an RSA private key (PKCS#1 PEM)', make: async () => pki().files.rsaKeyPkcs1, code: 'PRIVATE_KEY_NOT_CERTIFICATE', message: /^This file is an RSA private key, not a certificate\./ },
  { title: 'an RSA private key (DER)', make: async () => pki().files.rsaKeyDer, code: 'PRIVATE_KEY_NOT_CERTIFICATE', message: /^This file is an RSA private key, not a certificate\./ },
  { title: 'an EC private key (SEC1 PEM)', make: async () => pki().files.ecKeySec1, code: 'PRIVATE_KEY_NOT_CERTIFICATE', message: /^This file is an EC private key, not a certificate\./ },
  { title: 'an encrypted private key', make: async () => pki().files.encryptedKey, code: 'PRIVATE_KEY_NOT_CERTIFICATE', message: /^This file is an encrypted private key, not a certificate\./ },
  { title: 'a CSR', make: async () => pki().files.csr, code: 'CSR_NOT_CERTIFICATE', message: /^This file is a certificate signing request \(CSR\), not a certificate\./ },
  { title: 'a CRL', make: async () => pki().files.crl, code: 'CRL_NOT_CERTIFICATE', message: /^This file is a certificate revocation list \(CRL\), not a certificate\./ },
  {
    title: 'a CRL in DER',
    make: async (dir) => {
      const path = join(dir, 'crl.der');
      await openssl(['crl', '-in', pki().files.crl, '-outform', 'DER', '-out', path]);
      return path;
    },
    code: 'CRL_NOT_CERTIFICATE',
    message: /certificate revocation list/,
  },
  {
    title: 'a bare public key',
    make: async (dir) => {
      const path = join(dir, 'public.pem');
      await openssl(['pkey', '-in', pki().files.rsaKeyPkcs8, '-pubout', '-out', path]);
      return path;
    },
    code: 'PUBLIC_KEY_NOT_CERTIFICATE',
    message: /^This file is a bare public key/,
  },
  { title: 'a path that does not exist', make: async (dir) => join(dir, 'nowhere.cer'), code: 'UNREADABLE_FILE', message: /nowhere\.cer does not exist\.$/ },
  { title: 'a folder', make: async (dir) => dir, code: 'UNREADABLE_FILE', message: /is a folder, not a file/ },
];

describe('bad input', () => {
  it.each(cases)('refuses $title with $code', async ({ make, code, message, password }) => {
    const inputs = join(tempDir(), `in-${code}-${randomBytes(4).toString('hex')}`);
    await mkdir(inputs);
    const path = await make(inputs);
    const options = password === undefined ? {} : { password };

    const error = await loadCertificateFile(path, options).then(
      () => null,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(ServiceError);
    expect((error as ServiceError).code).toBe(code);
    expect((error as ServiceError).message).toMatch(message);

    const out = join(tempDir(), `out-${randomBytes(4).toString('hex')}`);
    await mkdir(out);
    const stdout: string[] = [];
    const stderr: string[] = [];
    const args = [path, '--to', 'pem', '--out', `${out}/`, ...(password === undefined ? [] : ['--password-stdin'])];
    const io = { stdout: (t: string) => stdout.push(t), stderr: (t: string) => stderr.push(t), cwd: inputs, now: () => new Date() };
    const exit = await convertCommand.run(args, password === undefined ? io : { ...io, readStdin: async () => `${password}\r\n` });
    expect(exit).toBe(2);
    expect(stdout).toEqual([]);
    expect(stderr.join('').trimEnd().split('\n')).toEqual([`convert: ${(error as ServiceError).message}`]);
    expect(await readdir(out)).toEqual([]);
  });

  it('refuses dropped bytes over 20 MB before parsing them', () => {
    expect(() => loadCertificateBytes(Buffer.alloc(21 * 1024 * 1024, 0x41), 'dropped')).toThrow(
      expect.objectContaining({ code: 'FILE_TOO_LARGE' }),
    );
  });

  it('keeps the good certificates of a bundle with one bad block, writes them and reports the bad one', async () => {
    const good = await rsaLeafPem();
    const bad = good.replace(/\n(.{30})/, '\n$1%');
    const path = join(tempDir(), 'mixed.pem');
    await writeFile(path, `${good}${bad}`);
    const out = join(tempDir(), 'mixed-out');
    await mkdir(out);
    const stderr: string[] = [];
    const exit = await convertCommand.run([path, '--to', 'der', '--out', `${out}/`], { stdout: () => undefined, stderr: (t) => stderr.push(t), cwd: tempDir(), now: () => new Date() });
    expect(exit).toBe(2);
    expect(await readdir(out)).toEqual(['ise01.example.test.cer']);
    expect(stderr).toEqual([expect.stringContaining(`${path}: skipped: Block 2 of 2 (CERTIFICATE) contains "%" on line 2`)]);
  });
});
