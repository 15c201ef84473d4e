/** What the admin is told about each ISE node certificate before registering it. */
import { describe, expect, it } from 'vitest';
import type { IseNodeRole, NodeCertificate } from '../../../preload/types/entra';
import { loadCertificateFile } from '../../../main/services/certs';
import { checkIseNodes, describeManifest, parseManifest } from '../../../main/services/entra';
import { opensslKeyValues, useIsePki } from './ise-pki';
import { graphEntry, graphManifest } from '../../support/manifests';

const pki = useIsePki();
const NOW = new Date();

async function input(name: string, role: IseNodeRole, path: string) {
  return { name, role, file: await loadCertificateFile(path, { now: NOW }) };
}

const codes = (node: NodeCertificate | undefined) => node?.warnings.map((warning) => `${warning.severity}:${warning.code}`);

describe('ISE node certificates', () => {
  it('has nothing to say about a valid RSA certificate exported alone', async () => {
    const [node] = checkIseNodes([await input('ise-pan', 'primary-pan', pki().pan.pemPath)], { now: NOW });
    expect(node?.warnings).toEqual([]);
    expect(node).toMatchObject({ name: 'ise-pan', role: 'primary-pan', fileHasPrivateKey: false, certificate: { subjectCN: 'ise-pan.example.test' } });
  });

  it('warns about an expired certificate, one expiring within 60 days, and a non-RSA key (untested)', async () => {
    const nodes = checkIseNodes(
      [await input('old', 'secondary-pan', pki().expired.pemPath), await input('soon', 'psn', pki().expiringSoon.pemPath), await input('ec', 'psn', pki().psnEc.pemPath)],
      { now: NOW },
    );
    expect(nodes.map(codes)).toEqual([['error:EXPIRED'], ['warning:EXPIRES_SOON'], ['warning:NOT_RSA']]);
    expect(nodes[0]?.warnings[0]?.message).toContain('old (secondary PAN) expired on 2021-01-01');
    expect(nodes[1]?.warnings[0]?.message).toMatch(/soon \(PSN\) expires in (19|20) days/);
    expect(nodes[2]?.warnings[0]?.message).toContain('has an EC key');
    expect(nodes[2]?.warnings[0]?.message).toContain('untested');
    // The parts the window words the warning with, in the admin's language.
    expect(nodes[0]?.warnings[0]?.params).toEqual({ node: 'old', role: 'secondary-pan', date: expect.stringMatching(/^2021-01-01T/) });
    expect(nodes[1]?.warnings[0]?.params).toMatchObject({ node: 'soon', role: 'psn', count: expect.any(Number) });
    expect(nodes[2]?.warnings[0]?.params).toEqual({ node: 'ec', role: 'psn', keyType: 'EC' });
  });

  it('warns that a file with a private key must not be uploaded, and takes the certificate the key belongs to', async () => {
    const withKey = await loadCertificateFile(pki().panWithKeyPath, { now: NOW });
    const chain = { ...withKey, certificates: [{ ...withKey.certificates[0]!, index: 0, hasPrivateKey: false }, { ...withKey.certificates[0]!, index: 1, hasPrivateKey: true }] };
    const [node] = checkIseNodes([{ name: 'ise-pan', role: 'primary-pan', file: withKey }], { now: NOW });
    expect(codes(node)).toEqual(['warning:PRIVATE_KEY_IN_FILE']);
    expect(node?.fileHasPrivateKey).toBe(true);
    const [fromChain] = checkIseNodes([{ name: 'ise-pan', role: 'primary-pan', file: chain }], { now: NOW });
    expect(codes(fromChain)).toEqual(['warning:PRIVATE_KEY_IN_FILE', 'info:SEVERAL_CERTIFICATES_IN_FILE']);
    expect(fromChain?.warnings[1]?.message).toContain('the node certificate taken is #2');
  });

  it('says two nodes sharing a certificate is fine', async () => {
    const nodes = checkIseNodes([await input('ise-pan', 'primary-pan', pki().pan.pemPath), await input('ise-psn', 'psn', pki().pan.derPath)], { now: NOW });
    expect(nodes.map(codes)).toEqual([['info:SHARED_CERTIFICATE'], ['info:SHARED_CERTIFICATE']]);
    expect(nodes[0]?.warnings[0]?.message).toBe('ise-pan (primary PAN) uses the same certificate as ise-psn (PSN). That is fine (a shared or wildcard certificate); it is registered once.');
  });

  it('warns when the manifest names the registered certificate differently from its CN', async () => {
    const pan = await opensslKeyValues(pki().pan);
    const span = await opensslKeyValues(pki().span);
    const manifest = parseManifest(
      graphManifest([
        graphEntry({ sha1Hex: pan.sha1Hex, displayName: 'ise-pan certificate 2026', keyId: 'aaaaaaaa-1111-4111-8111-111111111111', start: '2026-01-01T00:00:00Z', end: '2027-01-01T00:00:00Z' }),
        graphEntry({ sha1Hex: span.sha1Hex, displayName: 'CN=ise-span.example.test', keyId: 'bbbbbbbb-1111-4111-8111-111111111111', start: '2026-01-01T00:00:00Z', end: '2027-01-01T00:00:00Z' }),
      ]),
    );
    const registered = describeManifest('ISE.json', manifest, [], NOW).entries;
    const nodes = checkIseNodes([await input('ise-pan', 'primary-pan', pki().pan.pemPath), await input('ise-span', 'secondary-pan', pki().span.pemPath)], { now: NOW, registered });
    expect(nodes.map(codes)).toEqual([['warning:DISPLAY_NAME_DIFFERS_FROM_CN'], []]);
    expect(nodes[0]?.warnings[0]?.message).toContain('is named "ise-pan certificate 2026", but Cisco asks that the displayName match the certificate: "CN=ise-pan.example.test"');
  });

  it('names every node whose certificate the manifest lacks, PSNs included, and asks for a role not yet chosen', async () => {
    const pan = await opensslKeyValues(pki().pan);
    const manifest = parseManifest(graphManifest([graphEntry({ sha1Hex: pan.sha1Hex, displayName: 'CN=ise-pan.example.test', keyId: 'aaaaaaaa-1111-4111-8111-111111111111', start: '2026-01-01T00:00:00Z', end: '2027-01-01T00:00:00Z' })]));
    const registered = describeManifest('ISE.json', manifest, [], NOW).entries;
    const nodes = checkIseNodes(
      [await input('ise-pan', 'primary-pan', pki().pan.pemPath), await input('ise-psn2', 'psn', pki().span.pemPath), await input('ise-new', 'unassigned', pki().psnEc.pemPath)],
      { now: NOW, registered },
    );
    expect(codes(nodes[0])).toEqual([]);
    expect(codes(nodes[1])).toEqual(['warning:NOT_REGISTERED']);
    expect(nodes[1]?.warnings[0]).toMatchObject({ params: { node: 'ise-psn2', role: 'psn' } });
    expect(nodes[1]?.warnings[0]?.message).toContain('The certificate of ise-psn2 (PSN) is not registered on the app');
    expect(codes(nodes[2])).toEqual(['warning:ROLE_NOT_CHOSEN', 'warning:NOT_RSA', 'warning:NOT_REGISTERED']);
    expect(nodes[2]?.warnings[0]?.message).toContain('Choose the role of ise-new');
    // Without a manifest nothing is said about registration.
    expect(checkIseNodes([await input('ise-psn2', 'psn', pki().span.pemPath)], { now: NOW }).map(codes)).toEqual([[]]);
  });
});
