/**
 * Issue 19: a PFX holding two keys says so, naming the certificate each belongs to, instead of
 * quietly using one. The file is built with node-forge from two OpenSSL key pairs: two
 * PKCS#12 contents (key bag + certificate bag each) in one authenticated safe.
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import forge from 'node-forge';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inspectCommand } from '../../../main/cli/inspect';
import { loadCertificateFile } from '../../../main/services/certs';
import { loadSigningCredential } from '../../../main/services/entra/live/credential';

const PASSWORD = 'two-keys';
let dir = '';
let pfx = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ise-intune-two-keys-'));
  const safes: forge.asn1.Asn1[] = [];
  for (const name of ['ise-pan', 'ise-psn']) {
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, `${name}.key`), '-out', join(dir, `${name}.pem`), '-subj', `/CN=${name}.example.test`, '-days', '400'], { stdio: 'ignore' });
    const key = forge.pki.privateKeyFromPem(await readFile(join(dir, `${name}.key`), 'utf8'));
    const cert = forge.pki.certificateFromPem(await readFile(join(dir, `${name}.pem`), 'utf8'));
    const one = forge.pkcs12.toPkcs12Asn1(key, [cert], PASSWORD, { algorithm: '3des', useMac: false });
    // PFX > authSafe ContentInfo > [0] > OCTET STRING holding the AuthenticatedSafe SEQUENCE.
    const octets = ((one.value as forge.asn1.Asn1[])[1]?.value as forge.asn1.Asn1[])[1]?.value as forge.asn1.Asn1[];
    const authSafe = forge.asn1.fromDer((octets[0] as forge.asn1.Asn1).value as string);
    safes.push(...(authSafe.value as forge.asn1.Asn1[]));
  }
  const merged = forge.asn1.create(forge.asn1.Class.UNIVERSAL, forge.asn1.Type.SEQUENCE, true, safes);
  const pfxAsn1 = forge.asn1.create(forge.asn1.Class.UNIVERSAL, forge.asn1.Type.SEQUENCE, true, [
    forge.asn1.create(forge.asn1.Class.UNIVERSAL, forge.asn1.Type.INTEGER, false, forge.asn1.integerToDer(3).getBytes()),
    forge.asn1.create(forge.asn1.Class.UNIVERSAL, forge.asn1.Type.SEQUENCE, true, [
      forge.asn1.create(forge.asn1.Class.UNIVERSAL, forge.asn1.Type.OID, false, forge.asn1.oidToDer(forge.pki.oids.data as string).getBytes()),
      forge.asn1.create(forge.asn1.Class.CONTEXT_SPECIFIC, 0, true, [forge.asn1.create(forge.asn1.Class.UNIVERSAL, forge.asn1.Type.OCTETSTRING, false, forge.asn1.toDer(merged).getBytes())]),
    ]),
  ]);
  pfx = join(dir, 'two-keys.pfx');
  await writeFile(pfx, Buffer.from(forge.asn1.toDer(pfxAsn1).getBytes(), 'binary'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('a .pfx with two keys', () => {
  it('keeps both keys, each tied to its certificate', async () => {
    const loaded = await loadCertificateFile(pfx, { password: PASSWORD });
    expect(loaded.certificates.map((entry) => [entry.info.subjectCN, entry.hasPrivateKey])).toEqual([
      ['ise-pan.example.test', true],
      ['ise-psn.example.test', true],
    ]);
    expect(loaded.keys.map((key) => key.certificateIndex)).toEqual([0, 1]);
  });

  it('inspect says so, naming the certificate of each key', async () => {
    const err: string[] = [];
    const code = await inspectCommand.run([pfx, '--password-stdin'], { stdout: () => undefined, stderr: (t) => err.push(t), cwd: dir, now: () => new Date(), readStdin: async () => PASSWORD });
    expect(code).toBe(0);
    expect(err.join('')).toBe(`${pfx}: holds 2 private keys: key 1 (RSA 2048) belongs to certificate 1 (ise-pan.example.test), key 2 (RSA 2048) belongs to certificate 2 (ise-psn.example.test).\n`);
  });

  it('the connection test refuses to guess which identity signs', async () => {
    await expect(loadSigningCredential({ kind: 'pfx', file: pfx, password: PASSWORD }, new Date())).rejects.toMatchObject({
      code: 'PFX_SEVERAL_KEYS',
      message: expect.stringContaining('key 2 (RSA 2048) belongs to certificate 2 (ise-psn.example.test)'),
    });
  });
});
