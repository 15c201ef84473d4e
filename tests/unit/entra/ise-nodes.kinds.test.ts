/**
 * What the admin is told about a node certificate, at the edges (issue 23: ise-nodes.test.ts
 * ran 59 mutated lines and caught 3). Real certificates from tests/fixtures with fixed dates,
 * one clock per test chosen around their validity.
 */
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { LoadedFile } from '../../../preload/types/certs';
import type { ExistingKeyEntry, NodeCertificate } from '../../../preload/types/entra';
import { loadCertificateFile } from '../../../main/services/certs';
import { EXPIRY_WARNING_DAYS, checkIseNodes, describeNode, selectNodeCertificate } from '../../../main/services/entra';
import { MICROSOFT_CA } from '../../support/fixture-paths';

const DAY = 86_400_000;
// DigiCert Global Root G2: RSA, 2013-08-01T12:00:00Z .. 2038-01-15T12:00:00Z.
const NOT_BEFORE = Date.parse('2013-08-01T12:00:00Z');
const NOT_AFTER = Date.parse('2038-01-15T12:00:00Z');
let rsa: LoadedFile;
let ec: LoadedFile;
let bundle: LoadedFile;

beforeAll(async () => {
  const load = async (name: string) => (await loadCertificateFile(join(MICROSOFT_CA, name))) as LoadedFile;
  [rsa, ec, bundle] = await Promise.all([load('digicert_global_root_g2.pem'), load('microsoft_azure_ecc_tls_issuing_ca_03.pem'), load('baltimore_plus_digicert_g2_bundle.pem')]);
});

const check = (at: number, file = rsa, role: NodeCertificate['role'] = 'psn', registered?: ExistingKeyEntry[]) =>
  checkIseNodes([{ name: 'ise-psn-1', role, file }], { now: new Date(at), ...(registered ? { registered } : {}) })[0] as NodeCertificate;
const codes = (node: NodeCertificate) => node.warnings.map((warning) => warning.code);

describe('validity warnings at their edges', () => {
  it.each([
    ['a second after the end', NOT_AFTER + 1000, ['EXPIRED']],
    ['exactly at the end', NOT_AFTER, ['EXPIRES_SOON']],
    ['one day before the end', NOT_AFTER - DAY, ['EXPIRES_SOON']],
    [`${EXPIRY_WARNING_DAYS - 1} days before the end`, NOT_AFTER - (EXPIRY_WARNING_DAYS - 1) * DAY, ['EXPIRES_SOON']],
    [`${EXPIRY_WARNING_DAYS} days before the end`, NOT_AFTER - EXPIRY_WARNING_DAYS * DAY, []],
    ['exactly at the start', NOT_BEFORE, []],
    ['a second before the start', NOT_BEFORE - 1000, ['NOT_YET_VALID']],
  ])('%s', (_label, at, expected) => {
    expect(codes(check(at))).toEqual(expected);
  });

  it('says how many days are left, in the singular for one', () => {
    expect(check(NOT_AFTER - DAY).warnings[0]?.message).toBe(
      'The certificate of ise-psn-1 (PSN) expires in 1 day (2038-01-15). Plan the renewal: register the new certificate next to this one and keep both until ISE uses the new one.',
    );
    expect(check(NOT_AFTER - 30 * DAY).warnings[0]?.message).toContain('expires in 30 days (2038-01-15)');
    expect(check(NOT_AFTER + DAY).warnings[0]).toMatchObject({ severity: 'error', message: expect.stringContaining('expired on 2038-01-15') });
    expect(check(NOT_BEFORE - DAY).warnings[0]).toMatchObject({ severity: 'warning', message: expect.stringContaining('is valid only from 2013-08-01') });
  });
});

describe('what is said about the file and the key', () => {
  it('an EC certificate is "an EC key", untested', () => {
    const node = check(Date.parse('2026-01-01T00:00:00Z'), ec);
    expect(codes(node)).toEqual(['NOT_RSA']);
    expect(node.warnings[0]?.message).toContain('has an EC key');
  });

  it('takes the certificate a private key belongs to, else the first that is not a CA, else the first', () => {
    const [first, second] = bundle.certificates;
    if (!first || !second) throw new Error('the bundle holds two certificates');
    expect(selectNodeCertificate(bundle).index).toBe(0);
    const leafSecond: LoadedFile = { ...bundle, certificates: [first, { ...second, info: { ...second.info, isCA: false } }] };
    expect(selectNodeCertificate(leafSecond).index).toBe(1);
    const keyFirst: LoadedFile = { ...leafSecond, certificates: [{ ...first, hasPrivateKey: true }, leafSecond.certificates[1] as typeof second] };
    expect(selectNodeCertificate(keyFirst).index).toBe(0);
  });

  it('names the certificate taken from a file of several, counting from 1', () => {
    const node = check(Date.parse('2020-01-01T00:00:00Z'), bundle);
    // Baltimore CyberTrust Root is signed with SHA-1, which is warned about too.
    expect(codes(node).sort()).toEqual(['SEVERAL_CERTIFICATES_IN_FILE', 'SHA1_SIGNATURE']);
    expect(node.warnings.find((warning) => warning.code === 'SEVERAL_CERTIFICATES_IN_FILE')?.message).toContain('holds 2 certificates; the node certificate taken is #1 (Baltimore CyberTrust Root)');
  });

  it('describes nodes by role, and a plain node by its name only', () => {
    expect(describeNode({ name: 'a', role: 'primary-pan' })).toBe('a (primary PAN)');
    expect(describeNode({ name: 'b', role: 'secondary-pan' })).toBe('b (secondary PAN)');
    expect(describeNode({ name: 'c', role: 'psn' })).toBe('c (PSN)');
    expect(describeNode({ name: 'd', role: 'other' })).toBe('d');
  });

  it('lists every other node sharing the certificate', () => {
    const now = new Date('2026-01-01T00:00:00Z');
    const nodes = checkIseNodes(
      [
        { name: 'pan', role: 'primary-pan', file: rsa },
        { name: 'psn1', role: 'psn', file: rsa },
        { name: 'psn2', role: 'psn', file: rsa },
        { name: 'ec', role: 'psn', file: ec },
      ],
      { now },
    );
    expect(nodes[0]?.warnings.map((warning) => warning.message)).toEqual([expect.stringContaining('pan (primary PAN) uses the same certificate as psn1 (PSN), psn2 (PSN).')]);
    expect(codes(nodes[3] as NodeCertificate)).toEqual(['NOT_RSA']);
  });
});

describe('the manifest displayName compared with the CN', () => {
  const NOW = Date.parse('2026-01-01T00:00:00Z');
  const entry = (displayName: string | null, extra: Partial<ExistingKeyEntry> = {}): ExistingKeyEntry => ({
    index: 2,
    keyId: null,
    displayName,
    customKeyIdentifier: null,
    sha1: rsa.certificates[0]?.info.thumbprints.sha1 ?? '',
    startDate: null,
    endDate: null,
    status: 'valid',
    checkedAt: new Date(NOW).toISOString(),
    hasCertificate: true,
    nodes: [],
    ...extra,
  });

  it.each(['CN=DigiCert Global Root G2', 'cn=digicert global root g2', '  CN=DigiCert Global Root G2  ', 'DigiCert Global Root G2'])('accepts "%s"', (name) => {
    expect(codes(check(NOW, rsa, 'psn', [entry(name)]))).toEqual([]);
  });

  it('ignores entries of other certificates and entries without a displayName', () => {
    expect(codes(check(NOW, rsa, 'psn', [entry('something else', { sha1: '00'.repeat(20) }), entry(null)]))).toEqual([]);
  });

  it('names an entry without keyId by its position, counting from 1', () => {
    const node = check(NOW, rsa, 'psn', [entry('ISE 2026')]);
    expect(node.warnings).toEqual([
      {
        code: 'DISPLAY_NAME_DIFFERS_FROM_CN',
        severity: 'warning',
        message: 'The manifest entry #3 for ise-psn-1 (PSN) is named "ISE 2026", but Cisco asks that the displayName match the certificate: "CN=DigiCert Global Root G2".',
        params: { node: 'ise-psn-1', role: 'psn', entry: '#3', name: 'ISE 2026', expected: 'CN=DigiCert Global Root G2' },
      },
    ]);
  });
});
