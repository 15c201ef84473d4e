/**
 * A stand-in for the Intune compliance service (the `uri` Graph discovery returns) on
 * 127.0.0.1. Like the real service it accepts only a bearer token issued by the directory's
 * token service for its audience (`https://api.manage.microsoft.com/`) and carrying the
 * `get_device_compliance` application permission, then answers the MDM info read ISE makes
 * (`{uri}/ciscoise/mdminfo/?ise_api_version=3`) in the Cisco MDM API's XML.
 */
import { INTUNE_AUDIENCE, verifyIssuedToken, type StandinDirectory } from './entra-standin';
import { startHttpsStandin, type HttpsStandin, type StandinReply, type StandinRequest, type StandinTls } from './standin-server';

/** Where the service lives under the stand-in's origin, like Intune's TrafficGateway path. */
export const INTUNE_PATH = '/TrafficGateway/TrafficRoutingService/IntuneNAC/ComplianceRetrievalService';

export interface IntuneStandin extends HttpsStandin {
  /** What Graph discovery should return as `uri`. */
  uri: string;
}

export async function startIntuneStandin(tls: StandinTls, directory: StandinDirectory): Promise<IntuneStandin> {
  const handle = (request: StandinRequest): StandinReply => {
    const auth = /^Bearer (.+)$/.exec(request.headers.authorization ?? '');
    if (!auth?.[1]) return { status: 401, headers: { 'www-authenticate': 'Bearer' }, body: 'Unauthorized: no bearer token.' };
    const checked = verifyIssuedToken(directory, auth[1], INTUNE_AUDIENCE);
    if (!checked.ok) return { status: 401, headers: { 'www-authenticate': 'Bearer error="invalid_token"' }, body: `Unauthorized: ${checked.reason}` };
    if (!checked.claims.roles.includes('get_device_compliance')) return { status: 403, body: 'Forbidden: the application lacks get_device_compliance.' };
    if (request.method === 'GET' && request.url.pathname === `${INTUNE_PATH}/ciscoise/mdminfo/` && request.url.searchParams.get('ise_api_version') === '3') {
      return {
        status: 200,
        headers: { 'content-type': 'application/xml; charset=utf-8' },
        body: '<ise_api><name>mdminfo</name><api_version>3</api_version><api_path>/cisco/devices</api_path><query_max_size>500</query_max_size><messaging_support>false</messaging_support><vendor>Microsoft</vendor><product_name>Intune</product_name><product_version>5.0</product_version></ise_api>',
      };
    }
    return { status: 404, body: `Not found: ${request.url.pathname}` };
  };
  const server = await startHttpsStandin(tls, handle);
  return { ...server, uri: `${server.origin}${INTUNE_PATH}` };
}
