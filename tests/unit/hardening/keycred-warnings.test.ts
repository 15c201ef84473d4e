/**
 * Issue 19 "Small holes": keycred (and the App manifest screen) warn about node certificates
 * Entra or ISE will not like: RSA keys under 2048 bits, SHA-1 signatures, odd serial numbers.
 * Certificates made by OpenSSL, the reference.
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInstance } from 'i18next';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keycredCommand } from '../../../main/cli/keycred';
import { loadCertificateFile } from '../../../main/services/certs';
import { checkIseNodes } from '../../../main/services/entra/ise-nodes';
import { resources } from '../../../renderer/i18n/resources';

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ise-intune-keycred-warn-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

function certificate(name: string, args: string[]): string {
  const path = join(dir, `${name}.pem`);
  execFileSync('openssl', ['req', '-x509', '-nodes', '-keyout', join(dir, `${name}.key`), '-out', path, '-subj', `/CN=${name}.example.test`, '-days', '400', ...args], { stdio: 'ignore' });
  return path;
}

/** The certificate's own clock: a day after it starts (no dependency on today's date). */
async function checked(path: string) {
  const first = await loadCertificateFile(path);
  const now = new Date(Date.parse(first.certificates[0]?.info.notBefore ?? '') + 86_400_000);
  const [node] = checkIseNodes([{ name: 'ise-pan', role: 'primary-pan', file: await loadCertificateFile(path, { now }) }], { now });
  return { node, now };
}

async function warnings(path: string): Promise<string[]> {
  const { node } = await checked(path);
  return (node?.warnings ?? []).map((warning) => `${warning.severity}:${warning.code}`);
}

describe('node certificate warnings', () => {
  it('an RSA 2048 SHA-256 certificate with a normal serial has none of them', async () => {
    expect(await warnings(certificate('good', ['-newkey', 'rsa:2048', '-sha256', '-set_serial', '0x1234']))).toEqual([]);
  });

  it('RSA 1024 is an error, SHA-1 a warning', async () => {
    expect(await warnings(certificate('weak', ['-newkey', 'rsa:1024', '-sha1', '-set_serial', '7']))).toEqual(['error:WEAK_RSA_KEY', 'warning:SHA1_SIGNATURE']);
  });

  it.each([
    ['negative', '-5', /is negative/, /número de serie negativo/],
    ['zero', '0', /is zero/, /número de serie cero/],
    ['21 bytes long', '0x0102030405060708090A0B0C0D0E0F101112131415', /is 21 bytes long/, /número de serie de 21 bytes/],
  ])('a %s serial is odd, and the window says which in Spanish too', async (name, serial, reason, spanish) => {
    const path = certificate(`serial-${name.replace(/\W/g, '')}`, ['-newkey', 'rsa:2048', '-sha256', '-set_serial', serial]);
    const { node } = await checked(path);
    expect(node?.warnings.map((warning) => warning.code)).toEqual(['ODD_SERIAL']);
    expect(node?.warnings[0]?.message).toMatch(reason);
    // As NodesSection asks i18next: the warning's params, the node's name filled in.
    const i18n = createInstance();
    await i18n.init({ lng: 'es', resources, interpolation: { escapeValue: false } });
    const text = i18n.t('manifest.nodeWarnings.ODD_SERIAL', { ...node?.warnings[0]?.params, node: 'ise01' });
    expect(text).toMatch(spanish);
    expect(text).toContain('ise01');
  });

  it('keycred prints them', async () => {
    const path = certificate('cli-weak', ['-newkey', 'rsa:1024', '-sha1', '-set_serial', '-9']);
    const { now } = await checked(path);
    const err: string[] = [];
    const out: string[] = [];
    await keycredCommand.run([path], { stdout: (t) => out.push(t), stderr: (t) => err.push(t), cwd: dir, now: () => now });
    const text = err.join('') + out.join('');
    expect(text).toMatch(/RSA 1024-bit key/);
    expect(text).toMatch(/sha1WithRSAEncryption/);
    expect(text).toMatch(/serial number that is negative/);
  });
});
