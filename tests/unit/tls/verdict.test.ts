/**
 * judgeChain on its own (issue 23): every finding's exact wording, which certificate it points
 * at, and the order of several findings at once (SEVERITY in verdict.ts). Chains are real
 * certificates (OpenSSL, fixed dates, one clock per test) put together as completeChain returns
 * them; nothing is downloaded here, the AIA attempts are what completeChain would have recorded.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AiaAttempt, CompletedFrom } from '../../../preload/types/chains';
import { describeCertificate } from '../../../main/services/certs';
import { judgeChain, type CompletedChain } from '../../../main/services/tls';
import { parsedCertificate } from '../../../main/services/tls/certificate-cache';
import { fixtureKey, issueCertificate, type GeneratedCertificate } from '../../support/pki';

/** The clock of most tests: every certificate below is valid at it unless its name says otherwise. */
const NOW = new Date('2026-01-01T00:00:00Z');
const AIA_URL = 'http://pki.verdict.test/int.crt';

let dir = '';
const certs = {} as Record<
  'root' | 'int' | 'leaf' | 'leafLate' | 'leafNoAia' | 'leafCnOnly' | 'leafNoName' | 'leafIp' | 'weakLeaf' | 'rsa2048Leaf' | 'sha1Root' | 'shortInt' | 'leafUnderShort' | 'inspectRoot' | 'inspectLeaf',
  GeneratedCertificate
>;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ise-intune-verdict-'));
  const [rootKey, intKey, leafKey, weakKey, rsaKey, inspectKey] = await Promise.all([
    fixtureKey(dir, 'verdict', 'root', { type: 'ec', curve: 'P-256' }),
    fixtureKey(dir, 'verdict', 'int', { type: 'ec', curve: 'P-256' }),
    fixtureKey(dir, 'verdict', 'leaf', { type: 'ec', curve: 'P-256' }),
    fixtureKey(dir, 'verdict', 'weak', { type: 'rsa', bits: 1024 }),
    fixtureKey(dir, 'verdict', 'rsa', { type: 'rsa', bits: 2048 }),
    fixtureKey(dir, 'verdict', 'inspect', { type: 'ec', curve: 'P-256' }),
  ]);
  const ca = ['basicConstraints = critical,CA:TRUE', 'keyUsage = critical,keyCertSign,cRLSign', 'subjectKeyIdentifier = hash'];
  const dates = (from: string, to: string) => ({ notBefore: new Date(from), notAfter: new Date(to) });
  const leafExt = (san: string | null, aia = true): string[] => [
    'basicConstraints = critical,CA:FALSE',
    'keyUsage = critical,digitalSignature',
    'extendedKeyUsage = serverAuth',
    ...(san ? [`subjectAltName = ${san}`] : []),
    ...(aia ? [`authorityInfoAccess = caIssuers;URI:${AIA_URL}`] : []),
  ];
  const [root, sha1Root, inspectRoot] = await Promise.all([
    issueCertificate(dir, { name: 'root', subject: '/O=Verdict Lab/CN=Verdict Root', key: rootKey, extensions: ca, ...dates('2020-01-01T00:00:00Z', '2040-01-01T00:00:00Z') }),
    issueCertificate(dir, { name: 'sha1-root', subject: '/O=Verdict Lab/CN=Verdict SHA1 Root', key: rsaKey, extensions: ca, digest: 'sha1', ...dates('2020-01-01T00:00:00Z', '2040-01-01T00:00:00Z') }),
    issueCertificate(dir, { name: 'inspect-root', subject: '/O=Contoso/CN=Contoso Inspection CA', key: inspectKey, extensions: ca, ...dates('2020-01-01T00:00:00Z', '2040-01-01T00:00:00Z') }),
  ]);
  const [int, shortInt, inspectLeaf] = await Promise.all([
    issueCertificate(dir, { name: 'int', subject: '/O=Verdict Lab/CN=Verdict Issuing CA', key: intKey, issuer: root, extensions: ca, ...dates('2024-01-01T00:00:00Z', '2034-01-01T00:00:00Z') }),
    issueCertificate(dir, { name: 'short-int', subject: '/O=Verdict Lab/CN=Verdict Short CA', key: intKey, issuer: root, extensions: ca, ...dates('2024-01-01T00:00:00Z', '2026-06-01T00:00:00Z') }),
    issueCertificate(dir, { name: 'inspect-leaf', subject: '/CN=verdict.test', key: leafKey, issuer: inspectRoot, extensions: leafExt('DNS:verdict.test', false), ...dates('2025-01-01T00:00:00Z', '2027-01-01T00:00:00Z') }),
  ]);
  const leafDates = dates('2025-01-01T00:00:00Z', '2027-01-01T00:00:00Z');
  const issue = (name: string, subject: string, key: typeof leafKey, extensions: string[], extra: object = {}) =>
    issueCertificate(dir, { name, subject, key, issuer: int, extensions, ...leafDates, ...extra });
  const [leaf, leafNoAia, leafCnOnly, leafNoName, leafIp, weakLeaf, rsa2048Leaf, leafUnderShort, leafLate] = await Promise.all([
    // With an e-mail and a URI name too: only DNS and IP names are host names.
    issue('leaf', '/CN=verdict.test', leafKey, leafExt('DNS:verdict.test,email:admin@verdict.test,URI:https://verdict.test/,DNS:www.verdict.test')),
    issue('leaf-no-aia', '/CN=verdict.test', leafKey, leafExt('DNS:verdict.test', false)),
    issue('leaf-cn-only', '/CN=cn-only.verdict.test', leafKey, leafExt(null)),
    issue('leaf-no-name', '/O=Verdict Lab', leafKey, leafExt(null)),
    issue('leaf-ip', '/CN=10.0.0.5', leafKey, leafExt('IP:10.0.0.5,DNS:ip.verdict.test')),
    issue('weak-leaf', '/CN=verdict.test', weakKey, leafExt('DNS:verdict.test'), { digest: 'sha1' }),
    issue('rsa2048-leaf', '/CN=verdict.test', rsaKey, leafExt('DNS:verdict.test')),
    issue('leaf-under-short', '/CN=verdict.test', leafKey, leafExt('DNS:verdict.test'), { issuer: shortInt }),
    // Starts a month after the short CA ended.
    issue('leaf-late', '/CN=verdict.test', leafKey, leafExt('DNS:verdict.test'), { issuer: shortInt, ...dates('2026-07-01T00:00:00Z', '2027-07-01T00:00:00Z') }),
  ]);
  Object.assign(certs, { root, int, leaf, leafLate, leafNoAia, leafCnOnly, leafNoName, leafIp, weakLeaf, rsa2048Leaf, sha1Root, shortInt, leafUnderShort, inspectRoot, inspectLeaf });
});

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

type Source = 'served' | CompletedFrom;

/** A completed chain as completeChain returns it: the certificates with where each came from. */
function chainOf(links: [GeneratedCertificate, Source][], extra: Partial<CompletedChain> = {}): CompletedChain {
  const top = links[links.length - 1]?.[0];
  const reachesRoot = top === certs.root || top === certs.sha1Root || top === certs.inspectRoot;
  return {
    links: links.map(([certificate, source]) => ({ ...parsedCertificate(certificate.der), source })),
    aiaAttempts: [],
    reachesRoot,
    anchor: reachesRoot ? 'trust-store' : null,
    ...extra,
  };
}

interface JudgeOptions {
  host?: string;
  now?: Date;
  viaProxy?: boolean;
  aiaAllowed?: boolean;
  inspectedBy?: GeneratedCertificate;
  proxyUrl?: string | null;
}

function judge(completed: CompletedChain, options: JudgeOptions = {}) {
  const now = options.now ?? NOW;
  return judgeChain({
    host: options.host ?? 'verdict.test',
    completed,
    chain: completed.links.map((link) => describeCertificate(link.der, now)),
    viaProxy: options.viaProxy ?? false,
    aiaAllowed: options.aiaAllowed ?? true,
    ...(options.inspectedBy ? { inspectedBy: describeCertificate(options.inspectedBy.der, now) } : {}),
    ...(options.proxyUrl !== undefined ? { proxyUrl: options.proxyUrl } : {}),
  });
}

const sha256 = (certificate: GeneratedCertificate): string => describeCertificate(certificate.der, NOW).thumbprints.sha256;
const codes = (verdict: ReturnType<typeof judge>) => verdict.findings.map((finding) => finding.code);

describe('a trusted chain', () => {
  it.each([
    ['trust-store', 'in the trust store'],
    ['catalog', "in the app's Microsoft CA catalog"],
    ['ca-file', 'in your CA files'],
    ['system-store', "in this computer's trust store"],
  ] as const)('names where its root is trusted (%s)', (anchor, where) => {
    const verdict = judge(chainOf([[certs.leaf, 'served'], [certs.int, 'served'], [certs.root, anchor]], { anchor }));
    expect(verdict.code).toBe('trusted');
    expect(verdict.message).toBe(`The chain is complete and trusted: verdict.test <- Verdict Issuing CA <- Verdict Root (root ${where}).`);
    expect(verdict.findings).toEqual([{ code: 'trusted', message: verdict.message, certificate: null }]);
  });

  it('matches an IP address against the IP entries of the certificate, not its DNS names', () => {
    const chain = chainOf([[certs.leafIp, 'served'], [certs.int, 'served'], [certs.root, 'trust-store']]);
    expect(judge(chain, { host: '10.0.0.5' }).code).toBe('trusted');
    expect(judge(chain, { host: 'ip.verdict.test' }).code).toBe('trusted');
    const other = judge(chain, { host: '10.0.0.6' });
    expect(other.code).toBe('hostname-mismatch');
    expect(other.message).toBe('The certificate is for 10.0.0.5, ip.verdict.test, not 10.0.0.6: clients (ISE included) refuse it for this name.');
  });
});

describe('the top of the chain', () => {
  it('a self-signed certificate alone is self-signed, even when a store has it', () => {
    const verdict = judge(chainOf([[certs.root, 'served']], { anchor: 'trust-store' }), { host: 'root.verdict.test' });
    expect(codes(verdict)[0]).toBe('self-signed');
    expect(verdict.message).toBe('root.verdict.test presents a self-signed certificate (Verdict Root): no CA vouches for it, so ISE trusts it only if this exact certificate is imported.');
    expect(verdict.findings[0]?.certificate).toBe(sha256(certs.root));
  });

  it('a root no store has is an untrusted private CA; through a proxy, most likely an inspecting proxy', () => {
    const completed = chainOf([[certs.leaf, 'served'], [certs.int, 'served'], [certs.root, 'served']], { anchor: null });
    const direct = judge(completed);
    expect(direct.code).toBe('untrusted-root');
    expect(direct.message).toBe(
      'The chain ends at Verdict Root, which is not a public root (neither in the trust store nor in the Microsoft catalog). It is a private CA: import it in ISE only if you know who runs it.',
    );
    expect(direct.findings[0]?.certificate).toBe(sha256(certs.root));
    const proxied = judge(completed, { viaProxy: true });
    expect(proxied.message).toBe(
      "The chain ends at Verdict Root, which is not a public root (neither in the trust store nor in the Microsoft catalog). A proxy carried this connection: a TLS-inspecting corporate proxy most likely replaced verdict.test's chain with its own. Ask the proxy team to exempt Microsoft hosts from inspection, or, if ISE goes through the same proxy, import that proxy root in ISE.",
    );
  });
});

describe('an incomplete chain says why its issuer was not found', () => {
  const start = 'verdict.test was issued by O=Verdict Lab, CN=Verdict Issuing CA, which the server did not send and which was not found in the catalog, the trust store or your CA files; ';

  it('AIA turned off', () => {
    const verdict = judge(chainOf([[certs.leaf, 'served']]), { aiaAllowed: false });
    expect(verdict.code).toBe('incomplete');
    expect(verdict.message).toBe(`${start}downloading issuers (AIA) is turned off. Add the issuer with a CA file, or allow AIA downloads.`);
    expect(verdict.findings[0]?.certificate).toBe(sha256(certs.leaf));
  });

  it('no AIA address in the certificate', () => {
    const verdict = judge(chainOf([[certs.leafNoAia, 'served']]));
    expect(verdict.message).toBe(`${start}the certificate names no address to download it from (AIA). Get the issuer from the CA and add it as a CA file.`);
  });

  it('every failed AIA download, in order, and none of the ones that worked', () => {
    const attempts: AiaAttempt[] = [
      { url: AIA_URL, ok: false, finalUrl: AIA_URL, redirects: [], code: 'AIA_HTTP_STATUS', message: `${AIA_URL} answered HTTP 404.` },
      { url: 'http://other.verdict.test/x.crt', ok: true, finalUrl: 'http://other.verdict.test/x.crt', redirects: [], message: 'Downloaded the issuer from somewhere.' },
      { url: 'http://third.verdict.test/x.crt', ok: false, finalUrl: 'http://third.verdict.test/x.crt', redirects: [], code: 'AIA_TIMEOUT', message: 'It took too long.' },
    ];
    const verdict = judge(chainOf([[certs.leaf, 'served']], { aiaAttempts: attempts }));
    expect(verdict.message).toBe(`${start}the AIA download failed: ${AIA_URL} answered HTTP 404. It took too long.`);
  });

  it('through a proxy, names the proxy as a possible cause', () => {
    const verdict = judge(chainOf([[certs.leaf, 'served']]), { aiaAllowed: false, viaProxy: true });
    expect(verdict.message).toBe(
      `${start}downloading issuers (AIA) is turned off. Add the issuer with a CA file, or allow AIA downloads. A proxy carried this connection: if that issuer belongs to your company, a TLS-inspecting proxy replaced the chain.`,
    );
  });

  it('names the topmost certificate found, not the leaf, when the chain stops higher up', () => {
    // Only the short-lived CA was found; its issuer (the root) is missing.
    const verdict = judge(chainOf([[certs.leafUnderShort, 'served'], [certs.shortInt, 'served']]), { aiaAllowed: false });
    expect(verdict.message).toMatch(/^Verdict Short CA was issued by O=Verdict Lab, CN=Verdict Root, which the server did not send/);
    expect(verdict.findings[0]?.certificate).toBe(sha256(certs.shortInt));
  });
});

describe('dates', () => {
  it('an expired leaf must be renewed on the server', () => {
    const now = new Date('2027-02-01T00:00:00Z');
    const verdict = judge(chainOf([[certs.leaf, 'served'], [certs.int, 'served'], [certs.root, 'trust-store']]), { now });
    expect(verdict.findings).toEqual([
      { code: 'expired', message: 'verdict.test expired on 2027-01-01: the server must install a renewed certificate.', certificate: describeCertificate(certs.leaf.der, now).thumbprints.sha256 },
    ]);
  });

  it('an expired intermediate invalidates the chain through it', () => {
    const now = new Date('2026-09-01T00:00:00Z');
    const verdict = judge(chainOf([[certs.leafUnderShort, 'served'], [certs.shortInt, 'served'], [certs.root, 'trust-store']]), { now });
    expect(verdict.findings).toEqual([
      { code: 'expired', message: 'Verdict Short CA expired on 2026-06-01; a chain through it is no longer valid.', certificate: sha256(certs.shortInt) },
    ]);
  });

  it('a certificate not valid yet points at the clock too', () => {
    const now = new Date('2024-06-01T00:00:00Z');
    const verdict = judge(chainOf([[certs.leaf, 'served'], [certs.int, 'served'], [certs.root, 'trust-store']]), { now });
    expect(verdict.findings).toEqual([
      {
        code: 'not-yet-valid',
        message: "verdict.test is not valid before 2025-01-01: check the server's certificate or this computer's clock.",
        certificate: describeCertificate(certs.leaf.der, now).thumbprints.sha256,
      },
    ]);
  });
});

describe('host names', () => {
  it('lists the names the certificate is for', () => {
    const verdict = judge(chainOf([[certs.leaf, 'served'], [certs.int, 'served'], [certs.root, 'trust-store']]), { host: 'other.test' });
    expect(verdict.findings).toEqual([
      { code: 'hostname-mismatch', message: 'The certificate is for verdict.test, www.verdict.test, not other.test: clients (ISE included) refuse it for this name.', certificate: sha256(certs.leaf) },
    ]);
  });

  it('without names, gives its CN, or says there is none', () => {
    const cnOnly = judge(chainOf([[certs.leafCnOnly, 'served'], [certs.int, 'served'], [certs.root, 'trust-store']]), { host: 'other.test' });
    expect(cnOnly.message).toBe('The certificate is for CN cn-only.verdict.test, not other.test: clients (ISE included) refuse it for this name.');
    const noName = judge(chainOf([[certs.leafNoName, 'served'], [certs.int, 'served'], [certs.root, 'trust-store']]), { host: 'other.test' });
    expect(noName.message).toBe('The certificate is for CN (none), not other.test: clients (ISE included) refuse it for this name.');
  });
});

describe('weak keys and signatures', () => {
  it('an RSA key under 2048 bits and a SHA-1 signature (by the EC issuer) are two findings on the same certificate', () => {
    const verdict = judge(chainOf([[certs.weakLeaf, 'served'], [certs.int, 'served'], [certs.root, 'trust-store']]));
    expect(verdict.findings).toEqual([
      { code: 'weak', message: 'verdict.test has a 1024-bit RSA key; at least 2048 bits are required by current clients.', certificate: sha256(certs.weakLeaf) },
      { code: 'weak', message: 'verdict.test is signed with ecdsa-with-SHA1; SHA-1 and MD5 signatures are refused by current clients.', certificate: sha256(certs.weakLeaf) },
    ]);
  });

  it('a 2048-bit RSA key is enough, and a self-signed root signed with SHA-1 is not weak (nobody checks its signature)', () => {
    expect(judge(chainOf([[certs.rsa2048Leaf, 'served'], [certs.int, 'served'], [certs.root, 'trust-store']])).code).toBe('trusted');
    const root = judge(chainOf([[certs.sha1Root, 'served']]), { host: 'x.test' });
    expect(codes(root)).toEqual(['self-signed', 'hostname-mismatch']);
  });
});

describe('intermediates the server did not send', () => {
  it.each([
    ['aia', 'downloaded from its AIA address'],
    ['catalog', "found in the app's Microsoft CA catalog"],
    ['trust-store', 'found in the trust store'],
    ['system-store', "found in this computer's trust store"],
    ['ca-file', 'found in your CA files'],
  ] as const)('says where it was found (%s), and is silent about a root from a store', (source, where) => {
    const verdict = judge(chainOf([[certs.leaf, 'served'], [certs.int, source], [certs.root, 'trust-store']]));
    expect(verdict.findings).toEqual([
      {
        code: 'incomplete-completed',
        message: `verdict.test did not send the intermediate Verdict Issuing CA; it was ${where}. ISE does not fetch missing intermediates: import it in ISE's trusted certificates.`,
        certificate: sha256(certs.int),
      },
    ]);
  });
});

describe('a TLS-inspecting proxy', () => {
  const tail = "not at one of the CAs Microsoft publishes for its services: a TLS-inspecting proxy or security software on this network replaced it.";

  it('names the proxy CA and the proxy, and comes before everything else', () => {
    const completed = chainOf([[certs.inspectLeaf, 'served'], [certs.inspectRoot, 'system-store']], { anchor: 'system-store' });
    const verdict = judge(completed, { inspectedBy: certs.inspectRoot, proxyUrl: 'http://proxy.corp.test:8080', viaProxy: true, host: 'login.microsoftonline.com' });
    // The proxy's root came from the system store: a root, so not an intermediate ISE lacks.
    expect(codes(verdict)).toEqual(['inspected', 'hostname-mismatch']);
    expect(verdict.code).toBe('inspected');
    expect(verdict.message).toBe(
      `login.microsoftonline.com's chain ends at Contoso Inspection CA, ${tail} The connection went through the proxy http://proxy.corp.test:8080. ` +
        "ISE connecting to Microsoft directly sees Microsoft's chain, so Export for ISE gives Microsoft's root CAs, not Contoso Inspection CA. If ISE goes through the same inspecting proxy, ISE needs Contoso Inspection CA instead; better, ask the proxy team to exempt Microsoft's hosts from inspection.",
    );
    expect(verdict.findings[0]?.certificate).toBe(sha256(certs.inspectRoot));
  });

  it('without the CA itself, names the issuer of the forged certificate; without a proxy, says nothing of one', () => {
    const completed = chainOf([[certs.inspectLeaf, 'served']]);
    const verdict = judge(completed, { inspectedBy: certs.inspectLeaf, proxyUrl: null, aiaAllowed: false });
    expect(verdict.code).toBe('inspected');
    expect(verdict.message).toMatch(new RegExp(`^verdict\\.test's chain ends at Contoso Inspection CA, ${tail.replace(/[.()]/g, '\\$&')} ISE connecting`));
    expect(codes(verdict)).toEqual(['inspected', 'incomplete']);
  });
});

describe('several findings: the headline is the most serious one (SEVERITY)', () => {
  it('self-signed, expired, host name, weak: in that order', () => {
    const now = new Date('2041-01-01T00:00:00Z');
    const verdict = judge(chainOf([[certs.sha1Root, 'served']], { anchor: null }), { now, host: 'x.test' });
    expect(codes(verdict)).toEqual(['self-signed', 'expired', 'hostname-mismatch']);
    expect(verdict.message).toBe(verdict.findings[0]?.message);
  });

  it('expired before not valid yet, whichever certificate comes first in the chain', () => {
    // The leaf (first) is not valid yet, its CA (second) has expired.
    const now = new Date('2026-06-15T00:00:00Z');
    const verdict = judge(chainOf([[certs.leafLate, 'served'], [certs.shortInt, 'served'], [certs.root, 'trust-store']]), { now });
    expect(verdict.findings.map((finding) => [finding.code, finding.certificate])).toEqual([
      ['expired', sha256(certs.shortInt)],
      ['not-yet-valid', describeCertificate(certs.leafLate.der, now).thumbprints.sha256],
    ]);
    expect(verdict.code).toBe('expired');
  });

  it('inspected comes before self-signed and before an untrusted root', () => {
    const alone = judge(chainOf([[certs.inspectRoot, 'served']], { anchor: null }), { inspectedBy: certs.inspectRoot, host: 'login.microsoftonline.com' });
    expect(codes(alone)).toEqual(['inspected', 'self-signed', 'hostname-mismatch']);
    const full = judge(chainOf([[certs.inspectLeaf, 'served'], [certs.inspectRoot, 'served']], { anchor: null }), { inspectedBy: certs.inspectRoot });
    expect(codes(full)).toEqual(['inspected', 'untrusted-root']);
  });

  it('untrusted root, not valid yet, weak, completed intermediate', () => {
    const now = new Date('2024-06-01T00:00:00Z');
    const verdict = judge(chainOf([[certs.weakLeaf, 'served'], [certs.int, 'ca-file'], [certs.root, 'served']], { anchor: null }), { now });
    expect(codes(verdict)).toEqual(['untrusted-root', 'not-yet-valid', 'weak', 'weak', 'incomplete-completed']);
    expect(verdict.code).toBe('untrusted-root');
  });
});
