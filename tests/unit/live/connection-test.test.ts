/**
 * The connection test against the stand-ins, and the stand-ins' own checks: assertions built
 * by hand as ISE builds them (RS256, x5t = base64url SHA-1), each refusal read back through
 * the app's finding mapping.
 */
import { createHash, createPrivateKey, randomUUID, sign, type KeyObject } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import type { ConnectionTestProgress, ConnectionTestResult } from '../../../preload/types/live';
import { describeCertificate } from '../../../main/services/certs';
import { createTransport, findingFromText, resolveCloud, testConnection, type ConnectionTestOptions } from '../../../main/services/entra/live';
import { daysFromNow, registerApp, standinKey } from '../../support/entra-standin';
import { closedPort, startProxyServer } from '../../support/proxy-server';
import { PFX_PASSWORD, useLab } from './lab';

const lab = useLab();
function options(extra: Partial<ConnectionTestOptions> = {}): ConnectionTestOptions {
  const { standins, app, files } = lab();
  return {
    tenant: standins.directory.tenantId,
    clientId: app.appId,
    credential: { kind: 'pfx', file: files.panPfx, password: PFX_PASSWORD },
    cloud: lab().cloud(),
    caCertificates: [standins.caPem],
    timeoutMs: 5_000,
    ...extra,
  };
}

function summary(result: ConnectionTestResult): [string, boolean, boolean, string | undefined][] {
  return result.steps.map((step) => [step.name, step.ok, step.skipped, step.finding?.code]);
}

afterEach(() => {
  const { standins } = lab();
  standins.entra.behaviour.tokenDelay = undefined;
  standins.graph.behaviour.intuneUri = standins.intune.uri;
});

describe('connection test, as ISE runs it', () => {
  it('passes the four steps with the registered PAN certificate, one request per token, in the form ISE signs', async () => {
    const { standins } = lab();
    const assertionsBefore = standins.entra.assertions.length;
    const resourcesBefore = standins.entra.resources.length;
    const progress: ConnectionTestProgress[] = [];
    const result = await testConnection(options({ onProgress: (event) => progress.push(event) }));
    expect(summary(result)).toEqual([
      ['graph-token', true, false, undefined],
      ['intune-discovery', true, false, undefined],
      ['intune-token', true, false, undefined],
      ['intune-read', true, false, undefined],
    ]);
    expect(result.ok).toBe(true);
    expect(result.steps[0]?.attempts?.map((attempt) => [attempt.form, attempt.ok])).toEqual([['x5t', true]]);
    // What Entra received: ISE's SHA-1/RS256 form once for Graph, once for Intune; the Token Audience as ISE's form has it.
    expect(standins.entra.assertions.slice(assertionsBefore)).toEqual(['x5t RS256', 'x5t RS256']);
    expect(standins.entra.resources.slice(resourcesBefore)).toEqual(['https://graph.microsoft.com/.default', 'https://api.manage.microsoft.com//.default']);
    expect(result.audiences).toEqual({ graph: 'https://graph.microsoft.com', intune: 'https://api.manage.microsoft.com/' });
    expect(result.imitates).toMatch(/ISE 3\.3 and later, 3\.1 Patch 8 and 3\.2 Patch 4/);
    expect(result.endpoint).toEqual({ providerName: 'ComplianceRetrievalService', uri: standins.intune.uri });
    expect(result.certificate.sha1).toBe(createHash('sha1').update(lab().pan.der).digest('hex').toUpperCase());
    expect(progress.filter((event) => event.phase === 'done').map((event) => event.step)).toEqual(['graph-token', 'intune-discovery', 'intune-token', 'intune-read']);
    expect(JSON.stringify(result)).not.toMatch(/PRIVATE KEY|eyJ[A-Za-z0-9_-]{10,}\./);
  });

  it('names a certificate that is not on the app KEY_NOT_FOUND, with the thumbprint Entra saw, and tries the SHA-256 form beside it', async () => {
    const { files, standins } = lab();
    const assertionsBefore = standins.entra.assertions.length;
    const result = await testConnection(options({ credential: { kind: 'pfx', file: files.spanPfx, password: PFX_PASSWORD } }));
    expect(summary(result)).toEqual([
      ['graph-token', false, false, 'KEY_NOT_FOUND'],
      ['intune-discovery', false, true, undefined],
      ['intune-token', false, true, undefined],
      ['intune-read', false, true, undefined],
    ]);
    const finding = result.steps[0]?.finding;
    expect(finding?.aadsts).toBe('AADSTS700027');
    expect(finding?.thumbprints).toContain(result.certificate.sha1);
    expect(finding?.evidence[0]).toContain(`Thumbprint of key used by client: '${result.certificate.sha1}'`);
    expect(finding?.traceId).toMatch(/^[0-9a-f-]{36}$/);
    expect(result.ok).toBe(false);
    // A refusal about the assertion's key: the other thumbprint form is asked once, to tell the admin.
    expect(standins.entra.assertions.slice(assertionsBefore)).toEqual(['x5t RS256', 'x5t#S256 PS256']);
    expect(result.steps[0]?.attempts?.map((attempt) => [attempt.form, attempt.ok, attempt.finding?.code])).toEqual([['x5t', false, 'KEY_NOT_FOUND'], ['x5t#S256', false, 'KEY_NOT_FOUND']]);
  });

  it('names an expired registered key KEY_EXPIRED', async () => {
    const { standins, pan } = lab();
    const app = registerApp(standins.directory, { keys: [standinKey(pan.der, { start: daysFromNow(-30), end: daysFromNow(-1) })] });
    const result = await testConnection(options({ clientId: app.appId }));
    expect(summary(result)[0]).toEqual(['graph-token', false, false, 'KEY_EXPIRED']);
    expect(result.steps[0]?.finding?.aadsts).toBe('AADSTS50012');
  });

  it('names an unknown client ID APP_NOT_FOUND, after one request (no resend)', async () => {
    const before = lab().standins.entra.grants.length;
    const result = await testConnection(options({ clientId: randomUUID() }));
    expect(summary(result)[0]).toEqual(['graph-token', false, false, 'APP_NOT_FOUND']);
    expect(result.steps[0]?.finding?.aadsts).toBe('AADSTS700016');
    expect(lab().standins.entra.grants.length - before).toBe(1);
  });

  it('names a 403 on discovery CONSENT_MISSING when no Graph permission was consented', async () => {
    const { standins, pan } = lab();
    const app = registerApp(standins.directory, { certificates: [pan.der], granted: [] });
    const result = await testConnection(options({ clientId: app.appId }));
    expect(summary(result).slice(0, 2)).toEqual([
      ['graph-token', true, false, undefined],
      ['intune-discovery', false, false, 'CONSENT_MISSING'],
    ]);
    expect(result.steps[1]?.finding?.evidence[0]).toContain('Authorization_RequestDenied');
  });

  it('names a refused Intune token CONSENT_MISSING when get_device_compliance was not consented', async () => {
    const { standins, pan } = lab();
    const app = registerApp(standins.directory, { certificates: [pan.der], granted: ['Application.Read.All'] });
    const result = await testConnection(options({ clientId: app.appId }));
    expect(summary(result).slice(0, 3)).toEqual([
      ['graph-token', true, false, undefined],
      ['intune-discovery', true, false, undefined],
      ['intune-token', false, false, 'CONSENT_MISSING'],
    ]);
    expect(result.steps[2]?.finding?.aadsts).toBe('AADSTS65001');
  });

  it('reports an unreachable Intune endpoint as NETWORK on the last step', async () => {
    const { standins } = lab();
    standins.graph.behaviour.intuneUri = `https://127.0.0.1:${await closedPort()}/TrafficGateway`;
    const result = await testConnection(options());
    expect(summary(result)).toEqual([
      ['graph-token', true, false, undefined],
      ['intune-discovery', true, false, undefined],
      ['intune-token', true, false, undefined],
      ['intune-read', false, false, 'NETWORK'],
    ]);
    expect(result.steps[3]?.finding?.evidence[0]).toMatch(/^CONNECTION_REFUSED: /);
  });

  it('goes through a CONNECT proxy to every host', async () => {
    const { standins } = lab();
    const proxy = await startProxyServer();
    try {
      const result = await testConnection(options({ proxy: proxy.url }));
      expect(result.ok).toBe(true);
      expect(result.proxy).toBe(proxy.url);
      expect(new Set(proxy.connects)).toEqual(new Set([`127.0.0.1:${standins.entra.port}`, `127.0.0.1:${standins.graph.port}`, `127.0.0.1:${standins.intune.port}`]));
    } finally {
      await proxy.close();
    }
  });

  it('reports a login host whose certificate is not trusted (no test CA given) as TLS_UNTRUSTED, naming the certificate', async () => {
    const result = await testConnection(options({ caCertificates: [] }));
    expect(summary(result)[0]).toEqual(['graph-token', false, false, 'TLS_UNTRUSTED']);
    const finding = result.steps[0]?.finding;
    expect(finding?.evidence[0]).toMatch(/^TLS_UNTRUSTED: The TLS certificate of 127\.0\.0\.1:\d+ is not trusted/);
    // The chain the stand-in serves ends in the test CA: the finding names it and says what to do.
    expect(finding?.message).toContain('issued by "Stand-in Test Root"');
    expect(finding?.message).toMatch(/proxy inspects TLS/);
  });

  it('never reads the retired NACAPIService: discovery listing only it is LEGACY_NAC_API', async () => {
    const { standins } = lab();
    standins.graph.behaviour.providers = ['NACAPIService'];
    const intuneBefore = standins.intune.requests.length;
    try {
      const result = await testConnection(options());
      expect(summary(result).slice(0, 3)).toEqual([
        ['graph-token', true, false, undefined],
        ['intune-discovery', false, false, 'LEGACY_NAC_API'],
        ['intune-token', false, true, undefined],
      ]);
      expect(standins.intune.requests.length).toBe(intuneBefore);
    } finally {
      standins.graph.behaviour.providers = ['ComplianceRetrievalService', 'NACAPIService'];
    }
  });
});

describe("the values as typed into ISE's form", () => {
  const form = (extra: Partial<{ tokenUrl: string; discoveryUrl: string; audience: string }> = {}) => ({
    tokenUrl: `https://login.microsoftonline.com/${lab().standins.directory.tenantId}/oauth2/token`,
    discoveryUrl: 'https://graph.microsoft.com',
    audience: 'https://api.manage.microsoft.com/',
    ...extra,
  });
  const typed = (extra: Parameters<typeof form>[0] = {}): ConnectionTestOptions => {
    const { tenant: _tenant, ...rest } = options();
    return { ...rest, form: form(extra) };
  };

  it("uses Cisco's values as typed: the tenant from the Token Issuing URL, the audience with its slash", async () => {
    const { standins } = lab();
    const before = standins.entra.resources.length;
    const result = await testConnection(typed());
    expect(result.ok).toBe(true);
    expect(result.steps[0]).toMatchObject({ name: 'form-values', ok: true, warnings: [] });
    expect(result.tenant).toBe(standins.directory.tenantId);
    expect(standins.entra.resources.slice(before)).toEqual(['https://graph.microsoft.com/.default', 'https://api.manage.microsoft.com//.default']);
    expect(result.audiences.intune).toBe('https://api.manage.microsoft.com/');
  });

  it('requests an audience without the slash exactly so, warns, and reports the audience the token carries', async () => {
    const result = await testConnection(typed({ audience: 'https://api.manage.microsoft.com' }));
    expect(result.ok).toBe(true);
    expect(result.steps[0]?.warnings?.map((warning) => warning.code)).toEqual(['AUDIENCE_FORM']);
    expect(result.audiences.intune).toBe('https://api.manage.microsoft.com');
  });

  it('warns about the v2.0 form of the Token Issuing URL but runs', async () => {
    const result = await testConnection(typed({ tokenUrl: `https://login.microsoftonline.com/${lab().standins.directory.tenantId}/oauth2/v2.0/token` }));
    expect(result.ok).toBe(true);
    expect(result.steps[0]?.warnings?.map((warning) => warning.code)).toEqual(['TOKEN_URL_FORM']);
  });

  it.each([
    ['a Token Issuing URL without tenant', { tokenUrl: 'https://login.microsoftonline.com/oauth2/token' }, 'TOKEN_URL_INVALID', /has no tenant/],
    ['a wrong login host', { tokenUrl: 'https://login.microsoftonline.co/contoso.onmicrosoft.com/oauth2/token' }, 'TOKEN_URL_INVALID', /login\.microsoftonline\.co, which is not an Entra sign-in host/],
    ['a multi-tenant alias', { tokenUrl: 'https://login.microsoftonline.com/common/oauth2/token' }, 'TOKEN_URL_INVALID', /multi-tenant alias/],
    ['the retired Azure AD Graph', { discoveryUrl: 'https://graph.windows.net/contoso.onmicrosoft.com' }, 'DISCOVERY_URL_INVALID', /retired Azure AD Graph/],
    ['a typo in the Graph host', { discoveryUrl: 'https://graph.microsfot.com' }, 'DISCOVERY_URL_INVALID', /not Microsoft Graph/],
    ['an audience that is no URL', { audience: 'api.manage.microsoft.com' }, 'AUDIENCE_INVALID', /not an https URL/],
  ])('stops on %s before any request (%s)', async (_what, extra, code, message) => {
    const before = lab().standins.received();
    const result = await testConnection(typed(extra));
    expect(summary(result)[0]).toEqual(['form-values', false, false, code]);
    expect(result.steps[0]?.finding?.message).toMatch(message);
    expect(result.steps.slice(1).every((step) => step.skipped)).toBe(true);
    expect(lab().standins.received()).toBe(before);
  });

  it('names a typo in the audience RESOURCE_NOT_FOUND (AADSTS500011) from Entra', async () => {
    const result = await testConnection(typed({ audience: 'https://api.manage.microsoft.co/' }));
    expect(summary(result)[3]).toEqual(['intune-token', false, false, 'RESOURCE_NOT_FOUND']);
    expect(result.steps[3]?.finding?.aadsts).toBe('AADSTS500011');
  });

  it('names an unknown tenant TENANT_NOT_FOUND (AADSTS90002) after one request', async () => {
    const before = lab().standins.entra.requests.length;
    const result = await testConnection(typed({ tokenUrl: `https://login.microsoftonline.com/${randomUUID()}/oauth2/token` }));
    expect(summary(result)[1]).toEqual(['graph-token', false, false, 'TENANT_NOT_FOUND']);
    expect(result.steps[1]?.finding?.aadsts).toBe('AADSTS90002');
    expect(result.steps[1]?.attempts).toHaveLength(1);
    expect(lab().standins.entra.requests.length - before).toBeLessThanOrEqual(2);
  });

  it('gives up on a token endpoint that does not answer, within the timeout, as NETWORK', async () => {
    const { standins } = lab();
    standins.entra.behaviour.tokenDelay = 'hang';
    const result = await testConnection(options({ timeoutMs: 400 }));
    expect(summary(result)[0]).toEqual(['graph-token', false, false, 'NETWORK']);
    expect(result.steps[0]?.finding?.message).toMatch(/did not answer within 400 ms/);
    expect(result.steps.slice(1).every((step) => step.skipped)).toBe(true);
  });
});

describe('bad input is refused before any network call', () => {
  const cases: [string, () => Partial<ConnectionTestOptions>, string][] = [
    ['a wrong PFX password', () => ({ credential: { kind: 'pfx', file: lab().files.panPfx, password: 'wrong' } }), 'PFX_BAD_PASSWORD'],
    ['a PFX without a private key', () => ({ credential: { kind: 'pfx', file: lab().files.noKeyPfx, password: PFX_PASSWORD } }), 'PFX_NO_KEY'],
    ['a key that does not belong to the certificate', () => ({ credential: { kind: 'pem', certFile: lab().files.panCert, keyFile: lab().files.strayKey } }), 'KEY_CERT_MISMATCH'],
    ['an EC node key (ISE signs RS256)', () => ({ credential: { kind: 'pem', certFile: lab().files.ecCert, keyFile: lab().files.ecKey } }), 'KEY_NOT_RSA'],
    ['a malformed tenant ID', () => ({ tenant: 'not a tenant!' }), 'INVALID_TENANT_ID'],
    ['a malformed client ID', () => ({ clientId: '1234-abcd' }), 'INVALID_CLIENT_ID'],
    ['an http authority', () => ({ cloud: { authority: 'http://127.0.0.1:1' } }), 'INVALID_AUTHORITY'],
  ];
  for (const [what, extra, code] of cases) {
    it(`refuses ${what} (${code})`, async () => {
      const before = lab().standins.received();
      await expect(testConnection(options(extra()))).rejects.toMatchObject({ name: 'ServiceError', code });
      expect(lab().standins.received()).toBe(before);
    });
  }

  it('accepts the certificate and key as separate PEM files', async () => {
    const { files } = lab();
    const result = await testConnection(options({ credential: { kind: 'pem', certFile: files.panCert, keyFile: files.panKey } }));
    expect(result.ok).toBe(true);
  });
});



function assertion(options: { key: KeyObject; certificateDer: Buffer; clientId: string; aud: string; iss?: string }): string {
  const header = { alg: 'RS256', typ: 'JWT', x5t: createHash('sha1').update(options.certificateDer).digest('base64url') };
  const now = Math.floor(Date.now() / 1000);
  const payload = { aud: options.aud, iss: options.iss ?? options.clientId, sub: options.iss ?? options.clientId, jti: randomUUID(), nbf: now, exp: now + 600 };
  const input = `${Buffer.from(JSON.stringify(header)).toString('base64url')}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}`;
  return `${input}.${sign('sha256', Buffer.from(input), options.key).toString('base64url')}`;
}

async function post(path: string, fields: Record<string, string>): Promise<{ status: number; body: Record<string, unknown> }> {
  const { standins } = lab();
  const transport = createTransport({ caCertificates: [standins.caPem], timeoutMs: 5_000 });
  const response = await transport.send({ method: 'POST', url: `${standins.entra.origin}${path}`, headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString() });
  return { status: response.status, body: JSON.parse(response.text) as Record<string, unknown> };
}

async function panKey(): Promise<KeyObject> {
  return createPrivateKey(await readFile(lab().files.panKey));
}

describe('Entra stand-in', () => {
  it("accepts ISE's own request on the v1 endpoint (resource = Token Audience) and answers v1 fields", async () => {
    const { standins, app, pan } = lab();
    const tenant = standins.directory.tenantId;
    const response = await post(`/${tenant}/oauth2/token`, {
      grant_type: 'client_credentials',
      client_id: app.appId,
      resource: 'https://api.manage.microsoft.com/',
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      client_assertion: assertion({ key: await panKey(), certificateDer: pan.der, clientId: app.appId, aud: `${standins.entra.origin}/${tenant}/oauth2/token` }),
    });
    expect(response.status).toBe(200);
    expect(response.body.resource).toBe('https://api.manage.microsoft.com/');
    expect(typeof response.body.access_token).toBe('string');
  });

  it('answers AADSTS50013 when the signing key is not the registered certificate’s, which the app names KEY_MISMATCH', async () => {
    const { standins, app, pan, files } = lab();
    const tenant = standins.directory.tenantId;
    const stray = createPrivateKey(await readFile(files.strayKey));
    const response = await post(`/${tenant}/oauth2/v2.0/token`, {
      grant_type: 'client_credentials',
      client_id: app.appId,
      scope: 'https://graph.microsoft.com/.default',
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      client_assertion: assertion({ key: stray, certificateDer: pan.der, clientId: app.appId, aud: `${standins.entra.origin}/${tenant}/oauth2/v2.0/token` }),
    });
    expect(response.status).toBe(401);
    expect(response.body.error_codes).toEqual([50013]);
    const finding = findingFromText(String(response.body.error_description), 'TOKEN_FAILED', { certificate: describeCertificate(pan.der, new Date()), now: new Date() });
    expect(finding.code).toBe('KEY_MISMATCH');
    expect(finding.traceId).toBe(response.body.trace_id);
  });

  it('refuses an assertion whose issuer is not the client ID (700021) or whose audience is another endpoint (700023)', async () => {
    const { standins, app, pan } = lab();
    const tenant = standins.directory.tenantId;
    const base = { grant_type: 'client_credentials', client_id: app.appId, scope: 'https://graph.microsoft.com/.default', client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer' };
    const aud = `${standins.entra.origin}/${tenant}/oauth2/v2.0/token`;
    const wrongIssuer = await post(`/${tenant}/oauth2/v2.0/token`, { ...base, client_assertion: assertion({ key: await panKey(), certificateDer: pan.der, clientId: app.appId, aud, iss: randomUUID() }) });
    expect(wrongIssuer.body.error_codes).toEqual([700021]);
    const wrongAudience = await post(`/${tenant}/oauth2/v2.0/token`, { ...base, client_assertion: assertion({ key: await panKey(), certificateDer: pan.der, clientId: app.appId, aud: 'https://login.microsoftonline.com/common/oauth2/v2.0/token' }) });
    expect(wrongAudience.body.error_codes).toEqual([700023]);
  });

  it('answers AADSTS7000215 to a client secret, which the app names SECRET_INSTEAD_OF_CERT', async () => {
    const { standins, app, pan } = lab();
    const response = await post(`/${standins.directory.tenantId}/oauth2/v2.0/token`, { grant_type: 'client_credentials', client_id: app.appId, scope: 'https://graph.microsoft.com/.default', client_secret: 'abc~123' });
    expect(response.body.error_codes).toEqual([7000215]);
    const finding = findingFromText(String(response.body.error_description), 'TOKEN_FAILED', { certificate: describeCertificate(pan.der, new Date()), now: new Date() });
    expect(finding.code).toBe('SECRET_INSTEAD_OF_CERT');
  });

  it('names the thumbprint the test signed with when Entra\'s KEY_NOT_FOUND text carries none', () => {
    const { span } = lab();
    const certificate = describeCertificate(span.der, new Date());
    // Entra's newer AADSTS700027 wording, without a thumbprint.
    const text = "AADSTS700027: The certificate with identifier used to sign the client assertion is not registered on application. [Reason - The key was not found., Please visit the Azure Portal, Graph Explorer or directly use MS Graph to see configured keys for app Id '00000000-0000-0000-0000-000000000001'.]";
    const finding = findingFromText(text, 'TOKEN_FAILED', { certificate, now: new Date() });
    expect(finding.code).toBe('KEY_NOT_FOUND');
    expect(finding.thumbprints).toEqual([certificate.thumbprints.sha1]);
    expect(finding.explanationPhrases).toContainEqual({ key: 'signedWith', values: { name: certificate.subjectCN, thumbprint: certificate.thumbprints.sha1 } });
  });
});

describe('clouds', () => {
  it('uses the US Government hosts for usgov, and keeps the Graph audience when only the URLs are overridden', () => {
    expect(resolveCloud({ cloud: 'usgov' })).toMatchObject({ authorityHost: 'https://login.microsoftonline.us', graphBase: 'https://graph.microsoft.us', graphAudience: 'https://graph.microsoft.us', overridden: false });
    expect(resolveCloud({ authority: 'https://127.0.0.1:8443/', graph: 'https://127.0.0.1:9443' })).toMatchObject({ authorityHost: 'https://127.0.0.1:8443', graphBase: 'https://127.0.0.1:9443', graphAudience: 'https://graph.microsoft.com', overridden: true });
    expect(() => resolveCloud({ graph: 'https://graph.microsoft.com/v1.0' })).toThrow(/host only/);
  });
});
