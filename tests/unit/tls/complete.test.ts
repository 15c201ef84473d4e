/** Completing served chains (AIA, CA files, catalog, trust store) and judging them. */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { rootCertificates } from 'node:tls';
import { describe, expect, it } from 'vitest';
import type { CatalogEntry } from '../../../preload/types/chains';
import { bundledCatalog } from '../../../main/services/catalog/microsoft-cas';
import { describeCertificate } from '../../../main/services/certs';
import { completeChain, fetchChains, judgeChain, toCandidates, trustStoreCandidates } from '../../../main/services/tls';
import { useLab } from './lab';
import { MICROSOFT_CA } from '../../support/fixture-paths';

const lab = useLab();

async function fixtureDer(name: string): Promise<Buffer> {
  const pem = await readFile(join(MICROSOFT_CA, name), 'utf8');
  return Buffer.from(pem.replace(/-----(BEGIN|END) CERTIFICATE-----|\s/g, ''), 'base64');
}

describe('completing a chain the server sent without its intermediate', () => {
  it.each([
    ['aia-der.test', '/rsa-intermediate.crt'],
    ['aia-p7c.test', '/rsa-intermediate.p7c'],
  ] as const)('downloads the intermediate of %s from its AIA URL (%s)', async (name, path) => {
    const [result] = await fetchChains([lab().target(name)], lab().options());
    expect(result?.served).toHaveLength(1);
    expect(result?.chain.map((info) => info.subjectCN)).toEqual([name, 'Lab RSA Issuing CA 01', 'Lab RSA Root']);
    expect(result?.completedFrom.map((entry) => entry.from)).toEqual(['aia', 'trust-store']);
    expect(result?.completedFrom[0]).toMatchObject({ url: `${lab().aia.baseUrl}${path}`, finalUrl: `${lab().aia.baseUrl}${path}` });
    expect(result?.chain[1]?.base64Der).toBe(lab().pki.rsaIntermediate.der.toString('base64'));
    expect(result?.verdict).toBe('incomplete-completed');
    expect(result?.message).toMatch(/did not send the intermediate Lab RSA Issuing CA 01; it was downloaded from its AIA address/);
  });

  it('follows a redirect from the AIA URL and says where it ended', async () => {
    const [result] = await fetchChains([lab().target('aia-redirect.test')], lab().options());
    expect(result?.completedFrom[0]).toMatchObject({ from: 'aia', url: `${lab().aia.baseUrl}/redirect.crt`, finalUrl: `${lab().aia.baseUrl}/rsa-intermediate.crt` });
    expect(result?.aiaAttempts[0]?.message).toMatch(/redirected to .*rsa-intermediate\.crt/);
  });

  it.each([
    ['aia-404.test', 'AIA_HTTP_STATUS', /answered HTTP 404/, { status: 404 }],
    ['aia-slow.test', 'AIA_TIMEOUT', /took longer than 800 ms/, { seconds: 0.8 }],
    ['aia-html.test', 'AIA_HTML', /returned a web page \(HTML\), not a certificate/, {}],
  ] as const)('explains why %s stays incomplete (%s)', async (name, code, message, values) => {
    const [result] = await fetchChains([lab().target(name)], lab().options());
    expect(result).toMatchObject({ fetched: true, verdict: 'incomplete', completedFrom: [] });
    // The values travel with the code, for the window to say it in the user's language.
    expect(result?.aiaAttempts).toEqual([expect.objectContaining({ ok: false, code, values })]);
    expect(result?.message).toMatch(message);
  });

  it('does not download anything when AIA is turned off, and says so', async () => {
    const before = lab().aia.requests.length;
    const [result] = await fetchChains([lab().target('aia-der.test')], lab().options({ aia: false }));
    expect(lab().aia.requests.length).toBe(before);
    expect(result).toMatchObject({ verdict: 'incomplete', aiaAttempts: [] });
    expect(result?.message).toMatch(/downloading issuers \(AIA\) is turned off/);
  });

  it('completes from the CA files the user gave, before trying AIA', async () => {
    const before = lab().aia.requests.length;
    const [result] = await fetchChains([lab().target('aia-der.test')], lab().options({ caCertificates: [lab().pki.rsaIntermediate.der] }));
    expect(lab().aia.requests.length).toBe(before);
    expect(result?.completedFrom.map((entry) => entry.from)).toEqual(['ca-file', 'trust-store']);
  });

  it('completes from the catalog (a user-added CA) when offline', async () => {
    const now = new Date();
    const certificate = describeCertificate(lab().pki.rsaIntermediate.der, now);
    const entry: CatalogEntry = { id: certificate.thumbprints.sha256, generation: 'user', name: certificate.subjectCN, role: 'intermediate', origin: 'user', source: 'test', file: 'rsa-int.pem', status: certificate.status, note: null, certificate };
    const [result] = await fetchChains([lab().target('aia-der.test')], lab().options({ aia: false, catalog: [entry] }));
    expect(result?.completedFrom.map((completed) => completed.from)).toEqual(['catalog', 'trust-store']);
    expect(result?.verdict).toBe('incomplete-completed');
  });

  it("completes a real Microsoft intermediate's root from the bundled catalog when Node's store lacks it", async () => {
    const intermediate = await fixtureDer('microsoft_tls_g2_rsa_ca_ocsp_02.pem');
    const root = await fixtureDer('microsoft_tls_rsa_root_g2.pem');
    const nodeHasIt = rootCertificates.some((pem) => pem.replace(/-----(BEGIN|END) CERTIFICATE-----|\s/g, '') === root.toString('base64'));
    expect(nodeHasIt).toBe(false);
    const now = new Date('2026-11-26T12:00:00Z');
    const catalog = toCandidates(bundledCatalog(now).map((entry) => Buffer.from(entry.certificate.base64Der, 'base64')), 'catalog');
    const completed = await completeChain([intermediate], { caFiles: [], trustStore: trustStoreCandidates(), catalog }, { now, aia: null });
    expect(completed.links.map((link) => link.source)).toEqual(['served', 'catalog']);
    expect(completed.links[1]?.der.equals(root)).toBe(true);
    expect(completed).toMatchObject({ reachesRoot: true, anchor: 'catalog' });
  });

  it('follows the cross-signed twin the server sent to the root that signed it', async () => {
    const [result] = await fetchChains([lab().target('twin.test')], lab().options());
    expect(result?.chain.map((info) => info.issuerCN)).toEqual(['Lab RSA Issuing CA 01', 'Lab ECC Root', 'Lab ECC Root']);
    expect(result?.verdict).toBe('trusted');
  });
});

describe('verdicts', () => {
  it('trusts a complete chain to a trusted root, RSA and EC alike', async () => {
    const results = await fetchChains([lab().target('full.test'), lab().target('ec.test')], lab().options());
    expect(results.map((result) => result.verdict)).toEqual(['trusted', 'trusted']);
    expect(results[1]?.message).toMatch(/^The chain is complete and trusted: ec.test <- Lab ECC Issuing CA 01 <- Lab ECC Root/);
  });

  it('names the expired certificate', async () => {
    const [result] = await fetchChains([lab().target('expired.test')], lab().options());
    expect(result).toMatchObject({ verdict: 'expired' });
    expect(result?.message).toMatch(/^expired.test expired on 2021-01-01/);
    expect(result?.findings[0]?.certificate).toBe(result?.chain[0]?.thumbprints.sha256);
  });

  it('reports a certificate not valid yet (this clock before its start)', async () => {
    const [result] = await fetchChains([lab().target('full.test')], lab().options({ now: new Date('2001-01-01T00:00:00Z') }));
    expect(result?.verdict).toBe('not-yet-valid');
    expect(result?.findings.filter((finding) => finding.code === 'not-yet-valid')).toHaveLength(3);
  });

  it('reports a certificate made for another host name', async () => {
    const [result] = await fetchChains([lab().target('wrong.test')], lab().options());
    expect(result).toMatchObject({ verdict: 'hostname-mismatch' });
    expect(result?.message).toBe('The certificate is for other.test, not wrong.test: clients (ISE included) refuse it for this name.');
  });

  it('checks an IP address against the IP entries of the certificate', async () => {
    const [result] = await fetchChains([lab().target('default')], lab().options());
    expect(result?.verdict).toBe('trusted');
  });

  it('reports a self-signed server certificate', async () => {
    const [result] = await fetchChains([lab().target('selfsigned.test')], lab().options());
    expect(result).toMatchObject({ verdict: 'self-signed', chain: [expect.objectContaining({ selfSigned: true })] });
  });

  it('reports a 1024-bit RSA key and a SHA-1 signature as weak', async () => {
    const [result] = await fetchChains([lab().target('weak.test')], lab().options());
    expect(result?.verdict).toBe('weak');
    expect(result?.findings.map((finding) => finding.message)).toEqual([
      'weak.test has a 1024-bit RSA key; at least 2048 bits are required by current clients.',
      'weak.test is signed with sha1WithRSAEncryption; SHA-1 and MD5 signatures are refused by current clients.',
    ]);
  });

  it('calls a private root untrusted, and blames a proxy only when one was used', async () => {
    const ders = [lab().pki.inspectionLeaf.der, lab().pki.inspectionRoot.der];
    const now = new Date();
    const completed = await completeChain(ders, { caFiles: [], trustStore: trustStoreCandidates([lab().pki.rsaRoot.der]), catalog: [] }, { now, aia: null });
    const chain = completed.links.map((link) => describeCertificate(link.der, now));
    const direct = judgeChain({ host: 'full.test', completed, chain, viaProxy: false, aiaAllowed: true });
    const proxied = judgeChain({ host: 'full.test', completed, chain, viaProxy: true, aiaAllowed: true });
    expect([direct.code, proxied.code]).toEqual(['untrusted-root', 'untrusted-root']);
    expect(direct.message).toMatch(/It is a private CA/);
    expect(direct.message).not.toMatch(/proxy/);
    expect(proxied.message).toMatch(/TLS-inspecting corporate proxy/);
  });

  it('trusts a private root the user gave as a CA file', async () => {
    const [result] = await fetchChains([lab().target('full.test')], lab().options({ extraTrustedRoots: [], caCertificates: [lab().pki.rsaRoot.der] }));
    expect(result?.verdict).toBe('trusted');
    expect(result?.completedFrom.map((entry) => entry.from)).toEqual(['ca-file']);
  });

  it('without the root anywhere, the chain is incomplete', async () => {
    const [result] = await fetchChains([lab().target('full.test')], lab().options({ extraTrustedRoots: [] }));
    expect(result?.verdict).toBe('incomplete');
    expect(result?.message).toMatch(/Lab RSA Issuing CA 01 was issued by C=US, O=Chain Lab, CN=Lab RSA Root/);
  });
});
