/**
 * "Export for ISE": the chosen CA certificates as BASE64 (PEM) `.cer` files named after their
 * CN (twins disambiguated by issuer, see certs/file-names.ts), or one bundle, plus a short
 * ISE-import-steps.txt with the menu path, the friendly names and the box to tick. Files are
 * written atomically and an existing file is kept as a backup, never silently overwritten.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { IseExportResult, IseNeededCertificate } from '../../../preload/types/chains';
import { planExport, writeExport } from '../certs';
import { ServiceError } from '../errors';
import { writeFileAtomic } from '../files';

export const STEPS_FILE = 'ISE-import-steps.txt';
export const BUNDLE_FILE = 'ISE trusted CAs bundle.pem';
export const ISE_MENU_PATH = 'Administration > System > Certificates > Trusted Certificates > Import';

export interface IseExportOptions {
  /** One PEM file holding every certificate instead of one `.cer` per certificate. */
  bundle?: boolean;
  now: Date;
  notes?: string[];
}

export async function exportForIse(certificates: IseNeededCertificate[], folder: string, options: IseExportOptions): Promise<IseExportResult> {
  if (certificates.length === 0) throw new ServiceError('EXPORT_NOTHING', 'There is no CA certificate to export: ISE already has them all, or no chain was fetched.');
  try {
    await mkdir(folder, { recursive: true });
  } catch (error) {
    throw new ServiceError('WRITE_FAILED', `The folder ${folder} cannot be created: ${(error as Error).message}.`);
  }
  const infos = certificates.map((entry) => entry.certificate);
  const planned = planExport(infos, 'pem', options.bundle ? { bundle: true, bundleName: BUNDLE_FILE } : { bundle: false });
  const written = await writeExport(folder, planned);
  const files = planned.map((file, index) => ({
    path: join(folder, file.fileName),
    certificates: file.certificates,
    friendlyName: options.bundle ? certificates.map((entry) => entry.friendlyName).join(', ') : (certificates[index] as IseNeededCertificate).friendlyName,
  }));
  const stepsText = importSteps(certificates, planned.map((file) => file.fileName), options);
  const stepsPath = join(folder, STEPS_FILE);
  let stepsWrite;
  try {
    stepsWrite = await writeFileAtomic(stepsPath, stepsText, { backup: true });
  } catch (error) {
    throw new ServiceError('WRITE_FAILED', `Could not write ${stepsPath}: ${(error as Error).message}.`);
  }
  const backups = [...written, stepsWrite]
    .filter((result) => result.backupPath !== null)
    .map((result) => ({ path: result.path, backupPath: result.backupPath as string }));
  return { folder, files, stepsFile: stepsPath, backups };
}

/** The text admins follow in ISE's GUI; CRLF so that Windows Notepad shows it right. */
export function importSteps(certificates: IseNeededCertificate[], fileNames: string[], options: IseExportOptions): string {
  const lines = [
    'Import these CA certificates into Cisco ISE',
    `Written by ISE Intune Assistant on ${options.now.toISOString().slice(0, 10)}.`,
    '',
    `In the ISE admin portal open: ${ISE_MENU_PATH}`,
    'For each certificate below:',
    '  1. Certificate File: Browse to the file.',
    '  2. Friendly Name: type the name shown.',
    '  3. Tick "Trust for authentication of Cisco Services" (ISE uses it for its connections to Microsoft).',
    '  4. Leave the other boxes as they are and click Submit.',
    'If ISE answers that the certificate already exists, it is already trusted: skip it.',
    '',
  ];
  if (options.bundle) {
    lines.push(
      `All certificates are in one file, ${fileNames[0] ?? BUNDLE_FILE}. ISE imports one certificate per file:`,
      'for ISE, export again without "one bundle", or copy each BEGIN/END block into its own .cer file.',
      '',
    );
  }
  certificates.forEach((entry, index) => {
    const info = entry.certificate;
    lines.push(
      `${index + 1}. ${options.bundle ? `(in ${fileNames[0] ?? BUNDLE_FILE})` : fileNames[index] ?? ''}`,
      `   Friendly Name: ${entry.friendlyName}`,
      `   ${entry.role === 'root' ? 'Root CA' : 'Intermediate CA'}: ${info.subject}`,
      `   Issued by: ${info.issuer}`,
      `   SHA-1 fingerprint (as ISE shows it): ${info.thumbprints.sha1Colon}`,
      `   Valid until ${info.notAfter.slice(0, 10)}${info.status === 'valid' ? '' : ` (${info.status.toUpperCase()} as of ${options.now.toISOString().slice(0, 10)})`}`,
      `   Needed for: ${entry.targets.join(', ')}`,
      '',
    );
  });
  if (options.notes && options.notes.length > 0) lines.push('Notes:', ...options.notes.map((note) => `- ${note}`), '');
  return lines.join('\r\n');
}
