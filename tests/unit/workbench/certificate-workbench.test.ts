import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CertificateWorkbench } from '../../../main/services/workbench/certificate-workbench';
import { MICROSOFT_CA, usePki, useTempDir } from '../certs/pki-setup';

const pki = usePki();
const temp = useTempDir('ise-intune-workbench-');

describe('certificate workbench (the Certificates screen in main)', () => {
  it('keeps a password-protected file waiting, refuses a wrong password, opens with the right one', async () => {
    const workbench = new CertificateWorkbench();
    const [first] = await workbench.openPaths([pki().files.pfxModernRsa]);
    expect(first).toMatchObject({ ok: false, error: { code: 'PFX_PASSWORD_REQUIRED' } });
    const sourceId = first?.sourceId ?? '';
    expect(sourceId).toMatch(/^src-/);
    const wrong = workbench.unlock(sourceId, 'nope');
    expect(wrong).toMatchObject({ ok: false, sourceId, error: { code: 'PFX_BAD_PASSWORD' } });
    const right = workbench.unlock(sourceId, pki().password);
    expect(right.ok).toBe(true);
    if (!right.ok) return;
    expect(right.sourceId).toBeNull();
    expect(right.hasPrivateKey).toBe(true);
    // What goes back to the renderer holds no key and no password.
    const wire = JSON.stringify(right);
    expect(wire).not.toContain('PRIVATE KEY');
    expect(wire).not.toContain(pki().password);
    expect(() => workbench.unlock(sourceId, pki().password)).toThrow(/no longer waiting/);
  });

  it('reports an unreadable path and a folder without stopping the others', async () => {
    const workbench = new CertificateWorkbench();
    const results = await workbench.openPaths([join(temp(), 'missing.cer'), temp(), join(MICROSOFT_CA, 'digicert_global_root_g2.pem')]);
    expect(results.map((r) => r.ok)).toEqual([false, false, true]);
    expect(results[0]).toMatchObject({ error: { code: 'UNREADABLE_FILE', message: expect.stringContaining('does not exist') } });
    expect(results[1]).toMatchObject({ error: { code: 'UNREADABLE_FILE', message: expect.stringContaining('folder') } });
    expect(workbench.lastFolder).toBe(MICROSOFT_CA);
  });

  it('refuses certificates it never loaded', () => {
    const workbench = new CertificateWorkbench();
    expect(() => workbench.chainReport(['A'.repeat(64)])).toThrow(/no longer loaded/);
  });

  it('exports one file per certificate and a bundle, with backups on the second run', async () => {
    const workbench = new CertificateWorkbench();
    const [loaded] = await workbench.openPaths([pki().files.rsaChainPem]);
    if (!loaded?.ok) throw new Error('chain did not load');
    const refs = loaded.certificates.map((c) => c.info.thumbprints.sha256);
    const out = join(temp(), 'each');
    mkdirSync(out);
    const first = await workbench.exportCertificates(refs, 'pem', false, { folder: out });
    expect(first.files).toHaveLength(3);
    expect(first.files.every((file) => file.backupPath === null)).toBe(true);
    const second = await workbench.exportCertificates(refs, 'pem', false, { folder: out });
    expect(second.files.every((file) => file.backupPath !== null)).toBe(true);
    expect(readdirSync(out)).toHaveLength(6);

    const bundlePath = join(temp(), 'chain.p7b');
    const bundle = await workbench.exportCertificates(refs, 'p7b', true, { path: bundlePath });
    expect(bundle.files).toEqual([{ path: bundlePath, backupPath: null }]);
    const printed = execFileSync('openssl', ['pkcs7', '-inform', 'DER', '-in', bundlePath, '-print_certs', '-noout'], { encoding: 'utf8' });
    expect(printed.match(/subject=/g)).toHaveLength(3);
  });

  it('exports a private key encrypted, with owner-only permissions, under the certificate CN by default', async () => {
    const workbench = new CertificateWorkbench();
    const [loaded] = await workbench.openPaths([pki().files.pfxEmptyPassword]);
    const sourceId = loaded?.sourceId;
    const opened = loaded?.ok ? loaded : workbench.unlock(sourceId ?? '', '');
    if (!opened.ok) throw new Error(`pfx did not open: ${opened.error.message}`);
    const keyId = opened.certificates[0]?.keyId ?? '';
    expect(workbench.keyFileName(keyId)).toMatch(/\.key\.pem$/);
    const path = join(temp(), 'node.key.pem');
    writeFileSync(path, 'previous');
    const result = await workbench.exportPrivateKey(keyId, 'long enough passphrase', path);
    expect(result.files[0]?.backupPath).not.toBeNull();
    expect(readFileSync(path, 'utf8')).toContain('ENCRYPTED PRIVATE KEY');
    expect(execFileSync('stat', ['-c', '%a', path], { encoding: 'utf8' }).trim()).toBe('600');
    await expect(workbench.exportPrivateKey(keyId, 'short', join(temp(), 'x.pem'))).rejects.toMatchObject({ code: 'KEY_PASSPHRASE_TOO_SHORT' });
  });
});
