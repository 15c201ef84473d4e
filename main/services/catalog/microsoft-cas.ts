/**
 * The offline CA catalog: the bundled Microsoft/DigiCert CAs plus CA files the user added
 * (kept in the data folder, because bundled lists decay: DOMAIN.md). Status is computed for
 * the `now` given, never stored, so an entry turns "expired" on its date by itself.
 */
import type { X509Certificate } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { z } from 'zod';
import type { CertificateInfo } from '../../../preload/types/certs';
import type { CatalogAddResult, CatalogEntry, CatalogGeneration } from '../../../preload/types/chains';
import { computeThumbprints, describeCertificate, loadCertificateFile } from '../certs';
import { ServiceError, isServiceError } from '../errors';
import { writeFileAtomic } from '../files';
import { parsedCertificate, verifiesWith } from '../tls/certificate-cache';
import { bundledCaFiles } from './bundled-files';
import { certificateLabel } from '../../../preload/labels';

export const USER_CATALOG_FILE = 'user-ca-certificates.json';

/** Facts from DOMAIN.md that an admin should read next to the entry. */
const NOTES: Record<string, string> = {
  'baltimore_cybertrust_root.pem':
    'Microsoft moved off Baltimore CyberTrust Root in 2020-2023 and it expired on 2025-05-12: do not import it for Intune any more.',
  'microsoft_tls_rsa_root_g2.pem':
    'Newer Microsoft root (rotation under way 2025-2026); Microsoft does not say yet whether the login, Graph and Intune hosts use it: check the live chain.',
};

/** Which generation a CA belongs to, from its name (and Baltimore-era issuer) as Microsoft's page lists them. */
export function catalogGeneration(certificate: CertificateInfo, origin: CatalogEntry['origin']): CatalogGeneration {
  if (origin === 'user') return 'user';
  const name = certificate.subjectCN;
  if (/^Microsoft TLS (RSA|ECC) Root G2$|^Microsoft TLS G2 (RSA|ECC) CA OCSP/.test(name)) return 'tls-g2';
  if (/^Microsoft (RSA|ECC) Root Certificate Authority 2017$|^Microsoft Azure (RSA |ECC )?TLS Issuing CA/.test(name)) return 'azure-2020';
  if (name === 'Baltimore CyberTrust Root' || certificate.issuerCN === 'Baltimore CyberTrust Root') return 'baltimore';
  return 'digicert';
}

const XSIGN_NOTE =
  'Cross-signed ("xsign") twin under a DigiCert root: same subject and key as the version issued by the Microsoft root, different issuer and thumbprint.';

const storedFile = z.object({
  version: z.literal(1),
  certificates: z.array(z.object({ pem: z.string(), source: z.string(), file: z.string(), addedAt: z.string() })),
});
type StoredCatalog = z.infer<typeof storedFile>;

interface ParsedBundled {
  file: string;
  source: string;
  der: Buffer;
}

let bundledDers: ParsedBundled[] | undefined;

function pemToDer(pem: string): Buffer {
  return Buffer.from(pem.replace(/-----(BEGIN|END) CERTIFICATE-----|\s/g, ''), 'base64');
}

function bundled(): ParsedBundled[] {
  bundledDers ??= bundledCaFiles().map(({ file, source, pem }) => ({ file, source, der: pemToDer(pem) }));
  return bundledDers;
}

/**
 * Whether a parsed certificate is self-signed, kept with the parsed object (certificate-cache.ts
 * keeps one per distinct DER), so the catalog, loaded on every chain fetch, does not re-verify
 * its roots' signatures (~1.4 ms for each ECDSA P-384 root) each time.
 */
const selfSignedOf = new WeakMap<X509Certificate, boolean>();

/**
 * `describeCertificate(der, now)`, parsing each distinct certificate once per process and
 * verifying its self-signature once. Bytes that do not parse get describeCertificate's error.
 */
function describeCached(der: Buffer, now: Date): CertificateInfo {
  let x509: X509Certificate, subject: string, issuer: string;
  try {
    ({ x509, subject, issuer } = parsedCertificate(der));
  } catch {
    return describeCertificate(der, now);
  }
  let selfSigned = selfSignedOf.get(x509);
  if (selfSigned === undefined) {
    selfSigned = subject === issuer && verifiesWith(x509, x509);
    selfSignedOf.set(x509, selfSigned);
  }
  return describeCertificate(der, now, x509, { selfSigned });
}

function toEntry(certificate: CertificateInfo, origin: CatalogEntry['origin'], file: string, source: string, note: string | null): CatalogEntry {
  return {
    id: certificate.thumbprints.sha256,
    generation: catalogGeneration(certificate, origin),
    name: certificateLabel(certificate),
    role: certificate.selfSigned ? 'root' : 'intermediate',
    origin,
    source,
    file,
    status: certificate.status,
    note,
    certificate,
  };
}

/** DER of the bundled CAs, without describing them (chain completion needs only the bytes). */
export function bundledCatalogDers(): Buffer[] {
  return bundled().map((entry) => entry.der);
}

/** The bundled Microsoft and DigiCert CAs, each with its status as of `now`. */
export function bundledCatalog(now: Date): CatalogEntry[] {
  return bundled().map(({ file, source, der }) => {
    const note = NOTES[file] ?? (file.includes('_xsign') ? XSIGN_NOTE : null);
    return toEntry(describeCached(der, now), 'bundled', file, source, note);
  });
}

/** The bundled CAs plus those the user added in `dataFolder` (none when null). */
export async function loadCatalog(dataFolder: string | null, now: Date): Promise<CatalogEntry[]> {
  const entries = bundledCatalog(now);
  if (dataFolder === null) return entries;
  const known = new Set(entries.map((entry) => entry.id));
  for (const stored of (await readUserCatalog(dataFolder)).certificates) {
    const certificate = describeCached(pemToDer(stored.pem), now);
    if (known.has(certificate.thumbprints.sha256)) continue;
    known.add(certificate.thumbprints.sha256);
    entries.push(toEntry(certificate, 'user', stored.file, stored.source, null));
  }
  return entries;
}

async function readUserCatalog(dataFolder: string): Promise<StoredCatalog> {
  const path = join(dataFolder, USER_CATALOG_FILE);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { version: 1, certificates: [] };
    throw new ServiceError('CATALOG_UNREADABLE', `The list of added CA certificates (${path}) cannot be read: ${(error as Error).message}.`);
  }
  try {
    return storedFile.parse(JSON.parse(text));
  } catch {
    throw new ServiceError(
      'CATALOG_UNREADABLE',
      `The list of added CA certificates (${path}) is damaged. Move it away and add the CA files again.`,
    );
  }
}

/**
 * Adds the CA certificates of `paths` (any format the certificate core reads) to the user's
 * catalog. Leaf certificates, duplicates and unreadable files are skipped with a reason.
 */
export async function addUserCaFiles(dataFolder: string, paths: string[], now: Date): Promise<CatalogAddResult> {
  const stored = await readUserCatalog(dataFolder);
  const existing = await loadCatalog(dataFolder, now);
  const known = new Map(existing.map((entry) => [entry.id, entry]));
  const result: CatalogAddResult = { added: [], skipped: [] };
  for (const path of paths) {
    let certificates: CertificateInfo[];
    try {
      certificates = (await loadCertificateFile(path, { now })).certificates.map((loaded) => loaded.info);
    } catch (error) {
      if (!isServiceError(error)) throw error;
      result.skipped.push({ file: path, code: error.code, reason: error.message });
      continue;
    }
    for (const certificate of certificates) {
      const name = certificateLabel(certificate);
      const already = known.get(certificate.thumbprints.sha256);
      if (already) {
        result.skipped.push({
          file: path,
          code: already.origin === 'bundled' ? 'CATALOG_ALREADY_BUNDLED' : 'CATALOG_ALREADY_ADDED',
          name,
          ...(already.origin === 'user' ? { addedFrom: already.file } : {}),
          reason: `${name} is already in the catalog (${already.origin === 'bundled' ? 'bundled' : `added from ${already.file}`}).`,
        });
        continue;
      }
      if (!certificate.isCA && !certificate.selfSigned) {
        result.skipped.push({ file: path, code: 'CATALOG_NOT_A_CA', name, reason: `${name} is not a CA certificate (it cannot issue others), so it cannot complete a chain.` });
        continue;
      }
      stored.certificates.push({ pem: certificate.pem, source: path, file: basename(path), addedAt: now.toISOString() });
      const entry = toEntry(certificate, 'user', basename(path), path, null);
      known.set(entry.id, entry);
      result.added.push(entry);
    }
  }
  if (result.added.length > 0) await writeUserCatalog(dataFolder, stored);
  return result;
}

/** Removes a certificate the user added (bundled ones cannot be removed). */
export async function removeUserCa(dataFolder: string, id: string): Promise<boolean> {
  const stored = await readUserCatalog(dataFolder);
  const kept = stored.certificates.filter((entry) => computeThumbprints(pemToDer(entry.pem)).sha256 !== id.toUpperCase());
  if (kept.length === stored.certificates.length) return false;
  await writeUserCatalog(dataFolder, { version: 1, certificates: kept });
  return true;
}

/** Atomic, without backups: the app owns this file and rewrites it on every change. */
async function writeUserCatalog(dataFolder: string, stored: StoredCatalog): Promise<void> {
  try {
    await mkdir(dataFolder, { recursive: true });
    await writeFileAtomic(join(dataFolder, USER_CATALOG_FILE), `${JSON.stringify(stored, null, 2)}\n`, { backup: false });
  } catch (error) {
    throw new ServiceError('CATALOG_WRITE_FAILED', `The added CA certificates could not be saved in ${dataFolder}: ${(error as Error).message}.`);
  }
}
