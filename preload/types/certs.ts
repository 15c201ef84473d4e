/**
 * Certificate data that crosses from main to the renderer. Types only: the renderer compiles
 * this file too. Everything is JSON-serialisable; dates are ISO 8601 strings (UTC).
 * No private key material or password ever appears here: a key is referred to by an opaque id.
 */

export type KeyType = 'rsa' | 'ec' | 'ed25519' | 'ed448' | 'dsa' | 'other';

export type ValidityStatus = 'valid' | 'expired' | 'not-yet-valid';

/** One certificate's thumbprint in every spelling ISE, Entra and JWTs use. */
export interface Thumbprints {
  /** SHA-1 over the DER, 40 uppercase hex: Entra portal "Thumbprint", AADSTS error texts. */
  sha1: string;
  /** The same with colons (`AB:CD:...`), as ISE shows its "Fingerprint". */
  sha1Colon: string;
  /** Standard base64 of the SHA-1: the legacy manifest `customKeyIdentifier`. */
  sha1Base64: string;
  /** base64url of the SHA-1 without padding: the JWT header `x5t`. */
  sha1Base64Url: string;
  /** SHA-256 over the DER, 64 uppercase hex. */
  sha256: string;
  /** base64url of the SHA-256 without padding: the JWT header `x5t#S256`. */
  sha256Base64Url: string;
}

export interface CertificateInfo {
  /** Full distinguished name in certificate order, e.g. `C=US, O=Microsoft Corporation, CN=...`. */
  subject: string;
  /** Last common name of the subject, or '' when there is none. */
  subjectCN: string;
  issuer: string;
  issuerCN: string;
  /** Uppercase hex. */
  serialNumber: string;
  notBefore: string;
  notAfter: string;
  /** Status as of the time the description was made (see `checkedAt`). */
  status: ValidityStatus;
  /** Valid now but expires within 30 days. */
  expiresSoon: boolean;
  /** Whole days from `checkedAt` to notAfter; negative once expired. */
  daysRemaining: number;
  checkedAt: string;
  keyType: KeyType;
  /** RSA modulus bits, or the EC curve size (256, 384, 521); null when unknown. */
  keySize: number | null;
  /** `P-256`, `P-384`, `P-521`, or the OpenSSL curve name for other curves; null for non-EC. */
  curve: string | null;
  /** OpenSSL's name for the signature algorithm (sha256WithRSAEncryption, ecdsa-with-SHA384, RSASSA-PSS), or its OID. */
  signatureAlgorithm: string;
  isCA: boolean;
  /** Basic constraints path length; null when absent (unlimited) or not a CA. */
  pathLength: number | null;
  /** Issuer equals subject and the signature verifies with the certificate's own key. */
  selfSigned: boolean;
  /** OpenSSL-style entries: `DNS:host`, `IP Address:10.0.0.1`, `email:a@b`, `URI:...`, `DirName:...`, `othername:<oid>`. */
  subjectAltNames: string[];
  /** The Intune device ID from a SAN URI `ID:Microsoft Endpoint Manager:GUID:<GUID>` (lowercase), or null. */
  intuneDeviceId: string | null;
  /** RFC 5280 names: digitalSignature, keyEncipherment, keyCertSign, cRLSign, ... */
  keyUsage: string[];
  /** Names such as serverAuth, clientAuth; the OID for purposes without a known name. */
  extendedKeyUsage: string[];
  /** Uppercase hex, or null when the extension is absent. */
  subjectKeyIdentifier: string | null;
  authorityKeyIdentifier: string | null;
  /** AIA "CA Issuers" URLs: where the issuer certificate can be downloaded. */
  aiaIssuers: string[];
  ocspUrls: string[];
  crlUrls: string[];
  /** Certificate policy OIDs. */
  policies: string[];
  thumbprints: Thumbprints;
  /** PEM text, 64-character lines, LF line ends, trailing newline. */
  pem: string;
  /** The DER as one line of standard base64: the manifest `value` / `key`. */
  base64Der: string;
}

/** How a file's content was recognised (never from its extension). */
export type InputFormat = 'pem' | 'der' | 'base64' | 'pkcs7' | 'pkcs12';

/** Something in a file that was not loaded, while the rest of the file was. */
export interface LoadProblem {
  code: string;
  message: string;
  /** 0-based position of the PEM block (or container entry) concerned; null for the whole file. */
  blockIndex: number | null;
}

export interface LoadedCertificate {
  /** 0-based position among the certificates of the file. */
  index: number;
  info: CertificateInfo;
  /** A private key in the same file belongs to this certificate. */
  hasPrivateKey: boolean;
  /** Opaque id of that key in main's key vault; null when the key was not kept. */
  keyId: string | null;
}

/** A private key found next to certificates (in a PFX, or a PEM bundle). Never the key itself. */
export interface LoadedKey {
  keyId: string | null;
  keyType: KeyType;
  keySize: number | null;
  curve: string | null;
  /** The key's public half equals the public key of one of the file's certificates. */
  keyMatchesCertificate: boolean;
  /** Index of that certificate, or null when the key matches none. */
  certificateIndex: number | null;
}

export interface LoadedFile {
  ok: true;
  /** Path (or the name given for dropped bytes). */
  file: string;
  format: InputFormat;
  certificates: LoadedCertificate[];
  keys: LoadedKey[];
  hasPrivateKey: boolean;
  problems: LoadProblem[];
}

export interface FailedFile {
  ok: false;
  file: string;
  error: { code: string; message: string; details?: string };
}

export type LoadResult = LoadedFile | FailedFile;

// --- chains ---------------------------------------------------------------------------------

/** Certificates are referred to by their SHA-256 thumbprint (uppercase hex). */
export type CertificateRef = string;

export interface IssuedByLink {
  subject: CertificateRef;
  issuer: CertificateRef;
}

/** One path from a certificate that issued nothing in the set up to the top certificate found. */
export interface ChainGroup {
  /** Leaf first. */
  certificates: CertificateRef[];
  /** The top certificate is self-signed. */
  complete: boolean;
  /** When incomplete: the issuer DN of the top certificate, i.e. what is missing. */
  missingIssuer: string | null;
}

/** Same subject and key, different certificates (cross-signed CA twins). */
export interface TwinGroup {
  subject: string;
  certificates: CertificateRef[];
}

export interface ChainReport {
  chains: ChainGroup[];
  links: IssuedByLink[];
  /** Self-signed certificates. */
  roots: CertificateRef[];
  /** Certificates neither self-signed nor issued by any certificate of the set. */
  orphans: CertificateRef[];
  twins: TwinGroup[];
}

// --- export ---------------------------------------------------------------------------------

export const EXPORT_FORMATS = ['pem', 'der', 'p7b', 'base64'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface ExportedFile {
  fileName: string;
  /** Which certificates (SHA-256) the file holds, in order. */
  certificates: CertificateRef[];
}

// --- device identity (Intune device GUID in the SAN, MDM API v3) ----------------------------

/** Why no Intune device GUID was read from a certificate's SAN. */
export type DeviceIdProblem =
  /** The SAN holds no URI at all. */
  | 'NO_URI_SAN'
  /** URIs are there, but none starts with `ID:Microsoft Endpoint Manager:GUID:`. */
  | 'WRONG_PREFIX'
  /** The prefix is right but what follows is not a GUID (a variable left as typed, a typo). */
  | 'MALFORMED_GUID';

export interface DeviceIdentity {
  /** The Intune device ID (lowercase GUID), or null. */
  guid: string | null;
  problem: DeviceIdProblem | null;
  /** Every URI of the SAN, without the `URI:` label. */
  uris: string[];
  /** The URI that comes closest to the Intune form when it is not right (for WRONG_PREFIX / MALFORMED_GUID). */
  closest: string | null;
  /** The SID of a strong-mapping URI `tag:microsoft.com,2022-09-14:sid:<SID>`, or null. */
  sid: string | null;
}

/** The first release of each ISE train that carries the fix for Cisco Field Notice FN74227. */
export interface Fn74227Release {
  train: string;
  patch: number;
}

export type ClientAuthState = 'present' | 'missing' | 'unrestricted';

export interface DeviceCertificateCheck {
  file: string;
  certificate: CertificateInfo;
  /** Position of the checked certificate in its file (0-based) and how many the file holds. */
  index: number;
  count: number;
  identity: DeviceIdentity;
  /** `unrestricted`: no extended key usage extension, so any purpose is allowed. */
  clientAuth: ClientAuthState;
  /** Against ISE's trusted certificates as exported and loaded on the Chains screen (null when none is loaded). */
  issuer: { trustStoreLoaded: boolean; inTrustStore: boolean | null; issuerName: string; matchedBy: string | null };
  /** When the SID URI is present: the releases FN74227 requires (else null). */
  fn74227: Fn74227Release[] | null;
}
