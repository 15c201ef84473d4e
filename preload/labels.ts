import type { CertificateInfo } from './types/certs';

/**
 * How a certificate is named for people, the same in main, the CLI and the window: its subject's
 * common name, else the whole subject (some CAs and device certificates have no CN), else its
 * SHA-1 thumbprint (a certificate with an empty subject names itself only in its SAN).
 */
export function certificateLabel(info: Pick<CertificateInfo, 'subjectCN' | 'subject' | 'thumbprints'>): string {
  return info.subjectCN || info.subject || info.thumbprints.sha1;
}

/** The issuer of a certificate, named the same way. */
export function issuerLabel(info: Pick<CertificateInfo, 'issuerCN' | 'issuer'>): string {
  return info.issuerCN || info.issuer;
}
