/**
 * Device identity by kind of input (issue 23): the SAN URIs a real Intune SCEP/PKCS profile or a
 * mistyped one writes, the trust stores an admin loads (the issuer, a CA with the issuer's name
 * on another key, the issuer's key under another name, the device certificate itself), and the
 * CLI's sentences for every state of the check, word for word.
 */
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkDeviceCertificate, describeDeviceCheck, loadCertificateBytes, readDeviceIdentity } from '../../../main/services/certs';
import { clientAuthState, selectDeviceCertificate } from '../../../main/services/certs/device-identity';
import type { CertificateInfo, DeviceCertificateCheck, LoadedFile } from '../../../preload/types/certs';
import { DEVICE_GUID, DEVICE_SID, createDeviceCertificates, type DeviceCertificates, type GeneratedCertificate } from '../../support/pki';
import { useTempDir } from './pki-setup';

const NOW = new Date('2026-11-26T12:00:00Z');
const tempDir = useTempDir('ise-intune-device-kinds-');
let certs: DeviceCertificates;

beforeAll(async () => {
  certs = await createDeviceCertificates(join(tempDir(), 'device'));
}, 120_000);

const info = (certificate: GeneratedCertificate): CertificateInfo => loadCertificateBytes(certificate.der, certificate.derPath, { now: NOW }).certificates[0]!.info;
const PREFIX = 'ID:Microsoft Endpoint Manager:GUID:';
const SID_URI = `tag:microsoft.com,2022-09-14:sid:${DEVICE_SID}`;

describe('the device ID among the SAN URIs', () => {
  it('takes the first URI whose GUID is whole, after a malformed one with the right prefix', () => {
    expect(readDeviceIdentity([`URI:${PREFIX}{{DeviceId}}`, `URI:${PREFIX}${DEVICE_GUID.toUpperCase()}`])).toMatchObject({ guid: DEVICE_GUID, problem: null, closest: null });
  });

  it('reads only URI entries, whatever else the SAN holds', () => {
    expect(readDeviceIdentity([`DNS:${PREFIX}${DEVICE_GUID}`, `email:${DEVICE_GUID}@example.test`])).toMatchObject({ uris: [], problem: 'NO_URI_SAN', guid: null, sid: null });
  });

  it('reads the SID tag in any case, and never offers it as the closest device ID', () => {
    const identity = readDeviceIdentity([`URI:${SID_URI.toUpperCase().replace('SID:', 'sid:')}`]);
    expect(identity).toMatchObject({ problem: 'WRONG_PREFIX', closest: null, guid: null });
    expect(identity.sid).not.toBeNull();
    // A SID tag that also carries a word of the Intune form is still not the closest candidate.
    expect(readDeviceIdentity([`URI:${SID_URI}-intune`]).closest).toBeNull();
  });

  it.each([
    ['MicrosoftEndpointManager:GUID-less', 'URI:https://example.test/path', 'MicrosoftEndpointManager:GUID-less'],
    ['microsoft  endpoint  manager', 'URI:urn:other', 'microsoft  endpoint  manager'],
    ['DeviceID=abc', 'URI:urn:other', 'DeviceID=abc'],
    ['device id abc', 'URI:urn:other', 'device id abc'],
    ['ID:Intune:Device', 'URI:urn:other', 'ID:Intune:Device'],
  ])('offers %j as the closest to the Intune form', (uri, other, closest) => {
    expect(readDeviceIdentity([other, `URI:${uri}`])).toMatchObject({ problem: 'WRONG_PREFIX', closest });
  });

  it.each(['urn:uuid:9c2b6a1e-3f4d-4e5a-8b7c-1d2e3f4a5b6c', 'https://example.test/microsoft-endpoint', 'ID:device:manager', 'MicrosoftXEndpoint manager'])(
    'offers no closest for %j, and lists what the SAN holds instead',
    (uri) => {
      const identity = readDeviceIdentity([`URI:${uri}`]);
      expect(identity).toMatchObject({ problem: 'WRONG_PREFIX', closest: null, uris: [uri] });
    },
  );
});

describe('client authentication by extended key usage', () => {
  const withEku = (extendedKeyUsage: string[]) => ({ ...info(certs.good), extendedKeyUsage });
  it.each([
    [[], 'unrestricted'],
    [['clientAuth'], 'present'],
    [['serverAuth', 'clientAuth'], 'present'],
    [['anyExtendedKeyUsage'], 'present'],
    [['serverAuth'], 'missing'],
    [['1.3.6.1.4.1.311.20.2.2'], 'missing'],
  ])('%j: %s', (eku, state) => {
    expect(clientAuthState(withEku(eku))).toBe(state);
  });
});

describe("the device's certificate in a file", () => {
  const entry = (index: number, certificate: CertificateInfo, hasPrivateKey = false) => ({ index, info: certificate, hasPrivateKey }) as LoadedFile['certificates'][number];
  const file = (...certificates: LoadedFile['certificates']) => ({ file: 'x', certificates }) as LoadedFile;

  it('is the one with the private key, else the first that is not a CA, else the first', () => {
    const [ca, good, other] = [info(certs.ca), info(certs.good), info(certs.goodNoSid)];
    expect(selectDeviceCertificate(file(entry(0, ca), entry(1, good), entry(2, other, true))).index).toBe(2);
    expect(selectDeviceCertificate(file(entry(0, ca), entry(1, good), entry(2, other))).index).toBe(1);
    expect(selectDeviceCertificate(file(entry(0, ca), entry(1, info(certs.otherCa)))).index).toBe(0);
  });

  it('refuses a file with no certificate as a programming error', () => {
    expect(() => selectDeviceCertificate(file())).toThrow(TypeError);
  });
});

describe("whether ISE trusts the device certificate's issuer", () => {
  const check = (store: GeneratedCertificate[]) => checkDeviceCertificate(loadCertificateBytes(certs.good.der, certs.good.derPath, { now: NOW }), store.map(info)).issuer;

  it('finds the issuer behind unrelated entries, and names it', () => {
    expect(check([certs.otherCa, certs.ca])).toEqual({ trustStoreLoaded: true, inTrustStore: true, issuerName: 'Example Intune Issuing CA', matchedBy: 'Example Intune Issuing CA' });
  });

  it("does not take a CA with the issuer's name on another key", () => {
    expect(check([certs.impostorCa])).toMatchObject({ inTrustStore: false, matchedBy: null });
  });

  it("does not take the issuer's key under another name", () => {
    expect(check([certs.renamedCa])).toMatchObject({ inTrustStore: false, matchedBy: null });
  });

  it('counts the device certificate itself in the store as trusted', () => {
    expect(check([certs.otherCa, certs.good])).toMatchObject({ inTrustStore: true, matchedBy: 'good.devices.example.test' });
  });
});

describe("the CLI's sentences for each state", () => {
  const base = (): DeviceCertificateCheck => checkDeviceCertificate(loadCertificateBytes(certs.good.der, certs.good.derPath, { now: NOW }), null);
  const lines = (change: (check: DeviceCertificateCheck) => DeviceCertificateCheck) => describeDeviceCheck(change(base()));
  const withCertificate = (check: DeviceCertificateCheck, certificate: Partial<CertificateInfo>) => ({ ...check, certificate: { ...check.certificate, ...certificate } });

  it('a good certificate, no trust store loaded, with the SID: one line per point', () => {
    expect(describeDeviceCheck(base())).toEqual([
      `Intune device ID: ${DEVICE_GUID}. ISE 3.1 and later can ask Intune by this GUID (MDM API v3) instead of the MAC address.`,
      'Client authentication: present.',
      'Validity: valid until 2036-01-01 (3322 days).',
      "Issuer: Example Intune Issuing CA (load ISE's trusted certificates to check that ISE trusts it).",
      `Strong-mapping SID: ${DEVICE_SID}. ISE releases before the fix of Cisco Field Notice FN74227 fail on certificates carrying it; use ISE 3.1 Patch 10, 3.2 Patch 7, 3.3 Patch 4, 3.4 Patch 1 or later (3.5 is not listed as affected).`,
    ]);
  });

  it('each reason for no device ID', () => {
    const identity = (value: DeviceCertificateCheck['identity']) => lines((check) => ({ ...check, identity: value }))[0];
    expect(identity({ uris: [], sid: null, guid: null, problem: 'NO_URI_SAN', closest: null })).toBe(
      'No Intune device ID: the certificate has no URI in its subject alternative name. Add the URI ID:Microsoft Endpoint Manager:GUID:{{DeviceId}} to the Intune SCEP/PKCS profile; until then ISE looks the device up by its MAC address.',
    );
    expect(identity({ uris: ['urn:a', 'urn:b'], sid: null, guid: null, problem: 'WRONG_PREFIX', closest: null })).toBe(
      'No Intune device ID: no URI starts with "ID:Microsoft Endpoint Manager:GUID:" (URIs found: urn:a, urn:b). The profile\'s URI value must be exactly ID:Microsoft Endpoint Manager:GUID:{{DeviceId}}.',
    );
    expect(identity({ uris: ['urn:a', 'IntuneDeviceId:x'], sid: null, guid: null, problem: 'WRONG_PREFIX', closest: 'IntuneDeviceId:x' })).toBe(
      'No Intune device ID: no URI starts with "ID:Microsoft Endpoint Manager:GUID:" (closest: "IntuneDeviceId:x"). The profile\'s URI value must be exactly ID:Microsoft Endpoint Manager:GUID:{{DeviceId}}.',
    );
    expect(identity({ uris: [`${PREFIX}{{DeviceId}}`], sid: null, guid: null, problem: 'MALFORMED_GUID', closest: `${PREFIX}{{DeviceId}}` })).toBe(
      'No Intune device ID: "ID:Microsoft Endpoint Manager:GUID:{{DeviceId}}" has the right prefix but no GUID after it. Type the variable exactly as {{DeviceId}} in the profile.',
    );
  });

  it('each state of client authentication', () => {
    const clientAuth = (state: DeviceCertificateCheck['clientAuth'], eku: string[]) => lines((check) => withCertificate({ ...check, clientAuth: state }, { extendedKeyUsage: eku }))[1];
    expect(clientAuth('missing', ['serverAuth', 'emailProtection'])).toBe(
      'Client authentication: missing. Its extended key usage (serverAuth, emailProtection) does not allow EAP-TLS client authentication; add Client Authentication to the profile.',
    );
    expect(clientAuth('unrestricted', [])).toBe('Client authentication: allowed (no extended key usage restricts the certificate).');
    expect(clientAuth('present', ['clientAuth'])).toBe('Client authentication: present.');
  });

  it('each state of validity', () => {
    const validity = (certificate: Partial<CertificateInfo>) => lines((check) => withCertificate(check, certificate))[2];
    expect(validity({ status: 'expired', notAfter: '2021-01-01T00:00:00.000Z' })).toBe('Validity: expired on 2021-01-01.');
    expect(validity({ status: 'not-yet-valid', notBefore: '2027-03-04T05:06:07.000Z' })).toBe('Validity: not valid before 2027-03-04.');
    expect(validity({ status: 'valid', notAfter: '2027-01-02T03:04:05.000Z', daysRemaining: 36 })).toBe('Validity: valid until 2027-01-02 (36 days).');
  });

  it('each state of the issuer, and no FN74227 line without a SID', () => {
    const issuer = (value: DeviceCertificateCheck['issuer']) => lines((check) => ({ ...check, issuer: value, fn74227: null }));
    expect(issuer({ trustStoreLoaded: true, inTrustStore: true, issuerName: 'Example CA', matchedBy: 'Example CA (2036)' }).slice(3)).toEqual([
      "Issuer: Example CA, in ISE's trusted certificates (Example CA (2036)).",
    ]);
    expect(issuer({ trustStoreLoaded: true, inTrustStore: false, issuerName: 'Example CA', matchedBy: null }).slice(3)).toEqual([
      'Issuer: Example CA is not in ISE\'s trusted certificates: import the issuing CA with "Trust for client authentication".',
    ]);
  });
});
