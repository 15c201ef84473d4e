/**
 * Chains by kind (issue 23): a self-signed root next to its own cross-signed twin, CAs that
 * cross-sign each other in a loop, the same certificate given twice, and the bounds on
 * pathological sets (at most 64 chains, at most 16 certificates in one). Real certificates
 * issued by OpenSSL from the pre-generated test keys; one key may sign many CAs, since "A
 * issued B" is decided by names and signatures, and the same key keeps the sets cheap.
 * Also a CA whose key is of an algorithm OpenSSL does not know.
 */
import { X509Certificate, sign } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildChainReport, loadCertificateBytes } from '../../../main/services/certs';
import { TAG, children, derElement, derOid, elementBytes, readTlv } from '../../../main/services/certs/asn1';
import type { CertificateInfo } from '../../../preload/types/certs';
import { fixtureKey, issueCertificate, type GeneratedCertificate, type GeneratedKey } from '../../support/pki';
import { useTempDir } from './pki-setup';

const tempDir = useTempDir('ise-intune-chain-kinds-');
const CA = ['basicConstraints = critical,CA:TRUE', 'keyUsage = critical,keyCertSign,cRLSign'];

const infoOf = (certificate: GeneratedCertificate): CertificateInfo => loadCertificateBytes(certificate.der, `${certificate.name}.cer`).certificates[0]?.info as CertificateInfo;
const refOf = (certificate: GeneratedCertificate): string => infoOf(certificate).thumbprints.sha256;

let keys: Record<'root' | 'cross' | 'int' | 'leaf' | 'impostor', GeneratedKey>;
const issue = (name: string, subject: string, key: GeneratedKey, issuer?: GeneratedCertificate, ca = true) =>
  issueCertificate(tempDir(), { name, subject: `/O=Chain Kinds/CN=${subject}`, key, issuer, extensions: ca ? CA : ['basicConstraints = CA:FALSE'] });

beforeAll(async () => {
  const dir = tempDir();
  const ec = { type: 'ec', curve: 'P-256' } as const;
  const [root, cross, int, leaf, impostor] = await Promise.all(['root', 'cross', 'int', 'leaf', 'impostor'].map((name) => fixtureKey(dir, 'chain-kinds', name, ec)));
  keys = { root: root as GeneratedKey, cross: cross as GeneratedKey, int: int as GeneratedKey, leaf: leaf as GeneratedKey, impostor: impostor as GeneratedKey };
});

describe('self-signed roots and loops', () => {
  it('never gives a self-signed root an issuer, even its own cross-signed twin (same name and key)', async () => {
    const root = await issue('twin-root', 'Root A', keys.root);
    const other = await issue('twin-other', 'Other Root', keys.cross);
    const twin = await issue('twin-xsign', 'Root A', keys.root, other);
    const leaf = await issue('twin-leaf', 'Leaf under Root A', keys.leaf, root, false);
    const report = buildChainReport([leaf, root, twin, other].map(infoOf));
    const [l, r, x, o] = [leaf, root, twin, other].map(refOf);
    expect(report.links).toEqual([
      { subject: l, issuer: r },
      { subject: l, issuer: x },
      { subject: x, issuer: o },
    ]);
    expect(report.chains).toEqual([
      { certificates: [l, r], complete: true, missingIssuer: null },
      { certificates: [l, x, o], complete: true, missingIssuer: null },
    ]);
    expect(report.roots).toEqual([r, o]);
    expect(report.twins).toEqual([{ subject: 'O=Chain Kinds, CN=Root A', certificates: [r, x] }]);
  });

  it('follows CAs that cross-sign each other in a loop once, without repeating a certificate', async () => {
    // A is first self-signed (to sign B), then signed by B: A and B each issued the other.
    const seed = await issue('loop-a-seed', 'Loop A', keys.int);
    const b = await issue('loop-b', 'Loop B', keys.impostor, seed);
    const a = await issue('loop-a', 'Loop A', keys.int, b);
    const leaf = await issue('loop-leaf', 'Leaf under Loop A', keys.leaf, a, false);
    const report = buildChainReport([leaf, a, b].map(infoOf));
    const [l, ra, rb] = [leaf, a, b].map(refOf);
    expect(report.links).toEqual([
      { subject: l, issuer: ra },
      { subject: ra, issuer: rb },
      { subject: rb, issuer: ra },
    ]);
    expect(report.chains).toHaveLength(1);
    expect(report.chains[0]).toMatchObject({ certificates: [l, ra, rb], complete: false });
    expect(report.roots).toEqual([]);
  });

  it('counts a certificate given twice (two files, two copies of its description) once', async () => {
    const root = await issue('dup-root', 'Duplicate Root', keys.root);
    const leaf = await issue('dup-leaf', 'Duplicate Leaf', keys.leaf, root, false);
    const once = buildChainReport([leaf, root].map(infoOf));
    const twice = buildChainReport([infoOf(leaf), infoOf(root), structuredClone(infoOf(leaf)), infoOf(root)]);
    expect(twice).toEqual(once);
    expect(once.chains).toEqual([{ certificates: [refOf(leaf), refOf(root)], complete: true, missingIssuer: null }]);
  });
});

/**
 * The CA certificate with its key's algorithm replaced by an OID no one assigned, re-signed by
 * its own key: a well-formed certificate whose public key OpenSSL cannot load.
 */
function withUnknownKeyAlgorithm(ca: GeneratedCertificate): Buffer {
  const [tbs, signatureAlgorithm] = children(readTlv(ca.der));
  const fields = children(tbs as NonNullable<typeof tbs>);
  // version, serial, signature, issuer, validity, subject, subjectPublicKeyInfo, extensions
  const spki = fields[6] as NonNullable<typeof tbs>;
  const keyBits = children(spki)[1] as NonNullable<typeof tbs>;
  const unknownSpki = derElement(TAG.SEQUENCE, derElement(TAG.SEQUENCE, derOid('1.3.6.1.4.1.99999.1')), elementBytes(keyBits));
  const newTbs = derElement(TAG.SEQUENCE, ...fields.map((field, index) => (index === 6 ? unknownSpki : elementBytes(field))));
  const signature = sign('sha256', newTbs, ca.key.pem);
  return derElement(TAG.SEQUENCE, newTbs, elementBytes(signatureAlgorithm as NonNullable<typeof tbs>), derElement(TAG.BIT_STRING, Buffer.from([0]), signature));
}

describe('a CA whose key cannot be read', () => {
  it('links nothing to it (no crash): the certificate naming it as issuer stays an orphan', async () => {
    const ca = await issue('odd-ca', 'Odd Key CA', keys.root);
    const leaf = await issue('odd-leaf', 'Leaf under Odd Key CA', keys.leaf, ca, false);
    const odd = withUnknownKeyAlgorithm(ca);
    expect(() => new X509Certificate(odd).publicKey).toThrow();
    const oddInfo = loadCertificateBytes(odd, 'odd.cer').certificates[0]?.info as CertificateInfo;
    expect(oddInfo.subject).toBe('O=Chain Kinds, CN=Odd Key CA');
    const report = buildChainReport([infoOf(leaf), oddInfo]);
    expect(report.links).toEqual([]);
    expect(report.orphans).toEqual([refOf(leaf), oddInfo.thumbprints.sha256]);
    // The same leaf with the CA as OpenSSL wrote it is linked.
    expect(buildChainReport([infoOf(leaf), infoOf(ca)]).links).toEqual([{ subject: refOf(leaf), issuer: refOf(ca) }]);
  });
});

describe('bounds on pathological sets', () => {
  it('stops at 64 chains when twins multiply the paths (3 twins on each of 4 levels: 81 paths)', async () => {
    const root = await issue('wide-root', 'Wide Root', keys.root);
    const all: GeneratedCertificate[] = [root];
    let above = root;
    for (let level = 4; level >= 1; level--) {
      const twins = await Promise.all([1, 2, 3].map((n) => issue(`wide-${level}-${n}`, `Wide CA ${level}`, keys.int, above)));
      all.push(...twins);
      above = twins[0] as GeneratedCertificate;
    }
    const leaf = await issue('wide-leaf', 'Wide Leaf', keys.leaf, above, false);
    all.push(leaf);
    const report = buildChainReport(all.map(infoOf));
    expect(report.links).toHaveLength(3 + 3 * 3 * 3 + 3);
    expect(report.chains).toHaveLength(64);
    expect(new Set(report.chains.map((chain) => chain.certificates.join(' '))).size).toBe(64);
    for (const chain of report.chains) {
      expect(chain).toMatchObject({ complete: true, missingIssuer: null });
      expect(chain.certificates).toHaveLength(6);
      expect(chain.certificates[0]).toBe(refOf(leaf));
      expect(chain.certificates[5]).toBe(refOf(root));
    }
  });

  it('cuts a chain at 16 certificates and names the issuer it stopped before', async () => {
    // Deep 17 (self-signed) → Deep 16 → … → Deep 0: 18 certificates in one line.
    const line: GeneratedCertificate[] = [await issue('deep-17', 'Deep 17', keys.root)];
    for (let level = 16; level >= 0; level--) line.unshift(await issue(`deep-${level}`, `Deep ${level}`, keys.int, line[0], level > 0));
    const report = buildChainReport(line.map(infoOf));
    expect(report.links).toHaveLength(17);
    expect(report.chains).toEqual([{ certificates: line.slice(0, 16).map(refOf), complete: false, missingIssuer: 'O=Chain Kinds, CN=Deep 16' }]);
    // 16 certificates in a line, ending at the root, are one complete chain.
    const sixteen = buildChainReport(line.slice(2).map(infoOf));
    expect(sixteen.chains).toEqual([{ certificates: line.slice(2).map(refOf), complete: true, missingIssuer: null }]);
  });
});
