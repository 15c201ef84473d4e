/** Importing the CAs ISE lacks: names, flags, one result per certificate, and the re-read that confirms it. */
import { describe, expect, it } from 'vitest';
import type { CertificateInfo } from '../../../preload/types/certs';
import { describeCertificate } from '../../../main/services/certs';
import { friendlyNamesFor, importBody, importCasIntoIse, importFlagsFor, iseGapForChains, readIseTrustStore, safeIseDescription, safeIseText, ISE_TRUST_FLAG_ROWS } from '../../../main/services/ise/api';
import { collectIseNeeds } from '../../../main/services/tls';
import type { IseStandin } from '../../support/ise-standin';
import { useIseLab } from './ise-lab';

const lab = useIseLab();

function imports(standin: IseStandin): Record<string, unknown>[] {
  return standin.requests.filter((request) => request.method === 'POST').map((request) => request.body as Record<string, unknown>);
}

describe('importing the selected missing CAs', () => {
  it('imports two CAs, one of them already present: one POST, both successes, and the re-read confirms the gap is closed', async () => {
    const standin = await lab().standin();
    const client = lab().client(standin);
    const now = new Date();
    const root = describeCertificate(lab().pki.rsaRoot.der, now);
    const intermediate = describeCertificate(lab().pki.rsaIntermediate.der, now);
    const report = await importCasIntoIse(client, friendlyNamesFor([root, intermediate]), { now });

    expect(report.results.map((result) => [result.subjectCN, result.outcome, result.friendlyName])).toEqual([
      ['Lab RSA Root', 'already-present', 'Azure MDM - Lab RSA Root'],
      ['Lab RSA Issuing CA 01', 'imported', 'Azure MDM - Lab RSA Issuing CA 01'],
    ]);
    expect(report.results[0]?.message).toBe('ISE already trusts this certificate as "Azure MDM - Lab RSA Root".');
    expect(report.results[1]?.iseId).toBe(standin.entries.at(-1)?.id);
    expect(report).toMatchObject({ confirmed: true, stillMissing: [], stopped: null });

    const [body, ...more] = imports(standin);
    expect(more).toEqual([]);
    expect(body).toEqual({
      name: 'Azure MDM - Lab RSA Issuing CA 01',
      description: expect.stringMatching(/^Added by ISE Intune Assistant on \d{4}-\d{2}-\d{2}: CA for ISE connections to Microsoft Entra ID - Graph - Intune\. SHA-1 [0-9A-F:]{59}$/),
      data: intermediate.pem,
      trustForIseAuth: false,
      trustForClientAuth: false,
      trustForCiscoServicesAuth: true,
      trustForCertificateBasedAdminAuth: false,
      allowBasicConstraintCAFalse: false,
      allowOutOfDateCert: false,
      allowSHA1Certificates: false,
      validateCertificateExtensions: true,
    });
    expect(standin.entries.at(-1)).toMatchObject({ name: 'Azure MDM - Lab RSA Issuing CA 01', flags: { trustForCiscoServicesAuth: true, trustForIseAuth: false } });
  });

  it('closes the gap of fetched chains: see the gap, import what is missing, see it closed', async () => {
    const standin = await lab().standin();
    const client = lab().client(standin);
    const chains = await lab().chains(['full.test', 'ec.test']);
    const before = await readIseTrustStore(client);
    const missing = iseGapForChains(chains, before).gaps.flatMap((gap) => gap.missing);
    expect(missing.map((info) => info.subjectCN)).toEqual(['Lab RSA Issuing CA 01', 'Lab ECC Issuing CA 01', 'Lab ECC Root']);
    // The names the Chains screen's export uses for the same certificates.
    const names = new Map(collectIseNeeds(chains).certificates.map((entry) => [entry.certificate.thumbprints.sha256, entry.friendlyName]));
    const selected = missing.map((certificate) => ({ certificate, friendlyName: names.get(certificate.thumbprints.sha256) ?? '' }));
    const report = await importCasIntoIse(client, selected, { storeBefore: before });
    expect(report.results.map((result) => result.outcome)).toEqual(['imported', 'imported', 'imported']);
    expect(report.confirmed).toBe(true);
    expect(report.storeAfter && iseGapForChains(chains, report.storeAfter).gaps.map((gap) => gap.missing)).toEqual([[], []]);
  });

  it('without PEM export, recognises the present CA by the fields ISE lists, and names its entry', async () => {
    const standin = await lab().standin({ exportSupported: false, listsFingerprints: false });
    const root = describeCertificate(lab().pki.rsaRoot.der, new Date());
    const report = await importCasIntoIse(lab().client(standin), friendlyNamesFor([root]));
    expect(report.results[0]).toMatchObject({ outcome: 'already-present', message: 'ISE already trusts this certificate as "Azure MDM - Lab RSA Root".' });
    expect(imports(standin)).toEqual([]);
    expect(report.confirmed).toBe(true);
  });

  it('takes "already exists" from ISE as a success for the user', async () => {
    const standin = await lab().standin();
    const client = lab().client(standin);
    const intermediate = describeCertificate(lab().pki.rsaIntermediate.der, new Date());
    const [selected] = friendlyNamesFor([intermediate]);
    const body = importBody(selected as NonNullable<typeof selected>, new Date());
    expect(await client.importTrustedCertificate(body)).toMatchObject({ outcome: 'imported' });
    const again = await client.importTrustedCertificate({ ...body, name: 'another name' });
    expect(again.outcome).toBe('already-present');
    expect(again.outcome === 'already-present' && again.message).toMatch(/^ISE already trusts this certificate \(.*already exists.*\)\.$/);
  });

  it('gives the certificate a distinct name when another certificate already uses it', async () => {
    const standin = await lab().standin();
    standin.addTrusted(await lab().realCa('digicert_global_root_g3.pem'), 'Azure MDM - Lab ECC Root');
    const root = describeCertificate(lab().pki.ecRoot.der, new Date());
    const report = await importCasIntoIse(lab().client(standin), friendlyNamesFor([root]));
    expect(report.results[0]).toMatchObject({ outcome: 'imported', friendlyName: `Azure MDM - Lab ECC Root (${root.thumbprints.sha256.slice(0, 8)})` });
    expect(imports(standin).map((body) => body.name)).toEqual(['Azure MDM - Lab ECC Root', `Azure MDM - Lab ECC Root (${root.thumbprints.sha256.slice(0, 8)})`]);
    expect(report.confirmed).toBe(true);
  });

  it('refuses an expired CA and a leaf before sending them, and does not claim the gap is closed', async () => {
    const standin = await lab().standin({ empty: true });
    const now = new Date();
    const baltimore = describeCertificate(await lab().realCa('baltimore_cybertrust_root.pem'), now);
    const leaf = describeCertificate(lab().pki.leaves['full.test'].der, now);
    const report = await importCasIntoIse(lab().client(standin), friendlyNamesFor([baltimore, leaf]), { now });
    expect(report.results.map((result) => [result.outcome, result.errorCode])).toEqual([
      ['refused', 'ISE_IMPORT_REFUSED'],
      ['refused', 'ISE_IMPORT_REFUSED'],
    ]);
    expect(report.results[0]?.message).toMatch(/^Baltimore CyberTrust Root expired on 2025-05-12/);
    expect(report.results[1]?.message).toMatch(/not a CA certificate/);
    expect(imports(standin)).toEqual([]);
    expect(report.confirmed).toBe(false);
    expect(report.stillMissing.map((info: CertificateInfo) => info.subjectCN)).toEqual(['Baltimore CyberTrust Root', 'full.test']);
  });

  it('reports each certificate as not sent once the login is refused', async () => {
    const standin = await lab().standin();
    const now = new Date();
    const cas = friendlyNamesFor([describeCertificate(lab().pki.ecIntermediate.der, now), describeCertificate(lab().pki.ecRoot.der, now)]);
    const before = await readIseTrustStore(lab().client(standin));
    const report = await importCasIntoIse(lab().client(standin, { password: 'nope' }), cas, { storeBefore: before, now });
    expect(report.results.map((result) => [result.outcome, result.errorCode])).toEqual([
      ['failed', 'ISE_AUTH_FAILED'],
      ['failed', 'ISE_NOT_SENT'],
    ]);
    expect(report).toMatchObject({ confirmed: false, storeAfter: null });
    expect(report.stopped).toMatch(/HTTP 401/);
  });
});

describe('the flags sent, and why', () => {
  it('documents every import flag with the value sent and a reason', () => {
    const flags = Object.keys(importFlagsFor(describeCertificate(lab().pki.rsaRoot.der, new Date()))).sort();
    expect(ISE_TRUST_FLAG_ROWS.map((row) => row.flag).sort()).toEqual(flags);
    for (const row of ISE_TRUST_FLAG_ROWS) {
      expect(row.reason.length).toBeGreaterThan(40);
      expect(row.value === 'per-certificate').toBe(row.rule !== null);
    }
    expect(ISE_TRUST_FLAG_ROWS.find((row) => row.flag === 'allowOutOfDateCert')?.value).toBe(false);
    expect(ISE_TRUST_FLAG_ROWS.find((row) => row.flag === 'trustForCiscoServicesAuth')?.value).toBe(true);
  });

  it('allows SHA-1 only for a self-signed root signed with it (DigiCert Global Root CA), which ISE then accepts', async () => {
    const now = new Date();
    const digicert = describeCertificate(await lab().realCa('digicert_global_root_ca.pem'), now);
    const g2 = describeCertificate(await lab().realCa('digicert_global_root_g2.pem'), now);
    expect(importFlagsFor(digicert).allowSHA1Certificates).toBe(true);
    expect(importFlagsFor(g2).allowSHA1Certificates).toBe(false);
    const standin = await lab().standin({ empty: true });
    const report = await importCasIntoIse(lab().client(standin), friendlyNamesFor([digicert, g2]), { now });
    expect(report.results.map((result) => result.outcome)).toEqual(['imported', 'imported']);
    expect(report.confirmed).toBe(true);
  });

  it('keeps names and descriptions free of characters ISE refuses ("Security Check Failed")', async () => {
    expect(safeIseText(`Azure MDM - Let's "Encrypt" <R12>`)).toBe('Azure MDM - Lets Encrypt R12');
    expect(safeIseDescription('CA for Entra, Graph & Intune (2026); SHA-1 AB:CD')).toBe('CA for Entra Graph Intune 2026 SHA-1 AB:CD');
    const intermediate = describeCertificate(lab().pki.rsaIntermediate.der, new Date('2026-11-26T12:00:00Z'));
    const [selected] = friendlyNamesFor([intermediate]);
    const { description } = importBody(selected as NonNullable<typeof selected>, new Date('2026-11-26T12:00:00Z'));
    expect(description).toMatch(/^[A-Za-z0-9 .:-]+$/);
    expect(description).toContain(`Added by ISE Intune Assistant on 2026-11-26: CA for ISE connections to Microsoft Entra ID - Graph - Intune. SHA-1 ${intermediate.thumbprints.sha1Colon}`);
    const standin = await lab().standin({ empty: true });
    const root = describeCertificate(lab().pki.ecRoot.der, new Date());
    const report = await importCasIntoIse(lab().client(standin), [{ certificate: root, friendlyName: "Azure MDM - Lab's ECC Root" }]);
    expect(report.results[0]).toMatchObject({ outcome: 'imported', friendlyName: 'Azure MDM - Labs ECC Root' });
  });

  it('maps ISE\'s "Security Check Failed" to its own error with the GUI path', async () => {
    const standin = await lab().standin({ empty: true });
    const root = describeCertificate(lab().pki.ecRoot.der, new Date());
    const [selected] = friendlyNamesFor([root]);
    const body = { ...importBody(selected as NonNullable<typeof selected>, new Date()), name: "Let's" };
    await expect(lab().client(standin).importTrustedCertificate(body)).rejects.toMatchObject({ code: 'ISE_SECURITY_CHECK', message: expect.stringMatching(/Trusted Certificates > Import/) });
  });
});
