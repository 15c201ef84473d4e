/**
 * Which CA certificates of a chain ISE already trusts. The admin exports ISE's trusted
 * certificates (or drops the files); a CA counts as present when ISE holds the same
 * certificate (SHA-1, the fingerprint ISE shows) or one with the same subject and key, which
 * Java's path builder accepts as the same trust anchor (the other cross-signed twin).
 */
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { CertificateInfo } from '../../../preload/types/certs';
import type { IseStoreMatch, TrustStoreGap } from '../../../preload/types/chains';
import { loadCertificateFile } from '../certs';
import { ServiceError, isServiceError } from '../errors';
import { subjectKey } from './ise-needs';

export interface IseTrustStore {
  certificates: CertificateInfo[];
  /** Files that held no usable certificate, with the reason. */
  /** Files that held no certificate, with the loader's error code (for the user's language) and message. */
  problems: { file: string; code: string; message: string }[];
}

/** Loads ISE's trusted certificates from files and folders (one level deep, any format). */
export async function loadIseTrustStore(paths: string[], now: Date): Promise<IseTrustStore> {
  const store: IseTrustStore = { certificates: [], problems: [] };
  for (const path of paths) {
    const info = await stat(path).catch(() => null);
    if (info === null) throw new ServiceError('ISE_STORE_NOT_FOUND', `${path} does not exist. Give the file or folder of certificates exported from ISE.`);
    const files = info.isDirectory() ? (await readdir(path)).sort().map((name) => join(path, name)) : [path];
    for (const file of files) {
      if (info.isDirectory() && !(await stat(file)).isFile()) continue;
      try {
        store.certificates.push(...(await loadCertificateFile(file, { now })).certificates.map((loaded) => loaded.info));
      } catch (error) {
        if (!isServiceError(error)) throw error;
        store.problems.push({ file, code: error.code, message: error.message });
      }
    }
  }
  return store;
}

/** `chain` is leaf first; only its CA certificates (not the leaf) are looked for. */
export function findTrustStoreGap(chain: CertificateInfo[], iseStore: CertificateInfo[]): TrustStoreGap {
  const bySha1 = new Map(iseStore.map((certificate) => [certificate.thumbprints.sha1, certificate]));
  const bySubjectKey = new Map(iseStore.map((certificate) => [subjectKey(certificate), certificate]));
  const gap: TrustStoreGap = { present: [], missing: [] };
  for (const certificate of chain.slice(1)) {
    const same = bySha1.get(certificate.thumbprints.sha1);
    const twin = same ? undefined : bySubjectKey.get(subjectKey(certificate));
    const match: IseStoreMatch | null = same
      ? { certificate, matchedBy: 'sha1', iseCertificate: same.thumbprints.sha256 }
      : twin
        ? { certificate, matchedBy: 'subject-key', iseCertificate: twin.thumbprints.sha256 }
        : null;
    if (match) gap.present.push(match);
    else gap.missing.push(certificate);
  }
  return gap;
}
