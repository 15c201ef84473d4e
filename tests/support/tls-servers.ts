/**
 * Real TLS servers on 127.0.0.1 for the chain tests, and the PKI they serve (made by OpenSSL
 * through tests/support/pki.ts). One server answers different chains per SNI name, so a
 * single port covers: full chain, omitted intermediate (completed via AIA in its DER, PKCS#7,
 * 404, slow, HTML and redirect variants), expired leaf, wrong host name, self-signed leaf,
 * cross-signed twin, weak key and SHA-1 signature. Plus servers that accept TCP and never
 * speak TLS, and servers that close at once.
 */
import { mkdir } from 'node:fs/promises';
import { createServer as createTcpServer, type AddressInfo, type Server as TcpServer, type Socket } from 'node:net';
import { createSecureContext, createServer as createTlsServer, type SecureContext, type Server as TlsServer } from 'node:tls';
import { createPkcs7, fixtureKey, issueCertificate, type GeneratedCertificate, type GeneratedKey } from './pki';

const DAY_MS = 86_400_000;

export interface TlsPki {
  rsaRoot: GeneratedCertificate;
  rsaIntermediate: GeneratedCertificate;
  /** Same subject and key as rsaIntermediate, issued by ecRoot (a cross-signed twin). */
  rsaIntermediateTwin: GeneratedCertificate;
  ecRoot: GeneratedCertificate;
  ecIntermediate: GeneratedCertificate;
  /** A private root the tests never trust: a TLS-inspecting proxy's. */
  inspectionRoot: GeneratedCertificate;
  /** PKCS#7 (DER) holding rsaIntermediate, as some CAs publish at their AIA URL. */
  rsaIntermediateP7c: string;
  /** Leaf per SNI name; see `SNI_NAMES`. */
  leaves: Record<SniName, GeneratedCertificate>;
  /** Leaf for localhost / 127.0.0.1 issued by the inspection root. */
  inspectionLeaf: GeneratedCertificate;
}

/** SNI names the chain server answers, and what each one serves. */
export const SNI_NAMES = [
  'full.test', // leaf + RSA intermediate
  'ec.test', // EC leaf + EC intermediate (whole chain EC)
  'aia-der.test', // leaf only; AIA -> DER intermediate
  'aia-p7c.test', // leaf only; AIA -> PKCS#7
  'aia-404.test', // leaf only; AIA -> 404
  'aia-slow.test', // leaf only; AIA answers after 3 s
  'aia-html.test', // leaf only; AIA -> an HTML page
  'aia-redirect.test', // leaf only; AIA -> 302 -> DER
  'expired.test', // expired leaf + intermediate
  'wrong.test', // leaf for other.test + intermediate
  'selfsigned.test', // self-signed leaf
  'twin.test', // leaf + the cross-signed twin intermediate (path via the EC root)
  'weak.test', // RSA 1024 leaf signed with SHA-1 + intermediate
  'default', // startTlsServer's chain for 127.0.0.1 / localhost (no SNI): EC leaf + EC intermediate
] as const;
export type SniName = (typeof SNI_NAMES)[number];

/** AIA paths the leaves of the `aia-*` names point at. */
export const AIA_PATHS: Partial<Record<SniName, string>> = {
  'full.test': '/rsa-intermediate.crt',
  'aia-der.test': '/rsa-intermediate.crt',
  'aia-p7c.test': '/rsa-intermediate.p7c',
  'aia-404.test': '/missing.crt',
  'aia-slow.test': '/slow.crt',
  'aia-html.test': '/portal.html',
  'aia-redirect.test': '/redirect.crt',
};

export async function createTlsPki(dir: string, aiaBaseUrl: string): Promise<TlsPki> {
  await mkdir(dir, { recursive: true });
  const [rsaRootKey, rsaIntKey, rsaLeafKey, weakKey, ecRootKey, ecIntKey, ecLeafKey, inspectKey, inspectLeafKey, selfKey] = await Promise.all([
    fixtureKey(dir, 'tls', 'rsa-root', { type: 'rsa', bits: 2048 }),
    fixtureKey(dir, 'tls', 'rsa-int', { type: 'rsa', bits: 2048 }),
    fixtureKey(dir, 'tls', 'rsa-leaf', { type: 'rsa', bits: 2048 }),
    fixtureKey(dir, 'tls', 'weak', { type: 'rsa', bits: 1024 }),
    fixtureKey(dir, 'tls', 'ec-root', { type: 'ec', curve: 'P-384' }),
    fixtureKey(dir, 'tls', 'ec-int', { type: 'ec', curve: 'P-256' }),
    fixtureKey(dir, 'tls', 'ec-leaf', { type: 'ec', curve: 'P-256' }),
    fixtureKey(dir, 'tls', 'inspect-root', { type: 'ec', curve: 'P-256' }),
    fixtureKey(dir, 'tls', 'inspect-leaf', { type: 'ec', curve: 'P-256' }),
    fixtureKey(dir, 'tls', 'self', { type: 'ec', curve: 'P-256' }),
  ]);
  const ca = ['basicConstraints = critical,CA:TRUE', 'keyUsage = critical,keyCertSign,cRLSign,digitalSignature', 'subjectKeyIdentifier = hash'];
  const leaf = (names: string[], aiaPath?: string): string[] => [
    'basicConstraints = critical,CA:FALSE',
    'keyUsage = critical,digitalSignature,keyEncipherment',
    'extendedKeyUsage = serverAuth',
    `subjectAltName = ${names.map((name) => (/^[\d.]+$/.test(name) ? `IP:${name}` : `DNS:${name}`)).join(',')}`,
    ...(aiaPath ? [`authorityInfoAccess = caIssuers;URI:${aiaBaseUrl}${aiaPath}`] : []),
  ];
  const [rsaRoot, ecRoot, inspectionRoot] = await Promise.all([
    issueCertificate(dir, { name: 'rsa-root', subject: '/C=US/O=Chain Lab/CN=Lab RSA Root', key: rsaRootKey, extensions: ca, notAfter: new Date(Date.now() + 3650 * DAY_MS) }),
    issueCertificate(dir, { name: 'ec-root', subject: '/C=US/O=Chain Lab/CN=Lab ECC Root', key: ecRootKey, extensions: ca, digest: 'sha384' }),
    issueCertificate(dir, { name: 'inspect-root', subject: '/O=Corp Security/CN=Corp TLS Inspection Root', key: inspectKey, extensions: ca }),
  ]);
  const intermediateSubject = '/C=US/O=Chain Lab/CN=Lab RSA Issuing CA 01';
  const [rsaIntermediate, rsaIntermediateTwin, ecIntermediate, inspectionLeaf] = await Promise.all([
    issueCertificate(dir, { name: 'rsa-int', subject: intermediateSubject, key: rsaIntKey, issuer: rsaRoot, extensions: [...ca, 'authorityKeyIdentifier = keyid:always'] }),
    issueCertificate(dir, { name: 'rsa-int-twin', subject: intermediateSubject, key: rsaIntKey, issuer: ecRoot, extensions: [...ca, 'authorityKeyIdentifier = keyid:always'], digest: 'sha384' }),
    issueCertificate(dir, { name: 'ec-int', subject: '/C=US/O=Chain Lab/CN=Lab ECC Issuing CA 01', key: ecIntKey, issuer: ecRoot, extensions: ca, digest: 'sha384' }),
    // What an inspecting proxy forges for the host the client asked for.
    issueCertificate(dir, { name: 'inspect-leaf', subject: '/CN=full.test', key: inspectLeafKey, issuer: inspectionRoot, extensions: leaf(['full.test', 'localhost', '127.0.0.1']) }),
  ]);
  const issue = (name: SniName, subjectCn: string, names: string[], key: GeneratedKey, extra: Partial<Parameters<typeof issueCertificate>[1]> = {}): Promise<GeneratedCertificate> =>
    issueCertificate(dir, { name: `leaf-${name}`, subject: `/CN=${subjectCn}`, key, issuer: rsaIntermediate, extensions: leaf(names, AIA_PATHS[name]), ...extra });
  const leaves: Record<SniName, GeneratedCertificate> = Object.fromEntries(
    await Promise.all(
      SNI_NAMES.map(async (name): Promise<[SniName, GeneratedCertificate]> => {
        switch (name) {
          case 'ec.test':
            return [name, await issue(name, name, [name], ecLeafKey, { issuer: ecIntermediate })];
          case 'expired.test':
            return [name, await issue(name, name, [name], rsaLeafKey, { notBefore: new Date('2020-01-01T00:00:00Z'), notAfter: new Date('2021-01-01T00:00:00Z') })];
          case 'wrong.test':
            return [name, await issue(name, 'other.test', ['other.test'], rsaLeafKey)];
          case 'selfsigned.test':
            return [name, await issue(name, name, [name], selfKey, { issuer: undefined, notAfter: new Date(Date.now() + 30 * DAY_MS) })];
          case 'twin.test':
            return [name, await issue(name, name, [name], rsaLeafKey)];
          case 'weak.test':
            return [name, await issue(name, name, [name], weakKey, { digest: 'sha1' })];
          case 'default':
            return [name, await issue(name, 'localhost', ['localhost', '127.0.0.1'], ecLeafKey, { issuer: ecIntermediate })];
          default:
            return [name, await issue(name, name, [name], rsaLeafKey)];
        }
      }),
    ),
  ) as Record<SniName, GeneratedCertificate>;
  const rsaIntermediateP7c = await createPkcs7(dir, 'rsa-intermediate', [rsaIntermediate], 'der');
  return { rsaRoot, rsaIntermediate, rsaIntermediateTwin, ecRoot, ecIntermediate, inspectionRoot, rsaIntermediateP7c, leaves, inspectionLeaf };
}

/** The chain (PEM, leaf first) the server sends for each SNI name. */
export function servedChain(pki: TlsPki, name: SniName): GeneratedCertificate[] {
  const leaf = pki.leaves[name];
  switch (name) {
    case 'ec.test':
    case 'default':
      return [leaf, pki.ecIntermediate];
    case 'selfsigned.test':
    case 'aia-der.test':
    case 'aia-p7c.test':
    case 'aia-404.test':
    case 'aia-slow.test':
    case 'aia-html.test':
    case 'aia-redirect.test':
      return [leaf];
    case 'twin.test':
      return [leaf, pki.rsaIntermediateTwin];
    default:
      return [leaf, pki.rsaIntermediate];
  }
}

export interface RunningServer {
  port: number;
  /** SNI names received, in order (a handshake without SNI adds none). */
  servernames: string[];
  /** Application bytes received after handshakes (a chain fetch must send none). */
  applicationBytes: () => number;
  close(): Promise<void>;
}

function tracked<T extends TcpServer>(server: T): { sockets: Set<Socket>; closeAll: () => Promise<void> } {
  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  return {
    sockets,
    closeAll: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolvePromise) => server.close(() => resolvePromise()));
    },
  };
}

async function listen(server: TcpServer): Promise<number> {
  await new Promise<void>((resolvePromise) => server.listen(0, '127.0.0.1', resolvePromise));
  return (server.address() as AddressInfo).port;
}

/**
 * One TLS server; the chain depends on the SNI name (unknown names get `default`). It has no
 * credentials of its own: Node adds an SNI context's certificate next to the server's own, and
 * the client would then be offered whichever key type it prefers, not the one for its name.
 * So it needs SNI; `startTlsServer` serves clients that send none.
 */
export async function startChainServer(pki: TlsPki): Promise<RunningServer> {
  const contexts = new Map<string, SecureContext>();
  for (const name of SNI_NAMES) contexts.set(name, contextFor(servedChain(pki, name)));
  const fallback = contexts.get('default') as SecureContext;
  return serve((servername) => contexts.get(servername) ?? fallback, {});
}

/** A server presenting one chain, with or without SNI. */
export async function startTlsServer(chain: GeneratedCertificate[]): Promise<RunningServer> {
  const context = contextFor(chain);
  return serve(() => context, { key: (chain[0] as GeneratedCertificate).key.pem, cert: chain.map((c) => c.pem).join('') });
}

function contextFor(chain: GeneratedCertificate[]): SecureContext {
  // SECLEVEL=0 only so that the weak.test certificate (RSA 1024, SHA-1) can be served at all.
  return createSecureContext({ key: (chain[0] as GeneratedCertificate).key.pem, cert: chain.map((c) => c.pem).join(''), ciphers: 'DEFAULT:@SECLEVEL=0' });
}

async function serve(select: (servername: string) => SecureContext, credentials: { key?: string; cert?: string }): Promise<RunningServer> {
  const servernames: string[] = [];
  const server: TlsServer = createTlsServer({
    ...credentials,
    ciphers: 'DEFAULT:@SECLEVEL=0',
    // Node calls this only when the client sent a name: a handshake without SNI leaves no entry.
    SNICallback: (servername, callback) => {
      servernames.push(servername);
      callback(null, select(servername));
    },
  });
  let applicationBytes = 0;
  server.on('secureConnection', (socket) => {
    socket.on('data', (data: Buffer) => (applicationBytes += data.length));
    socket.on('error', () => socket.destroy());
  });
  server.on('tlsClientError', () => undefined);
  const { closeAll } = tracked(server);
  const port = await listen(server);
  return { port, servernames, applicationBytes: () => applicationBytes, close: closeAll };
}

/** Accepts TCP and never answers: the client must time out. */
export async function startSilentServer(): Promise<RunningServer> {
  const server = createTcpServer((socket) => socket.on('error', () => socket.destroy()));
  const { closeAll } = tracked(server);
  return { port: await listen(server), servernames: [], applicationBytes: () => 0, close: closeAll };
}

/** Accepts TCP and closes at once. */
export async function startClosingServer(): Promise<RunningServer> {
  const server = createTcpServer((socket) => socket.destroy());
  const { closeAll } = tracked(server);
  return { port: await listen(server), servernames: [], applicationBytes: () => 0, close: closeAll };
}
