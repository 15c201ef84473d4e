/** What ISE must trust across hosts, what its trust store already has, and the export for it. */
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CertificateInfo } from '../../../preload/types/certs';
import { describeCertificate, loadCertificateFile } from '../../../main/services/certs';
import { collectIseNeeds, exportForIse, fetchChains, findTrustStoreGap, loadIseTrustStore, ISE_MENU_PATH } from '../../../main/services/tls';
import { openssl } from '../../support/pki';
import { useLab } from './lab';
import { MICROSOFT_CA } from '../../support/fixture-paths';

const lab = useLab();
const TODAY = new Date('2026-11-26T12:00:00Z');

async function microsoft(file: string): Promise<CertificateInfo> {
  return (await loadCertificateFile(join(MICROSOFT_CA, file), { now: TODAY })).certificates[0]?.info as CertificateInfo;
}

describe('what ISE needs', () => {
  it('keeps roots and intermediates, never the leaf, once each across hosts', async () => {
    const results = await fetchChains([lab().target('full.test'), lab().target('aia-der.test'), lab().target('ec.test')], lab().options());
    const needs = collectIseNeeds(results.map((result) => ({ target: result.target, chain: result.chain })));
    expect(needs.certificates.map((entry) => [entry.friendlyName, entry.role, entry.targets.length])).toEqual([
      ['Azure MDM - Lab ECC Root', 'root', 1],
      ['Azure MDM - Lab RSA Root', 'root', 2],
      ['Azure MDM - Lab ECC Issuing CA 01', 'intermediate', 1],
      ['Azure MDM - Lab RSA Issuing CA 01', 'intermediate', 2],
    ]);
    expect(needs.notes).toEqual([]);
  });

  it('keeps both cross-signed twins when hosts send different copies, and explains why', async () => {
    const leaf = describeCertificate(lab().pki.leaves['full.test'].der, TODAY);
    const chains = [
      { target: 'login.microsoftonline.com:443', chain: [leaf, await microsoft('microsoft_azure_rsa_tls_issuing_ca_03.pem'), await microsoft('microsoft_rsa_root_certificate_authority_2017.pem')] },
      { target: 'graph.microsoft.com:443', chain: [leaf, await microsoft('microsoft_azure_rsa_tls_issuing_ca_03_xsign.pem'), await microsoft('digicert_global_root_g2.pem')] },
    ];
    const needs = collectIseNeeds(chains);
    expect(needs.certificates.map((entry) => entry.friendlyName)).toEqual([
      'Azure MDM - DigiCert Global Root G2',
      'Azure MDM - Microsoft RSA Root Certificate Authority 2017',
      'Azure MDM - Microsoft Azure RSA TLS Issuing CA 03 (DigiCert Global Root G2)',
      'Azure MDM - Microsoft Azure RSA TLS Issuing CA 03 (Microsoft RSA Root Certificate Authority 2017)',
    ]);
    expect(needs.certificates[2]?.twins).toEqual([needs.certificates[3]?.certificate.thumbprints.sha256]);
    expect(needs.notes).toHaveLength(1);
    expect(needs.notes[0]).toMatch(/Microsoft Azure RSA TLS Issuing CA 03 appears 2 times with the same subject and key but different issuers/);
    expect(needs.notes[0]).toMatch(/each server decides which copy it sends/);
  });
});

describe("ISE's trust store", () => {
  it('loads the exported files of a folder and says which chain CAs are present and which are missing', async () => {
    const folder = join(lab().dir, 'ise-store-1');
    await mkdir(folder, { recursive: true });
    await writeFile(join(folder, 'LabRoot.pem'), lab().pki.rsaRoot.pem);
    await writeFile(join(folder, 'readme.txt'), 'exported from ISE on Monday!');
    const store = await loadIseTrustStore([folder], TODAY);
    expect(store.certificates.map((info) => info.subjectCN)).toEqual(['Lab RSA Root']);
    expect(store.problems.map((problem) => [problem.file, problem.code])).toEqual([[join(folder, 'readme.txt'), 'NOT_A_CERTIFICATE']]);
    const [result] = await fetchChains([lab().target('full.test')], lab().options());
    const gap = findTrustStoreGap(result?.chain ?? [], store.certificates);
    expect(gap.present.map((match) => [match.certificate.subjectCN, match.matchedBy])).toEqual([['Lab RSA Root', 'sha1']]);
    expect(gap.missing.map((info) => info.subjectCN)).toEqual(['Lab RSA Issuing CA 01']);
  });

  it('counts the other cross-signed twin as present (same subject and key), as Java path building does', async () => {
    const xsign = await microsoft('microsoft_azure_rsa_tls_issuing_ca_03_xsign.pem');
    const issuedByMicrosoft = await microsoft('microsoft_azure_rsa_tls_issuing_ca_03.pem');
    const g2 = await microsoft('digicert_global_root_g2.pem');
    const gap = findTrustStoreGap([describeCertificate(lab().pki.leaves['full.test'].der, TODAY), xsign, g2], [issuedByMicrosoft]);
    expect(gap.present).toEqual([{ certificate: xsign, matchedBy: 'subject-key', iseCertificate: issuedByMicrosoft.thumbprints.sha256 }]);
    expect(gap.missing.map((info) => info.subjectCN)).toEqual(['DigiCert Global Root G2']);
  });

  it('says clearly when the ISE store path does not exist', async () => {
    await expect(loadIseTrustStore([join(lab().dir, 'nope')], TODAY)).rejects.toMatchObject({ code: 'ISE_STORE_NOT_FOUND' });
  });
});

describe('export for ISE', () => {
  it('writes one BASE64 .cer per CA named after its CN (twins by issuer), and the import steps', async () => {
    const results = await fetchChains([lab().target('full.test'), lab().target('twin.test')], lab().options());
    const needs = collectIseNeeds(results.map((result) => ({ target: result.target, chain: result.chain })));
    const folder = join(lab().dir, 'export-1');
    const written = await exportForIse(needs.certificates, folder, { now: TODAY, notes: needs.notes });
    expect(written.files.map((file) => file.path.slice(folder.length + 1))).toEqual([
      'Lab ECC Root.cer',
      'Lab RSA Root.cer',
      'Lab RSA Issuing CA 01 (Lab ECC Root).cer',
      'Lab RSA Issuing CA 01 (Lab RSA Root).cer',
    ]);
    for (const [index, file] of written.files.entries()) {
      const text = await readFile(file.path, 'utf8');
      expect(text.startsWith('-----BEGIN CERTIFICATE-----\n')).toBe(true);
      const reparsed = await loadCertificateFile(file.path, { now: TODAY });
      expect(reparsed.certificates.map((certificate) => certificate.info.thumbprints.sha256)).toEqual(file.certificates);
      const fingerprint = (await openssl(['x509', '-in', file.path, '-noout', '-fingerprint', '-sha1'])).stdout.toString();
      expect(fingerprint.trim()).toBe(`sha1 Fingerprint=${needs.certificates[index]?.certificate.thumbprints.sha1Colon}`);
    }
    const steps = await readFile(written.stepsFile, 'utf8');
    expect(steps).toContain(ISE_MENU_PATH);
    expect(steps).toContain('Administration > System > Certificates > Trusted Certificates > Import');
    expect(steps).toContain('Friendly Name: Azure MDM - Lab RSA Root');
    expect(steps).toContain('Friendly Name: Azure MDM - Lab RSA Issuing CA 01 (Lab ECC Root)');
    expect(steps).toContain('Tick "Trust for authentication of Cisco Services"');
    expect(steps).toMatch(/cross-signed twins/);
    expect(written.backups).toEqual([]);
  });

  it('never overwrites without a backup, and can write one bundle instead', async () => {
    const [result] = await fetchChains([lab().target('ec.test')], lab().options());
    const needs = collectIseNeeds([{ target: result?.target ?? '', chain: result?.chain ?? [] }]);
    const folder = join(lab().dir, 'export-2');
    await exportForIse(needs.certificates, folder, { now: TODAY });
    const again = await exportForIse(needs.certificates, folder, { now: TODAY });
    expect(again.backups.map((backup) => backup.backupPath.slice(folder.length + 1)).sort()).toEqual(['ISE-import-steps.txt.bak', 'Lab ECC Issuing CA 01.cer.bak', 'Lab ECC Root.cer.bak']);

    const bundle = await exportForIse(needs.certificates, join(lab().dir, 'export-3'), { now: TODAY, bundle: true });
    expect(bundle.files).toHaveLength(1);
    expect((await readdir(join(lab().dir, 'export-3'))).sort()).toEqual(['ISE trusted CAs bundle.pem', 'ISE-import-steps.txt']);
    const listed = (await openssl(['storeutl', '-noout', '-certs', bundle.files[0]?.path ?? ''])).stdout.toString();
    expect(listed).toMatch(/Total found: 2/);
    expect(await readFile(bundle.stepsFile, 'utf8')).toMatch(/ISE imports one certificate per file/);
  });

  it('refuses an empty export with a reason', async () => {
    await expect(exportForIse([], join(lab().dir, 'export-4'), { now: TODAY })).rejects.toMatchObject({ code: 'EXPORT_NOTHING' });
  });
});
