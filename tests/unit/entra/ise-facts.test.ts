/** ISE's External MDM form values, the permissions checklist and ISE version facts (DOMAIN.md). */
import I18N_EN from '../../../renderer/i18n/en.json';
import I18N_ES from '../../../renderer/i18n/es.json';
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
    expect(values.notes[0]).toContain('Compliance data needs 3.1 Patch 8, 3.2 Patch 4, or 3.3 and later');
    expect(values.notes.join(' ')).toContain("Cisco's guide does not say whether the form accepts the v2.0 URL");
    expect(values.pollingGuidance[0]).toMatch(/^Cisco's guide gives no recommended Polling Interval/);
  });

  it("gives every field of the current form, Device Identifier only from 3.1", () => {
    const current = mdmValues(TENANT, CLIENT, 'graph', parseIseVersion('3.3 Patch 4'));
    expect(current.form.map((row) => row.field)).toEqual([
      'name', 'serverType', 'authenticationType', 'autoDiscovery', 'autoDiscoveryUrl', 'clientId', 'tokenIssuingUrl', 'tokenAudience',
      'description', 'pollingInterval', 'complianceReauthInterval', 'deviceIdentifier', 'status',
    ]);
    expect(current.form.find((row) => row.field === 'tokenAudience')?.value).toBe('https://api.manage.microsoft.com/');
    expect(current.form.find((row) => row.field === 'deviceIdentifier')?.guidance).toContain('ID:Microsoft Endpoint Manager:GUID:{{DeviceId}}');
    expect(current.warnings).toEqual([]);
    const old = mdmValues(TENANT, CLIENT, 'graph', parseIseVersion('3.0 Patch 4'));
    expect(old.flow).toBe('legacy');
    expect(old.form.map((row) => row.field)).not.toContain('deviceIdentifier');
    expect(old.warnings.join(' ')).toContain('Upgrade to 3.3 or later');
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
    const cleaned = cleanTenantId(input);
    expect(cleaned).toEqual({ input, value, kind: value === TENANT ? 'guid' : 'domain', cleanups, cleanupNotes: expect.any(Array) });
    // The window words each clean-up from its key: one key per English sentence, the values filled in.
    expect(cleaned.cleanupNotes).toHaveLength(cleaned.cleanups.length);
    cleaned.cleanupNotes.forEach((note, index) => {
      const english = Object.entries(note.values).reduce((text, [name, filled]) => text.replace(`{{${name}}}`, filled), I18N_EN.manifest.mdm.cleanup[note.key]);
      expect(english).toBe(cleaned.cleanups[index]);
      expect(I18N_ES.manifest.mdm.cleanup[note.key]).toMatch(/^Se /);
    });
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
    for (const row of PERMISSION_CATALOG) expect(row.source).toMatch(/Cisco's MDM integration guide|Cisco technote \(2020\)/);
    expect(PERMISSION_CATALOG.map((row) => row.note).join(' ')).not.toMatch(/3\.1 Patch 3 or later/);
  });
});

describe('ISE versions: one table of releases', () => {
  // [typed, label, flow, compliance API, token endpoint, FN74227, upgrade to]
  it.each<[string, string, 'graph' | 'legacy', boolean, 'v1' | 'v2', boolean, string | null]>([
    ['2.7', '2.7', 'legacy', false, 'v1', false, '3.3'],
    ['3.0', '3.0', 'legacy', false, 'v1', false, '3.3'],
    ['3.1 P2', '3.1 Patch 2', 'legacy', false, 'v1', true, '3.1 Patch 8'],
    ['3.1 P3', '3.1 Patch 3', 'graph', false, 'v1', true, '3.1 Patch 8'],
    ['3.1 Patch 7', '3.1 Patch 7', 'graph', false, 'v1', true, '3.1 Patch 8'],
    ['ISE 3.1.0.518 Patch 8', '3.1 Patch 8', 'graph', true, 'v2', true, null],
    ['3.1p10', '3.1 Patch 10', 'graph', true, 'v2', false, null],
    ['3.2 patch 3', '3.2 Patch 3', 'graph', false, 'v1', true, '3.2 Patch 4'],
    ['3.2 Patch 2', '3.2 Patch 2', 'graph', false, 'v1', true, '3.2 Patch 4'],
    ['3.2 patch 4', '3.2 Patch 4', 'graph', true, 'v2', true, null],
    ['3.2 Patch 7', '3.2 Patch 7', 'graph', true, 'v2', false, null],
    ['3.3', '3.3', 'graph', true, 'v2', true, null],
    ['3.3 P4', '3.3 Patch 4', 'graph', true, 'v2', false, null],
    ['3.4', '3.4', 'graph', true, 'v2', true, null],
    ['3.4 Patch 1', '3.4 Patch 1', 'graph', true, 'v2', false, null],
    ['3.5', '3.5', 'graph', true, 'v2', false, null],
  ])('reads %j as %s: %s flow, compliance API %s, %s tokens, FN74227 %s, upgrade to %s', (input, label, flow, complianceApi, tokenEndpoint, fn74227, upgradeTo) => {
    expect(parseIseVersion(input)).toMatchObject({ label, flow, complianceApi, tokenEndpoint, fn74227, upgradeTo });
  });

  it('says what a release can and cannot do, and exactly what to upgrade to', () => {
    const p2 = parseIseVersion('3.2 Patch 2');
    expect(p2.canDo.join(' ')).toContain('Microsoft Graph');
    expect(p2.cannotDo.join(' ')).toContain('Get compliance data');
    expect(p2.warnings.join(' ')).toContain('Upgrade to 3.2 Patch 4 or later, or to 3.3 and later');
    expect(p2.warnings.join(' ')).not.toContain('3.1 Patch 3 or later');
    const old = parseIseVersion('3.0 Patch 4');
    expect(old.warnings.map((warning) => warning.slice(0, 40))).toEqual(['ISE 3.0 Patch 4 discovers Intune through', "Intune's legacy NAC API stopped on 2024-"]);
    expect(old.warnings[0]).toContain('Upgrade to 3.3 or later (3.4 and 3.5 are current releases)');
    expect(parseIseVersion('3.1 Patch 9').fn74227Fix).toBe('3.1 Patch 10');
    expect(parseIseVersion('3.3 P4')).toMatchObject({ warnings: [], cannotDo: [], notes: [expect.stringContaining('https://graph.microsoft.com')] });
  });

  it('treats 3.4 and 3.5 as current releases, and only later ones as newer than the guide', () => {
    expect(parseIseVersion('3.5').notes.join(' ')).not.toMatch(/newer|covers releases up to/);
    expect(parseIseVersion('3.4').release).toBe('listed');
    expect(parseIseVersion('3.6')).toMatchObject({ release: 'newer', flow: 'graph', complianceApi: true, notes: expect.arrayContaining([expect.stringContaining('covers releases up to 3.5')]) });
  });

  it.each(['', 'latest', '3', '3.1 P', 'v3.x', '3.2 Patch four', 'ISE'])('refuses %j', (input) => {
    expect(() => parseIseVersion(input)).toThrow(expect.objectContaining({ code: 'ISE_VERSION_UNREADABLE' }));
  });
});
