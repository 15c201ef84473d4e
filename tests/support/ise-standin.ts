/**
 * A local stand-in for ISE's OpenAPI trusted-certificate endpoints, on 127.0.0.1 over HTTPS with
 * a self-signed certificate (like ISE's default admin certificate), Basic auth, paging and the
 * request and response shapes of Cisco's SDKs (ciscoisesdk, ciscoise-go-sdk, ISE 3.3):
 *   GET  /api/v1/certs/trusted-certificate?page=&size=   {response: [...], version, nextPage?: {rel, href, type}}
 *   GET  /api/v1/certs/trusted-certificate/{id}          {response: {...}, version}
 *   GET  /api/v1/certs/trusted-certificate/export/{id}   the PEM file, Content-Disposition attachment
 *   POST /api/v1/certs/trusted-certificate/import        {response: {id, message, status}, version}
 * It checks import bodies as ISE documents them: `data` a PEM certificate, the three `allow*`
 * flags present, booleans typed, trust-flag dependencies, expired / SHA-1 / non-CA certificates
 * refused unless allowed, the name unique, the certificate not already present.
 * UNCONFIRMED against a live ISE (written as the documentation and SDKs suggest): the wording of
 * error messages, 404 with an HTML page when the API is turned off, the date format (Java's
 * Date.toString), the "Trusted For" words, and the export being a bare PEM file.
 */
import { randomUUID, X509Certificate } from 'node:crypto';
import { type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';
import forge from 'node-forge';
import { createKey, issueCertificate, type GeneratedCertificate } from './pki';
import { listenLocal } from './standin-server';

const DAY_MS = 86_400_000;
const BASE = '/api/v1/certs/trusted-certificate';
const VERSION = '1.0.0';

export interface IseIdentity {
  certificate: GeneratedCertificate;
  /** SHA-256 of the DER, 64 uppercase hex (the pin). */
  sha256: string;
}

/** A self-signed admin certificate, as a fresh ISE node has. */
export async function createIseIdentity(dir: string, name: string, host = 'ise-pan.example.test'): Promise<IseIdentity> {
  const key = await createKey(dir, `${name}-key`, { type: 'ec', curve: 'P-256' });
  const certificate = await issueCertificate(dir, {
    name,
    subject: `/O=Cisco/CN=${host}`,
    key,
    notAfter: new Date(Date.now() + 365 * DAY_MS),
    extensions: ['basicConstraints = critical,CA:FALSE', 'keyUsage = critical,digitalSignature', 'extendedKeyUsage = serverAuth', `subjectAltName = DNS:${host},IP:127.0.0.1`],
  });
  return { certificate, sha256: new X509Certificate(certificate.der).fingerprint256.replace(/:/g, '') };
}

export interface StandinTrustFlags {
  trustForIseAuth: boolean;
  trustForClientAuth: boolean;
  trustForCiscoServicesAuth: boolean;
  trustForCertificateBasedAdminAuth: boolean;
}

export interface StandinEntry {
  id: string;
  name: string;
  description: string;
  der: Buffer;
  flags: StandinTrustFlags;
  internalCA: boolean;
}

export interface RecordedRequest {
  method: string;
  path: string;
  /** The user of the Basic header (never the password), or null without one. */
  user: string | null;
  /** Parsed JSON body of a POST. */
  body: unknown;
  status: number;
}

export interface IseStandinOptions {
  identity: IseIdentity;
  users: Record<string, string>;
  /** False: every /api path answers 404 with an HTML page, as when the Open API is off. */
  apiEnabled?: boolean;
  /** False: the export path answers 404 (entries must be matched by their fields). */
  exportSupported?: boolean;
  /** False: list entries carry no sha256Fingerprint (matching falls back to issuer + serial). */
  listsFingerprints?: boolean;
  now?: () => Date;
}

export interface IseStandin {
  port: number;
  /** `127.0.0.1:port`. */
  target: string;
  entries: StandinEntry[];
  requests: RecordedRequest[];
  addTrusted(certificate: GeneratedCertificate | Buffer, name: string, extra?: Partial<Omit<StandinEntry, 'id' | 'der' | 'name'>>): StandinEntry;
  setApiEnabled(enabled: boolean): void;
  /** Presents another certificate from the next handshake on (ISE's certificate renewed, or an interceptor). */
  useIdentity(identity: IseIdentity): void;
  close(): Promise<void>;
}

const NO_TRUST: StandinTrustFlags = { trustForIseAuth: false, trustForClientAuth: false, trustForCiscoServicesAuth: false, trustForCertificateBasedAdminAuth: false };
const TRUST_WORDS: [keyof StandinTrustFlags, string][] = [
  ['trustForIseAuth', 'Infrastructure'],
  ['trustForClientAuth', 'Endpoints'],
  ['trustForCiscoServicesAuth', 'Cisco Services'],
  ['trustForCertificateBasedAdminAuth', 'AdminAuth'],
];
const IMPORT_FIELDS = new Set([
  'name',
  'description',
  'data',
  'trustForIseAuth',
  'trustForClientAuth',
  'trustForCiscoServicesAuth',
  'trustForCertificateBasedAdminAuth',
  'allowBasicConstraintCAFalse',
  'allowOutOfDateCert',
  'allowSHA1Certificates',
  'validateCertificateExtensions',
]);
const REQUIRED_FLAGS = ['allowBasicConstraintCAFalse', 'allowOutOfDateCert', 'allowSHA1Certificates'];
const SHA1_SIGNATURES = new Set(['1.2.840.113549.1.1.5', '1.2.840.10045.4.1', '1.2.840.10040.4.3']);

export async function startIseStandin(options: IseStandinOptions): Promise<IseStandin> {
  const now = options.now ?? (() => new Date());
  const entries: StandinEntry[] = [];
  const requests: RecordedRequest[] = [];
  let apiEnabled = options.apiEnabled ?? true;
  const server: Server = createServer({ key: options.identity.certificate.key.pem, cert: options.identity.certificate.pem });
  const { port, sockets } = await listenLocal(server);

  const addTrusted: IseStandin['addTrusted'] = (certificate, name, extra = {}) => {
    const entry: StandinEntry = {
      id: randomUUID(),
      name,
      description: extra.description ?? '',
      der: Buffer.isBuffer(certificate) ? certificate : certificate.der,
      flags: extra.flags ?? { ...NO_TRUST, trustForIseAuth: true },
      internalCA: extra.internalCA ?? false,
    };
    entries.push(entry);
    return entry;
  };

  const view = (entry: StandinEntry): Record<string, unknown> => {
    const x509 = new X509Certificate(entry.der);
    const trustedFor = TRUST_WORDS.filter(([flag]) => entry.flags[flag]).map(([, word]) => word);
    return {
      id: entry.id,
      friendlyName: entry.name,
      description: entry.description,
      subject: javaDn(x509.subject),
      issuedTo: lastCn(x509.subject),
      issuedBy: lastCn(x509.issuer),
      validFrom: javaDate(new Date(x509.validFrom)),
      expirationDate: javaDate(new Date(x509.validTo)),
      trustedFor: trustedFor.length > 0 ? trustedFor.join(',') : 'Unknown',
      status: 'Enabled',
      serialNumberDecimalFormat: BigInt(`0x${x509.serialNumber}`).toString(10),
      ...(options.listsFingerprints === false ? {} : { sha256Fingerprint: x509.fingerprint256.replace(/:/g, '') }),
      internalCA: entry.internalCA,
      link: { rel: 'self', href: `https://127.0.0.1:${port}${BASE}/${entry.id}`, type: 'application/json' },
    };
  };

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const url = new URL(request.url ?? '/', `https://127.0.0.1:${port}`);
    const body = request.method === 'POST' ? await readBody(request) : null;
    const user = basicUser(request.headers.authorization);
    const send = (status: number, payload: unknown, type = 'application/json'): void => {
      let parsedBody: unknown = null;
      try {
        parsedBody = body === null ? null : JSON.parse(body);
      } catch {
        parsedBody = body;
      }
      requests.push({ method: request.method ?? '', path: url.pathname + url.search, user: user?.name ?? null, body: parsedBody, status });
      const text = typeof payload === 'string' ? payload : JSON.stringify(payload, null, 2);
      response.writeHead(status, { 'Content-Type': type, ...(status === 401 ? { 'WWW-Authenticate': 'Basic realm="Cisco ISE"' } : {}) });
      response.end(text);
    };
    const fail = (status: number, message: string): void => send(status, { response: { status: 'Fail', message, id: null }, version: VERSION });
    if (!url.pathname.startsWith('/api/')) return send(404, '<html><body>Not Found</body></html>', 'text/html');
    if (!apiEnabled) return send(404, '<!doctype html><html><body><h1>HTTP Status 404 - Not Found</h1></body></html>', 'text/html;charset=utf-8');
    if (!user || options.users[user.name] !== user.password) return send(401, '<!doctype html><html><body><h1>HTTP Status 401 - Unauthorized</h1></body></html>', 'text/html;charset=utf-8');

    if (request.method === 'GET' && url.pathname === BASE) {
      const page = url.searchParams.has('page') ? Number(url.searchParams.get('page')) : 1;
      const size = url.searchParams.has('size') ? Number(url.searchParams.get('size')) : 20;
      if (!Number.isInteger(page) || page < 1 || !Number.isInteger(size) || size < 1 || size > 100) {
        return fail(400, 'Invalid value for page or size: page starts at 1, size is between 1 and 100');
      }
      const slice = entries.slice((page - 1) * size, page * size);
      const link = (to: number, rel: string): Record<string, string> => ({ rel, href: `https://127.0.0.1:${port}${BASE}?page=${to}&size=${size}`, type: 'application/json' });
      return send(200, {
        response: slice.map(view),
        version: VERSION,
        ...(page * size < entries.length ? { nextPage: link(page + 1, 'next') } : {}),
        ...(page > 1 ? { previousPage: link(page - 1, 'previous') } : {}),
      });
    }
    const exportId = request.method === 'GET' && url.pathname.startsWith(`${BASE}/export/`) ? decodeURIComponent(url.pathname.slice(`${BASE}/export/`.length)) : null;
    if (exportId !== null) {
      const entry = entries.find((candidate) => candidate.id === exportId);
      if (options.exportSupported === false || !entry) return fail(404, 'Trust certificate not found');
      if (entry.internalCA) return fail(400, 'ISE internal CA certificates can not be exported');
      response.setHeader('Content-Disposition', `attachment; filename="${entry.name}.pem"`);
      return send(200, toPem(entry.der), 'application/octet-stream');
    }
    if (request.method === 'POST' && url.pathname === `${BASE}/import`) {
      if (!/application\/json/i.test(request.headers['content-type'] ?? '')) return fail(415, 'Content-Type must be application/json');
      const checked = checkImport(body ?? '', entries, now());
      if (!checked.ok) return fail(400, checked.message);
      const entry = addTrusted(checked.der, checked.name, { description: checked.description, flags: checked.flags });
      const message = 'Trust certificate was successfully imported';
      return send(200, { response: { id: entry.id, message, status: message }, version: VERSION });
    }
    if (request.method === 'GET' && url.pathname.startsWith(`${BASE}/`)) {
      const entry = entries.find((candidate) => candidate.id === decodeURIComponent(url.pathname.slice(BASE.length + 1)));
      return entry ? send(200, { response: view(entry), version: VERSION }) : fail(404, 'Trust certificate not found');
    }
    return fail(404, `No API at ${request.method ?? ''} ${url.pathname}`);
  };
  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    handle(request, response).catch((error: unknown) => {
      response.writeHead(500, { 'Content-Type': 'application/json' });
      response.end(JSON.stringify({ response: { message: `stand-in failure: ${(error as Error).message}` }, version: VERSION }));
    });
  });

  return {
    port,
    target: `127.0.0.1:${port}`,
    entries,
    requests,
    addTrusted,
    setApiEnabled: (enabled) => {
      apiEnabled = enabled;
    },
    useIdentity: (identity) => server.setSecureContext({ key: identity.certificate.key.pem, cert: identity.certificate.pem }),
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolvePromise) => server.close(() => resolvePromise()));
    },
  };
}

type Checked = { ok: true; der: Buffer; name: string; description: string; flags: StandinTrustFlags } | { ok: false; message: string };

/** What ISE checks in an import request (documented in ISE's API reference; wording UNCONFIRMED). */
function checkImport(text: string, entries: StandinEntry[], now: Date): Checked {
  let body: Record<string, unknown>;
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return { ok: false, message: 'Request body must be a JSON object' };
    body = parsed as Record<string, unknown>;
  } catch {
    return { ok: false, message: 'Malformed JSON in request body' };
  }
  const unknown = Object.keys(body).filter((key) => !IMPORT_FIELDS.has(key));
  if (unknown.length > 0) return { ok: false, message: `Unrecognized field(s): ${unknown.join(', ')}` };
  for (const key of ['name', 'description', 'data']) {
    if (body[key] !== undefined && typeof body[key] !== 'string') return { ok: false, message: `${key} must be a string` };
  }
  for (const key of IMPORT_FIELDS) {
    if (!['name', 'description', 'data'].includes(key) && body[key] !== undefined && typeof body[key] !== 'boolean') return { ok: false, message: `${key} must be true or false` };
  }
  const missing = ['data', ...REQUIRED_FLAGS].filter((key) => body[key] === undefined);
  if (missing.length > 0) return { ok: false, message: `Missing required field(s): ${missing.join(', ')}` };
  const flag = (key: string): boolean => body[key] === true;
  const name = (body.name as string | undefined) ?? '';
  const description = (body.description as string | undefined) ?? '';
  // Models the known ISE API rejection of apostrophes (sieteunoseis/netSSL#6) and of a comma in
  // the description (DOMAIN.md "ISE's own API": letters, digits, spaces, - . : are safe).
  if (/'/.test(name) || /[',]/.test(description)) return { ok: false, message: 'Security Check Failed' };
  const blocks = [...(body.data as string).matchAll(/-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/g)];
  if (blocks.length !== 1) return { ok: false, message: 'Invalid certificate data: expected exactly one PEM encoded X.509 certificate' };
  const base64 = (blocks[0]?.[1] ?? '').replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(base64) || base64.length % 4 !== 0) return { ok: false, message: 'Invalid certificate data: the certificate is not valid base64' };
  const der = Buffer.from(base64, 'base64');
  let x509: X509Certificate;
  try {
    x509 = new X509Certificate(der);
  } catch {
    return { ok: false, message: 'Invalid certificate data: the content is not an X.509 certificate' };
  }
  if (flag('trustForClientAuth') && !flag('trustForIseAuth')) return { ok: false, message: 'trustForClientAuth can be set true only if trustForIseAuth is true' };
  if (flag('trustForCertificateBasedAdminAuth') && !(flag('trustForIseAuth') && flag('trustForClientAuth'))) {
    return { ok: false, message: 'trustForCertificateBasedAdminAuth can be set true only if trustForIseAuth and trustForClientAuth are true' };
  }
  if (entries.some((entry) => entry.der.equals(der))) return { ok: false, message: 'Trust certificate import failed: the certificate already exists in the Trusted Certificates store' };
  const finalName = name || `${lastCn(x509.subject)}#${lastCn(x509.issuer)}#${String(entries.length + 1).padStart(5, '0')}`;
  if (entries.some((entry) => entry.name.toLowerCase() === finalName.toLowerCase())) return { ok: false, message: `Trust certificate import failed: friendly name ${finalName} already exists` };
  if (!flag('allowOutOfDateCert') && (new Date(x509.validTo).getTime() < now.getTime() || new Date(x509.validFrom).getTime() > now.getTime())) {
    return { ok: false, message: 'Trust certificate import failed: the certificate is expired or not yet valid' };
  }
  if (!flag('allowSHA1Certificates') && SHA1_SIGNATURES.has(signatureOid(der))) return { ok: false, message: 'Trust certificate import failed: certificates signed with SHA-1 are not allowed' };
  if (!flag('allowBasicConstraintCAFalse') && !x509.ca) return { ok: false, message: 'Trust certificate import failed: Basic Constraints CA field is false' };
  if (flag('validateCertificateExtensions') && !x509.ca) return { ok: false, message: 'Trust certificate import failed: certificate extensions are not valid for a CA' };
  return {
    ok: true,
    der,
    name: finalName,
    description,
    flags: {
      trustForIseAuth: flag('trustForIseAuth'),
      trustForClientAuth: flag('trustForClientAuth'),
      trustForCiscoServicesAuth: flag('trustForCiscoServicesAuth'),
      trustForCertificateBasedAdminAuth: flag('trustForCertificateBasedAdminAuth'),
    },
  };
}

/** The outer signatureAlgorithm OID, read with node-forge's generic ASN.1 (it handles RSA and EC alike). */
function signatureOid(der: Buffer): string {
  const certificate = forge.asn1.fromDer(der.toString('binary'));
  const algorithm = (certificate.value as forge.asn1.Asn1[])[1];
  const oid = (algorithm?.value as forge.asn1.Asn1[] | undefined)?.[0];
  return oid ? forge.asn1.derToOid(oid.value as string) : '';
}

function basicUser(header: string | undefined): { name: string; password: string } | null {
  const match = /^Basic ([A-Za-z0-9+/=]+)$/.exec(header ?? '');
  if (!match) return null;
  const decoded = Buffer.from(match[1] as string, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? null : { name: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolvePromise(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

/** `CN=..,O=..,C=..` (Java's RFC 2253 order, most specific first) from Node's one-per-line DN. */
function javaDn(dn: string): string {
  return dn.split('\n').reverse().join(',');
}

function lastCn(dn: string): string {
  return dn.split('\n').filter((line) => line.startsWith('CN=')).pop()?.slice(3) ?? '';
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Java's Date.toString() in UTC: `Tue Nov 09 16:00:00 UTC 2026`. */
function javaDate(date: Date): string {
  const two = (value: number): string => String(value).padStart(2, '0');
  return `${DAYS[date.getUTCDay()]} ${MONTHS[date.getUTCMonth()]} ${two(date.getUTCDate())} ${two(date.getUTCHours())}:${two(date.getUTCMinutes())}:${two(date.getUTCSeconds())} UTC ${date.getUTCFullYear()}`;
}

function toPem(der: Buffer): string {
  return `-----BEGIN CERTIFICATE-----\n${der.toString('base64').replace(/.{64}/g, '$&\n').replace(/\n$/, '')}\n-----END CERTIFICATE-----\n`;
}
