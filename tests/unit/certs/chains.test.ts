/**
 * Ordering certificates into chains, leaf to root: issuer name AND signature, so that
 * cross-signed twins give two paths and a look-alike issuer gives none.
 */
import { describe, expect, it } from 'vitest';
import type { CertificateInfo } from '../../../preload/types/certs';
import { buildChainReport, loadCertificateFile } from '../../../main/services/certs';
import { createKey, issueCertificate, type GeneratedCertificate } from '../../support/pki';
import { MICROSOFT_CA, fixtureFiles, usePki } from './pki-setup';

const pki = usePki();

async function infoOf(certificate: GeneratedCertificate): Promise<CertificateInfo> {
  return (await loadCertificateFile(certificate.pemPath)).certificates[0]?.info as CertificateInfo;
}

describe('chains from a generated PKI', () => {
  it('orders leaf → intermediate → root, with two paths through cross-signed twins and RSA/EC mixed', async () => {
    const c = pki().certs;
    const infos = await Promise.all([c.rsaRoot, c.ecLeaf, c.rsaIntermediateTwin, c.mixedLeaf, c.ecRoot, c.rsaIntermediate, c.ecIntermediate, c.bareRsa].map(infoOf));
    const ref = async (certificate: GeneratedCertificate) => (await infoOf(certificate)).thumbprints.sha256;
    const report = buildChainReport(infos);

    expect(report.chains).toEqual(
      expect.arrayContaining([
        { certificates: [await ref(c.mixedLeaf), await ref(c.rsaIntermediate), await ref(c.rsaRoot)], complete: true, missingIssuer: null },
        { certificates: [await ref(c.mixedLeaf), await ref(c.rsaIntermediateTwin), await ref(c.ecRoot)], complete: true, missingIssuer: null },
        { certificates: [await ref(c.ecLeaf), await ref(c.ecIntermediate), await ref(c.ecRoot)], complete: true, missingIssuer: null },
        { certificates: [await ref(c.bareRsa)], complete: true, missingIssuer: null },
      ]),
    );
    expect(report.chains).toHaveLength(4);
    expect(new Set(report.roots)).toEqual(new Set([await ref(c.rsaRoot), await ref(c.ecRoot), await ref(c.bareRsa)]));
    expect(report.orphans).toEqual([]);
    expect(report.twins).toEqual([{ subject: 'C=US, O=Test PKI, CN=Test RSA Issuing CA 01', certificates: [await ref(c.rsaIntermediateTwin), await ref(c.rsaIntermediate)] }]);
    expect(report.links).toContainEqual({ subject: await ref(c.rsaIntermediateTwin), issuer: await ref(c.ecRoot) });
  });

  it('reports an incomplete chain with the name of the missing issuer, and counts each certificate once', async () => {
    const c = pki().certs;
    const leaf = await infoOf(c.rsaLeaf);
    const intermediate = await infoOf(c.rsaIntermediate);
    const report = buildChainReport([leaf, intermediate, leaf]);
    expect(report.chains).toEqual([
      { certificates: [leaf.thumbprints.sha256, intermediate.thumbprints.sha256], complete: false, missingIssuer: 'C=US, O=Test PKI, CN=Test RSA Root' },
    ]);
    expect(report.orphans).toEqual([intermediate.thumbprints.sha256]);
    expect(report.roots).toEqual([]);
  });

  it('does not link a certificate to a CA that only has the same name', async () => {
    const dir = pki().dir;
    const impostorKey = await createKey(dir, 'impostor-root', { type: 'ec', curve: 'P-256' });
    const impostor = await issueCertificate(dir, { name: 'impostor-root', subject: '/C=US/O=Test PKI/CN=Test RSA Root', key: impostorKey, extensions: ['basicConstraints = critical,CA:TRUE'] });
    const report = buildChainReport([await infoOf(pki().certs.rsaIntermediate), await infoOf(impostor)]);
    expect(report.links).toEqual([]);
    expect(report.orphans).toEqual([(await infoOf(pki().certs.rsaIntermediate)).thumbprints.sha256]);
  });
});

describe('chains of the real Microsoft CA files', () => {
  it('links each Azure issuing CA to its Microsoft root and its xsign twin to a DigiCert root, and the G2 generation to both Root G2 twins', async () => {
    const infos: CertificateInfo[] = [];
    for (const file of await fixtureFiles(MICROSOFT_CA)) infos.push(...(await loadCertificateFile(file)).certificates.map((entry) => entry.info));
    const report = buildChainReport(infos);
    const byRef = new Map(infos.map((info) => [info.thumbprints.sha256, info]));
    const named = (refs: string[]) => refs.map((ref) => byRef.get(ref)?.subjectCN);
    const issuerNames = (ref: string) => report.links.filter((link) => link.subject === ref).map((link) => byRef.get(link.issuer)?.subjectCN);
    const find = (cn: string, issuerCN: string) => infos.find((info) => info.subjectCN === cn && info.issuerCN === issuerCN)?.thumbprints.sha256 as string;

    expect(issuerNames(find('Microsoft Azure RSA TLS Issuing CA 03', 'Microsoft RSA Root Certificate Authority 2017'))).toEqual(['Microsoft RSA Root Certificate Authority 2017']);
    expect(issuerNames(find('Microsoft Azure RSA TLS Issuing CA 03', 'DigiCert Global Root G2'))).toEqual(['DigiCert Global Root G2']);
    expect(issuerNames(find('Microsoft Azure ECC TLS Issuing CA 07', 'DigiCert Global Root G3'))).toEqual(['DigiCert Global Root G3']);
    expect(issuerNames(find('Microsoft Azure ECC TLS Issuing CA 07', 'Microsoft ECC Root Certificate Authority 2017'))).toEqual(['Microsoft ECC Root Certificate Authority 2017']);
    // Microsoft TLS RSA Root G2 exists twice: self-signed, and cross-signed by DigiCert Global Root G2
    // (same subject and key). Its issuing CAs link to both, and each twin to its own issuer.
    const g2Issuers = report.links.filter((link) => link.subject === find('Microsoft TLS G2 RSA CA OCSP 02', 'Microsoft TLS RSA Root G2')).map((link) => link.issuer);
    expect(g2Issuers.map((ref) => [byRef.get(ref)?.subjectCN, byRef.get(ref)?.issuerCN]).sort()).toEqual([
      ['Microsoft TLS RSA Root G2', 'DigiCert Global Root G2'],
      ['Microsoft TLS RSA Root G2', 'Microsoft TLS RSA Root G2'],
    ]);
    expect(issuerNames(find('Microsoft TLS RSA Root G2', 'DigiCert Global Root G2'))).toEqual(['DigiCert Global Root G2']);
    expect(issuerNames(find('Microsoft TLS G2 ECC CA OCSP 02', 'Microsoft TLS ECC Root G2'))).toEqual(['Microsoft TLS ECC Root G2']);
    expect(issuerNames(find('Microsoft TLS ECC Root G2', 'DigiCert Global Root G3'))).toEqual(['DigiCert Global Root G3']);
    expect(issuerNames(find('Microsoft IT TLS CA 1', 'Baltimore CyberTrust Root'))).toEqual(['Baltimore CyberTrust Root']);

    expect(report.twins.map((twin) => named(twin.certificates).join(' / ')).sort()).toEqual([
      ...['03', '04', '07', '08'].map((n) => `Microsoft Azure ECC TLS Issuing CA ${n} / Microsoft Azure ECC TLS Issuing CA ${n}`),
      ...['03', '04', '07', '08'].map((n) => `Microsoft Azure RSA TLS Issuing CA ${n} / Microsoft Azure RSA TLS Issuing CA ${n}`),
      'Microsoft TLS RSA Root G2 / Microsoft TLS RSA Root G2',
    ]);
    expect(named(report.roots).sort()).toEqual([
      'Baltimore CyberTrust Root',
      'DigiCert Global Root CA',
      'DigiCert Global Root G2',
      'DigiCert Global Root G3',
      'DigiCert TLS ECC P384 Root G5',
      'DigiCert TLS RSA4096 Root G5',
      'Microsoft ECC Root Certificate Authority 2017',
      'Microsoft RSA Root Certificate Authority 2017',
      'Microsoft TLS RSA Root G2',
    ]);
    expect(report.orphans).toEqual([]);
    expect(report.chains.every((chain) => chain.complete)).toBe(true);
  });
});
