/** Connecting to ISE: pinning its admin certificate, logging in, and every way it can fail. */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { inspectIseCertificate, iseEndpoint, iseTarget, normalisePin, trustIseCertificate, IseApiClient, IseCertChangedError, JsonFilePinStore, MemoryPinStore, ISE_API_MENU_PATH } from '../../../main/services/ise/api';
import { ISE_PASSWORD, ISE_USER, useIseLab } from './ise-lab';

const lab = useIseLab();

describe("first contact: ISE's certificate for the user to trust", () => {
  it('shows the self-signed admin certificate with its thumbprints, sends no request, and remembers the pin once trusted', async () => {
    const standin = await lab().standin();
    const pins = new MemoryPinStore();
    const target = iseTarget('127.0.0.1', standin.port);
    const first = await inspectIseCertificate(target, pins, { timeoutMs: 3000 });
    expect(first).toMatchObject({ host: '127.0.0.1', port: standin.port, target: `127.0.0.1:${standin.port}`, pinState: 'new', pinnedSha256: null, issuers: [] });
    expect(first.certificate).toMatchObject({ subjectCN: 'ise-pan.example.test', selfSigned: true, keyType: 'ec' });
    expect(first.certificate.thumbprints.sha256).toBe(lab().identity.sha256);
    expect(standin.requests).toEqual([]);
    await trustIseCertificate(pins, target, first.certificate);
    const again = await inspectIseCertificate(target, pins, { timeoutMs: 3000 });
    expect(again).toMatchObject({ pinState: 'trusted', pinnedSha256: lab().identity.sha256 });
  });

  it('refuses to build a request endpoint without a pin', () => {
    expect(() => iseEndpoint(iseTarget('ise.example.test'), null)).toThrow(expect.objectContaining({ code: 'ISE_NOT_PINNED' }));
  });

  it('takes the host as typed or pasted, 443 by default and 9060 when asked', () => {
    expect(iseTarget('ise-pan.corp.example')).toEqual({ host: 'ise-pan.corp.example', port: 443, target: 'ise-pan.corp.example:443' });
    expect(iseTarget('https://ise-pan.corp.example/admin/', 9060)).toEqual({ host: 'ise-pan.corp.example', port: 9060, target: 'ise-pan.corp.example:9060' });
    expect(iseTarget('[2001:db8::5]:8443').target).toBe('[2001:db8::5]:8443');
    expect(() => iseTarget('ise', 70_000)).toThrow(expect.objectContaining({ code: 'INVALID_PORT' }));
  });

  it('reads a pin in any spelling of SHA-256 and rejects SHA-1', () => {
    const hex = lab().identity.sha256;
    const colons = hex.toLowerCase().replace(/..(?!$)/g, '$&:');
    expect(normalisePin(colons)).toBe(hex);
    expect(normalisePin(Buffer.from(hex, 'hex').toString('base64url'))).toBe(hex);
    expect(() => normalisePin('DF3C24F9BFD666761B268073FE06D1CC8D4F82A4')).toThrow(expect.objectContaining({ code: 'ISE_BAD_PIN' }));
  });

  it('keeps pins in a JSON file in the data folder, written whole, and reads them back', async () => {
    const path = join(lab().dir, 'data', 'ise-pins.json');
    const store = new JsonFilePinStore(path);
    expect(await store.get('ise:443')).toBeNull();
    await store.set('ise:443', { sha256: lab().identity.sha256.toLowerCase(), subjectCN: 'ise', trustedAt: '2026-11-26T00:00:00.000Z' });
    expect(await new JsonFilePinStore(path).get('ise:443')).toEqual({ sha256: lab().identity.sha256, subjectCN: 'ise', trustedAt: '2026-11-26T00:00:00.000Z' });
    expect(JSON.parse(await readFile(path, 'utf8'))).toMatchObject({ version: 1, pins: { 'ise:443': { sha256: lab().identity.sha256 } } });
  });

  it('reads a hand-edited pin file in any thumbprint spelling', async () => {
    const path = join(lab().dir, 'edited-pins.json');
    const colons = lab().identity.sha256.toLowerCase().replace(/..(?!$)/g, '$&:');
    await writeFile(path, JSON.stringify({ version: 1, pins: { 'ise:443': { sha256: colons, subjectCN: 'ise', trustedAt: '' } } }));
    expect((await new JsonFilePinStore(path).get('ise:443'))?.sha256).toBe(lab().identity.sha256);
  });

  it('says the pin file is damaged instead of trusting nothing silently', async () => {
    const path = join(lab().dir, 'broken-pins.json');
    await writeFile(path, '{"pins": {"ise:443": {"sha256": "not-a-hash"}}}');
    await expect(new JsonFilePinStore(path).get('ise:443')).rejects.toMatchObject({ code: 'ISE_PIN_FILE_BAD' });
  });
});

describe("ISE's certificate changed since it was pinned", () => {
  it('shows the change on inspection, and blocks every request before the password is sent, naming both thumbprints', async () => {
    const standin = await lab().standin();
    const pins = new MemoryPinStore();
    const target = iseTarget('127.0.0.1', standin.port);
    await trustIseCertificate(pins, target, (await inspectIseCertificate(target, pins)).certificate);
    standin.useIdentity(lab().otherIdentity);

    const info = await inspectIseCertificate(target, pins);
    expect(info).toMatchObject({ pinState: 'changed', pinnedSha256: lab().identity.sha256 });
    expect(info.certificate.thumbprints.sha256).toBe(lab().otherIdentity.sha256);

    const error = await lab().client(standin).listTrustedCertificates().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(IseCertChangedError);
    expect(error).toMatchObject({ code: 'ISE_CERT_CHANGED', pinnedSha256: lab().identity.sha256, presented: { thumbprints: { sha256: lab().otherIdentity.sha256 } } });
    expect((error as Error).message).toContain(lab().identity.sha256);
    expect((error as Error).message).toContain(lab().otherIdentity.sha256);
    expect((error as Error).message).toMatch(/Nothing was sent/);
    expect(standin.requests).toEqual([]);
  });
});

describe('logging in', () => {
  it('a wrong password is ISE_AUTH_FAILED, and the password appears nowhere', async () => {
    const standin = await lab().standin();
    const wrong = 'Wr0ng-Secret-Value';
    const client = lab().client(standin, { password: wrong });
    const error = (await client.listTrustedCertificates().catch((caught: unknown) => caught)) as Error & { code: string; details?: string };
    expect(error.code).toBe('ISE_AUTH_FAILED');
    expect(error.message).toMatch(/refused the user name or password \(HTTP 401\)/);
    for (const text of [error.message, error.details ?? '', JSON.stringify(client), inspect(client, { depth: 5 })]) {
      expect(text).not.toContain(wrong);
      expect(text).not.toContain(Buffer.from(`${ISE_USER}:${wrong}`).toString('base64'));
    }
    expect(standin.requests.map((request) => [request.user, request.status])).toEqual([[ISE_USER, 401]]);
  });

  it('a user name with ":" is refused before anything is sent', () => {
    const endpoint = iseEndpoint(iseTarget('127.0.0.1', 1), lab().identity.sha256);
    expect(() => new IseApiClient(endpoint, 'domain:admin', ISE_PASSWORD)).toThrow(expect.objectContaining({ code: 'ISE_BAD_USERNAME' }));
  });
});

describe('the Open API turned off', () => {
  it('is ISE_API_DISABLED with the ISE menu path that enables it', async () => {
    const standin = await lab().standin({ apiEnabled: false });
    const error = await lab().client(standin).listTrustedCertificates().catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'ISE_API_DISABLED' });
    expect((error as Error).message).toContain(ISE_API_MENU_PATH);
    expect((error as Error).message).toContain('Open API (Read/Write)');
  });

  it('turned on again, the same client reads the store', async () => {
    const standin = await lab().standin({ apiEnabled: false });
    const client = lab().client(standin);
    await expect(client.listTrustedCertificates()).rejects.toMatchObject({ code: 'ISE_API_DISABLED' });
    standin.setApiEnabled(true);
    expect((await client.listTrustedCertificates()).entries.length).toBe(standin.entries.length);
  });
});

describe('ISE unreachable', () => {
  it('a host that accepts TCP but never answers is ISE_TIMEOUT within the bounded timeout', async () => {
    const endpoint = iseEndpoint(iseTarget('127.0.0.1', lab().silent.port), lab().identity.sha256, { timeoutMs: 300 });
    const error = await new IseApiClient(endpoint, ISE_USER, ISE_PASSWORD).listTrustedCertificates().catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'ISE_TIMEOUT' });
    expect((error as Error).message).toMatch(/did not answer within 300 ms/);
  });

  it('a closed port is ISE_UNREACHABLE, for requests and for the first inspection alike', async () => {
    const target = iseTarget('127.0.0.1', lab().closedPort);
    const endpoint = iseEndpoint(target, lab().identity.sha256, { timeoutMs: 2000 });
    await expect(new IseApiClient(endpoint, ISE_USER, ISE_PASSWORD).listTrustedCertificates()).rejects.toMatchObject({ code: 'ISE_UNREACHABLE' });
    await expect(inspectIseCertificate(target, new MemoryPinStore(), { timeoutMs: 2000 })).rejects.toMatchObject({ code: 'ISE_UNREACHABLE' });
  });

  it('the first inspection of a silent host times out as ISE_TIMEOUT', async () => {
    await expect(inspectIseCertificate(iseTarget('127.0.0.1', lab().silent.port), new MemoryPinStore(), { timeoutMs: 300 })).rejects.toMatchObject({ code: 'ISE_TIMEOUT' });
  });
});
