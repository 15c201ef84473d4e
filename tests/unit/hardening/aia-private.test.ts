/**
 * Issue 19: an AIA URL in a certificate from the internet cannot make the app reach into this
 * computer or the local network. Loopback, private and link-local targets are refused with the
 * reason on the chain, unless the admin allows them (an internal CA: the setting, or
 * `chain --allow-private-aia`).
 */
import { describe, expect, it } from 'vitest';
import { runCli } from '../../../main/cli/run';
import { downloadIssuer, fetchChains } from '../../../main/services/tls';
import { privateAddressKind } from '../../../main/services/tls/aia';
import { useLab } from '../tls/lab';

const lab = useLab();

describe('AIA targets', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['::1', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.20.0.1', 'private'],
    ['192.168.1.1', 'private'],
    ['100.64.0.1', 'private'],
    ['fd00::1', 'private'],
    ['169.254.169.254', 'link-local'],
    ['fe80::1', 'link-local'],
    ['0.0.0.0', 'unspecified'],
    ['::ffff:10.0.0.1', 'private'],
    ['8.8.8.8', null],
    ['2606:4700::1111', null],
  ])('%s is %s', (address, kind) => {
    expect(privateAddressKind(address)).toBe(kind);
  });

  it('refuses a loopback AIA URL (as an address or as localhost) without sending a request', async () => {
    const before = lab().aia.requests.length;
    const url = `${lab().aia.baseUrl}/rsa-intermediate.crt`;
    await expect(downloadIssuer(url, { timeoutMs: 2000 })).rejects.toMatchObject({ code: 'AIA_PRIVATE_ADDRESS', values: { address: '127.0.0.1', kind: 'loopback' } });
    await expect(downloadIssuer(url.replace('127.0.0.1', 'localhost'), { timeoutMs: 2000 })).rejects.toMatchObject({ code: 'AIA_PRIVATE_ADDRESS' });
    await expect(downloadIssuer('http://169.254.169.254/latest/meta-data/', { timeoutMs: 2000 })).rejects.toMatchObject({ code: 'AIA_PRIVATE_ADDRESS', values: { kind: 'link-local' } });
    expect(lab().aia.requests.length).toBe(before);
    const allowed = await downloadIssuer(url, { timeoutMs: 2000, allowPrivate: true });
    expect(allowed.certificates).toHaveLength(1);
  });

  it('puts the reason on the chain when it is not allowed, and completes it when it is', async () => {
    const [refused] = await fetchChains([lab().target('aia-der.test')], lab().options({ aiaAllowPrivate: false }));
    expect(refused?.verdict).not.toBe('incomplete-completed');
    expect(refused?.aiaAttempts).toEqual([expect.objectContaining({ ok: false, code: 'AIA_PRIVATE_ADDRESS' })]);
    expect(refused?.aiaAttempts[0]?.message).toMatch(/leads to 127\.0\.0\.1, a loopback address; issuers are downloaded only from public addresses/);
    const [allowed] = await fetchChains([lab().target('aia-der.test')], lab().options({ aiaAllowPrivate: true }));
    expect(allowed?.verdict).toBe('incomplete-completed');
  });

  it('chain --allow-private-aia is the command line way to allow it', async () => {
    const out: string[] = [];
    const io = { stdout: (t: string) => out.push(t), stderr: () => undefined, cwd: process.cwd(), now: () => new Date() };
    const usage = await runCli(['chain', '--help'], io);
    expect(usage).toBe(0);
    expect(out.join('')).toContain('[--allow-private-aia]');
  });
});
