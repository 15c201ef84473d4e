/**
 * MSAL configured the way ISE talks to Entra: straight to the tenant's token endpoint, no
 * instance discovery and no OpenID metadata round trip (the metadata is built from the
 * authority), every request through our transport (proxy, extra CAs, timeouts), and MSAL's
 * own logging off — its messages can carry PII.
 */
import { LogLevel, type Configuration, type INetworkModule } from '@azure/msal-node';
import type { ResolvedCloud } from './clouds';

export interface AuthorityEndpoints {
  /** `https://login.microsoftonline.com/<tenant>` */
  authority: string;
  tokenEndpoint: string;
  authorizationEndpoint: string;
}

export function authorityEndpoints(cloud: ResolvedCloud, tenant: string): AuthorityEndpoints {
  const authority = `${cloud.authorityHost}/${tenant}`;
  return { authority, tokenEndpoint: `${authority}/oauth2/v2.0/token`, authorizationEndpoint: `${authority}/oauth2/v2.0/authorize` };
}

export function msalAuthority(cloud: ResolvedCloud, tenant: string): Pick<Configuration['auth'], 'authority' | 'knownAuthorities' | 'authorityMetadata' | 'cloudDiscoveryMetadata'> {
  const endpoints = authorityEndpoints(cloud, tenant);
  const host = new URL(cloud.authorityHost).host;
  return {
    authority: endpoints.authority,
    knownAuthorities: [host],
    authorityMetadata: JSON.stringify({
      token_endpoint: endpoints.tokenEndpoint,
      authorization_endpoint: endpoints.authorizationEndpoint,
      device_authorization_endpoint: `${endpoints.authority}/oauth2/v2.0/devicecode`,
      end_session_endpoint: `${endpoints.authority}/oauth2/v2.0/logout`,
      issuer: `${endpoints.authority}/v2.0`,
      jwks_uri: `${endpoints.authority}/discovery/v2.0/keys`,
    }),
    cloudDiscoveryMetadata: JSON.stringify({
      tenant_discovery_endpoint: `${endpoints.authority}/v2.0/.well-known/openid-configuration`,
      'api-version': '1.1',
      metadata: [{ preferred_network: host, preferred_cache: host, aliases: [host] }],
    }),
  };
}

export function msalSystem(networkClient: INetworkModule): NonNullable<Configuration['system']> {
  return {
    networkClient,
    loggerOptions: { logLevel: LogLevel.Error, piiLoggingEnabled: false, loggerCallback: () => undefined },
  };
}
