/** ISE's External MDM form values, the permissions checklist and ISE version facts (DOMAIN.md). */
import { describe, expect, it } from 'vitest';
import { cleanClientId, cleanTenantId, mdmValues, parseIseVersion, permissionChecklist, PERMISSION_CATALOG } from '../../../main/services/entra';

const TENANT = '273106dc-2878-42eb-b7c8-069dcf334687';
const CLIENT = 'a46a6fd7-4a31-4471-9078-59cb2bb6a5ab';

describe('External MDM form values', () => {
  it('gives the four Graph-flow fields of the DOMAIN.md table', () => {
    const values = mdmValues(TENANT, CLIENT, 'graph');
    expect(values).toMatchObject({
      autoDiscoveryUrl: 'https://graph.microsoft.com',
      clientId: CLIENT,
      tokenIssuingUrl: `https://login.microsoftonline.com/${TENANT}/oauth2/token`,
      tokenAudience: 'https://api.manage.microsoft.com/',
      warnings: [],
    });
    expect(values.notes[0]).toContain('ISE 3.1 Patch 3 and later');
    expect(values.notes.join(' ')).toContain('UNCONFIRMED');
    expect(values.pollingGuidance.every((text) => text.startsWith('General guidance'))).toBe(true);
  });

  it('gives the legacy fields with the tenant in the discovery URL, and says Azure AD Graph is retired', () => {
    const values = mdmValues(TENANT, CLIENT, 'legacy');
    expect(values.autoDiscoveryUrl).toBe(`https://graph.windows.net/${TENANT}`);
    expect(values.tokenIssuingUrl).toBe(`https://login.microsoftonline.com/${TENANT}/oauth2/token`);
    expect(values.warnings[0]).toContain('Azure AD Graph is retired');
  });

  it('accepts a verified domain as tenant, and warns about it in the legacy discovery URL', () => {
    expect(mdmValues('Contoso.onmicrosoft.com', CLIENT, 'graph').tokenIssuingUrl).toBe('https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/token');
    expect(mdmValues('contoso.onmicrosoft.com', CLIENT, 'legacy').warnings).toHaveLength(2);
  });

  it.each([
    [` ${TENANT}\n`, TENANT, ['Removed spaces around the pasted text.']],
    [`{${TENANT.toUpperCase()}}`, TENANT, ['Removed the braces around the GUID.', 'Wrote the GUID in lower case, as Entra shows it.']],
    [`https://login.microsoftonline.com/${TENANT}/oauth2/token`, TENANT, [`Took "${TENANT}" out of the URL https://login.microsoftonline.com/${TENANT}/oauth2/token.`]],
    [`https://login.microsoftonline.com/${TENANT}/v2.0/.well-known/openid-configuration`, TENANT, [expect.stringContaining('Took')]],
    [`"https://graph.windows.net/contoso.onmicrosoft.com"`, 'contoso.onmicrosoft.com', ['Removed the quotes around it.', expect.stringContaining('Took "contoso.onmicrosoft.com"')]],
    [`273106dc-2878-42eb-\nb7c8-069dcf334687`, TENANT, ['Removed spaces and line breaks inside the pasted text.']],
  ])('cleans up the pasted tenant %j', (input, value, cleanups) => {
    expect(cleanTenantId(input)).toEqual({ input, value, kind: value === TENANT ? 'guid' : 'domain', cleanups });
  });

  it('cleans up a client ID pasted as an Application ID URI or portal URL', () => {
    expect(cleanClientId(`api://${CLIENT}`).value).toBe(CLIENT);
    expect(cleanClientId(`https://portal.azure.com/#view/Microsoft_AAD_RegisteredApps/ApplicationMenuBlade/~/Overview/appId/${CLIENT}/isMSAApp~/false`).value).toBe(CLIENT);
  });

  it.each([
    ['tenant', 'common', 'INVALID_TENANT_ID', 'multi-tenant alias'],
    ['tenant', 'not a tenant!', 'INVALID_TENANT_ID', 'is neither a GUID nor a domain name'],
    ['tenant', 'https://portal.azure.com/#home', 'INVALID_TENANT_ID', 'cannot be found in the URL'],
    ['tenant', '   ', 'INVALID_TENANT_ID', 'is empty'],
    ['client', 'contoso.onmicrosoft.com', 'INVALID_CLIENT_ID', 'is not a GUID'],
    ['client', '0000000a-0000-0000-c000-000000000000', 'INVALID_CLIENT_ID', 'app ID of Microsoft Intune itself'],
    ['client', '00000000-0000-0000-0000-000000000000', 'INVALID_CLIENT_ID', 'empty GUID'],
    ['client', `https://x.example/${TENANT}/${CLIENT}`, 'INVALID_CLIENT_ID', 'several IDs'],
  ])('refuses %s %j', (which, input, code, message) => {
    const clean = which === 'tenant' ? cleanTenantId : cleanClientId;
    expect(() => clean(input)).toThrow(expect.objectContaining({ code, message: expect.stringContaining(message) }));
  });

  it('refuses the same GUID as tenant and client', () => {
    expect(() => mdmValues(TENANT, `{${TENANT}}`, 'graph')).toThrow(expect.objectContaining({ code: 'IDS_IDENTICAL' }));
  });
});

describe('API permissions checklist', () => {
  it('lists Intune get_device_compliance and one Graph discovery permission for current ISE, then admin consent', () => {
    const rows = permissionChecklist('graph');
    expect(rows.map((row) => [row.api, row.permission, row.type, row.requirement])).toEqual([
      ['Microsoft Intune API', 'get_device_compliance', 'Application', 'required'],
      ['Microsoft Graph', 'Application.Read.All', 'Application', 'one-of'],
      [null, 'Grant admin consent', null, 'action'],
    ]);
    expect(rows[1]?.alternatives).toEqual(['Application.ReadWrite.All', 'Application.ReadWrite.OwnedBy', 'Directory.Read.All']);
  });

  it("lists the seed's 2020 set for legacy ISE, Azure AD Graph marked retired, ending with admin consent", () => {
    const rows = permissionChecklist('legacy');
    expect(rows.at(-1)?.permission).toBe('Grant admin consent');
    expect(rows.filter((row) => row.api === 'Azure Active Directory Graph').every((row) => row.requirement === 'retired')).toBe(true);
    expect(rows.filter((row) => row.type === 'Delegated' && row.api === 'Microsoft Graph').map((row) => row.permission)).toEqual([
      'Directory.Read.All', 'User.Read', 'DeviceManagementConfiguration.Read.All', 'DeviceManagementServiceConfig.Read.All', 'openid', 'offline_access',
    ]);
  });

  it('gives every row a source and a unique id', () => {
    expect(new Set(PERMISSION_CATALOG.map((row) => row.id)).size).toBe(PERMISSION_CATALOG.length);
    for (const row of PERMISSION_CATALOG) expect(row.source).toMatch(/Current Cisco ISE \+ Intune guidance|Cisco technote \(2020\)/);
  });
});

describe('ISE versions', () => {
  it.each([
    ['3.0', '3.0', 'legacy', false, true],
    ['3.1 P2', '3.1 Patch 2', 'legacy', false, true],
    ['3.1 P3', '3.1 Patch 3', 'graph', false, true],
    ['ISE 3.1.0.518 Patch 8', '3.1 Patch 8', 'graph', true, true],
    ['3.1p10', '3.1 Patch 10', 'graph', true, false],
    ['3.2 patch 4', '3.2 Patch 4', 'graph', true, true],
    ['3.2', '3.2', 'graph', false, true],
    ['3.2 Patch 7', '3.2 Patch 7', 'graph', true, false],
    ['3.3', '3.3', 'graph', true, true],
    ['3.3 P4', '3.3 Patch 4', 'graph', true, false],
    ['3.4', '3.4', 'graph', true, false],
  ])('reads %j as %s: %s flow, compliance API %s, FN74227 %s', (input, label, flow, complianceApi, fn74227) => {
    expect(parseIseVersion(input)).toMatchObject({ label, flow, complianceApi, fn74227 });
  });

  it('explains what each limit means for the admin', () => {
    const old = parseIseVersion('3.0 Patch 4');
    expect(old.warnings.map((warning) => warning.slice(0, 40))).toEqual([
      'ISE 3.0 Patch 4 discovers Intune through',
      "Intune's legacy NAC API stopped on 2024-",
      'Cisco Field Notice FN74227 (strong certi',
    ]);
    expect(parseIseVersion('3.3 P4')).toMatchObject({ warnings: [], notes: [expect.stringContaining('https://graph.microsoft.com')] });
  });

  it.each(['', 'latest', '3', '3.1 P', 'v3.x'])('refuses %j', (input) => {
    expect(() => parseIseVersion(input)).toThrow(expect.objectContaining({ code: 'ISE_VERSION_UNREADABLE' }));
  });
});
