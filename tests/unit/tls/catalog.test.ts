/** The bundled Microsoft CA catalog and the CA files users add to it. */
import { X509Certificate, createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { addUserCaFiles, bundledCatalog, loadCatalog, removeUserCa, USER_CATALOG_FILE } from '../../../main/services/catalog/microsoft-cas';
import { bundledCaFiles } from '../../../main/services/catalog/bundled-files';
import { describeCertificate } from '../../../main/services/certs';
import { createKey, issueCertificate, type GeneratedCertificate } from '../../support/pki';
import { MICROSOFT_CA } from '../../support/fixture-paths';

const TODAY = new Date('2026-11-26T12:00:00Z');

let dir: string;
let userRoot: GeneratedCertificate;
let userLeaf: GeneratedCertificate;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ise-intune-catalog-'));
  const key = await createKey(dir, 'user-root', { type: 'ec', curve: 'P-256' });
  userRoot = await issueCertificate(dir, { name: 'user-root', subject: '/O=Contoso/CN=Contoso Proxy Root', key, extensions: ['basicConstraints = critical,CA:TRUE', 'keyUsage = critical,keyCertSign'] });
  userLeaf = await issueCertificate(dir, { name: 'user-leaf', subject: '/CN=www.contoso.test', key, issuer: userRoot, extensions: ['basicConstraints = critical,CA:FALSE'] });
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const sha256OfPem = (pem: string): string =>
  createHash('sha256').update(Buffer.from(pem.replace(/-----(BEGIN|END) CERTIFICATE-----|\s/g, ''), 'base64')).digest('hex').toUpperCase();

describe('bundled catalog', () => {
  it('is byte-for-byte the real-world fixture files, and covers every certificate in them', async () => {
    for (const entry of bundledCaFiles()) expect(await readFile(join(MICROSOFT_CA, entry.file), 'utf8')).toBe(entry.pem);
    const bundled = new Set(bundledCaFiles().map((entry) => sha256OfPem(entry.pem)));
    for (const file of (await readdir(MICROSOFT_CA)).filter((name) => name.endsWith('.pem'))) {
      const blocks = (await readFile(join(MICROSOFT_CA, file), 'utf8')).match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
      for (const block of blocks) expect(bundled.has(sha256OfPem(block)), file).toBe(true);
    }
    expect(new Set(bundledCaFiles().map((entry) => entry.source)).size).toBeGreaterThan(3);
  });

  it("shows each entry's status as of the date given (2026-11-26)", () => {
    const byFile = new Map(bundledCatalog(TODAY).map((entry) => [entry.file, entry]));
    expect(byFile.get('baltimore_cybertrust_root.pem')).toMatchObject({ status: 'expired', role: 'root', name: 'Baltimore CyberTrust Root' });
    expect(byFile.get('baltimore_cybertrust_root.pem')?.note).toMatch(/expired on 2025-05-12/);
    expect(byFile.get('microsoft_azure_rsa_tls_issuing_ca_03_xsign.pem')).toMatchObject({ status: 'expired', role: 'intermediate' });
    expect(byFile.get('microsoft_azure_rsa_tls_issuing_ca_03.pem')).toMatchObject({ status: 'valid', role: 'intermediate' });
    expect(byFile.get('digicert_global_root_g2.pem')?.certificate.thumbprints.sha1).toBe('DF3C24F9BFD666761B268073FE06D1CC8D4F82A4');
    expect(byFile.get('microsoft_rsa_root_certificate_authority_2017.pem')).toMatchObject({ status: 'valid', role: 'root', origin: 'bundled' });
    expect(byFile.get('microsoft_rsa_root_certificate_authority_2017.pem')?.source).toMatch(/taskcluster/);
    expect(byFile.get('microsoft_azure_ecc_tls_issuing_ca_03_xsign.pem')?.certificate.keyType).toBe('ec');
    expect(byFile.has('microsoft_ecc_root_certificate_authority_2017.pem')).toBe(false); // mislabelled duplicate of microsoft_rsa_tls_ca_1.pem
  });

  it('groups every entry by generation, from the names on Microsoft\'s page', () => {
    const byFile = new Map(bundledCatalog(TODAY).map((entry) => [entry.file, entry.generation]));
    expect(byFile.get('microsoft_tls_rsa_root_g2.pem')).toBe('tls-g2');
    expect(byFile.get('microsoft_tls_ecc_root_g2_xsign.pem')).toBe('tls-g2');
    expect(byFile.get('microsoft_tls_g2_rsa_ca_ocsp_16.pem')).toBe('tls-g2');
    expect(byFile.get('microsoft_rsa_root_certificate_authority_2017.pem')).toBe('azure-2020');
    expect(byFile.get('microsoft_azure_ecc_tls_issuing_ca_08_xsign.pem')).toBe('azure-2020');
    expect(byFile.get('microsoft_azure_tls_issuing_ca_01_xsign.pem')).toBe('azure-2020');
    expect(byFile.get('digicert_global_root_g2.pem')).toBe('digicert');
    expect(byFile.get('geotrust_global_tls_rsa4096_sha256_2022_ca1.pem')).toBe('digicert');
    expect(byFile.get('baltimore_cybertrust_root.pem')).toBe('baltimore');
    expect(byFile.get('microsoft_it_tls_ca_1.pem')).toBe('baltimore');
    expect(byFile.get('microsoft_rsa_tls_ca_2.pem')).toBe('baltimore');
    // Every entry has one, and each generation of Microsoft's page is present.
    expect(new Set(byFile.values())).toEqual(new Set(['tls-g2', 'azure-2020', 'digicert', 'baltimore']));
  });

  it('computes the status from the date instead of storing it (the xsign CAs were valid until 2026-08-25)', () => {
    const before = bundledCatalog(new Date('2026-08-01T00:00:00Z'));
    const xsign = before.filter((entry) => /_(03|04|07|08)_xsign\.pem$/.test(entry.file));
    expect(xsign.length).toBeGreaterThanOrEqual(8);
    expect(xsign.every((entry) => entry.status === 'valid')).toBe(true);
    expect(bundledCatalog(TODAY).filter((entry) => xsign.some((old) => old.id === entry.id)).every((entry) => entry.status === 'expired')).toBe(true);
  });
});

describe('CA files added by the user', () => {
  it('adds a CA, keeps it in the data folder and shows it after a restart', async () => {
    const folder = join(dir, 'data-add');
    const result = await addUserCaFiles(folder, [userRoot.pemPath], TODAY);
    expect(result.added.map((entry) => [entry.name, entry.origin, entry.role])).toEqual([['Contoso Proxy Root', 'user', 'root']]);
    const stored = JSON.parse(await readFile(join(folder, USER_CATALOG_FILE), 'utf8')) as { certificates: { pem: string }[] };
    expect(stored.certificates[0]?.pem).toBe(userRoot.pem);
    const reloaded = await loadCatalog(folder, TODAY);
    expect(reloaded.filter((entry) => entry.origin === 'user').map((entry) => entry.name)).toEqual(['Contoso Proxy Root']);
    expect(reloaded.length).toBe(bundledCatalog(TODAY).length + 1);
  });

  it('skips leaf certificates, duplicates and unreadable files, saying why', async () => {
    const folder = join(dir, 'data-skip');
    const bogus = join(dir, 'notes.txt');
    await writeFile(bogus, 'not a certificate');
    const result = await addUserCaFiles(folder, [userLeaf.pemPath, join(MICROSOFT_CA, 'digicert_global_root_g2.pem'), bogus, userRoot.pemPath, userRoot.derPath], TODAY);
    expect(result.added.map((entry) => entry.name)).toEqual(['Contoso Proxy Root']);
    expect(result.skipped.map((skip) => skip.reason)).toEqual([
      expect.stringMatching(/www.contoso.test is not a CA certificate/),
      expect.stringMatching(/DigiCert Global Root G2 is already in the catalog \(bundled\)/),
      expect.stringMatching(/damaged/), // the certificate core's own sentence for this file
      expect.stringMatching(/Contoso Proxy Root is already in the catalog \(added from user-root.pem\)/),
    ]);
    expect(result.skipped[2]?.file).toBe(bogus);
    // Codes and names, for the window to say it in the user's language.
    expect(result.skipped.map(({ code, name, addedFrom }) => ({ code, name, addedFrom }))).toEqual([
      { code: 'CATALOG_NOT_A_CA', name: 'www.contoso.test', addedFrom: undefined },
      { code: 'CATALOG_ALREADY_BUNDLED', name: 'DigiCert Global Root G2', addedFrom: undefined },
      { code: 'INVALID_BASE64', name: undefined, addedFrom: undefined }, // the certificate core's code
      { code: 'CATALOG_ALREADY_ADDED', name: 'Contoso Proxy Root', addedFrom: 'user-root.pem' },
    ]);
  });

  it('removes an added CA', async () => {
    const folder = join(dir, 'data-remove');
    const [entry] = (await addUserCaFiles(folder, [userRoot.pemPath], TODAY)).added;
    expect(await removeUserCa(folder, entry?.id ?? '')).toBe(true);
    expect(await removeUserCa(folder, entry?.id ?? '')).toBe(false);
    expect((await loadCatalog(folder, TODAY)).some((candidate) => candidate.origin === 'user')).toBe(false);
  });

  it('describes every entry as describeCertificate does, verifies each root once per process, and shows changes at once', async () => {
    const folder = join(dir, 'data-cached');
    await addUserCaFiles(folder, [userRoot.pemPath], TODAY);
    const described = (entries: Awaited<ReturnType<typeof loadCatalog>>, now: Date) =>
      entries.map((entry) => describeCertificate(Buffer.from(entry.certificate.base64Der, 'base64'), now));
    const first = await loadCatalog(folder, TODAY);
    expect(first.map((entry) => entry.certificate)).toEqual(described(first, TODAY));
    const later = new Date('2027-06-01T00:00:00Z');
    const verify = vi.spyOn(X509Certificate.prototype, 'verify');
    const second = await loadCatalog(folder, later);
    expect(verify).not.toHaveBeenCalled();
    verify.mockRestore();
    expect(second.map((entry) => entry.certificate)).toEqual(described(second, later));
    expect(second.find((entry) => entry.origin === 'user')).toMatchObject({ name: 'Contoso Proxy Root', role: 'root' });
    await removeUserCa(folder, second.find((entry) => entry.origin === 'user')?.id ?? '');
    expect((await loadCatalog(folder, later)).some((entry) => entry.origin === 'user')).toBe(false);
  });

  it('refuses a damaged catalog file with a sentence that says what to do', async () => {
    const folder = join(dir, 'data-damaged');
    await addUserCaFiles(folder, [userRoot.pemPath], TODAY);
    await writeFile(join(folder, USER_CATALOG_FILE), '{"version": 1, "certificates": [');
    await expect(loadCatalog(folder, TODAY)).rejects.toMatchObject({ code: 'CATALOG_UNREADABLE', message: expect.stringMatching(/is damaged. Move it away/) });
  });
});
