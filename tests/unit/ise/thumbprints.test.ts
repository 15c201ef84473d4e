/** Thumbprints in error texts, matched on decoded bytes against OpenSSL-made node certificates and a manifest. */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DiagnosisContext } from '../../../preload/types/diagnosis';
import { describeExistingKeys, readManifestFile } from '../../../main/services/entra';
import { diagnoseText, extractThumbprints } from '../../../main/services/ise';
import { AAD_CLIENT, aadsts, iseLine, testConnectionPopup } from './samples';
import { useNodeLab, writeManifest } from './node-certs';

const lab = useNodeLab();
const NOW = '2026-11-26T12:00:00.000Z';
const logOf = (message: string): string => iseLine('2026-11-20 09:15:00,123', 'ERROR', AAD_CLIENT, `Failed to acquire auth token from Azure AD. ${message}`);

async function manifestContext(keys: { customKeyIdentifier: string | null; displayName: string }[]): Promise<DiagnosisContext['manifest']> {
  const path = await writeManifest(join(lab().dir, `manifest-${keys.length}-${Math.random().toString(36).slice(2)}.json`), keys);
  const parsed = await readManifestFile(path);
  return { file: path, entries: describeExistingKeys(parsed, [], new Date(NOW)) };
}

describe('thumbprints in error texts', () => {
  it('reads the key used (hex), the configured keys (hex or base64) and found-key dates', () => {
    const text = `Thumbprint of key used by client: '105D6E9BA0F5D6EACCF8A562DE81C1C6450CBEE4', Configured keys: [Key0:Start=03/14/2018, End=12/17/2018, Thumbprint=pZ0CqVXvVBWMd2hlKqgIDxQ3p1M=;Key1:Start=2019-01-01T00:00:00Z, End=2021-01-01T00:00:00Z, Thumbprint=A5:9D:02:A9:55:EF:54:15:8C:77:68:65:2A:A8:08:0F:14:37:A7:53;], Found key 'Start=01/15/2022 09:30:00, End=01/15/2023 09:30:00'`;
    const found = extractThumbprints(text, 'f', 7);
    expect(found.map(({ source, encoding, hex, start, end }) => ({ source, encoding, hex, start, end }))).toEqual([
      { source: 'key-used-by-client', encoding: 'hex', hex: '105D6E9BA0F5D6EACCF8A562DE81C1C6450CBEE4', start: null, end: null },
      { source: 'configured-key', encoding: 'base64', hex: 'A59D02A955EF54158C7768652AA8080F1437A753', start: '03/14/2018', end: '12/17/2018' },
      { source: 'configured-key', encoding: 'hex', hex: 'A59D02A955EF54158C7768652AA8080F1437A753', start: '2019-01-01T00:00:00Z', end: '2021-01-01T00:00:00Z' },
      { source: 'found-key', encoding: 'none', hex: null, start: '01/15/2022 09:30:00', end: '01/15/2023 09:30:00' },
    ]);
    expect(found.every((thumbprint) => thumbprint.file === 'f' && thumbprint.line === 7)).toBe(true);
  });

  it('keeps a cut thumbprint (the seed\'s "Thumbprint=pZ0CqV") as unreadable instead of guessing', () => {
    const [configured] = extractThumbprints('Configured keys: [Key0:Start=03/14/2018, End=12/17/2018, Thumbprint=pZ0CqV either ISE certificates not being uploaded]', 'f', 1);
    expect(configured).toMatchObject({ text: 'pZ0CqV', encoding: 'unreadable', hex: null });
  });
});

describe('matching thumbprints with node certificates and the app', () => {
  it('names the node whose key ISE used and the one the app has (hex used, base64 configured)', () => {
    const { ise1, ise2 } = lab();
    const context: DiagnosisContext = { now: NOW, certificates: [ise1.loaded, ise2.loaded] };
    const text = logOf(aadsts.keyNotFound(ise2.hex, `Key0:Start=2025-06-30T00:00:00Z, End=2027-06-30T00:00:00Z, Thumbprint=${ise1.base64};`));
    const [finding] = diagnoseText(text, context).findings;
    expect(finding?.code).toBe('KEY_NOT_FOUND');
    expect(finding?.matched).toEqual([
      { thumbprint: ise2.hex, source: 'key-used-by-client', certificate: expect.objectContaining({ node: 'ise-2', subjectCN: 'ise-2.example.test', sha1: ise2.hex }), registered: false },
      { thumbprint: ise1.base64, source: 'configured-key', certificate: expect.objectContaining({ node: 'ise-1', sha1: ise1.hex }), registered: true },
    ]);
    expect(finding?.explanations[0]).toBe("The key ISE used is the certificate of node ise-2 (expires 2027-09-15); the app has keys for ise-1 only → register ise-2's certificate.");
  });

  it('matches the pasted Test Connection pop-up, whatever the case or colons of the hex', () => {
    const { ise1, ise2 } = lab();
    const diagnosis = diagnoseText(testConnectionPopup(ise1.colonHex.toLowerCase(), ise2.base64), { now: NOW, certificates: [ise1.loaded, ise2.loaded] });
    const [finding] = diagnosis.findings;
    expect(finding?.matched.map((match) => [match.certificate.node, match.source, match.registered])).toEqual([
      ['ise-1', 'key-used-by-client', false],
      ['ise-2', 'configured-key', true],
    ]);
  });

  it('uses the loaded manifest (customKeyIdentifier in hex) to say which nodes the app has', async () => {
    const { ise1, ise2 } = lab();
    const manifest = await manifestContext([{ customKeyIdentifier: ise1.hex, displayName: 'CN=ise-1.example.test' }]);
    const diagnosis = diagnoseText(logOf(aadsts.keyNotFound(ise2.hex)), { now: NOW, certificates: [ise1.loaded, ise2.loaded], manifest });
    const [finding] = diagnosis.findings;
    expect(finding?.matched).toEqual([expect.objectContaining({ thumbprint: ise2.hex, registered: false })]);
    expect(finding?.explanations[0]).toContain('the app has keys for ise-1 only → register ise-2');
    expect(diagnosis.certificates.map((presence) => [presence.certificate.node, presence.registered, presence.basis])).toEqual([
      ['ise-1', true, 'manifest'],
      ['ise-2', false, 'manifest'],
    ]);
  });

  it('lists which loaded certificates are and are not on the app when the newer wording names no thumbprint', async () => {
    const { ise1, ise2 } = lab();
    const manifest = await manifestContext([{ customKeyIdentifier: ise2.base64, displayName: 'CN=ise-2.example.test' }]);
    const [finding] = diagnoseText(logOf(aadsts.keyNotRegistered()), { now: NOW, certificates: [ise1.loaded, ise2.loaded], manifest }).findings;
    expect(finding?.code).toBe('KEY_NOT_FOUND');
    expect(finding?.thumbprints).toEqual([]);
    expect(finding?.explanations).toEqual(['On the app: ise-2.', "Not on the app: ise-1 → register ise-1's certificate."]);
  });

  it('says registration is unknown without a manifest or a list of configured keys', () => {
    const { ise1, ise2 } = lab();
    const diagnosis = diagnoseText(logOf(aadsts.keyNotRegistered()), { now: NOW, certificates: [ise1.loaded, ise2.loaded] });
    expect(diagnosis.certificates.map((presence) => presence.registered)).toEqual([null, null]);
    expect(diagnosis.findings[0]?.explanations).toEqual(['Load the app manifest to see whether ise-1, ise-2 are on the app.']);
  });

  it('asks for the node certificates when a thumbprint matches none of them', () => {
    const { ise1 } = lab();
    const stranger = '0123456789ABCDEF0123456789ABCDEF01234567';
    const [withCerts] = diagnoseText(logOf(aadsts.keyNotFound(stranger)), { now: NOW, certificates: [ise1.loaded] }).findings;
    expect(withCerts?.matched).toEqual([]);
    expect(withCerts?.explanations[0]).toContain('is none of the loaded certificates');
    const [without] = diagnoseText(logOf(aadsts.keyNotFound(stranger))).findings;
    expect(without?.explanations[0]).toContain('Load the ISE node certificates');
  });

  it('ties an expired key to its node and shows the dates Entra found', () => {
    const { ise1 } = lab();
    const [finding] = diagnoseText(logOf(aadsts.keyExpired(ise1.hex)), { now: NOW, certificates: [ise1.loaded] }).findings;
    expect(finding?.code).toBe('KEY_EXPIRED');
    expect(finding?.explanations).toEqual([
      "The key ISE used is the certificate of node ise-1 (expires 2027-06-30); the app's key for it has expired → register ise-1's current certificate.",
      'The key Entra found on the app is valid from 01/15/2022 09:30:00 to 01/15/2023 09:30:00.',
    ]);
  });

  it('points a key mismatch at the private key of the named node', () => {
    const { ise2 } = lab();
    const [finding] = diagnoseText(logOf(aadsts.keyMismatch(ise2.base64)), { now: NOW, certificates: [ise2.loaded] }).findings;
    expect(finding?.code).toBe('KEY_MISMATCH');
    expect(finding?.matched[0]?.certificate.node).toBe('ise-2');
    expect(finding?.explanations[0]).toContain("check that ISE signs with this certificate's private key");
  });
});
