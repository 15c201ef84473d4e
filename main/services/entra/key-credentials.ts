/**
 * The keyCredentials item for one ISE certificate, exactly as the seed's PowerShell builds it
 * (DOMAIN.md "The certificate values"): customKeyIdentifier = base64(SHA-1 of the DER)
 * (`GetCertHash()`), the certificate = base64(DER) (`GetRawCertData()`), keyId = a new random
 * GUID. Standard base64, never base64url.
 */
import { randomUUID } from 'node:crypto';
import type { CertificateInfo } from '../../../preload/types/certs';
import type { GraphKeyCredential, KeyCredential, LegacyKeyCredential, ManifestFormat, PortalUpload } from '../../../preload/types/entra';
import { safeFileStem } from '../certs';
import { certificateLabel } from '../../../preload/labels';

/**
 * Entra writes manifest dates as `2019-01-22T11:41:01Z` (the seed's sample; Graph's
 * DateTimeOffset example `2014-01-01T00:00:00Z`): UTC, whole seconds. Certificate dates have
 * whole seconds, so dropping the milliseconds loses nothing.
 */
export function manifestDate(iso: string): string {
  return new Date(iso).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** `CN=<subject CN>`, the displayName Cisco asks to match the ISE certificate; the whole DN when there is no CN. */
export function expectedDisplayName(info: CertificateInfo): string {
  return info.subjectCN ? `CN=${info.subjectCN}` : info.subject;
}

export function toKeyCredential(info: CertificateInfo, format: ManifestFormat, keyId: string = randomUUID()): KeyCredential {
  if (format === 'legacy') {
    // Key order of the uploaded sample in the seed (the portal lists them alphabetically).
    const legacy: LegacyKeyCredential = {
      customKeyIdentifier: info.thumbprints.sha1Base64,
      endDate: manifestDate(info.notAfter),
      keyId,
      startDate: manifestDate(info.notBefore),
      type: 'AsymmetricX509Cert',
      usage: 'Verify',
      value: info.base64Der,
    };
    return legacy;
  }
  const graph: GraphKeyCredential = {
    customKeyIdentifier: info.thumbprints.sha1Base64,
    displayName: expectedDisplayName(info),
    endDateTime: manifestDate(info.notAfter),
    key: info.base64Der,
    keyId,
    startDateTime: manifestDate(info.notBefore),
    type: 'AsymmetricX509Cert',
    usage: 'Verify',
  };
  return graph;
}

/** The modern route (portal upload since June 2020, per the seed): a .cer and the thumbprint the portal will show. */
export function toPortalUpload(info: CertificateInfo): PortalUpload {
  return {
    suggestedFileName: `${safeFileStem(certificateLabel(info))}.cer`,
    pem: info.pem,
    portalThumbprint: info.thumbprints.sha1,
  };
}
