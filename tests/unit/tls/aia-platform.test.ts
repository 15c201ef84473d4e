/**
 * AIA downloads through the platform's network stack (Chromium's in the app, where the system
 * proxy, PAC and Windows proxy sign-in apply), emulated by a GET over Node's fetch that, like
 * Electron's `net.request` with `redirect: 'manual'`, hands redirects back: the same completion,
 * redirects reported, the same failures as the Node client.
 */
import { describe, expect, it } from 'vitest';
import { fetchChains, type AiaGet } from '../../../main/services/tls';
import { useLab } from './lab';

const lab = useLab();

function platformGet(seen: string[]): AiaGet {
  return async (url, signal) => {
    seen.push(url);
    const response = await fetch(url, { redirect: 'manual', signal });
    const location = response.headers.get('location');
    const body = response.body ?? new ReadableStream<Uint8Array>({ start: (controller) => controller.close() });
    return { status: response.status, ...(location ? { location } : {}), contentType: response.headers.get('content-type') ?? '', body: body as unknown as AsyncIterable<Uint8Array> };
  };
}

describe('AIA downloads through the platform', () => {
  it('completes the chain with the issuer it downloads, and reports a redirect', async () => {
    const seen: string[] = [];
    const [result] = await fetchChains([lab().target('aia-redirect.test')], lab().options({ aiaGet: platformGet(seen) }));
    expect(result?.chain.map((info) => info.subjectCN)).toEqual(['aia-redirect.test', 'Lab RSA Issuing CA 01', 'Lab RSA Root']);
    expect(result?.completedFrom[0]).toMatchObject({ from: 'aia', url: `${lab().aia.baseUrl}/redirect.crt`, finalUrl: `${lab().aia.baseUrl}/rsa-intermediate.crt` });
    expect(seen).toEqual([`${lab().aia.baseUrl}/redirect.crt`, `${lab().aia.baseUrl}/rsa-intermediate.crt`]);
  });

  it.each([
    ['aia-404.test', 'AIA_HTTP_STATUS', { status: 404 }],
    ['aia-html.test', 'AIA_HTML', {}],
    ['aia-slow.test', 'AIA_TIMEOUT', { seconds: 0.8 }],
  ] as const)('%s fails as with the Node client (%s)', async (name, code, values) => {
    const [result] = await fetchChains([lab().target(name)], lab().options({ aiaGet: platformGet([]) }));
    expect(result).toMatchObject({ verdict: 'incomplete', completedFrom: [] });
    expect(result?.aiaAttempts).toEqual([expect.objectContaining({ ok: false, code, values })]);
  });

  it('a failure of the stack itself (Chromium\'s net::ERR_...) is an unreachable issuer', async () => {
    const failing: AiaGet = async () => {
      throw new Error('net::ERR_PROXY_CONNECTION_FAILED');
    };
    const [result] = await fetchChains([lab().target('aia-der.test')], lab().options({ aiaGet: failing }));
    expect(result?.aiaAttempts).toEqual([expect.objectContaining({ ok: false, code: 'AIA_UNREACHABLE', values: { reason: 'net::ERR_PROXY_CONNECTION_FAILED' } })]);
  });
});
