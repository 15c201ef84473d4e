/**
 * A corporate network that inspects TLS: a proxy terminates the tunnel with a certificate for the
 * Microsoft host it forges under its own root, which the company deployed to the Windows store.
 * Emulated with a local inspecting proxy (tests/support/proxy-server.ts) and that root passed as
 * the system store. Microsoft's hosts are pointed at nothing: the proxy answers for them.
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundledCatalog } from '../../../main/services/catalog/microsoft-cas';
import { parsedCertificate } from '../../../main/services/tls/certificate-cache';
import { collectIseNeeds, fetchChains, inspectingCa, isMicrosoftHost, toCandidates, type FetchChainsOptions } from '../../../main/services/tls';
import { ChainsWorkbench, type FetchOptions } from '../../../main/services/workbench/chains-workbench';
import { createKey, issueCertificate, type GeneratedCertificate } from '../../support/pki';
import { startProxyServer, type ProxyServer } from '../../support/proxy-server';

// One clock for the test: the bundled catalog's roots are judged as of this date.
const NOW = new Date('2026-06-01T00:00:00Z');

let dir: string;
let root: GeneratedCertificate;
let proxy: ProxyServer;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ise-intune-inspection-'));
  const ca = ['basicConstraints = critical,CA:TRUE', 'keyUsage = critical,keyCertSign,cRLSign', 'subjectKeyIdentifier = hash'];
  root = await issueCertificate(dir, {
    name: 'inspect-root',
    subject: '/O=Contoso/CN=Contoso Forcepoint Inspection CA',
    key: await createKey(dir, 'inspect-root', { type: 'rsa', bits: 2048 }),
    extensions: ca,
    notBefore: new Date('2025-01-01T00:00:00Z'),
    notAfter: new Date('2035-01-01T00:00:00Z'),
  });
  const leafKey = await createKey(dir, 'inspect-leaf', { type: 'ec', curve: 'P-256' });
  const leaf = await issueCertificate(dir, {
    name: 'inspect-leaf',
    subject: '/CN=login.microsoftonline.com',
    key: leafKey,
    issuer: root,
    notBefore: new Date('2026-01-01T00:00:00Z'),
    notAfter: new Date('2027-01-01T00:00:00Z'),
    extensions: [
      'basicConstraints = critical,CA:FALSE',
      'extendedKeyUsage = serverAuth',
      'subjectAltName = DNS:login.microsoftonline.com,DNS:graph.microsoft.com,DNS:intranet.contoso.test',
    ],
  });
    // Like most inspecting proxies, it sends only the forged leaf: the root comes from the Windows store.
  proxy = await startProxyServer({ inspect: { key: leafKey.pem, chain: [leaf.pem] } });
});

afterAll(async () => {
  await proxy?.close();
  await rm(dir, { recursive: true, force: true });
});

const options = (extra: FetchChainsOptions = {}): FetchChainsOptions => ({ timeoutMs: 5000, aia: false, now: NOW, proxy: proxy.url, ...extra });

describe('TLS inspection of Microsoft hosts', () => {
  it('a chain the Windows store trusts is called inspected, not trusted, and names the proxy CA', async () => {
    const [result] = await fetchChains(['login.microsoftonline.com'], options({ systemRoots: [root.der] }));
    expect(result).toMatchObject({ fetched: true, verdict: 'inspected' });
    expect(result?.findings.map((finding) => finding.code)).not.toContain('trusted');
    expect(result?.message).toContain('Contoso Forcepoint Inspection CA');
    expect(result?.message).toMatch(/TLS-inspecting proxy/);
    expect(result?.message).toMatch(/If ISE goes through the same inspecting proxy, ISE needs Contoso Forcepoint Inspection CA/);
    // The Windows-store root keeps its own source in the chain view.
    expect(result?.completedFrom).toEqual([expect.objectContaining({ subjectCN: 'Contoso Forcepoint Inspection CA', from: 'system-store' })]);
    const rootInfo = result?.chain.at(-1);
    expect(result?.inspection?.proxyCa).toBe(rootInfo?.thumbprints.sha256);
    const microsoftNames = result?.inspection?.microsoftCas.map((info) => info.subjectCN) ?? [];
    expect(microsoftNames).toEqual(expect.arrayContaining(['DigiCert Global Root G2', 'Microsoft RSA Root Certificate Authority 2017', 'Microsoft ECC Root Certificate Authority 2017']));
    expect(microsoftNames).not.toContain('Contoso Forcepoint Inspection CA');
    // Expired on 2025-05-12: never offered again.
    expect(microsoftNames).not.toContain('Baltimore CyberTrust Root');
  });

  it('without the proxy root in the store it is inspected too, with the missing issuer as a second finding', async () => {
    const [result] = await fetchChains(['graph.microsoft.com'], options());
    expect(result?.verdict).toBe('inspected');
    expect(result?.findings.map((finding) => finding.code)).toEqual(['inspected', 'incomplete']);
    expect(result?.inspection?.proxyCa).toBe(result?.chain[0]?.thumbprints.sha256);
  });

  it('a host that is not Microsoft\'s, through the same proxy, is judged as before (no inspection claimed)', async () => {
    const [result] = await fetchChains(['intranet.contoso.test'], options({ systemRoots: [root.der] }));
    expect(result?.verdict).toBe('trusted');
    expect(result?.inspection).toBeUndefined();
    expect(result?.completedFrom[0]?.from).toBe('system-store');
  });

  it('a Microsoft chain through one of the catalog CAs (or its cross-signed twin) is not inspected', () => {
    const catalog = bundledCatalog(NOW);
    const der = (file: string) => Buffer.from(catalog.find((entry) => entry.file === file)?.certificate.base64Der ?? '', 'base64');
    const microsoft = toCandidates(catalog.map((entry) => Buffer.from(entry.certificate.base64Der, 'base64')), 'catalog');
    const leaf = parsedCertificate(root.der);
    const intermediate = catalog.find((entry) => entry.role === 'intermediate' && entry.file.includes('_xsign'));
    expect(intermediate).toBeDefined();
    const links = [{ ...leaf, source: 'served' as const }, { ...parsedCertificate(der(intermediate?.file ?? '')), source: 'served' as const }];
    expect(inspectingCa('login.microsoftonline.com', links, microsoft)).toBeNull();
    // Only the twin issued by Microsoft's own root is known: the xsign copy still matches by subject and key.
    const withoutXsign = toCandidates(catalog.filter((entry) => !entry.file.includes('_xsign')).map((entry) => Buffer.from(entry.certificate.base64Der, 'base64')), 'catalog');
    expect(inspectingCa('login.microsoftonline.com', links, withoutXsign)).toBeNull();
    // The proxy's own chain is.
    const proxyLinks = [{ ...parsedCertificate(root.der), source: 'served' as const }];
    expect(inspectingCa('login.microsoftonline.com', [{ ...leaf, source: 'served' as const }, ...proxyLinks], microsoft)?.sha256).toBe(proxyLinks[0]?.sha256);
    expect(isMicrosoftHost('fef.msub03.manage.microsoft.com')).toBe(true);
    expect(isMicrosoftHost('login.microsoftonline.us')).toBe(true);
    expect(isMicrosoftHost('notmicrosoft.com')).toBe(false);
    expect(isMicrosoftHost('microsoft.com.evil.test')).toBe(false);
  });

  it('Export for ISE offers Microsoft\'s roots with a note for ISE behind the same proxy, not the proxy root', async () => {
    const workbench = new ChainsWorkbench(() => NOW);
    const fetchOptions: FetchOptions = {
      timeoutMs: 5000,
      aia: false,
      network: { mode: 'explicit', proxyUrl: proxy.url, proxyPassword: undefined },
      dataFolder: '',
      systemRoots: [root.der],
      signal: new AbortController().signal,
      onPhase: () => undefined,
    };
    await workbench.fetch('login.microsoftonline.com', fetchOptions);
    const needs = workbench.state().needs;
    const names = needs.certificates.map((entry) => entry.certificate.subjectCN);
    expect(names).toEqual(expect.arrayContaining(['DigiCert Global Root G2', 'Microsoft RSA Root Certificate Authority 2017']));
    expect(names).not.toContain('Contoso Forcepoint Inspection CA');
    expect(needs.certificates.every((entry) => entry.role === 'root' && entry.targets.includes('login.microsoftonline.com:443'))).toBe(true);
    expect(needs.notes.join(' ')).toMatch(/replaced by a TLS-inspecting proxy \(its CA: Contoso Forcepoint Inspection CA\).*If ISE goes through the same inspecting proxy, import Contoso Forcepoint Inspection CA/);
    const out = join(dir, 'for-ise');
    const exported = await workbench.exportForIse(needs.certificates.map((entry) => entry.certificate.thumbprints.sha256), out, false);
    expect(exported.files).toHaveLength(needs.certificates.length);
    const files = await readdir(out);
    expect(files.some((file) => /Contoso/i.test(file))).toBe(false);
    expect(files).toContain('DigiCert Global Root G2.cer');
    const steps = await readFile(exported.stepsFile, 'utf8');
    expect(steps).toContain('Contoso Forcepoint Inspection CA');
    // collectIseNeeds without an inspection keeps the chain's own CAs (the proxy root): the substitution is what changed.
    const plain = collectIseNeeds([{ target: 'x:443', chain: workbench.state().results[0]?.chain ?? [] }]);
    expect(plain.certificates.map((entry) => entry.certificate.subjectCN)).toEqual(['Contoso Forcepoint Inspection CA']);
  });
});
