/**
 * Device identity for ISE's MDM API v3 (DOMAIN.md "Device identifier"): from ISE 3.1, ISE asks
 * Intune by the device's GUID, read from a SAN URI `ID:Microsoft Endpoint Manager:GUID:<GUID>`
 * that the Intune SCEP/PKCS certificate profile writes from `{{DeviceId}}`. A device
 * certificate may also carry Microsoft's strong-mapping SID URI
 * `tag:microsoft.com,2022-09-14:sid:<SID>`, which ISE releases before the fix of Cisco Field
 * Notice FN74227 (CSCwk73785) fail on.
 *
 * Built on the SAN entries the @peculiar/asn1-x509 decoder gives (extensions.ts), `URI:` first.
 */
import { X509Certificate } from 'node:crypto';
import { GUID } from '../../../preload/rules';
import type { CertificateInfo, ClientAuthState, DeviceCertificateCheck, DeviceIdentity, Fn74227Release, LoadedCertificate, LoadedFile } from '../../../preload/types/certs';
import { certificateLabel, issuerLabel } from '../../../preload/labels';

/** What to paste as the SAN value (attribute URI) in the Intune SCEP/PKCS profile (Cisco's MDM guide, Intune chapter). */
export const INTUNE_SAN_URI_VALUE = 'ID:Microsoft Endpoint Manager:GUID:{{DeviceId}}';
export const INTUNE_SAN_URI_PREFIX = 'ID:Microsoft Endpoint Manager:GUID:';
/** Microsoft's strong-mapping tag (KB5014754), followed by the SID. */
export const SID_URI_PREFIX = 'tag:microsoft.com,2022-09-14:sid:';

/**
 * FN74227 affects 3.1 P9 and earlier, 3.2 P6 and earlier, 3.3 P3 and earlier and 3.4 without a
 * patch (cisco.com fn74227, "Affected Release"); the fix is in the next patch of each train.
 * (A release table for all advice lives in entra/ise-versions.ts; this is the notice's own list.)
 */
export const FN74227_FIXED_IN: readonly Fn74227Release[] = [
  { train: '3.1', patch: 10 },
  { train: '3.2', patch: 7 },
  { train: '3.3', patch: 4 },
  { train: '3.4', patch: 1 },
];

const URI_LABEL = 'URI:';
/** Words that show a URI was meant to be the Intune device ID. */
const LOOKS_INTUNE = /microsoft\s*endpoint\s*manager|guid|device\s*id|intune/i;

/** The URI entries of a SAN as CertificateInfo lists them (`URI:...`). */
export function sanUris(subjectAltNames: readonly string[]): string[] {
  return subjectAltNames.filter((name) => name.startsWith(URI_LABEL)).map((name) => name.slice(URI_LABEL.length));
}

export function readDeviceIdentity(subjectAltNames: readonly string[]): DeviceIdentity {
  const uris = sanUris(subjectAltNames);
  const sidUri = uris.find((uri) => uri.toLowerCase().startsWith(SID_URI_PREFIX));
  const sid = sidUri ? sidUri.slice(SID_URI_PREFIX.length) : null;
  const base = { uris, sid };
  if (uris.length === 0) return { ...base, guid: null, problem: 'NO_URI_SAN', closest: null };
  const prefixed = uris.filter((uri) => uri.startsWith(INTUNE_SAN_URI_PREFIX));
  const good = prefixed.find((uri) => GUID.test(uri.slice(INTUNE_SAN_URI_PREFIX.length)));
  if (good) return { ...base, guid: good.slice(INTUNE_SAN_URI_PREFIX.length).toLowerCase(), problem: null, closest: null };
  if (prefixed[0] !== undefined) return { ...base, guid: null, problem: 'MALFORMED_GUID', closest: prefixed[0] };
  const closest = uris.find((uri) => uri !== sidUri && LOOKS_INTUNE.test(uri)) ?? null;
  return { ...base, guid: null, problem: 'WRONG_PREFIX', closest };
}

/** `inspect --json`'s `intuneDeviceId`: the GUID, or null. */
export function intuneDeviceId(subjectAltNames: readonly string[]): string | null {
  return readDeviceIdentity(subjectAltNames).guid;
}

export function clientAuthState(certificate: CertificateInfo): ClientAuthState {
  if (certificate.extendedKeyUsage.length === 0) return 'unrestricted';
  return certificate.extendedKeyUsage.includes('clientAuth') || certificate.extendedKeyUsage.includes('anyExtendedKeyUsage') ? 'present' : 'missing';
}

/** The endpoint's certificate in a file: the one with the private key, else the first that is not a CA, else the first. */
export function selectDeviceCertificate(file: LoadedFile): LoadedCertificate {
  const chosen = file.certificates.find((c) => c.hasPrivateKey) ?? file.certificates.find((c) => !c.info.isCA) ?? file.certificates[0];
  if (!chosen) throw new TypeError('a LoadedFile always holds at least one certificate');
  return chosen;
}

/** The trusted certificate that issued `certificate` (names chain and its key verifies the signature), or null. */
function findIssuer(certificate: CertificateInfo, trusted: readonly CertificateInfo[]): CertificateInfo | null {
  const subject = new X509Certificate(Buffer.from(certificate.base64Der, 'base64'));
  for (const candidate of trusted) {
    if (candidate.thumbprints.sha256 === certificate.thumbprints.sha256) return candidate;
    try {
      const issuer = new X509Certificate(Buffer.from(candidate.base64Der, 'base64'));
      if (subject.checkIssued(issuer) && subject.verify(issuer.publicKey)) return candidate;
    } catch {
      // A trusted entry whose key cannot be loaded cannot be the issuer.
    }
  }
  return null;
}

/**
 * Checks an endpoint's certificate as ISE will use it for MDM API v3: the device GUID (or why
 * none), client authentication, validity, whether ISE trusts its issuer (when ISE's trusted
 * certificates are loaded) and, with a SID URI, the releases FN74227 requires.
 */
export function checkDeviceCertificate(file: LoadedFile, trustStore: readonly CertificateInfo[] | null): DeviceCertificateCheck {
  const chosen = selectDeviceCertificate(file);
  const certificate = chosen.info;
  const identity = readDeviceIdentity(certificate.subjectAltNames);
  const match = trustStore ? findIssuer(certificate, trustStore) : null;
  return {
    file: file.file,
    certificate,
    index: chosen.index,
    count: file.certificates.length,
    identity,
    clientAuth: clientAuthState(certificate),
    issuer: {
      trustStoreLoaded: trustStore !== null,
      inTrustStore: trustStore ? match !== null : null,
      issuerName: issuerLabel(certificate),
      matchedBy: match ? certificateLabel(match) : null,
    },
    fn74227: identity.sid !== null ? [...FN74227_FIXED_IN] : null,
  };
}

export function fn74227ReleasesText(releases: readonly Fn74227Release[]): string {
  return releases.map((release) => `${release.train} Patch ${release.patch}`).join(', ');
}

/** The check in English sentences, one per point (the CLI; the app shows the same in the admin's language). */
export function describeDeviceCheck(check: DeviceCertificateCheck): string[] {
  const { identity, certificate } = check;
  const lines: string[] = [];
  switch (identity.problem) {
    case null:
      lines.push(`Intune device ID: ${identity.guid ?? ''}. ISE 3.1 and later can ask Intune by this GUID (MDM API v3) instead of the MAC address.`);
      break;
    case 'NO_URI_SAN':
      lines.push(`No Intune device ID: the certificate has no URI in its subject alternative name. Add the URI ${INTUNE_SAN_URI_VALUE} to the Intune SCEP/PKCS profile; until then ISE looks the device up by its MAC address.`);
      break;
    case 'WRONG_PREFIX':
      lines.push(
        `No Intune device ID: no URI starts with "${INTUNE_SAN_URI_PREFIX}"${identity.closest ? ` (closest: "${identity.closest}")` : ` (URIs found: ${identity.uris.join(', ')})`}. The profile's URI value must be exactly ${INTUNE_SAN_URI_VALUE}.`,
      );
      break;
    case 'MALFORMED_GUID':
      lines.push(`No Intune device ID: "${identity.closest ?? ''}" has the right prefix but no GUID after it. Type the variable exactly as {{DeviceId}} in the profile.`);
      break;
  }
  if (check.clientAuth === 'missing') lines.push(`Client authentication: missing. Its extended key usage (${certificate.extendedKeyUsage.join(', ')}) does not allow EAP-TLS client authentication; add Client Authentication to the profile.`);
  else if (check.clientAuth === 'unrestricted') lines.push('Client authentication: allowed (no extended key usage restricts the certificate).');
  else lines.push('Client authentication: present.');
  if (certificate.status === 'expired') lines.push(`Validity: expired on ${certificate.notAfter.slice(0, 10)}.`);
  else if (certificate.status === 'not-yet-valid') lines.push(`Validity: not valid before ${certificate.notBefore.slice(0, 10)}.`);
  else lines.push(`Validity: valid until ${certificate.notAfter.slice(0, 10)} (${certificate.daysRemaining} days).`);
  if (!check.issuer.trustStoreLoaded) lines.push(`Issuer: ${check.issuer.issuerName} (load ISE's trusted certificates to check that ISE trusts it).`);
  else if (check.issuer.inTrustStore) lines.push(`Issuer: ${check.issuer.issuerName}, in ISE's trusted certificates (${check.issuer.matchedBy ?? ''}).`);
  else lines.push(`Issuer: ${check.issuer.issuerName} is not in ISE's trusted certificates: import the issuing CA with "Trust for client authentication".`);
  if (check.fn74227) {
    lines.push(
      `Strong-mapping SID: ${identity.sid ?? ''}. ISE releases before the fix of Cisco Field Notice FN74227 fail on certificates carrying it; use ISE ${fn74227ReleasesText(check.fn74227)} or later (3.5 is not listed as affected).`,
    );
  }
  return lines;
}
