/**
 * What a file is, by kind (issue 23): empty files of spaces and NULs, the 20 MB limit, bare
 * base64 (one object wrapped over lines, or one object per line; the 16-character threshold;
 * prose around it; objects that are not DER), and HTML pages in every shape a browser saves them (BOM, leading
 * whitespace, XML prologue, `<html lang>`, `<head>`, `<body>`, titles with attributes, tags or
 * odd whitespace). Real certificates, with OpenSSL's DER as the reference.
 */
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadCertificateBytes } from '../../../main/services/certs';
import { MAX_INPUT_BYTES, detectInput } from '../../../main/services/certs/detect';
import { openssl } from '../../support/pki';
import { MICROSOFT_CA } from './pki-setup';

let rootDer: Buffer = Buffer.alloc(0);
let otherDer: Buffer = Buffer.alloc(0);

beforeAll(async () => {
  rootDer = (await openssl(['x509', '-in', join(MICROSOFT_CA, 'digicert_global_root_g2.pem'), '-outform', 'DER'])).stdout;
  otherDer = (await openssl(['x509', '-in', join(MICROSOFT_CA, 'microsoft_rsa_root_certificate_authority_2017.pem'), '-outform', 'DER'])).stdout;
});

const detect = (text: string | Buffer) => detectInput(typeof text === 'string' ? Buffer.from(text, 'latin1') : text);
const errorOf = (text: string | Buffer): { code: string; message: string } => {
  try {
    detect(text);
  } catch (error) {
    return error as { code: string; message: string };
  }
  throw new Error('no error');
};

describe('empty files', () => {
  it('calls a file of nothing but spaces, tabs, line ends or NULs empty', () => {
    for (const bytes of [Buffer.alloc(0), Buffer.from('   '), Buffer.from('\r\n\t\r\n'), Buffer.alloc(512), Buffer.from(' \0\n\0\t'), Buffer.from('\n', 'utf16le')]) {
      expect(errorOf(bytes), JSON.stringify(bytes.toString('latin1'))).toMatchObject({ code: 'EMPTY_FILE', message: 'This file is empty. Export or download the certificate again.' });
    }
    // One visible character is not empty.
    expect(errorOf(Buffer.from('\0\0.\0')).code).toBe('NOT_A_CERTIFICATE');
  });
});

describe('the size limit', () => {
  it('reads an object of exactly 20 MB and refuses one byte more, before parsing it', () => {
    // A DER SEQUENCE with a 4-byte length that fills the whole limit.
    const atLimit = Buffer.alloc(MAX_INPUT_BYTES);
    Buffer.from([0x30, 0x84]).copy(atLimit);
    atLimit.writeUInt32BE(MAX_INPUT_BYTES - 6, 2);
    const detected = detect(atLimit);
    // The very buffer (comparing 20 MB byte by byte would only slow the test).
    expect(detected.format === 'der' && detected.ders.length === 1 && detected.ders[0] === atLimit).toBe(true);
    const over = Buffer.concat([atLimit, Buffer.from([0])]);
    expect(errorOf(over)).toMatchObject({ code: 'FILE_TOO_LARGE', message: expect.stringMatching(/^This file is 20\.0 MB; certificate files are a few kilobytes \(the limit is 20 MB\)\./) });
  });
});

describe('bare base64', () => {
  it('reads one certificate wrapped over lines (LF, CRLF, indented) as OpenSSL does', () => {
    const base64 = rootDer.toString('base64');
    for (const text of [base64, base64.replace(/.{64}/g, '$&\n'), `  ${base64.replace(/.{76}/g, '$&\r\n  ')}\r\n`]) {
      expect(detect(text)).toEqual({ format: 'base64', ders: [rootDer] });
    }
  });

  it('reads one certificate wrapped at a width that does not split whole base64 groups', () => {
    // Every line is 2 characters past a group of 4: no line decodes on its own.
    const base64 = rootDer.toString('base64');
    const cut = 4 * Math.floor(base64.length / 8) + 2;
    const text = `${base64.slice(0, cut)}\n${base64.slice(cut)}`;
    expect(text.split('\n').map((line) => line.length % 4)).toEqual([2, 2]);
    expect(detect(text)).toEqual({ format: 'base64', ders: [rootDer] });
  });

  it('reads one object per line as separate objects, in order', () => {
    const text = `${rootDer.toString('base64')}\n${otherDer.toString('base64')}\n`;
    expect(detect(text)).toEqual({ format: 'base64', ders: [rootDer, otherDer] });
    expect(loadCertificateBytes(Buffer.from(text), 'values.txt').certificates.map((entry) => entry.info.subjectCN)).toEqual([
      'DigiCert Global Root G2',
      'Microsoft RSA Root Certificate Authority 2017',
    ]);
  });

  it('does not split a list per line when one of its lines is damaged', () => {
    const text = `${rootDer.toString('base64')}\n${otherDer.toString('base64').slice(1)}\n`;
    expect(errorOf(text)).toMatchObject({ code: 'INVALID_BASE64', message: expect.stringMatching(/^The base64 text is damaged/) });
  });

  it('says which base64 text is damaged when the wrapped object lost a character', () => {
    const text = rootDer.toString('base64').slice(0, -1).replace(/.{64}/g, '$&\n');
    expect(errorOf(text)).toMatchObject({ code: 'INVALID_BASE64', message: expect.stringMatching(/^The base64 text is damaged: its \d+ base64 characters/) });
  });

  it('takes base64 of 16 characters or more, and calls anything shorter not a certificate', () => {
    // SEQUENCE { INTEGER } of 12 bytes is 16 base64 characters; of 9 bytes, 12.
    const sixteen = Buffer.from('300a0208' + '0102030405060708', 'hex');
    const twelve = Buffer.from('30070205' + '0102030405', 'hex');
    expect(sixteen.toString('base64')).toHaveLength(16);
    expect(detect(sixteen.toString('base64'))).toEqual({ format: 'base64', ders: [sixteen] });
    expect(errorOf(twelve.toString('base64')).code).toBe('NOT_A_CERTIFICATE');
  });

  it('does not take prose around base64 for base64', () => {
    const base64 = rootDer.toString('base64');
    for (const text of [`Certificate:\n${base64}`, `${base64}\n(end of certificate)`, `${base64.slice(0, 40)}#${base64.slice(40)}`]) {
      expect(errorOf(text).code).toBe('NOT_A_CERTIFICATE');
    }
  });

  it('does not take base64 of something other than DER SEQUENCEs for a certificate', () => {
    // "ABCDEFGHIJKLMNOP": valid base64, not DER.
    expect(errorOf(Buffer.from('ABCDEFGHIJKLMNOP').toString('base64')).code).toBe('NOT_A_CERTIFICATE');
    // One line per object, but the second object is an OCTET STRING, not a SEQUENCE.
    const octets = Buffer.from('04083031323334353637', 'hex');
    expect(errorOf(`${rootDer.toString('base64')}\n${octets.toString('base64')}`).code).toBe('NOT_A_CERTIFICATE');
  });
});

describe('HTML pages saved instead of the certificate', () => {
  const page = (start: string, title = '<title>404 Not Found</title>') => `${start}\n${title}\n</head><body><h1>Not Found</h1></body></html>\n`;

  it('recognises a page however it starts: doctype, <html lang>, <head>, <body>, an XML prologue, a BOM or blank lines', () => {
    const starts = [
      '<!DOCTYPE html><html><head>',
      '<!doctype HTML PUBLIC "-//W3C//DTD HTML 4.01//EN"><html><head>',
      '<html><head>',
      '<html lang="es"><head>',
      '<HTML\n><head>',
      '<head>',
      '<head profile="http://gmpg.org/xfn/11">',
      '<body>',
      '<body class="error">',
      '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN"><html><head>',
      '<?xml version="1.0"?><!DOCTYPE html><html><head>',
      '\r\n\r\n   \t<!DOCTYPE html><html><head>',
    ];
    for (const start of starts) {
      expect(errorOf(page(start)), start).toMatchObject({
        code: 'HTML_NOT_CERTIFICATE',
        message: 'This file is an HTML web page ("404 Not Found"), not a certificate. It was probably saved from a browser error or redirect page; download the certificate again.',
      });
    }
    const withBom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(page('<!DOCTYPE html><html><head>'), 'utf8')]);
    expect(errorOf(withBom).code).toBe('HTML_NOT_CERTIFICATE');
    expect(errorOf(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(page('<html><head>'), 'utf16le')])).code).toBe('HTML_NOT_CERTIFICATE');
  });

  it('does not call text that only mentions a tag, or starts with a longer tag name, a web page', () => {
    for (const text of ['Saved as <html> by mistake\n', '<htmlfile>\n', '<headline>Certificate</headline>\n', '<bodyguard/>\n', '<?xml version="1.0"?><certificate/>\n', 'x<!DOCTYPE html>']) {
      expect(errorOf(text).code, text).toBe('NOT_A_CERTIFICATE');
    }
  });

  it('shows the title as the browser would: attributes skipped, whitespace collapsed; no title, no parentheses', () => {
    const messageOf = (html: string) => errorOf(html).message.replace(/, not a certificate\..*$/s, '');
    expect(messageOf(page('<html><head>', '<title id="t" lang="en">Sign in to your account</title>'))).toBe('This file is an HTML web page ("Sign in to your account")');
    expect(messageOf(page('<html><head>', '<title>\n    301\n\tMoved   Permanently\n  </title>'))).toBe('This file is an HTML web page ("301 Moved Permanently")');
    expect(messageOf(page('<html><head>', ''))).toBe('This file is an HTML web page');
    // A title with markup inside is not shown rather than shown half.
    expect(messageOf(page('<html><head>', '<title>Error <b>500</b></title>'))).toBe('This file is an HTML web page');
    // Only the start of the page is read: a title after the first 4 KB is not looked for.
    expect(messageOf(page(`<html><head><script>${' '.repeat(5000)}</script>`))).toBe('This file is an HTML web page');
    expect(messageOf(page(`<html><head><script>${' '.repeat(3000)}</script>`))).toBe('This file is an HTML web page ("404 Not Found")');
  });
});
