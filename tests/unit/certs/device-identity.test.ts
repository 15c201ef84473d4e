/**
 * Device identity (MDM API v3): the Intune device GUID from the SAN URI, why it is missing, the
 * device-certificate check and the `device-cert` / `inspect --json` output, on certificates
 * OpenSSL issues with good and bad URIs (tests/support/pki.ts createDeviceCertificates).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { deviceCertCommand } from '../../../main/cli/device-cert';
import { inspectCommand } from '../../../main/cli/inspect';
import type { CliCommand } from '../../../main/cli/command';
import { checkDeviceCertificate, describeDeviceCheck, loadCertificateBytes, readDeviceIdentity } from '../../../main/services/certs';
import type { LoadedFile } from '../../../preload/types/certs';
import { DEVICE_GUID, DEVICE_SID, createDeviceCertificates, type DeviceCertificates, type GeneratedCertificate } from '../../support/pki';
import { useTempDir } from './pki-setup';

const NOW = new Date('2026-11-26T12:00:00Z');
const tempDir = useTempDir('ise-intune-device-');
let certs: DeviceCertificates;

beforeAll(async () => {
  certs = await createDeviceCertificates(join(tempDir(), 'device'));
}, 120_000);

function load(certificate: GeneratedCertificate): LoadedFile {
  return loadCertificateBytes(certificate.der, certificate.derPath, { now: NOW });
}

async function run(command: CliCommand, args: string[], stdin?: string) {
  const out: string[] = [];
  const err: string[] = [];
  const io = { stdout: (t: string) => out.push(t), stderr: (t: string) => err.push(t), cwd: tempDir(), now: () => NOW };
  const code = await command.run(args, stdin === undefined ? io : { ...io, readStdin: async () => stdin });
  return { code, stdout: out.join(''), stderr: err.join('') };
}

describe('reading the Intune device ID from the SAN', () => {
  it('finds the GUID next to a strong-mapping SID URI, and the SID', () => {
    const identity = readDeviceIdentity(load(certs.good).certificates[0]!.info.subjectAltNames);
    expect(identity).toEqual({
      guid: DEVICE_GUID,
      problem: null,
      closest: null,
      sid: DEVICE_SID,
      uris: [`tag:microsoft.com,2022-09-14:sid:${DEVICE_SID}`, `ID:Microsoft Endpoint Manager:GUID:${DEVICE_GUID}`],
    });
  });

  it('gives the GUID in lower case whatever case the certificate holds', () => {
    expect(readDeviceIdentity(load(certs.goodNoSid).certificates[0]!.info.subjectAltNames)).toMatchObject({ guid: DEVICE_GUID, sid: null });
  });

  it('says why there is none: no URI, wrong prefix, malformed GUID', () => {
    expect(readDeviceIdentity(load(certs.noUri).certificates[0]!.info.subjectAltNames)).toMatchObject({ guid: null, problem: 'NO_URI_SAN', uris: [] });
    expect(readDeviceIdentity(load(certs.wrongPrefix).certificates[0]!.info.subjectAltNames)).toMatchObject({
      guid: null,
      problem: 'WRONG_PREFIX',
      closest: `IntuneDeviceId:${DEVICE_GUID}`,
      sid: DEVICE_SID,
    });
    expect(readDeviceIdentity(load(certs.templateLeft).certificates[0]!.info.subjectAltNames)).toMatchObject({
      guid: null,
      problem: 'MALFORMED_GUID',
      closest: 'ID:Microsoft Endpoint Manager:GUID:{{DeviceId}}',
    });
    expect(readDeviceIdentity(load(certs.shortGuid).certificates[0]!.info.subjectAltNames)).toMatchObject({ guid: null, problem: 'MALFORMED_GUID' });
  });

  it('is part of every certificate description (intuneDeviceId)', () => {
    expect(load(certs.good).certificates[0]!.info.intuneDeviceId).toBe(DEVICE_GUID);
    expect(load(certs.noUri).certificates[0]!.info.intuneDeviceId).toBeNull();
    expect(load(certs.ca).certificates[0]!.info.intuneDeviceId).toBeNull();
  });
});

describe('checking a device certificate', () => {
  it('a good certificate from a .pfx: GUID, client authentication, valid, issuer in the ISE store, FN74227 releases', async () => {
    const file = loadCertificateBytes(await readFile(certs.files.goodPfx), 'good.pfx', { now: NOW, password: certs.files.password });
    const store = [load(certs.otherCa).certificates[0]!.info, load(certs.ca).certificates[0]!.info];
    const check = checkDeviceCertificate(file, store);
    expect(check.certificate.subjectCN).toBe('good.devices.example.test');
    expect(check.count).toBe(2);
    expect(check.identity.guid).toBe(DEVICE_GUID);
    expect(check.clientAuth).toBe('present');
    expect(check.certificate.status).toBe('valid');
    expect(check.issuer).toEqual({ trustStoreLoaded: true, inTrustStore: true, issuerName: 'Example Intune Issuing CA', matchedBy: 'Example Intune Issuing CA' });
    expect(check.fn74227).toEqual([
      { train: '3.1', patch: 10 },
      { train: '3.2', patch: 7 },
      { train: '3.3', patch: 4 },
      { train: '3.4', patch: 1 },
    ]);
    expect(describeDeviceCheck(check).join('\n')).toContain('3.1 Patch 10, 3.2 Patch 7, 3.3 Patch 4, 3.4 Patch 1');
  });

  it('the leaf of a .p7b (CA first), with and without a trust store that has the issuer', async () => {
    const file = loadCertificateBytes(await readFile(certs.files.goodP7b), 'good.p7b', { now: NOW });
    expect(checkDeviceCertificate(file, null).issuer).toMatchObject({ trustStoreLoaded: false, inTrustStore: null });
    const without = checkDeviceCertificate(file, [load(certs.otherCa).certificates[0]!.info]);
    expect(without.certificate.subjectCN).toBe('good.devices.example.test');
    expect(without.issuer).toMatchObject({ trustStoreLoaded: true, inTrustStore: false, matchedBy: null });
    expect(describeDeviceCheck(without).join('\n')).toContain('is not in ISE\'s trusted certificates');
  });

  it('a certificate with the issuer name but another key is not taken as issued by it', () => {
    // otherCa signed nothing here: a store holding only it never matches, even by name.
    const check = checkDeviceCertificate(load(certs.good), [load(certs.otherCa).certificates[0]!.info]);
    expect(check.issuer.inTrustStore).toBe(false);
  });

  it('missing client authentication, expiry, and no FN74227 advice without a SID', () => {
    const serverOnly = checkDeviceCertificate(load(certs.serverAuthOnly), null);
    expect(serverOnly.clientAuth).toBe('missing');
    expect(serverOnly.fn74227).toBeNull();
    expect(describeDeviceCheck(serverOnly).join('\n')).toMatch(/Client authentication: missing/);
    const expired = checkDeviceCertificate(load(certs.expired), null);
    expect(expired.certificate.status).toBe('expired');
    expect(describeDeviceCheck(expired).join('\n')).toContain('expired on 2021-01-01');
  });
});

describe('command line', () => {
  it('device-cert prints each point, and --json the check', async () => {
    const text = await run(deviceCertCommand, [certs.files.goodDer, certs.noUri.pemPath, '--ise-store', certs.ca.pemPath]);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain(`Intune device ID: ${DEVICE_GUID}`);
    expect(text.stdout).toContain('no URI in its subject alternative name');
    expect(text.stdout).toContain("in ISE's trusted certificates (Example Intune Issuing CA)");
    const json = await run(deviceCertCommand, [certs.wrongPrefix.pemPath, '--json']);
    const [check] = JSON.parse(json.stdout) as { identity: { problem: string; closest: string }; fn74227: unknown[]; clientAuth: string }[];
    expect(check).toMatchObject({ identity: { problem: 'WRONG_PREFIX', closest: `IntuneDeviceId:${DEVICE_GUID}` }, clientAuth: 'present' });
    expect(check?.fn74227).toHaveLength(4);
  });

  it('device-cert: a .pfx without its password is a clear error (exit 2), no stack trace', async () => {
    const result = await run(deviceCertCommand, [certs.files.goodPfx]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/password/i);
    expect(result.stderr).not.toMatch(/\bat .*\.ts:\d+/);
    expect((await run(deviceCertCommand, [])).code).toBe(2);
  });

  it('device-cert takes a .pfx password on standard input only, never on the command line', async () => {
    const refused = await run(deviceCertCommand, [certs.files.goodPfx, '--password', certs.files.password]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/--password-stdin/);
    expect(refused.stdout).toBe('');
    const piped = await run(deviceCertCommand, [certs.files.goodPfx, '--password-stdin'], `${certs.files.password}\n`);
    expect(piped.code).toBe(0);
    expect(piped.stdout).toContain(`Intune device ID: ${DEVICE_GUID}`);
  });

  it('inspect --json gains intuneDeviceId and shows URI entries as URI:…', async () => {
    const result = await run(inspectCommand, [certs.good.pemPath, certs.noUri.pemPath, '--json']);
    const records = JSON.parse(result.stdout) as { intuneDeviceId: string | null; subjectAltNames: string[] }[];
    expect(records[0]?.intuneDeviceId).toBe(DEVICE_GUID);
    expect(records[0]?.subjectAltNames).toContain(`URI:ID:Microsoft Endpoint Manager:GUID:${DEVICE_GUID}`);
    expect(records[0]?.subjectAltNames).toContain(`URI:tag:microsoft.com,2022-09-14:sid:${DEVICE_SID}`);
    expect(records[1]?.intuneDeviceId).toBeNull();
    const text = await run(inspectCommand, [certs.good.pemPath]);
    expect(text.stdout).toMatch(new RegExp(`Intune device ID\\s+${DEVICE_GUID}`));
  });
});
