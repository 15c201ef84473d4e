/**
 * A test PKI made per run by OpenSSL 3 (/usr/bin/openssl), so fixtures have a known origin
 * and OpenSSL is the reference the code is compared with.
 *
 * Low-level pieces (`createKey`, `issueCertificate`, `createPkcs12`, `createPkcs7`, ...) are
 * reusable for TLS servers and other tests; `createPki(dir)` builds the standard set: RSA and
 * EC roots, intermediates, leaves (with and without extensions), a cross-signed twin,
 * expired / not-yet-valid / self-signed leaves, PKCS#12 (modern and legacy), PKCS#7, a CSR,
 * a CRL and private key files.
 */
import { execFile } from 'node:child_process';
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';

export const OPENSSL = '/usr/bin/openssl';

export interface OpensslResult {
  stdout: Buffer;
  stderr: string;
}

/** Runs openssl; rejects with its stderr when it fails. */
export function openssl(args: string[], options: { cwd?: string; input?: string | Buffer } = {}): Promise<OpensslResult> {
  return new Promise((resolvePromise, reject) => {
    const child = execFile(OPENSSL, args, { cwd: options.cwd, encoding: 'buffer', maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`openssl ${args.join(' ')} failed: ${stderr.toString()}`));
      else resolvePromise({ stdout, stderr: stderr.toString() });
    });
    if (options.input !== undefined) child.stdin?.end(options.input);
  });
}

/** 1024-bit RSA only to test how weak keys are reported. */
export type KeySpec = { type: 'rsa'; bits: 1024 | 2048 | 3072 | 4096 } | { type: 'ec'; curve: 'P-256' | 'P-384' | 'P-521' };

export interface GeneratedKey {
  spec: KeySpec;
  /** Unencrypted PKCS#8 PEM. */
  path: string;
  pem: string;
}

export async function createKey(dir: string, name: string, spec: KeySpec): Promise<GeneratedKey> {
  const path = join(dir, `${name}.key`);
  const args =
    spec.type === 'rsa'
      ? ['genpkey', '-algorithm', 'RSA', '-pkeyopt', `rsa_keygen_bits:${spec.bits}`, '-out', path]
      : ['genpkey', '-algorithm', 'EC', '-pkeyopt', `ec_paramgen_curve:${spec.curve}`, '-out', path];
  await openssl(args);
  return { spec, path, pem: await readFile(path, 'utf8') };
}

/**
 * Keys made once with `openssl genpkey` (as createKey makes them) and kept in tests/fixtures/keys/<set>/,
 * so the labs built per test file (and per mutant in mutation testing) do not spend most of their
 * time generating RSA keys. Certificates are still issued by OpenSSL per run. A key whose file is
 * missing is generated as createKey does. Test-only keys: they protect nothing.
 */
export const FIXTURE_KEYS = resolve(import.meta.dirname, '../fixtures/keys');

export const keySpecLabel = (spec: KeySpec): string => (spec.type === 'rsa' ? `rsa${spec.bits}` : `ec-${spec.curve.toLowerCase()}`);

export async function fixtureKey(dir: string, set: string, name: string, spec: KeySpec): Promise<GeneratedKey> {
  const fixture = join(FIXTURE_KEYS, set, `${name}.${keySpecLabel(spec)}.key`);
  const path = join(dir, `${name}.key`);
  try {
    await copyFile(fixture, path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    return createKey(dir, name, spec);
  }
  return { spec, path, pem: await readFile(path, 'utf8') };
}

export interface CertificateSpec {
  /** File stem for the outputs. */
  name: string;
  /** OpenSSL -subj syntax, e.g. `/C=US/O=Test/CN=Test Root`. */
  subject: string;
  key: GeneratedKey;
  /** Absent: self-signed. */
  issuer?: GeneratedCertificate;
  notBefore?: Date;
  notAfter?: Date;
  /** Lines of an OpenSSL extension section (`basicConstraints = critical,CA:TRUE`); none gives a v1 certificate. */
  extensions?: string[];
  /** sha1 only to test how weak signatures are reported. */
  digest?: 'sha1' | 'sha256' | 'sha384' | 'sha512';
}

export interface GeneratedCertificate {
  name: string;
  subject: string;
  key: GeneratedKey;
  pemPath: string;
  derPath: string;
  pem: string;
  der: Buffer;
}

const DAY_MS = 86_400_000;

/** OpenSSL `ca` date syntax; it picks UTCTime or GeneralizedTime as RFC 5280 requires. */
function caDate(date: Date): string {
  return `${date.toISOString().replace(/[-:T]/g, '').slice(0, 14)}Z`;
}

/** Issues through `openssl ca`, the one OpenSSL 3.0 command that takes explicit start and end dates. */
export async function issueCertificate(dir: string, spec: CertificateSpec): Promise<GeneratedCertificate> {
  const work = join(dir, `.ca-${spec.name}`);
  await mkdir(work, { recursive: true });
  const config = join(work, 'ca.cnf');
  await writeFile(join(work, 'index.txt'), '');
  await writeFile(
    config,
    [
      '[ca]',
      'default_ca = ca_default',
      '[ca_default]',
      `database = ${join(work, 'index.txt')}`,
      `new_certs_dir = ${work}`,
      'rand_serial = yes',
      'unique_subject = no',
      'policy = policy_anything',
      '[policy_anything]',
      'commonName = optional',
      '[ext]',
      ...(spec.extensions ?? []),
      '',
    ].join('\n'),
  );
  const csr = join(work, 'request.csr');
  await openssl(['req', '-new', '-key', spec.key.path, '-subj', spec.subject, '-out', csr]);
  const notBefore = spec.notBefore ?? new Date(Date.now() - DAY_MS);
  const notAfter = spec.notAfter ?? new Date(Date.now() + 365 * DAY_MS);
  const pemPath = join(dir, `${spec.name}.pem`);
  const signer = spec.issuer
    ? ['-cert', spec.issuer.pemPath, '-keyfile', spec.issuer.key.path]
    : ['-selfsign', '-keyfile', spec.key.path];
  const extensions = spec.extensions && spec.extensions.length > 0 ? ['-extfile', config, '-extensions', 'ext'] : [];
  await openssl([
    'ca', '-config', config, '-batch', '-notext', '-preserveDN', '-in', csr, '-out', pemPath,
    '-startdate', caDate(notBefore), '-enddate', caDate(notAfter), '-md', spec.digest ?? 'sha256',
    ...signer, ...extensions,
  ]);
  // The DER is the PEM's base64 body (RFC 7468); decoded here rather than by one more openssl run per certificate.
  const pem = await readFile(pemPath, 'utf8');
  const body = /-----BEGIN CERTIFICATE-----([\s\S]+?)-----END CERTIFICATE-----/.exec(pem)?.[1];
  if (body === undefined) throw new Error(`openssl ca wrote no certificate to ${pemPath}`);
  const der = Buffer.from(body.replace(/\s+/g, ''), 'base64');
  const derPath = join(dir, `${spec.name}.der`);
  await writeFile(derPath, der);
  return { name: spec.name, subject: spec.subject, key: spec.key, pemPath, derPath, pem, der };
}

export type Pkcs12Mode = 'modern' | 'legacy-3des' | 'legacy-rc2';

export interface Pkcs12Spec {
  name: string;
  password: string;
  mode: Pkcs12Mode;
  /** The certificate whose key goes in (omit `certificate` for a key-only PFX). */
  key?: GeneratedKey;
  certificate?: GeneratedCertificate;
  chain?: GeneratedCertificate[];
}

/**
 * modern: OpenSSL 3 default (PBES2/PBKDF2/AES-256-CBC, SHA-256 MAC).
 * legacy-3des: 3DES for certificates and key, SHA-1 MAC (Windows "TripleDES-SHA1").
 * legacy-rc2: OpenSSL `-legacy` (RC2-40 certificates, 3DES key, SHA-1 MAC), needs the legacy provider.
 */
export async function createPkcs12(dir: string, spec: Pkcs12Spec): Promise<string> {
  const path = join(dir, `${spec.name}.pfx`);
  const bundle = join(dir, `.${spec.name}-in.pem`);
  await writeFile(bundle, [spec.certificate, ...(spec.chain ?? [])].filter((c) => c !== undefined).map((c) => c.pem).join(''));
  const modes: Record<Pkcs12Mode, string[]> = {
    modern: [],
    'legacy-3des': ['-certpbe', 'PBE-SHA1-3DES', '-keypbe', 'PBE-SHA1-3DES', '-macalg', 'sha1'],
    'legacy-rc2': ['-legacy'],
  };
  const content = spec.certificate ? ['-in', bundle] : ['-nocerts'];
  const key = spec.key ? ['-inkey', spec.key.path] : ['-nokeys'];
  await openssl(['pkcs12', '-export', ...content, ...key, ...modes[spec.mode], '-passout', `pass:${spec.password}`, '-out', path]);
  return path;
}

export interface IseNodeCertificate {
  key: GeneratedKey;
  certificate: GeneratedCertificate;
  /** The node's certificate and key as ISE exports them: a .pfx protected by the given password. */
  pfx: string;
}

/**
 * ISE node system certificates as the live tests need them: an internal CA ("Example ISE CA")
 * and, per name, an RSA 2048 certificate for server and client authentication with the given
 * CN, exported as a .pfx (with the CA in it when `pfxChain` is set).
 */
export async function createIseNodes<N extends string>(
  dir: string,
  nodes: Record<N, string>,
  options: { password: string; pfxChain?: boolean },
): Promise<{ ca: GeneratedCertificate; nodes: Record<N, IseNodeCertificate> }> {
  const names = Object.keys(nodes) as N[];
  const [caKey, ...keys] = await Promise.all([
    createKey(dir, 'ise-ca', { type: 'rsa', bits: 2048 }),
    ...names.map((name) => createKey(dir, name, { type: 'rsa', bits: 2048 })),
  ]);
  const ca = await issueCertificate(dir, { name: 'ise-ca', subject: '/O=Example/CN=Example ISE CA', key: caKey, extensions: ['basicConstraints = critical,CA:TRUE', 'keyUsage = critical,keyCertSign,cRLSign'] });
  const leaf = ['basicConstraints = critical,CA:FALSE', 'keyUsage = critical,digitalSignature,keyEncipherment', 'extendedKeyUsage = serverAuth,clientAuth'];
  const made = await Promise.all(
    names.map(async (name, index) => {
      const key = keys[index] as GeneratedKey;
      const certificate = await issueCertificate(dir, { name, subject: `/O=Example/CN=${nodes[name]}`, key, issuer: ca, extensions: leaf });
      const pfx = await createPkcs12(dir, { name, password: options.password, mode: 'modern', key, certificate, ...(options.pfxChain ? { chain: [ca] } : {}) });
      return [name, { key, certificate, pfx }] as const;
    }),
  );
  return { ca, nodes: Object.fromEntries(made) as Record<N, IseNodeCertificate> };
}

/** `openssl crl2pkcs7 -nocrl`: a certificates-only PKCS#7, PEM or DER. */
export async function createPkcs7(dir: string, name: string, certificates: GeneratedCertificate[], encoding: 'pem' | 'der'): Promise<string> {
  const path = join(dir, `${name}.p7b`);
  const certfiles = certificates.flatMap((certificate) => ['-certfile', certificate.pemPath]);
  await openssl(['crl2pkcs7', '-nocrl', ...certfiles, '-outform', encoding.toUpperCase(), '-out', path]);
  return path;
}

export async function createCsr(dir: string, name: string, key: GeneratedKey, subject: string): Promise<string> {
  const path = join(dir, `${name}.csr`);
  await openssl(['req', '-new', '-key', key.path, '-subj', subject, '-out', path]);
  return path;
}

/** An empty CRL signed by `issuer` (PEM). */
export async function createCrl(dir: string, name: string, issuer: GeneratedCertificate): Promise<string> {
  const work = join(dir, `.crl-${name}`);
  await mkdir(work, { recursive: true });
  const config = join(work, 'ca.cnf');
  await writeFile(join(work, 'index.txt'), '');
  await writeFile(config, ['[ca]', 'default_ca = ca_default', '[ca_default]', `database = ${join(work, 'index.txt')}`, 'default_md = sha256', 'default_crl_days = 30', ''].join('\n'));
  const path = join(dir, `${name}.crl`);
  await openssl(['ca', '-config', config, '-gencrl', '-cert', issuer.pemPath, '-keyfile', issuer.key.path, '-out', path]);
  return path;
}

export interface Pki {
  dir: string;
  /** Password of every PFX below (non-ASCII on purpose: PBES2 and the PKCS#12 KDF encode it differently). */
  password: string;
  certs: {
    rsaRoot: GeneratedCertificate; // RSA 4096, self-signed CA
    rsaIntermediate: GeneratedCertificate; // RSA 2048, CA pathlen 0, AIA/CRL/policies
    rsaLeaf: GeneratedCertificate; // RSA 2048, every extension
    ecRoot: GeneratedCertificate; // P-384, ecdsa-with-SHA384
    ecIntermediate: GeneratedCertificate; // P-256 under the EC root
    ecLeaf: GeneratedCertificate; // P-256 leaf
    mixedLeaf: GeneratedCertificate; // EC P-256 leaf under the RSA intermediate
    rsaIntermediateTwin: GeneratedCertificate; // same subject and key as rsaIntermediate, issued by ecRoot
    bareRsa: GeneratedCertificate; // RSA 2048 self-signed v1, no extensions
    bareEc: GeneratedCertificate; // P-384 self-signed v1, no extensions
    expiredLeaf: GeneratedCertificate; // 2020-2021
    futureLeaf: GeneratedCertificate; // 2099-2100 (GeneralizedTime)
    selfSignedLeaf: GeneratedCertificate; // non-CA self-signed, like ISE's default certificate
  };
  files: {
    rsaChainPem: string; // leaf, intermediate, root
    ecChainPem: string;
    pfxModernRsa: string; // rsaLeaf + key + chain
    pfxModernEc: string; // ecLeaf + key + chain
    pfxLegacy3desRsa: string;
    pfxLegacy3desEc: string;
    pfxLegacyRc2Rsa: string | null; // null when this OpenSSL lacks the legacy provider
    pfxEmptyPassword: string; // bareRsa + key, password ''
    pfxNoCertificate: string; // key only
    pfxNoKey: string; // certificates only
    p7bEmptyPem: string;
    p7bEmptyDer: string;
    p7bOnePem: string;
    p7bOneDer: string;
    p7bChainPem: string;
    p7bChainDer: string;
    csr: string;
    crl: string;
    rsaKeyPkcs8: string; // "PRIVATE KEY"
    rsaKeyPkcs1: string; // "RSA PRIVATE KEY"
    ecKeySec1: string; // "EC PRIVATE KEY"
    encryptedKey: string; // "ENCRYPTED PRIVATE KEY"
    rsaKeyDer: string;
  };
}

export async function createPki(dir: string): Promise<Pki> {
  await mkdir(dir, { recursive: true });
  const [rsa4096, rsaInt, rsaLeafKey, ecRootKey, ecIntKey, ecLeafKey, mixedKey, bareRsaKey, bareEcKey, spareKey] = await Promise.all([
    fixtureKey(dir, 'certs', 'rsa-root', { type: 'rsa', bits: 4096 }),
    fixtureKey(dir, 'certs', 'rsa-intermediate', { type: 'rsa', bits: 2048 }),
    fixtureKey(dir, 'certs', 'rsa-leaf', { type: 'rsa', bits: 2048 }),
    fixtureKey(dir, 'certs', 'ec-root', { type: 'ec', curve: 'P-384' }),
    fixtureKey(dir, 'certs', 'ec-intermediate', { type: 'ec', curve: 'P-256' }),
    fixtureKey(dir, 'certs', 'ec-leaf', { type: 'ec', curve: 'P-256' }),
    fixtureKey(dir, 'certs', 'mixed-leaf', { type: 'ec', curve: 'P-256' }),
    fixtureKey(dir, 'certs', 'bare-rsa', { type: 'rsa', bits: 2048 }),
    fixtureKey(dir, 'certs', 'bare-ec', { type: 'ec', curve: 'P-384' }),
    fixtureKey(dir, 'certs', 'spare', { type: 'rsa', bits: 2048 }),
  ]);
  const caExtensions = (pathLen?: number): string[] => [
    `basicConstraints = critical,CA:TRUE${pathLen === undefined ? '' : `,pathlen:${pathLen}`}`,
    'keyUsage = critical,keyCertSign,cRLSign,digitalSignature',
    'subjectKeyIdentifier = hash',
  ];
  const issued = (path: string): string[] => [
    'authorityKeyIdentifier = keyid:always',
    `authorityInfoAccess = caIssuers;URI:http://pki.example.test/${path}.crt,OCSP;URI:http://ocsp.example.test/`,
    `crlDistributionPoints = URI:http://pki.example.test/${path}.crl`,
    'certificatePolicies = 2.23.140.1.2.1,1.3.6.1.4.1.55555.1.2',
  ];
  const leafExtensions = (host: string): string[] => [
    'basicConstraints = critical,CA:FALSE',
    'keyUsage = critical,digitalSignature,keyEncipherment',
    'extendedKeyUsage = serverAuth,clientAuth,1.3.6.1.4.1.55555.3.1',
    'subjectKeyIdentifier = hash',
    `subjectAltName = DNS:${host},DNS:*.${host},IP:10.1.2.3,IP:2001:db8::1,email:admin@${host},URI:https://${host}/`,
  ];

  const rsaRoot = await issueCertificate(dir, { name: 'rsa-root', subject: '/C=US/O=Test PKI/CN=Test RSA Root', key: rsa4096, extensions: caExtensions(), notAfter: new Date(Date.now() + 3650 * DAY_MS) });
  const ecRoot = await issueCertificate(dir, { name: 'ec-root', subject: '/C=US/O=Test PKI/CN=Test ECC Root', key: ecRootKey, extensions: caExtensions(), digest: 'sha384' });
  const [rsaIntermediate, rsaIntermediateTwin, ecIntermediate] = await Promise.all([
    issueCertificate(dir, { name: 'rsa-intermediate', subject: '/C=US/O=Test PKI/CN=Test RSA Issuing CA 01', key: rsaInt, issuer: rsaRoot, extensions: [...caExtensions(0), ...issued('rsa-root')] }),
    issueCertificate(dir, { name: 'rsa-intermediate-twin', subject: '/C=US/O=Test PKI/CN=Test RSA Issuing CA 01', key: rsaInt, issuer: ecRoot, extensions: [...caExtensions(0), ...issued('ec-root')], digest: 'sha384' }),
    issueCertificate(dir, { name: 'ec-intermediate', subject: '/C=US/O=Test PKI/CN=Test ECC Issuing CA 01', key: ecIntKey, issuer: ecRoot, extensions: [...caExtensions(0), ...issued('ec-root')], digest: 'sha384' }),
  ]);
  const now = Date.now();
  const [rsaLeaf, ecLeaf, mixedLeaf, bareRsa, bareEc, expiredLeaf, futureLeaf, selfSignedLeaf] = await Promise.all([
    issueCertificate(dir, { name: 'rsa-leaf', subject: '/C=US/O=Test PKI/CN=ise01.example.test', key: rsaLeafKey, issuer: rsaIntermediate, extensions: [...leafExtensions('ise01.example.test'), ...issued('rsa-intermediate')] }),
    issueCertificate(dir, { name: 'ec-leaf', subject: '/C=US/O=Test PKI/CN=ise02.example.test', key: ecLeafKey, issuer: ecIntermediate, extensions: [...leafExtensions('ise02.example.test'), ...issued('ec-intermediate')] }),
    issueCertificate(dir, { name: 'mixed-leaf', subject: '/CN=ise03.example.test', key: mixedKey, issuer: rsaIntermediate, extensions: leafExtensions('ise03.example.test') }),
    issueCertificate(dir, { name: 'bare-rsa', subject: '/CN=Bare RSA', key: bareRsaKey }),
    issueCertificate(dir, { name: 'bare-ec', subject: '/CN=Bare EC', key: bareEcKey, digest: 'sha384' }),
    issueCertificate(dir, { name: 'expired-leaf', subject: '/CN=expired.example.test', key: rsaLeafKey, issuer: rsaIntermediate, extensions: leafExtensions('expired.example.test'), notBefore: new Date('2020-01-01T00:00:00Z'), notAfter: new Date('2021-01-01T00:00:00Z') }),
    issueCertificate(dir, { name: 'future-leaf', subject: '/CN=future.example.test', key: rsaLeafKey, issuer: rsaIntermediate, extensions: leafExtensions('future.example.test'), notBefore: new Date('2099-01-01T00:00:00Z'), notAfter: new Date('2100-01-01T00:00:00Z') }),
    issueCertificate(dir, { name: 'self-signed-leaf', subject: '/O=ISE/CN=ise-selfsigned.example.test', key: spareKey, extensions: leafExtensions('ise-selfsigned.example.test'), notAfter: new Date(now + 20 * DAY_MS) }),
  ]);

  const rsaChainPem = join(dir, 'rsa-chain.pem');
  await writeFile(rsaChainPem, rsaLeaf.pem + rsaIntermediate.pem + rsaRoot.pem);
  const ecChainPem = join(dir, 'ec-chain.pem');
  await writeFile(ecChainPem, ecLeaf.pem + ecIntermediate.pem + ecRoot.pem);

  const password = 'Pässwörd-1';
  const legacyAvailable = await openssl(['list', '-providers', '-provider', 'legacy']).then(() => true, () => false);
  const pfx = (name: string, mode: Pkcs12Mode, leaf: GeneratedCertificate, chain: GeneratedCertificate[]): Promise<string> =>
    createPkcs12(dir, { name, password, mode, key: leaf.key, certificate: leaf, chain });
  const [pfxModernRsa, pfxModernEc, pfxLegacy3desRsa, pfxLegacy3desEc, pfxLegacyRc2Rsa, pfxEmptyPassword, pfxNoCertificate, pfxNoKey] = await Promise.all([
    pfx('modern-rsa', 'modern', rsaLeaf, [rsaIntermediate, rsaRoot]),
    pfx('modern-ec', 'modern', ecLeaf, [ecIntermediate, ecRoot]),
    pfx('legacy-3des-rsa', 'legacy-3des', rsaLeaf, [rsaIntermediate, rsaRoot]),
    pfx('legacy-3des-ec', 'legacy-3des', ecLeaf, [ecIntermediate]),
    legacyAvailable ? pfx('legacy-rc2-rsa', 'legacy-rc2', rsaLeaf, [rsaIntermediate]) : Promise.resolve(null),
    createPkcs12(dir, { name: 'empty-password', password: '', mode: 'modern', key: bareRsa.key, certificate: bareRsa }),
    createPkcs12(dir, { name: 'no-certificate', password, mode: 'modern', key: rsaLeafKey }),
    createPkcs12(dir, { name: 'no-key', password, mode: 'modern', certificate: rsaRoot, chain: [ecRoot] }),
  ]);

  const [p7bEmptyPem, p7bEmptyDer, p7bOnePem, p7bOneDer, p7bChainPem, p7bChainDer] = await Promise.all([
    createPkcs7(dir, 'empty-pem', [], 'pem'),
    createPkcs7(dir, 'empty-der', [], 'der'),
    createPkcs7(dir, 'one-pem', [ecLeaf], 'pem'),
    createPkcs7(dir, 'one-der', [ecLeaf], 'der'),
    createPkcs7(dir, 'chain-pem', [rsaLeaf, rsaIntermediate, rsaRoot], 'pem'),
    createPkcs7(dir, 'chain-der', [mixedLeaf, rsaIntermediate, rsaIntermediateTwin, ecRoot, rsaRoot], 'der'),
  ]);

  const rsaKeyPkcs1 = join(dir, 'rsa-pkcs1.key');
  const ecKeySec1 = join(dir, 'ec-sec1.key');
  const encryptedKey = join(dir, 'encrypted.key');
  const rsaKeyDer = join(dir, 'rsa-key.der');
  await Promise.all([
    openssl(['pkey', '-in', rsaLeafKey.path, '-traditional', '-out', rsaKeyPkcs1]),
    openssl(['ec', '-in', ecLeafKey.path, '-out', ecKeySec1]),
    openssl(['pkcs8', '-topk8', '-in', rsaLeafKey.path, '-v2', 'aes-256-cbc', '-passout', `pass:${password}`, '-out', encryptedKey]),
    openssl(['pkey', '-in', rsaLeafKey.path, '-outform', 'DER', '-out', rsaKeyDer]),
  ]);

  return {
    dir,
    password,
    certs: { rsaRoot, rsaIntermediate, rsaLeaf, ecRoot, ecIntermediate, ecLeaf, mixedLeaf, rsaIntermediateTwin, bareRsa, bareEc, expiredLeaf, futureLeaf, selfSignedLeaf },
    files: {
      rsaChainPem,
      ecChainPem,
      pfxModernRsa,
      pfxModernEc,
      pfxLegacy3desRsa,
      pfxLegacy3desEc,
      pfxLegacyRc2Rsa,
      pfxEmptyPassword,
      pfxNoCertificate,
      pfxNoKey,
      p7bEmptyPem,
      p7bEmptyDer,
      p7bOnePem,
      p7bOneDer,
      p7bChainPem,
      p7bChainDer,
      csr: await createCsr(dir, 'request', rsaLeafKey, '/CN=ise01.example.test'),
      crl: await createCrl(dir, 'intermediate', rsaIntermediate),
      rsaKeyPkcs8: rsaLeafKey.path,
      rsaKeyPkcs1,
      ecKeySec1,
      encryptedKey,
      rsaKeyDer,
    },
  };
}

/** The Intune device GUID and the strong-mapping SID the device certificates carry. */
export const DEVICE_GUID = '3f2b9c4e-7a1d-4e8b-9c0f-12ab34cd56ef';
export const DEVICE_SID = 'S-1-5-21-1004336348-1177238915-682003330-512';

export interface DeviceCertificates {
  /** The issuing CA of the Intune SCEP profile ("Example Intune Issuing CA"). */
  ca: GeneratedCertificate;
  /** An unrelated CA, to stand for an ISE trust store that lacks the issuer. */
  otherCa: GeneratedCertificate;
  /** The issuing CA's name on another key: names chain to it, the signature does not verify. */
  impostorCa: GeneratedCertificate;
  /** The issuing CA's key under another name: the signature verifies, the names do not chain. */
  renamedCa: GeneratedCertificate;
  /** URI ID:Microsoft Endpoint Manager:GUID:<GUID> and the SID tag, clientAuth, valid 2026-2036. */
  good: GeneratedCertificate;
  /** The GUID URI only (no SID), in upper case. */
  goodNoSid: GeneratedCertificate;
  /** DNS and email names only: no URI in the SAN. */
  noUri: GeneratedCertificate;
  /** A URI that is not the Intune form (IntuneDeviceId:<GUID>) next to the SID tag. */
  wrongPrefix: GeneratedCertificate;
  /** The variable left as typed: ID:Microsoft Endpoint Manager:GUID:{{DeviceId}}. */
  templateLeft: GeneratedCertificate;
  /** Right prefix, GUID cut short. */
  shortGuid: GeneratedCertificate;
  /** Good URI but serverAuth only. */
  serverAuthOnly: GeneratedCertificate;
  /** Good URI, expired in 2021. */
  expired: GeneratedCertificate;
  files: { goodPfx: string; goodP7b: string; goodDer: string; password: string };
}

/**
 * Endpoint certificates as an Intune SCEP/PKCS profile issues them, with good and bad SAN URIs
 * (DOMAIN.md "Device identifier"). Dates are fixed (2026-01-01 to 2036-01-01, the expired one
 * 2020-2021): tests check them with their own clock.
 */
export async function createDeviceCertificates(dir: string): Promise<DeviceCertificates> {
  await mkdir(dir, { recursive: true });
  const [caKey, otherKey, deviceKey] = await Promise.all([
    fixtureKey(dir, 'device', 'intune-ca', { type: 'rsa', bits: 2048 }),
    fixtureKey(dir, 'device', 'other-ca', { type: 'ec', curve: 'P-256' }),
    fixtureKey(dir, 'device', 'device', { type: 'ec', curve: 'P-256' }),
  ]);
  const caExtensions = ['basicConstraints = critical,CA:TRUE', 'keyUsage = critical,keyCertSign,cRLSign'];
  const notBefore = new Date('2026-01-01T00:00:00Z');
  const notAfter = new Date('2036-01-01T00:00:00Z');
  const [ca, otherCa, impostorCa, renamedCa] = await Promise.all([
    issueCertificate(dir, { name: 'intune-ca', subject: '/O=Example/CN=Example Intune Issuing CA', key: caKey, extensions: caExtensions, notBefore, notAfter }),
    issueCertificate(dir, { name: 'other-ca', subject: '/O=Example/CN=Example Other CA', key: otherKey, extensions: caExtensions, notBefore, notAfter }),
    issueCertificate(dir, { name: 'impostor-ca', subject: '/O=Example/CN=Example Intune Issuing CA', key: otherKey, extensions: caExtensions, notBefore, notAfter }),
    issueCertificate(dir, { name: 'renamed-ca', subject: '/O=Example/CN=Example Renamed CA', key: caKey, extensions: caExtensions, notBefore, notAfter }),
  ]);
  const device = (name: string, uris: string[], options: { eku?: string; dns?: boolean; notBefore?: Date; notAfter?: Date } = {}) =>
    issueCertificate(dir, {
      name,
      subject: `/CN=${name}.devices.example.test`,
      key: deviceKey,
      issuer: ca,
      notBefore: options.notBefore ?? notBefore,
      notAfter: options.notAfter ?? notAfter,
      extensions: [
        'basicConstraints = critical,CA:FALSE',
        'keyUsage = critical,digitalSignature',
        `extendedKeyUsage = ${options.eku ?? 'clientAuth'}`,
        'subjectAltName = @san',
        '[san]',
        `DNS.1 = ${name}.devices.example.test`,
        ...(options.dns ? ['email.1 = user@example.test'] : []),
        ...uris.map((uri, index) => `URI.${index + 1} = ${uri}`),
      ],
    });
  const guidUri = `ID:Microsoft Endpoint Manager:GUID:${DEVICE_GUID}`;
  const sidUri = `tag:microsoft.com,2022-09-14:sid:${DEVICE_SID}`;
  const [good, goodNoSid, noUri, wrongPrefix, templateLeft, shortGuid, serverAuthOnly, expired] = await Promise.all([
    device('good', [sidUri, guidUri]),
    device('good-no-sid', [`ID:Microsoft Endpoint Manager:GUID:${DEVICE_GUID.toUpperCase()}`]),
    device('no-uri', [], { dns: true }),
    device('wrong-prefix', [`IntuneDeviceId:${DEVICE_GUID}`, sidUri]),
    device('template-left', ['ID:Microsoft Endpoint Manager:GUID:{{DeviceId}}']),
    device('short-guid', [`ID:Microsoft Endpoint Manager:GUID:${DEVICE_GUID.slice(0, 30)}`]),
    device('server-auth-only', [guidUri], { eku: 'serverAuth' }),
    device('expired', [guidUri], { notBefore: new Date('2020-01-01T00:00:00Z'), notAfter: new Date('2021-01-01T00:00:00Z') }),
  ]);
  const password = 'device-secret';
  const goodPfx = await createPkcs12(dir, { name: 'good-device', password, mode: 'modern', key: deviceKey, certificate: good, chain: [ca] });
  const goodP7b = await createPkcs7(dir, 'good-device', [ca, good], 'der');
  return { ca, otherCa, impostorCa, renamedCa, good, goodNoSid, noUri, wrongPrefix, templateLeft, shortGuid, serverAuthOnly, expired, files: { goodPfx, goodP7b, goodDer: good.derPath, password } };
}
