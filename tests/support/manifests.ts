/**
 * Manifest texts as Entra's portal downloads them (field names and layout of the two formats in
 * DOMAIN.md "App manifest: two formats"), written by the tests. The legacy one embeds the
 * keyCredentials sample of the seed technote verbatim, trailing comma included.
 */

/** Lines 18-46 of the seed's "Debe tener un aspecto similar al siguiente" sample, as printed. */
export const SEED_KEY_CREDENTIALS_SAMPLE = `  "keyCredentials": [
    {
      "customKeyIdentifier": "wteOPVePuM0wUeFNB9s22fkDYZE=",
      "endDate": "2019-01-22T11:41:01Z",
      "keyId": "eb7b1833-3240-4203-98a6-c3ccc6790d9d",
      "startDate": "2018-01-22T11:41:01Z",
      "type": "AsymmetricX509Cert",
      "usage": "Verify",
      "value": null
    },
    {
      "customKeyIdentifier": "B5Zz60fZKHGN6qAMvt43swIZQko=",
      "endDate": "2019-01-05T14:32:30Z",
      "keyId": "86462728-544b-423d-8e5e-22adf3521d23",
      "startDate": "2018-01-05T14:32:30Z",
      "type": "AsymmetricX509Cert",
      "usage": "Verify",
      "value": null
    },
    {
      "customKeyIdentifier": "GM1Dp/1DYiNknFIJkgjnTbjo9nk=",
      "endDate": "2018-12-06T10:46:32Z",
      "keyId": "2ed5b262-ced6-4c1a-8a1a-c0abb82ae3c1",
      "startDate": "2017-12-06T10:46:32Z",
      "type": "AsymmetricX509Cert",
      "usage": "Verify",
      "value": null
    },
  ],`;

/** A legacy (Azure AD Graph) manifest around the seed's sample; the trailing comma is on line 36. */
export function legacyManifestFromSeed(): string {
  return `{
  "id": "9d3c1f4e-5b1a-4c55-8a3e-0c7f1d2e3a4b",
  "acceptMappedClaims": null,
  "accessTokenAcceptedVersion": null,
  "addIns": [],
  "allowPublicClient": null,
  "appId": "a46a6fd7-4a31-4471-9078-59cb2bb6a5ab",
  "appRoles": [],
  "oauth2AllowUrlPathMatching": false,
  "createdDateTime": "2018-01-05T14:00:00Z",
  "groupMembershipClaims": null,
  "identifierUris": [
    "https://rumaiacisco.onmicrosoft.com/239c7d6d-12d6-453c-8d3e-acfa701dc063"
  ],
  "informationalUrls": {
    "termsOfService": null,
    "support": null,
    "privacy": null,
    "marketing": null
  },
${SEED_KEY_CREDENTIALS_SAMPLE}
  "knownClientApplications": [],
  "logoUrl": null,
  "logoutUrl": null,
  "name": "ISE",
  "oauth2AllowIdTokenImplicitFlow": false,
  "oauth2AllowImplicitFlow": false,
  "oauth2Permissions": [],
  "oauth2RequirePostResponse": false,
  "orgRestrictions": [],
  "passwordCredentials": [],
  "replyUrlsWithType": [],
  "requiredResourceAccess": [
    {
      "resourceAppId": "0000000a-0000-0000-c000-000000000000",
      "resourceAccess": [
        {
          "id": "7b3f05d5-f68c-4b8d-8c59-a2ecd12f24af",
          "type": "Role"
        }
      ]
    }
  ],
  "samlMetadataUrl": null,
  "signInUrl": null,
  "signInAudience": "AzureADMyOrg",
  "tags": [],
  "tokenEncryptionKeyId": null
}`;
}

/** Existing Graph-format entries as the portal shows them after an upload: hex thumbprint, key null. */
export function graphEntry(options: { sha1Hex: string | null; displayName: string; keyId: string; start: string; end: string; key?: string | null }): string {
  return JSON.stringify(
    {
      customKeyIdentifier: options.sha1Hex,
      displayName: options.displayName,
      endDateTime: options.end,
      key: options.key ?? null,
      keyId: options.keyId,
      startDateTime: options.start,
      type: 'AsymmetricX509Cert',
      usage: 'Verify',
    },
    null,
    2,
  );
}

/** A Microsoft Graph-format manifest with the given keyCredentials items (JSON texts). */
export function graphManifest(entries: string[] = []): string {
  const manifest = {
    id: '5f0c3e9a-1d2b-4c3d-9e8f-7a6b5c4d3e2f',
    deletedDateTime: null,
    appId: 'a46a6fd7-4a31-4471-9078-59cb2bb6a5ab',
    applicationTemplateId: null,
    createdDateTime: '2024-05-10T17:00:24Z',
    displayName: 'ISE',
    description: null,
    identifierUris: [],
    publisherDomain: 'contoso.onmicrosoft.com',
    signInAudience: 'AzureADMyOrg',
    tags: [],
    api: { acceptMappedClaims: null, knownClientApplications: [], requestedAccessTokenVersion: null, oauth2PermissionScopes: [], preAuthorizedApplications: [] },
    appRoles: [],
    info: { logoUrl: null, marketingUrl: null, privacyStatementUrl: null, supportUrl: null, termsOfServiceUrl: null },
    keyCredentials: '@@ENTRIES@@',
    optionalClaims: null,
    parentalControlSettings: { countriesBlockedForMinors: [], legalAgeGroupRule: 'Allow' },
    passwordCredentials: [],
    publicClient: { redirectUris: [] },
    requiredResourceAccess: [
      { resourceAppId: '0000000a-0000-0000-c000-000000000000', resourceAccess: [{ id: '7b3f05d5-f68c-4b8d-8c59-a2ecd12f24af', type: 'Role' }] },
      { resourceAppId: '00000003-0000-0000-c000-000000000000', resourceAccess: [{ id: '9a5d68dd-52b0-4cc2-bd40-abcf44ac3a30', type: 'Role' }] },
    ],
    web: { homePageUrl: null, logoutUrl: null, redirectUris: [], implicitGrantSettings: { enableAccessTokenIssuance: false, enableIdTokenIssuance: false } },
    spa: { redirectUris: [] },
  };
  const body = entries.length === 0 ? '[]' : `[\n${entries.map((entry) => entry.replace(/^/gm, '    ')).join(',\n')}\n  ]`;
  return JSON.stringify(manifest, null, 2).replace('"@@ENTRIES@@"', body);
}

/**
 * A Microsoft Graph manifest as an admin leaves it after editing it by hand in an editor: Windows
 * line ends, a tab-indented block, comments (line, block, one before text), trailing commas, the
 * same key twice (the later one wins in Entra), and numbers as people type them (2.0, 1e3, a
 * 20-digit integer), which JSON.parse + stringify would respell.
 */
export function handEditedGraphManifest(): string {
  return [
    '{',
    '  // ISE for the Intune MDM connection, edited 2026-11-20',
    '  "id": "5f0c3e9a-1d2b-4c3d-9e8f-7a6b5c4d3e2f",',
    '  "appId": "a46a6fd7-4a31-4471-9078-59cb2bb6a5ab",',
    '  "displayName": "ISE",',
    '  "displayName": "ISE MDM",  /* renamed, the old name kept above */',
    '  "signInAudience": "AzureADMyOrg",',
    '  "api": {',
    '\t"requestedAccessTokenVersion": 2.0,',
    '\t"acceptMappedClaims": null,',
    '\t"oauth2PermissionScopes": [],',
    '  },',
    '  "tokenLifetimeHint": 1e3,',
    '  "serialHint": 12345678901234567890,',
    '  "keyCredentials": [',
    '    {',
    '      "customKeyIdentifier": "AB12CD34EF56AB12CD34EF56AB12CD34EF56AB12",',
    '      "displayName": "CN=old-ise.example.test",',
    '      "endDateTime": "2024-01-01T00:00:00Z",',
    '      "key": null,',
    '      "keyId": "cccccccc-1111-4111-8111-111111111111",',
    '      "startDateTime": "2023-01-01T00:00:00Z",',
    '      "type": "AsymmetricX509Cert",',
    '      "usage": "Verify",',
    '    },',
    '  ],',
    '  /* web sign-in',
    '     not used by ISE */',
    '  "web": {',
    '    "redirectUris": ["https://ise.example.test//portal/",],',
    '    "implicitGrantSettings": { "enableAccessTokenIssuance": false, "enableIdTokenIssuance": false }',
    '  },',
    '  "requiredResourceAccess": [',
    '    { "resourceAppId": "00000003-0000-0000-c000-000000000000", "resourceAccess": [{ "id": "9a5d68dd-52b0-4cc2-bd40-abcf44ac3a30", "type": "Role" }] }',
    '  ]',
    '}',
    '',
  ].join('\r\n');
}

/** The technote's excerpt of a manifest: the app's ID and its keyCredentials (the seed's sample), nothing else. */
export function technoteExcerpt(keyCredentials = SEED_KEY_CREDENTIALS_SAMPLE.replace(/},\n {2}\],$/, '}\n  ]')): string {
  return `{\n  "appId": "a46a6fd7-4a31-4471-9078-59cb2bb6a5ab",\n${keyCredentials}\n}\n`;
}
