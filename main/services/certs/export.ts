/**
 * Certificates out, in the forms ISE and Entra take: PEM ("BASE64" in ISE's import dialog),
 * DER, a PKCS#7 bundle, or the single base64 line of the manifest `value`/`key`.
 * Certificate exports never contain a private key; exporting a key is its own function,
 * encrypted with a passphrase the user chose.
 */
import { join } from 'node:path';
import type { CertificateInfo, ExportedFile, ExportFormat } from '../../../preload/types/certs';
import { ServiceError } from '../errors';
import { writeFileAtomic, type WriteResult } from '../files';
import { defaultBundleName, defaultFileNames } from './file-names';
import type { KeyVault } from './key-vault';
import { toPem } from './pem';
import { buildPkcs7 } from './pkcs7';

export interface ExportFile extends ExportedFile {
  data: Buffer;
}

/** The bytes of one file holding `certificates` (in the given order) in `format`. */
export function encodeCertificates(certificates: CertificateInfo[], format: ExportFormat): Buffer {
  const ders = certificates.map((info) => Buffer.from(info.base64Der, 'base64'));
  switch (format) {
    case 'pem':
      return Buffer.from(ders.map((der) => toPem(der)).join(''), 'ascii');
    case 'der':
      if (ders.length !== 1) {
        throw new ServiceError(
          'EXPORT_DER_SINGLE',
          'A DER file holds exactly one certificate. Export one file per certificate, or choose PEM or PKCS#7 for a bundle.',
        );
      }
      return ders[0] as Buffer;
    case 'p7b':
      return buildPkcs7(ders);
    case 'base64':
      return Buffer.from(ders.map((der) => `${der.toString('base64')}\n`).join(''), 'ascii');
  }
}

/**
 * The files an export produces: one per certificate, or one bundle. Names default to the CN
 * (see file-names.ts); a bundle can be given its own name.
 */
export function planExport(
  certificates: CertificateInfo[],
  format: ExportFormat,
  options: { bundle: boolean; bundleName?: string },
): ExportFile[] {
  if (certificates.length === 0) throw new ServiceError('EXPORT_NOTHING', 'Choose at least one certificate to export.');
  if (options.bundle) {
    return [
      {
        fileName: options.bundleName ?? defaultBundleName(certificates, format),
        certificates: certificates.map((info) => info.thumbprints.sha256),
        data: encodeCertificates(certificates, format),
      },
    ];
  }
  const names = defaultFileNames(certificates, format);
  return certificates.map((info, index) => ({
    fileName: names[index] as string,
    certificates: [info.thumbprints.sha256],
    data: encodeCertificates([info], format),
  }));
}

/** Writes planned files into `folder`, atomically, keeping a backup of any file replaced. */
export async function writeExport(folder: string, files: ExportFile[]): Promise<WriteResult[]> {
  const results: WriteResult[] = [];
  for (const file of files) {
    const path = join(folder, file.fileName);
    try {
      results.push(await writeFileAtomic(path, file.data, { backup: true }));
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      const reason = code === 'ENOENT' ? 'the folder does not exist' : code === 'EACCES' || code === 'EPERM' ? 'permission denied' : (error as Error).message;
      throw new ServiceError('WRITE_FAILED', `Could not write ${path}: ${reason}.`);
    }
  }
  return results;
}

const MIN_PASSPHRASE = 8;

/**
 * The private key as encrypted PKCS#8 PEM (PBES2, AES-256-CBC): for moving ISE's key to a
 * tool that signs tokens. Only on explicit request; the passphrase is the user's, never stored.
 */
export function exportPrivateKey(vault: KeyVault, keyId: string, passphrase: string): string {
  const key = vault.get(keyId);
  if (!key) throw new ServiceError('KEY_NOT_FOUND', 'That private key is no longer loaded. Open the .pfx file again.');
  if (passphrase.length < MIN_PASSPHRASE) {
    throw new ServiceError('KEY_PASSPHRASE_TOO_SHORT', `Choose a passphrase of at least ${MIN_PASSPHRASE} characters to protect the exported private key.`);
  }
  return key.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase }) as string;
}
