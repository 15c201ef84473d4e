/** Reading ISE's trust store through the API, and the gap of fetched chains against it. */
import { describe, expect, it } from 'vitest';
import { describeCertificate } from '../../../main/services/certs';
import { iseGapForChains, parseIseDate, readIseTrustStore } from '../../../main/services/ise/api';
import { useIseLab, REAL_STORE_FILES } from './ise-lab';

const lab = useIseLab();

describe("reading ISE's trusted certificates", () => {
  it('follows nextPage until the last page and keeps every entry once, in order', async () => {
    const standin = await lab().standin();
    const client = lab().client(standin);
    const listed = await client.listTrustedCertificates({ pageSize: 3 });
    expect(listed.pages).toBe(3);
    expect(listed.entries.map((entry) => entry.friendlyName)).toEqual(standin.entries.map((entry) => entry.name));
    expect(standin.requests.map((request) => request.path)).toEqual([
      '/api/v1/certs/trusted-certificate?page=1&size=3',
      '/api/v1/certs/trusted-certificate?page=2&size=3',
      '/api/v1/certs/trusted-certificate?page=3&size=3',
    ]);
    expect(standin.requests.every((request) => request.user === 'api-admin')).toBe(true);
  });

  it("reads ISE's fields: names, usages, dates as ISO, expiry as of now, internal CA", async () => {
    const standin = await lab().standin();
    const { entries } = await lab().client(standin).listTrustedCertificates({ now: new Date('2026-11-26T00:00:00Z') });
    const baltimore = entries.find((entry) => entry.friendlyName === 'baltimore_cybertrust_root');
    expect(baltimore).toMatchObject({ issuedTo: 'Baltimore CyberTrust Root', expirationDate: '2025-05-12T23:59:00.000Z', expired: true, trustedFor: ['Cisco Services'], status: 'Enabled' });
    expect(baltimore?.subject).toBe('CN=Baltimore CyberTrust Root,OU=CyberTrust,O=Baltimore,C=IE');
    const internal = entries.find((entry) => entry.internalCA);
    expect(internal).toMatchObject({ friendlyName: 'Certificate Services Root CA - ise-pan', trustedFor: ['Infrastructure'], expired: false });
  });

  it('exports only the entries the listing does not identify by fingerprint (here: all but the internal CA)', async () => {
    const standin = await lab().standin({ listsFingerprints: false });
    const store = await readIseTrustStore(lab().client(standin), { pageSize: 4 });
    expect(store.entries).toHaveLength(REAL_STORE_FILES.length + 2);
    expect(store.exported.map((info) => info.subjectCN).sort()).toEqual(
      ['Baltimore CyberTrust Root', 'DigiCert Global Root CA', 'DigiCert Global Root G2', 'Lab RSA Root', 'Microsoft ECC Root Certificate Authority 2017', 'Microsoft RSA Root Certificate Authority 2017'].sort(),
    );
    expect(store.exportProblem).toBeNull();
    expect(store.entries.filter((entry) => entry.identifiedBy === 'export')).toHaveLength(REAL_STORE_FILES.length + 1);
    const exportPaths = standin.requests.filter((request) => request.path.includes('/export/'));
    expect(exportPaths).toHaveLength(REAL_STORE_FILES.length + 1);
    expect(exportPaths.some((request) => request.path.endsWith(standin.entries.find((entry) => entry.internalCA)?.id ?? '?'))).toBe(false);
  });

  it('asks ISE for no export when the listing carries every fingerprint: one request per page, not one per certificate', async () => {
    const standin = await lab().standin();
    const store = await readIseTrustStore(lab().client(standin), { pageSize: 4 });
    expect(store.entries).toHaveLength(REAL_STORE_FILES.length + 2);
    expect(store.exported).toEqual([]);
    expect(standin.requests.filter((request) => request.path.includes('/export/'))).toEqual([]);
    expect(standin.requests).toHaveLength(store.pages);
    const { gaps } = iseGapForChains(await lab().chains(['full.test']), store);
    expect(gaps[0]?.present.map((match) => match.certificate.subjectCN)).toEqual(['Lab RSA Root']);
  });

  it('stops asking for exports when ISE does not export, and says why', async () => {
    const standin = await lab().standin({ exportSupported: false, listsFingerprints: false });
    const store = await readIseTrustStore(lab().client(standin));
    expect(store.exported).toEqual([]);
    expect(store.exportProblem).toMatch(/HTTP 404 to the export/);
    expect(standin.requests.filter((request) => request.path.includes('/export/'))).toHaveLength(1);
  });

  it('reads one entry by id', async () => {
    const standin = await lab().standin();
    const wanted = standin.entries[2];
    const entry = await lab().client(standin).getTrustedCertificate(wanted?.id ?? '');
    expect(entry.friendlyName).toBe(wanted?.name);
    await expect(lab().client(standin).getTrustedCertificate('no-such-id')).rejects.toMatchObject({ code: 'ISE_NOT_FOUND' });
  });
});

describe('the gap of fetched chains against the store read through the API', () => {
  it('finds the lab root present and its intermediate, the EC intermediate and root missing — as the Chains screen computes it', async () => {
    const standin = await lab().standin();
    const store = await readIseTrustStore(lab().client(standin));
    const { gaps } = iseGapForChains(await lab().chains(['full.test', 'ec.test']), store);
    expect(gaps.map((gap) => [gap.target.split(':')[0], gap.present.map((match) => [match.certificate.subjectCN, match.matchedBy]), gap.missing.map((info) => info.subjectCN)])).toEqual([
      ['full.test', [['Lab RSA Root', 'sha1']], ['Lab RSA Issuing CA 01']],
      ['ec.test', [], ['Lab ECC Issuing CA 01', 'Lab ECC Root']],
    ]);
  });

  it('counts the cross-signed twin ISE holds as present (same subject and key)', async () => {
    const standin = await lab().standin();
    standin.addTrusted(lab().pki.rsaIntermediateTwin, 'Azure MDM - Lab RSA Issuing CA 01 (Lab ECC Root)');
    const chains = await lab().chains(['full.test']);
    // The twin's listed fingerprint matches no chain CA, but its subject does: only it is exported.
    const store = await readIseTrustStore(lab().client(standin), { candidates: chains.flatMap((chain) => chain.chain.slice(1)) });
    expect(store.exported.map((info) => info.subjectCN)).toEqual(['Lab RSA Issuing CA 01']);
    const { gaps } = iseGapForChains(chains, store);
    expect(gaps[0]?.present.map((match) => [match.certificate.subjectCN, match.matchedBy])).toEqual([
      ['Lab RSA Issuing CA 01', 'subject-key'],
      ['Lab RSA Root', 'sha1'],
    ]);
    expect(gaps[0]?.missing).toEqual([]);
  });

  it('without PEM export, ties entries to chain CAs by the SHA-256 fingerprint ISE lists', async () => {
    const standin = await lab().standin({ exportSupported: false });
    standin.addTrusted(lab().pki.ecIntermediate, 'Lab EC intermediate');
    const store = await readIseTrustStore(lab().client(standin));
    const { gaps, entries } = iseGapForChains(await lab().chains(['full.test', 'ec.test']), store);
    expect(gaps.map((gap) => gap.missing.map((info) => info.subjectCN))).toEqual([['Lab RSA Issuing CA 01'], ['Lab ECC Root']]);
    expect(entries.filter((entry) => entry.identifiedBy !== null).map((entry) => [entry.friendlyName, entry.identifiedBy])).toEqual([
      ['Azure MDM - Lab RSA Root', 'fingerprint'],
      ['Lab EC intermediate', 'fingerprint'],
    ]);
  });

  it('without export or fingerprints, ties entries by issuer and serial number, and never confuses twins', async () => {
    const standin = await lab().standin({ exportSupported: false, listsFingerprints: false });
    standin.addTrusted(lab().pki.rsaIntermediateTwin, 'the twin');
    const store = await readIseTrustStore(lab().client(standin));
    const { gaps, entries } = iseGapForChains(await lab().chains(['full.test']), store);
    expect(entries.filter((entry) => entry.identifiedBy !== null).map((entry) => [entry.friendlyName, entry.identifiedBy])).toEqual([['Azure MDM - Lab RSA Root', 'issuer-serial']]);
    // The twin cannot be identified without its key: the intermediate is reported missing, importing it is harmless.
    expect(gaps[0]?.missing.map((info) => info.subjectCN)).toEqual(['Lab RSA Issuing CA 01']);
  });

  it('matches the real Microsoft roots in ISE against a chain holding them', async () => {
    const standin = await lab().standin({ exportSupported: false });
    const store = await readIseTrustStore(lab().client(standin));
    const now = new Date();
    const leaf = describeCertificate(lab().pki.leaves['full.test'].der, now);
    const g2 = describeCertificate(await lab().realCa('digicert_global_root_g2.pem'), now);
    const { gaps } = iseGapForChains([{ target: 'graph.microsoft.com:443', chain: [leaf, g2] }], store);
    expect(gaps[0]?.present.map((match) => match.certificate.subjectCN)).toEqual(['DigiCert Global Root G2']);
  });
});

describe("ISE's date texts", () => {
  it('reads Java dates, the documented filter format and ISO; refuses anything else', () => {
    expect(parseIseDate('Tue May 12 23:59:00 UTC 2025')?.toISOString()).toBe('2025-05-12T23:59:00.000Z');
    expect(parseIseDate('2025-05-12 23:59:00')?.toISOString()).toBe('2025-05-12T23:59:00.000Z');
    expect(parseIseDate('2025-05-12T23:59:00+02:00')?.toISOString()).toBe('2025-05-12T21:59:00.000Z');
    expect(parseIseDate('Tue May 12 23:59:00 CEST 2025')).toBeNull();
    expect(parseIseDate('soon')).toBeNull();
  });
});
