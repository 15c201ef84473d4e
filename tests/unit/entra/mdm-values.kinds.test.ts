/**
 * ID and URL kinds the older tests let through (issue 23): text before or after a GUID, token
 * URLs on every Microsoft sign-in host, the multi-tenant aliases, `api://` client URIs and
 * portal URLs holding one or several GUIDs. Pasted text in, the value ISE gets (or a clear
 * refusal) out.
 */
import { describe, expect, it } from 'vitest';
import { cleanClientId, cleanTenantId, mdmValues } from '../../../main/services/entra';

const TENANT = '273106dc-2878-42eb-b7c8-069dcf334687';
const CLIENT = 'a46a6fd7-4a31-4471-9078-59cb2bb6a5ab';

const refusal = (clean: () => unknown): { code: string; message: string } => {
  try {
    clean();
  } catch (error) {
    return { code: (error as { code: string }).code, message: (error as Error).message };
  }
  throw new Error('expected a refusal');
};

describe('text before or after a GUID is refused, not guessed', () => {
  it.each([`tenant ${TENANT}`, `Tenant ID: ${TENANT}`, `x${TENANT}`, `${TENANT}x`, `${TENANT}.`, `${TENANT}${TENANT}`, `${TENANT.slice(0, -1)}`])('tenant "%s"', (input) => {
    const { code, message } = refusal(() => cleanTenantId(input));
    expect(code).toBe('INVALID_TENANT_ID');
    expect(message).toMatch(/neither a GUID nor a domain name/);
  });

  it.each([`appId=${CLIENT}`, `${CLIENT} (ISE)`, `x${CLIENT}`, `${CLIENT}0`, `{${CLIENT}`])('client "%s"', (input) => {
    const { code, message } = refusal(() => cleanClientId(input));
    expect(code).toBe('INVALID_CLIENT_ID');
    expect(message).toMatch(/is not a GUID/);
  });

  it('a URL with text before it is not read as a URL', () => {
    expect(refusal(() => cleanTenantId(`Token URL: https://login.microsoftonline.com/${TENANT}/oauth2/token`)).code).toBe('INVALID_TENANT_ID');
  });

  it('braces, quotes and angle brackets around exactly a GUID are removed and said', () => {
    expect(cleanTenantId(`{${TENANT.toUpperCase()}}`)).toMatchObject({ value: TENANT, kind: 'guid', cleanups: ['Removed the braces around the GUID.', 'Wrote the GUID in lower case, as Entra shows it.'] });
    expect(cleanClientId(`<${CLIENT}>`)).toMatchObject({ value: CLIENT, cleanups: ['Removed the quotes around it.'] });
  });
});

describe('token and sign-in URLs', () => {
  it.each(['login.microsoftonline.com', 'login.microsoft.com', 'login.windows.net', 'sts.windows.net', 'LOGIN.MICROSOFTONLINE.COM'])('takes the tenant out of a URL on %s', (host) => {
    const url = `https://${host}/${TENANT}/oauth2/token`;
    expect(cleanTenantId(url)).toMatchObject({ value: TENANT, kind: 'guid', cleanups: [`Took "${TENANT}" out of the URL ${url}.`] });
  });

  it('takes a domain tenant out of a v2 token URL', () => {
    expect(cleanTenantId('https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/token')).toMatchObject({ value: 'contoso.onmicrosoft.com', kind: 'domain' });
  });

  it.each(['organizations', 'consumers', 'common', 'Organizations'])('refuses the multi-tenant alias %s, in a URL or alone', (alias) => {
    for (const input of [`https://login.microsoftonline.com/${alias}/oauth2/v2.0/token`, alias]) {
      const { code, message } = refusal(() => cleanTenantId(input));
      expect(code).toBe('INVALID_TENANT_ID');
      expect(message).toContain(`"${alias}" is not a tenant but a multi-tenant alias`);
    }
  });

  it.each([`https://example.com/${TENANT}/oauth2/token`, 'https://login.microsoftonline.com/', `https://graph.microsoft.com/${TENANT}`])('refuses a URL that does not carry the tenant: %s', (url) => {
    expect(refusal(() => cleanTenantId(url))).toMatchObject({ code: 'INVALID_TENANT_ID', message: expect.stringContaining(`cannot be found in the URL ${url}`) });
  });

  it('keeps the v1 token URL of the tenant it read, whatever host it was pasted from', () => {
    const values = mdmValues(`https://sts.windows.net/${TENANT}/`, CLIENT, 'graph');
    expect(values.tokenIssuingUrl).toBe(`https://login.microsoftonline.com/${TENANT}/oauth2/token`);
  });
});

describe('client URIs and portal URLs', () => {
  it.each([`api://${CLIENT}`, `api://${CLIENT.toUpperCase()}/access_as_user`])('takes the client ID out of the application ID URI %s', (uri) => {
    expect(cleanClientId(uri)).toMatchObject({ value: CLIENT, kind: 'guid' });
  });

  it('refuses an api:// URI that names a domain, not the client ID', () => {
    expect(refusal(() => cleanClientId('api://contoso.com/ise'))).toMatchObject({ code: 'INVALID_CLIENT_ID', message: expect.stringContaining('"contoso.com" is not a GUID') });
  });

  it('takes the one GUID of a portal URL, even written twice in other case', () => {
    const url = `https://portal.azure.com/#view/Microsoft_AAD_RegisteredApps/ApplicationMenuBlade/~/Overview/appId/${CLIENT}/isMSAApp~/false`;
    expect(cleanClientId(url)).toMatchObject({ value: CLIENT, cleanups: [`Took "${CLIENT}" out of the URL ${url}.`] });
    expect(cleanClientId(`https://portal.azure.com/#view/x/appId/${CLIENT}/again/${CLIENT.toUpperCase()}`).value).toBe(CLIENT);
  });

  it.each([
    [`https://portal.azure.com/#view/x/appId/${CLIENT}/objectId/${TENANT}`, 'several IDs'],
    ['https://portal.azure.com/#home', 'no ID'],
  ])('refuses a portal URL it cannot tell the client ID from: %s', (url, why) => {
    expect(refusal(() => cleanClientId(url))).toMatchObject({ code: 'INVALID_CLIENT_ID', message: expect.stringContaining(`(it holds ${why})`) });
  });
});

describe('the External MDM form, row by row', () => {
  it("names each field as ISE's form does, with the value to paste or none, and never a blank guidance", () => {
    const values = mdmValues(TENANT, CLIENT, 'graph');
    expect(values.form.map((row) => [row.label, row.value])).toEqual([
      ['Name', null],
      ['Server Type', 'Mobile Device Manager'],
      ['Authentication Type', null],
      ['Auto Discovery', 'Yes'],
      ['Auto Discovery URL', 'https://graph.microsoft.com'],
      ['Client ID', CLIENT],
      ['Token Issuing URL', `https://login.microsoftonline.com/${TENANT}/oauth2/token`],
      ['Token Audience', 'https://api.manage.microsoft.com/'],
      ['Description', null],
      ['Polling Interval (minutes)', null],
      ['Time Interval For Compliance Device ReAuth Query (minutes)', null],
      ['Device Identifier', null],
      ['Status', 'Enabled'],
    ]);
    // A row without a value to paste says what to do instead.
    for (const row of values.form) expect(row.guidance.trim().length, row.field).toBeGreaterThan(8);
    expect(new Set(values.form.map((row) => row.guidance)).size).toBe(values.form.length);
    expect(values.pollingGuidance).toHaveLength(2);
    for (const text of [...values.notes, ...values.pollingGuidance]) expect(text.trim().length).toBeGreaterThan(20);
  });

  it('the legacy flow without a release: the tenant in the discovery URL, the retirement warning, and the GUID advice for a domain', () => {
    const byGuid = mdmValues(TENANT, CLIENT, 'legacy');
    expect(byGuid.form.find((row) => row.field === 'autoDiscoveryUrl')?.value).toBe(`https://graph.windows.net/${TENANT}`);
    expect(byGuid.warnings).toEqual([expect.stringMatching(/^Azure AD Graph is retired/)]);
    expect(byGuid.notes[0]).toBe('Legacy (Azure AD Graph) flow: ISE 2.7, 3.0, and 3.1 before Patch 3.');
    const byDomain = mdmValues('contoso.onmicrosoft.com', CLIENT, 'legacy');
    expect(byDomain.warnings).toEqual([expect.stringMatching(/^Azure AD Graph is retired/), expect.stringMatching(/^A domain is known to work in the Token Issuing URL only/)]);
    expect(mdmValues('contoso.onmicrosoft.com', CLIENT, 'graph').warnings).toEqual([]);
  });
});
