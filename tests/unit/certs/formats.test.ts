/**
 * Every way a certificate reaches an admin, recognised by content whatever the file is called:
 * PEM in all its text encodings, DER, single-line base64, PKCS#7 and PKCS#12.
 */
import { createPublicKey } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { KeyVault, loadCertificateBytes, loadCertificateFile, loadCertificateFiles } from '../../../main/services/certs';
import { ServiceError } from '../../../main/services/errors';
import { openssl } from '../../support/pki';
import { usePki } from './pki-setup';

const pki = usePki();

async function pem(name: 'rsaLeaf' | 'rsaRoot' | 'ecLeaf'): Promise<string> {
  return readFile(pki().certs[name].pemPath, 'utf8');
}

function sha1s(result: { certificates: { info: { thumbprints: { sha1: string } } }[] }): string[] {
  return result.certificates.map((entry) => entry.info.thumbprints.sha1);
}

async function sha1Of(name: keyof ReturnType<typeof pki>['certs']): Promise<string> {
  const loaded = await loadCertificateFile(pki().certs[name].pemPath);
  return loaded.certificates[0]?.info.thumbprints.sha1 ?? '';
}

function errorOf(action: () => unknown): ServiceError {
  try {
    action();
  } catch (error) {
    if (error instanceof ServiceError) return error;
    throw error;
  }
  throw new Error('expected a ServiceError');
}

async function asyncErrorOf(action: () => Promise<unknown>): Promise<ServiceError> {
  try {
    await action();
  } catch (error) {
    if (error instanceof ServiceError) return error;
    throw error;
  }
  throw new Error('expected a ServiceError');
}

describe('PEM text', () => {
  it('reads one certificate', async () => {
    const loaded = await loadCertificateFile(pki().certs.rsaLeaf.pemPath);
    expect(loaded).toMatchObject({ ok: true, format: 'pem', problems: [], hasPrivateKey: false });
    expect(sha1s(loaded)).toEqual([await sha1Of('rsaLeaf')]);
  });

  it('reads a bundle in file order', async () => {
    const loaded = await loadCertificateFile(pki().files.rsaChainPem);
    expect(sha1s(loaded)).toEqual([await sha1Of('rsaLeaf'), await sha1Of('rsaIntermediate'), await sha1Of('rsaRoot')]);
    expect(loaded.certificates.map((entry) => entry.index)).toEqual([0, 1, 2]);
  });

  it('finds blocks surrounded by `openssl x509 -text` output and PKCS#12 bag attributes', async () => {
    const text = (await openssl(['x509', '-in', pki().certs.ecLeaf.pemPath, '-text'])).stdout;
    expect(sha1s(loadCertificateBytes(text, 'text.pem'))).toEqual([await sha1Of('ecLeaf')]);
    const bags = (await openssl(['pkcs12', '-in', pki().files.pfxModernRsa, '-nokeys', '-passin', `pass:${pki().password}`])).stdout;
    expect(bags.toString()).toContain('Bag Attributes');
    expect(sha1s(loadCertificateBytes(bags, 'bags.pem'))).toHaveLength(3);
  });

  it('reads CRLF line ends, blank lines between blocks and a UTF-8 BOM', async () => {
    const text = `${await pem('rsaLeaf')}\n\n${await pem('ecLeaf')}`.replace(/\n/g, '\r\n');
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]);
    expect(sha1s(loadCertificateBytes(bytes, 'crlf.cer'))).toEqual([await sha1Of('rsaLeaf'), await sha1Of('ecLeaf')]);
  });

  it('reads UTF-16 little- and big-endian text, with or without a byte order mark', async () => {
    const text = await pem('ecLeaf');
    const le = Buffer.from(text, 'utf16le');
    const be = Buffer.from(le).swap16();
    const expected = [await sha1Of('ecLeaf')];
    expect(sha1s(loadCertificateBytes(Buffer.concat([Buffer.from([0xff, 0xfe]), le]), 'le.cer'))).toEqual(expected);
    expect(sha1s(loadCertificateBytes(Buffer.concat([Buffer.from([0xfe, 0xff]), be]), 'be.cer'))).toEqual(expected);
    expect(sha1s(loadCertificateBytes(le, 'le-no-bom.cer'))).toEqual(expected);
    expect(sha1s(loadCertificateBytes(be, 'be-no-bom.cer'))).toEqual(expected);
  });

  it('reads an OpenSSL "TRUSTED CERTIFICATE" (certificate followed by trust settings)', async () => {
    const trusted = (await openssl(['x509', '-in', pki().certs.rsaRoot.pemPath, '-trustout', '-addtrust', 'serverAuth'])).stdout;
    expect(trusted.toString()).toContain('BEGIN TRUSTED CERTIFICATE');
    const loaded = loadCertificateBytes(trusted, 'trusted.pem');
    expect(loaded.certificates[0]?.info.base64Der).toBe(pki().certs.rsaRoot.der.toString('base64'));
  });

  it('keeps the good certificates of a bundle and reports the block that does not decode', async () => {
    const broken = (await pem('rsaRoot')).replace(/\n(.{10})/, '\n$1!');
    const bytes = Buffer.from(`${await pem('rsaLeaf')}${broken}${await pem('ecLeaf')}`);
    const loaded = loadCertificateBytes(bytes, 'mixed.pem');
    expect(sha1s(loaded)).toEqual([await sha1Of('rsaLeaf'), await sha1Of('ecLeaf')]);
    expect(loaded.problems).toEqual([
      { code: 'INVALID_BASE64', blockIndex: 1, message: expect.stringMatching(/^Block 2 of 3 \(CERTIFICATE\) contains "!" on line 2/) },
    ]);
  });
});

describe('DER and bare base64', () => {
  it('detects DER by content whatever the extension says', async () => {
    const path = join(pki().dir, 'really-der.pem');
    await writeFile(path, pki().certs.ecRoot.der);
    const loaded = await loadCertificateFile(path);
    expect(loaded.format).toBe('der');
    expect(sha1s(loaded)).toEqual([await sha1Of('ecRoot')]);
  });

  it('reads the single base64 line of the procedure (PEM body without BEGIN/END) and a wrapped body', async () => {
    const line = pki().certs.rsaLeaf.der.toString('base64');
    const single = loadCertificateBytes(Buffer.from(`${line}\n`), 'value.txt');
    expect(single.format).toBe('base64');
    expect(single.certificates[0]?.info.base64Der).toBe(line);
    const wrapped = (await pem('rsaLeaf')).split('\n').slice(1, -2).join('\r\n');
    expect(sha1s(loadCertificateBytes(Buffer.from(wrapped), 'body.txt'))).toEqual([await sha1Of('rsaLeaf')]);
  });
});

describe('PKCS#7 bundles', () => {
  it('reads 1 and n certificates from PEM and DER .p7b files', async () => {
    const one = await loadCertificateFile(pki().files.p7bOneDer);
    expect(one.format).toBe('pkcs7');
    expect(sha1s(one)).toEqual([await sha1Of('ecLeaf')]);
    expect(sha1s(await loadCertificateFile(pki().files.p7bOnePem))).toEqual([await sha1Of('ecLeaf')]);
    expect(sha1s(await loadCertificateFile(pki().files.p7bChainPem))).toEqual([
      await sha1Of('rsaLeaf'),
      await sha1Of('rsaIntermediate'),
      await sha1Of('rsaRoot'),
    ]);
    const mixed = await loadCertificateFile(pki().files.p7bChainDer);
    expect(mixed.certificates.map((entry) => entry.info.keyType)).toEqual(['ec', 'rsa', 'rsa', 'ec', 'rsa']);
  });

  it('says a .p7b with no certificate is empty, PEM or DER', async () => {
    for (const path of [pki().files.p7bEmptyPem, pki().files.p7bEmptyDer]) {
      const error = await asyncErrorOf(() => loadCertificateFile(path));
      expect(error.code).toBe('P7B_EMPTY');
      expect(error.message).toMatch(/no certificate/);
    }
  });
});

describe('PKCS#12 (.pfx) files', () => {
  const cases = [
    ['modern AES-256/PBKDF2, RSA key', 'pfxModernRsa', 'rsaLeaf', 3, 'rsa'],
    ['modern AES-256/PBKDF2, EC key', 'pfxModernEc', 'ecLeaf', 3, 'ec'],
    ['legacy 3DES/SHA-1, RSA key', 'pfxLegacy3desRsa', 'rsaLeaf', 3, 'rsa'],
    ['legacy 3DES/SHA-1, EC key', 'pfxLegacy3desEc', 'ecLeaf', 2, 'ec'],
    ['legacy RC2-40 (openssl -legacy), RSA key', 'pfxLegacyRc2Rsa', 'rsaLeaf', 2, 'rsa'],
  ] as const;

  it.each(cases)('opens %s with its chain, keeping the key in the vault', async (_title, file, leaf, count, keyType) => {
    const path = pki().files[file];
    expect(path).not.toBeNull();
    const vault = new KeyVault();
    const loaded = await loadCertificateFile(path as string, { password: pki().password, vault });
    expect(loaded.format).toBe('pkcs12');
    expect(loaded.certificates).toHaveLength(count);
    expect(loaded.certificates[0]?.info.thumbprints.sha1).toBe(await sha1Of(leaf));
    expect(loaded.keys).toEqual([
      { keyId: expect.stringMatching(/^key-[0-9a-f]{32}$/), keyType, keySize: keyType === 'rsa' ? 2048 : 256, curve: keyType === 'rsa' ? null : 'P-256', keyMatchesCertificate: true, certificateIndex: 0 },
    ]);
    expect(loaded.certificates.map((entry) => entry.hasPrivateKey)).toEqual([true, ...Array(count - 1).fill(false)]);
    const keyId = loaded.certificates[0]?.keyId as string;
    const key = vault.get(keyId);
    const expectedPublic = createPublicKey(pki().certs[leaf].pem).export({ type: 'spki', format: 'der' });
    expect(key && createPublicKey(key).export({ type: 'spki', format: 'der' }).equals(expectedPublic)).toBe(true);
  });

  it('never returns key material or the password', async () => {
    const loaded = await loadCertificateFile(pki().files.pfxModernRsa, { password: pki().password, vault: new KeyVault() });
    const json = JSON.stringify(loaded);
    const keyBody = pki().certs.rsaLeaf.key.pem.split('\n')[1] as string;
    expect(json).not.toContain(keyBody);
    expect(json).not.toContain(pki().password);
    expect(json).not.toMatch(/PRIVATE KEY/);
  });

  it('reports a key without keeping it when no vault is given', async () => {
    const loaded = await loadCertificateFile(pki().files.pfxModernEc, { password: pki().password });
    expect(loaded.hasPrivateKey).toBe(true);
    expect(loaded.certificates[0]).toMatchObject({ hasPrivateKey: true, keyId: null });
  });

  it('opens a PFX exported with an empty password without asking for one', async () => {
    const loaded = await loadCertificateFile(pki().files.pfxEmptyPassword);
    expect(sha1s(loaded)).toEqual([await sha1Of('bareRsa')]);
    expect(loaded.keys[0]?.keyMatchesCertificate).toBe(true);
  });

  it('reads a PFX that holds certificates only', async () => {
    const loaded = await loadCertificateFile(pki().files.pfxNoKey, { password: pki().password });
    expect(sha1s(loaded)).toEqual([await sha1Of('rsaRoot'), await sha1Of('ecRoot')]);
    expect(loaded.hasPrivateKey).toBe(false);
  });

  it('asks for the password, then refuses a wrong one', async () => {
    const missing = await asyncErrorOf(() => loadCertificateFile(pki().files.pfxModernRsa));
    expect(missing.code).toBe('PFX_PASSWORD_REQUIRED');
    for (const file of [pki().files.pfxModernRsa, pki().files.pfxLegacy3desEc]) {
      const wrong = await asyncErrorOf(() => loadCertificateFile(file, { password: 'wrong' }));
      expect(wrong.code).toBe('PFX_BAD_PASSWORD');
      expect(wrong.message).toBe('The password does not open this .pfx file. Check it and try again.');
    }
  });

  it('says when a PFX holds a key but no certificate', async () => {
    const error = await asyncErrorOf(() => loadCertificateFile(pki().files.pfxNoCertificate, { password: pki().password }));
    expect(error.code).toBe('PFX_NO_CERTIFICATE');
    expect(error.message).toMatch(/private key but no certificate/);
  });
});

describe('certificates with their key in one PEM file', () => {
  it('keeps a matching key next to its certificate', async () => {
    const vault = new KeyVault();
    const text = Buffer.from(`${await pem('ecLeaf')}${pki().certs.ecLeaf.key.pem}`);
    const loaded = loadCertificateBytes(text, 'cert-and-key.pem', { vault });
    expect(loaded.certificates[0]).toMatchObject({ hasPrivateKey: true });
    expect(vault.has(loaded.certificates[0]?.keyId as string)).toBe(true);
    expect(loaded.problems).toEqual([]);
  });

  it('says when the key belongs to another certificate', async () => {
    const text = Buffer.from(`${await pem('rsaRoot')}${pki().certs.rsaLeaf.key.pem}`);
    const loaded = loadCertificateBytes(text, 'wrong-key.pem', { vault: new KeyVault() });
    expect(loaded.keys[0]).toMatchObject({ keyMatchesCertificate: false, certificateIndex: null });
    expect(loaded.certificates[0]?.hasPrivateKey).toBe(false);
  });

  it('opens an encrypted PKCS#8 key with the password, and reports it unopened without', async () => {
    const text = Buffer.from(`${await pem('rsaLeaf')}${await readFile(pki().files.encryptedKey, 'utf8')}`);
    const opened = loadCertificateBytes(text, 'encrypted.pem', { password: pki().password });
    expect(opened.certificates[0]?.hasPrivateKey).toBe(true);
    const unopened = loadCertificateBytes(text, 'encrypted.pem');
    expect(unopened.certificates[0]?.hasPrivateKey).toBe(false);
    expect(unopened.problems).toEqual([{ code: 'PRIVATE_KEY_NOT_CERTIFICATE', blockIndex: 1, message: expect.stringMatching(/encrypted private key/) }]);
  });
});

describe('several files at once', () => {
  it('loads each file on its own, a bad one never hiding the others', async () => {
    const results = await loadCertificateFiles([pki().certs.rsaLeaf.pemPath, pki().files.csr, join(pki().dir, 'missing.cer'), pki().files.p7bOneDer]);
    expect(results.map((result) => (result.ok ? 'ok' : result.error.code))).toEqual(['ok', 'CSR_NOT_CERTIFICATE', 'UNREADABLE_FILE', 'ok']);
  });

  it('describes loaded bytes with a ServiceError when they hold nothing usable', () => {
    expect(errorOf(() => loadCertificateBytes(Buffer.from('hello world'), 'x')).code).toBe('NOT_A_CERTIFICATE');
  });
});
