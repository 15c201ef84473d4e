/**
 * Default export file names from the certificate's CN, safe on Windows (where admins move
 * the files to ISE from): no reserved characters or device names, no trailing dot or space.
 */
import type { CertificateInfo, ExportFormat } from '../../../preload/types/certs';
import { certificateLabel } from '../../../preload/labels';

/** Windows' device names (COM0 and LPT0 included, and the console's CONIN$ and CONOUT$), with any extension. */
const RESERVED = /^(CON|PRN|AUX|NUL|CONIN\$|CONOUT\$|COM[0-9¹²³]|LPT[0-9¹²³])$/i;
/** Leaves room for " (issuer)", " 2" and the extension within Windows' 255-character component limit. */
const MAX_STEM = 120;

/** A file name stem (no extension) that every common file system accepts. */
export function safeFileStem(text: string, fallback = 'certificate'): string {
  let stem = text
    // eslint-disable-next-line no-control-regex
    .replace(/[\\/:*?"<>|\u0000-\u001f\u007f]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (stem.length > MAX_STEM) stem = stem.slice(0, MAX_STEM);
  stem = stem.replace(/[. ]+$/, '').replace(/^[. ]+/, '');
  if (stem === '') return fallback;
  // Windows treats "NUL.cer" (any extension) as the device too.
  const base = stem.split('.')[0] ?? stem;
  if (RESERVED.test(base.trim())) stem = `_${stem}`;
  return stem;
}

export const EXTENSIONS: Record<ExportFormat, string> = {
  pem: '.cer',
  der: '.cer',
  p7b: '.p7b',
  base64: '.txt',
};

function stemFor(info: CertificateInfo): string {
  return safeFileStem(certificateLabel(info));
}

/**
 * One name per certificate: `<CN>.cer`, or `<CN> (<issuer CN>).cer` when another certificate
 * of the set has the same CN (cross-signed twins), numbered if still not unique.
 */
export function defaultFileNames(certificates: CertificateInfo[], format: ExportFormat): string[] {
  const extension = EXTENSIONS[format];
  const stems = certificates.map(stemFor);
  const counts = countBy(stems);
  const named = certificates.map((info, index) => {
    const stem = stems[index] as string;
    return (counts.get(stem) ?? 0) > 1 ? safeFileStem(`${stem} (${info.issuerCN || 'unknown issuer'})`) : stem;
  });
  const seen = new Map<string, number>();
  return named.map((stem) => {
    const key = stem.toLowerCase(); // Windows and macOS file names ignore case
    const n = (seen.get(key) ?? 0) + 1;
    seen.set(key, n);
    return `${n === 1 ? stem : `${stem} ${n}`}${extension}`;
  });
}

/** A bundle is named after its first certificate (the leaf, when ordered leaf to root). */
export function defaultBundleName(certificates: CertificateInfo[], format: ExportFormat): string {
  const first = certificates[0];
  const stem = first ? stemFor(first) : 'certificates';
  const extension = format === 'pem' ? '.pem' : EXTENSIONS[format];
  return `${safeFileStem(`${stem} bundle`)}${extension}`;
}

function countBy(values: string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return counts;
}
