/** Fetching live chains from local servers: SNI, OpenSSL as the reference, failures, proxies, cancel. */
import { describe, expect, it } from 'vitest';
import type { ChainProgressEvent } from '../../../preload/types/chains';
import { fetchChains, parseTarget, proxyFromResolverAnswer } from '../../../main/services/tls';
import { openssl } from '../../support/pki';
import { PROXY_PASSWORD, PROXY_USER, useLab } from './lab';

const lab = useLab();

/** DER of every certificate `openssl s_client -showcerts` prints, in order. */
async function opensslServedChain(port: number, servername: string | null): Promise<Buffer[]> {
  const sni = servername === null ? ['-noservername'] : ['-servername', servername];
  const { stdout } = await openssl(['s_client', '-showcerts', '-connect', `127.0.0.1:${port}`, ...sni], { input: '' });
  const blocks = stdout.toString('latin1').match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  return blocks.map((block) => Buffer.from(block.replace(/-----(BEGIN|END) CERTIFICATE-----|\s/g, ''), 'base64'));
}

describe('fetching what a server presents', () => {
  it.each(['full.test', 'ec.test', 'twin.test', 'aia-der.test'] as const)('reads the same certificates, in the same order, as openssl s_client -showcerts (SNI %s)', async (name) => {
    const [result] = await fetchChains([lab().target(name)], lab().options());
    const reference = await opensslServedChain(lab().chainServer.port, name);
    expect(reference.length).toBeGreaterThan(0);
    expect(result?.served.map((info) => info.base64Der)).toEqual(reference.map((der) => der.toString('base64')));
  });

  it('sends no SNI for an IP address and gets the default chain, as openssl -noservername does', async () => {
    const [result] = await fetchChains([lab().target('default')], lab().options());
    expect(lab().defaultServer.servernames).toEqual([]);
    const reference = await opensslServedChain(lab().defaultServer.port, null);
    expect(result?.served.map((info) => info.base64Der)).toEqual(reference.map((der) => der.toString('base64')));
    expect(result?.served[0]?.subjectCN).toBe('localhost');
  });

  it('gets a different chain for each SNI name from the same address and port', async () => {
    const results = await fetchChains([lab().target('full.test'), lab().target('ec.test')], lab().options());
    expect(results.map((result) => result.served[0]?.subjectCN)).toEqual(['full.test', 'ec.test']);
    expect(results.map((result) => result.served[0]?.keyType)).toEqual(['rsa', 'ec']);
    expect(lab().chainServer.servernames).toEqual(expect.arrayContaining(['full.test', 'ec.test']));
  });

  it('reports the TLS version, cipher and time taken, and never sends application data', async () => {
    const [result] = await fetchChains([lab().target('full.test')], lab().options());
    expect(result).toMatchObject({ fetched: true, tlsVersion: 'TLSv1.3', errorCode: null, proxy: null });
    expect(result?.cipher).toMatch(/^TLS_/);
    expect(result?.elapsedMs).toBeGreaterThanOrEqual(0);
    expect(lab().chainServer.applicationBytes()).toBe(0);
  });

  it('shows the served chain as sent: the root the server did not send is not counted as served', async () => {
    const [result] = await fetchChains([lab().target('full.test')], lab().options());
    expect(result?.served.map((info) => info.subjectCN)).toEqual(['full.test', 'Lab RSA Issuing CA 01']);
    expect(result?.chain.map((info) => info.subjectCN)).toEqual(['full.test', 'Lab RSA Issuing CA 01', 'Lab RSA Root']);
    expect(result?.completedFrom).toEqual([{ sha256: result?.chain[2]?.thumbprints.sha256, subjectCN: 'Lab RSA Root', from: 'trust-store' }]);
  });
});

describe('servers that do not answer as expected', () => {
  it('times out on a server that accepts TCP but never speaks TLS', async () => {
    const [result] = await fetchChains([`127.0.0.1:${lab().silent.port}`], lab().options({ timeoutMs: 400 }));
    expect(result).toMatchObject({ fetched: false, verdict: 'timeout', errorCode: 'TLS_TIMEOUT', served: [], chain: [] });
    expect(result?.message).toContain('400 ms');
  });

  it('reports a server that closes the connection at once as a TLS error', async () => {
    const [result] = await fetchChains([`127.0.0.1:${lab().closing.port}`], lab().options());
    expect(result).toMatchObject({ fetched: false, verdict: 'tls-error', errorCode: 'TLS_CLOSED' });
  });

  it('reports a closed port as unreachable, without hiding the hosts that worked', async () => {
    const results = await fetchChains([`127.0.0.1:${lab().closedPort}`, lab().target('full.test')], lab().options());
    expect(results.map((result) => result.verdict)).toEqual(['unreachable', 'trusted']);
    expect(results[0]?.message).toMatch(/Nothing accepts connections/);
  });

  it('cancels every host with the shared signal, and one host with its own', async () => {
    const all = new AbortController();
    const pending = fetchChains([`127.0.0.1:${lab().silent.port}`], lab().options({ timeoutMs: 5000, signal: all.signal }));
    setTimeout(() => all.abort(), 50);
    expect((await pending)[0]).toMatchObject({ verdict: 'cancelled', errorCode: 'CANCELLED' });

    const one = new AbortController();
    const silentTarget = `127.0.0.1:${lab().silent.port}`;
    const events: ChainProgressEvent[] = [];
    const both = fetchChains([silentTarget, lab().target('full.test')], lab().options({ timeoutMs: 5000, signalFor: (target) => (target === silentTarget ? one.signal : undefined) }), (event) => events.push(event));
    setTimeout(() => one.abort(), 50);
    const results = await both;
    expect(results.map((result) => result.verdict)).toEqual(['cancelled', 'trusted']);
    expect(events.filter((event) => event.target === silentTarget).map((event) => event.phase)).toEqual(['queued', 'connecting', 'cancelled']);
  });

  it('reports progress per host, ending with the result', async () => {
    const events: ChainProgressEvent[] = [];
    const target = lab().target('ec.test');
    await fetchChains([target], lab().options(), (event) => events.push(event));
    expect(events.map((event) => event.phase)).toEqual(['queued', 'connecting', 'completing', 'done']);
    expect(events.at(-1)?.result?.verdict).toBe('trusted');
  });
});

describe('through an HTTP proxy', () => {
  it('tunnels with CONNECT and gets the same chain as directly', async () => {
    const [direct] = await fetchChains([lab().target('default')], lab().options());
    const [proxied] = await fetchChains([lab().target('default')], lab().options({ proxy: lab().proxy.url }));
    expect(proxied).toMatchObject({ fetched: true, verdict: 'trusted', proxy: lab().proxy.url });
    expect(proxied?.served.map((info) => info.base64Der)).toEqual(direct?.served.map((info) => info.base64Der));
    expect(lab().proxy.connects).toContain(lab().target('default'));
  });

  it('says the proxy wants credentials (407) when none are given, and gets through with them', async () => {
    const [refused] = await fetchChains([lab().target('default')], lab().options({ proxy: lab().authProxy.url }));
    expect(refused).toMatchObject({ verdict: 'proxy-error', errorCode: 'PROXY_AUTH_REQUIRED' });
    expect(refused?.message).toMatch(/requires a user name and password/);

    const [wrong] = await fetchChains([lab().target('default')], lab().options({ proxy: `http://${PROXY_USER}:nope@127.0.0.1:${lab().authProxy.port}` }));
    expect(wrong).toMatchObject({ errorCode: 'PROXY_AUTH_REQUIRED' });
    expect(wrong?.message).toMatch(/did not accept/);

    const withUrlUser = `http://${encodeURIComponent(PROXY_USER)}@127.0.0.1:${lab().authProxy.port}`;
    const [accepted] = await fetchChains([lab().target('default')], lab().options({ proxy: withUrlUser, proxyPassword: PROXY_PASSWORD }));
    expect(accepted).toMatchObject({ fetched: true, verdict: 'trusted', proxy: `http://127.0.0.1:${lab().authProxy.port}` });
    expect(JSON.stringify(accepted)).not.toContain(PROXY_PASSWORD);
  });

  it('tells a CONNECT refused by the proxy (403) from a proxy that is not there and one that never answers', async () => {
    const results = await Promise.all([
      fetchChains([lab().target('default')], lab().options({ proxy: lab().refusingProxy.url })),
      fetchChains([lab().target('default')], lab().options({ proxy: `http://127.0.0.1:${lab().closedPort}` })),
      fetchChains([lab().target('default')], lab().options({ proxy: `http://127.0.0.1:${lab().silent.port}`, timeoutMs: 400 })),
    ]);
    expect(results.map(([result]) => [result?.verdict, result?.errorCode])).toEqual([
      ['proxy-error', 'PROXY_CONNECT_REJECTED'],
      ['proxy-error', 'PROXY_REFUSED'],
      ['proxy-error', 'PROXY_TIMEOUT'],
    ]);
    expect(results[0]?.[0]?.message).toMatch(/HTTP 403/);
  });

  it('uses the system proxy the resolver returns (PAC syntax), and connects directly on DIRECT', async () => {
    const asked: string[] = [];
    const resolveProxy = async (url: string): Promise<string> => {
      asked.push(url);
      return url.includes('127.0.0.1') ? `PROXY 127.0.0.1:${lab().proxy.port}; DIRECT` : 'DIRECT';
    };
    const results = await fetchChains([lab().target('default'), lab().target('ec.test')], lab().options({ resolveProxy }));
    expect(results.map((result) => result.proxy)).toEqual([lab().proxy.url, null]);
    expect(results.every((result) => result.verdict === 'trusted')).toBe(true);
    expect(asked).toEqual([`https://${lab().target('default')}/`, `https://${lab().target('ec.test')}/`]);
  });

  it('blames a TLS-inspecting proxy when a proxy hands back a chain ending at a private root', async () => {
    const [result] = await fetchChains([lab().target('full.test')], lab().options({ proxy: lab().inspectingProxy.url }));
    expect(result).toMatchObject({ fetched: true, verdict: 'untrusted-root' });
    expect(result?.chain.at(-1)?.subjectCN).toBe('Corp TLS Inspection Root');
    expect(result?.message).toMatch(/TLS-inspecting corporate proxy most likely replaced/);
  });
});

describe('host and proxy syntax', () => {
  it('parses host, host:port, [v6]:port and pasted URLs', () => {
    expect(parseTarget('login.microsoftonline.com')).toEqual({ target: 'login.microsoftonline.com:443', host: 'login.microsoftonline.com', port: 443 });
    expect(parseTarget(' graph.microsoft.com:8443 ')).toMatchObject({ port: 8443 });
    expect(parseTarget('[::1]:9443')).toEqual({ target: '[::1]:9443', host: '::1', port: 9443 });
    expect(parseTarget('https://portal.azure.com/#home')).toMatchObject({ host: 'portal.azure.com', port: 443 });
    expect(() => parseTarget('bad host name')).toThrow(/not a host name/);
    expect(() => parseTarget('user:pw@host')).toThrow(/not a host name/);
  });

  it('reads the answers of a system proxy resolver', () => {
    expect(proxyFromResolverAnswer(null)).toBeNull();
    expect(proxyFromResolverAnswer('DIRECT')).toBeNull();
    expect(proxyFromResolverAnswer('PROXY proxy.corp:8080; DIRECT')).toBe('http://proxy.corp:8080');
    expect(proxyFromResolverAnswer('http://proxy.corp:3128')).toBe('http://proxy.corp:3128');
    expect(() => proxyFromResolverAnswer('SOCKS5 proxy.corp:1080')).toThrow(/SOCKS is not supported/);
  });
});
