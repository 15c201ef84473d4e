/**
 * PEM text by kind (issue 23): the byte-order marks Windows tools write and the near misses
 * that are not one, UTF-16 with a stray last byte, blocks whose END line is missing or sits
 * after the next BEGIN, LF / CRLF / CR line ends with RFC 1421 headers, empty bodies, base64
 * with padding in the middle, and PEM written at exact 64-character multiples. Real
 * certificates, with OpenSSL as the reference for every encoding.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadCertificateBytes } from '../../../main/services/certs';
import { decodeBase64Strict, decodeText, findPemBlocks, toPem } from '../../../main/services/certs/pem';
import { openssl } from '../../support/pki';
import { MICROSOFT_CA } from './pki-setup';

const ROOT_FILE = join(MICROSOFT_CA, 'digicert_global_root_g2.pem');
const OTHER_FILE = join(MICROSOFT_CA, 'microsoft_rsa_root_certificate_authority_2017.pem');

let pem = '';
let rootDer: Buffer = Buffer.alloc(0);
let otherPem = '';
let otherDer: Buffer = Buffer.alloc(0);
/** The PEM with the bag attributes OpenSSL's pkcs12 writes, one of them not ASCII. */
let bagged = '';

beforeAll(async () => {
  pem = await readFile(ROOT_FILE, 'latin1');
  otherPem = await readFile(OTHER_FILE, 'latin1');
  rootDer = (await openssl(['x509', '-in', ROOT_FILE, '-outform', 'DER'])).stdout;
  otherDer = (await openssl(['x509', '-in', OTHER_FILE, '-outform', 'DER'])).stdout;
  bagged = `Bag Attributes\n    friendlyName: Raíz de la empresa (Año 2026)\nsubject=CN=DigiCert Global Root G2\n${pem.slice(pem.indexOf('-----BEGIN'))}`;
});

const utf16be = (text: string): Buffer => Buffer.from(text, 'utf16le').swap16();
const loadedDers = (bytes: Buffer): Buffer[] => loadCertificateBytes(bytes, 'x.cer').certificates.map((entry) => Buffer.from(entry.info.base64Der, 'base64'));

describe('text encodings and byte-order marks', () => {
  it('honours each byte-order mark Windows tools write, and the UTF-16 files that have none', () => {
    const files: [string, Buffer][] = [
      ['UTF-8 with BOM', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(bagged, 'utf8')])],
      ['UTF-16 LE with BOM', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(bagged, 'utf16le')])],
      ['UTF-16 BE with BOM', Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be(bagged)])],
      ['UTF-16 LE without BOM', Buffer.from(bagged, 'utf16le')],
      ['UTF-16 BE without BOM', utf16be(bagged)],
    ];
    for (const [name, bytes] of files) {
      expect(decodeText(bytes), name).toBe(bagged);
      expect(loadedDers(bytes), name).toEqual([rootDer]);
    }
  });

  it('reads a UTF-16 file with an odd number of bytes (a stray last byte) without failing', () => {
    const text = `${pem.trimEnd()}\r\n`;
    const files: [string, Buffer][] = [
      ['LE with BOM', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le'), Buffer.from([0x0a])])],
      ['BE with BOM', Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be(text), Buffer.from([0x00])])],
      ['LE without BOM', Buffer.concat([Buffer.from(text, 'utf16le'), Buffer.from([0x0a])])],
      ['BE without BOM', Buffer.concat([utf16be(text), Buffer.from([0x00])])],
    ];
    for (const [name, bytes] of files) {
      expect(bytes.length % 2, name).toBe(1);
      expect(decodeText(bytes), name).toBe(text);
      expect(loadedDers(bytes), name).toEqual([rootDer]);
    }
  });

  it('does not take two of the three UTF-8 BOM bytes, or one of the two UTF-16 ones, for a BOM', () => {
    // Latin-1 text that merely starts with "ï»", "þ", "ÿ" and so on stays byte for byte what it was.
    const nearMisses = [
      [0xef, 0xbb, 0x41], [0xef, 0x41, 0xbf], [0x41, 0xbb, 0xbf], [0xef, 0xbb],
      [0xff, 0x41], [0x41, 0xfe], [0xfe, 0x41], [0x41, 0xff], [0xfe, 0xfe], [0xff, 0xff],
    ];
    for (const prefix of nearMisses) {
      const bytes = Buffer.concat([Buffer.from(prefix), Buffer.from(`\n${pem}`, 'latin1')]);
      expect(decodeText(bytes), Buffer.from(prefix).toString('hex')).toBe(bytes.toString('latin1'));
      expect(loadedDers(bytes)).toEqual([rootDer]);
    }
  });
});

describe('where a block ends', () => {
  it('reports a block whose END line is missing as cut short, even when a later block of the same kind has one', () => {
    const cut = pem.slice(0, pem.indexOf('-----END'));
    const text = `${cut}${otherPem}`;
    const blocks = findPemBlocks(text);
    expect(blocks.map((block) => block.result.ok)).toEqual([false, true]);
    expect(blocks[0]?.result).toMatchObject({ ok: false, error: { code: 'TRUNCATED_PEM', message: expect.stringMatching(/^Block 1 of 2 \(CERTIFICATE\) has no "-----END CERTIFICATE-----" line/) } });
    expect(blocks[1]?.result).toEqual({ ok: true, der: otherDer });
    const loaded = loadCertificateBytes(Buffer.from(text, 'latin1'), 'bundle.pem');
    expect(loaded.certificates.map((entry) => Buffer.from(entry.info.base64Der, 'base64'))).toEqual([otherDer]);
    expect(loaded.problems).toEqual([expect.objectContaining({ code: 'TRUNCATED_PEM' })]);
  });

  it('decodes the same certificate whatever the line ends (LF, CRLF, CR only, mixed)', () => {
    for (const [name, eol] of [['LF', '\n'], ['CRLF', '\r\n'], ['CR', '\r']] as const) {
      const text = pem.replace(/\r?\n/g, eol);
      expect(findPemBlocks(text).map((block) => block.result), name).toEqual([{ ok: true, der: rootDer }]);
    }
    const lines = pem.trimEnd().split(/\r?\n/);
    const mixed = lines.map((line, index) => `${line}${['\n', '\r\n', '\r'][index % 3]}`).join('');
    expect(findPemBlocks(mixed).map((block) => block.result)).toEqual([{ ok: true, der: rootDer }]);
  });

  it('skips RFC 1421 headers (Proc-Type, DEK-Info) before the body, whatever the line ends', async () => {
    // A legacy encrypted key as OpenSSL writes it: its body is the encrypted key, not DER.
    const key = await readFile(join(import.meta.dirname, '../../fixtures/keys/certs/rsa-leaf.rsa2048.key'));
    const legacy = (await openssl(['rsa', '-traditional', '-aes128', '-passout', 'pass:Legacy-1', '-out', '-'], { input: key })).stdout.toString('latin1');
    expect(legacy).toMatch(/^-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,[0-9A-F]{32}\n\n/);
    const body = legacy.split('\n\n')[1]?.replace(/-----END[\s\S]*/, '') as string;
    const encrypted = (await openssl(['base64', '-d'], { input: body })).stdout;
    for (const [name, eol] of [['LF', '\n'], ['CRLF', '\r\n'], ['CR', '\r']] as const) {
      const text = legacy.replace(/\n/g, eol);
      expect(findPemBlocks(text).map((block) => block.result), name).toEqual([{ ok: true, der: encrypted }]);
    }
    // The same headers in front of a certificate's body.
    const headed = pem.replace('-----\n', '-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00112233445566778899AABBCCDDEEFF\n\n');
    expect(findPemBlocks(headed).map((block) => block.result)).toEqual([{ ok: true, der: rootDer }]);
  });
});

describe('the body between BEGIN and END', () => {
  it('says a block with nothing (or only blank lines) between BEGIN and END is empty', () => {
    for (const body of ['', '\n', '\n   \n\t\n', '\r\n\r\n']) {
      const blocks = findPemBlocks(`-----BEGIN CERTIFICATE-----\n${body}-----END CERTIFICATE-----\n`);
      expect(blocks.map((block) => block.result)).toEqual([
        { ok: false, error: expect.objectContaining({ code: 'INVALID_BASE64', message: 'The CERTIFICATE block is empty between its BEGIN and END lines.' }) },
      ]);
    }
    expect(() => decodeBase64Strict(' \n ', 'The pasted value')).toThrow('The pasted value is empty between its BEGIN and END lines.');
  });

  it('refuses padding in the middle (two bodies pasted into one block), which Node would decode as a shorter object', () => {
    // The first body ends in "=": a DER whose length is not a multiple of 3.
    const first = rootDer.subarray(0, rootDer.length - (rootDer.length % 3 === 0 ? 1 : 0));
    const joined = `${first.toString('base64')}${otherDer.toString('base64')}`;
    expect(joined.length % 4).toBe(0);
    expect(joined.slice(0, -2)).toContain('=');
    const blocks = findPemBlocks(`-----BEGIN CERTIFICATE-----\n${joined.replace(/.{64}/g, '$&\n')}\n-----END CERTIFICATE-----\n`);
    expect(blocks[0]?.result).toMatchObject({ ok: false, error: { code: 'INVALID_BASE64', message: expect.stringMatching(/^The CERTIFICATE block is damaged: its \d+ base64 characters/) } });
    for (const value of ['QUI=QUJD', '=QUJDREVG', 'QUJDREVG=AAA', 'QQ==QUJDREVG']) {
      expect(() => decodeBase64Strict(value, 'The value'), value).toThrow(/^The value is damaged/);
    }
    expect(decodeBase64Strict('QUJD\nREVG\n R0g=', 'The value').toString('latin1')).toBe('ABCDEFGH');
  });
});

describe('writing PEM', () => {
  it('writes what OpenSSL writes: 64-character lines, no blank line when the body fills its last line', async () => {
    expect(toPem(rootDer)).toBe((await openssl(['x509', '-in', ROOT_FILE, '-outform', 'PEM'])).stdout.toString('latin1'));
    // 48 and 96 bytes fill whole 64-character lines; 47 and 49 do not.
    for (const length of [48, 96, 47, 49]) {
      const bytes = Buffer.alloc(length, length);
      const base64 = (await openssl(['base64', '-e'], { input: bytes })).stdout.toString('latin1');
      expect(toPem(bytes, 'PKCS7'), String(length)).toBe(`-----BEGIN PKCS7-----\n${base64}-----END PKCS7-----\n`);
    }
  });
});
