/**
 * Work on the same certificate bytes is done once. With Node 20's OpenSSL 3.0, parsing a
 * certificate costs ~0.3-0.5 ms and an ECDSA P-384 verification ~1.4 ms (P-256: ~0.15 ms,
 * RSA: ~0.05 ms), so a chain to an ECC root cost ~8 ms of CPU per host when every step parsed
 * and verified afresh, and hosts fetched together queue on the one main thread.
 *
 * - `parsedCertificate`: module level, a bounded LRU keyed by the SHA-256 of the DER. A parsed
 *   X509Certificate is immutable and the key is the content itself, so a changed CA list (user
 *   CA files, OS roots, catalog) simply maps to other entries: nothing can go stale. Parsing
 *   only; no signature is trusted from here.
 * - `ChainMemo`: one per `fetchChains` call. Signature checks keyed by (child SHA-256, issuer
 *   SHA-256) and descriptions keyed by SHA-256, so hosts that share intermediates and roots
 *   verify each signature once per call. Every call verifies afresh.
 */
import { X509Certificate, createHash } from 'node:crypto';
import type { CertificateInfo } from '../../../preload/types/certs';
import { describeCertificate } from '../certs';

export interface ParsedCertificate {
  der: Buffer;
  x509: X509Certificate;
  /** Upper-case hex, as `computeThumbprints(der).sha256` spells it. */
  sha256: string;
  /** `x509.subject` and `x509.issuer`, read once: Node rebuilds the strings on every access. */
  subject: string;
  issuer: string;
}

/** OS stores hold a few hundred roots; the catalog, CA files and live chains add some dozens. */
export const PARSED_CACHE_SIZE = 1024;

const parsed = new Map<string, ParsedCertificate>();
let limit = PARSED_CACHE_SIZE;

export function sha256Hex(der: Buffer): string {
  return createHash('sha256').update(der).digest('hex').toUpperCase();
}

/**
 * The parsed certificate for `der` (the caller's own buffer in `der`). Throws what
 * `new X509Certificate` throws for bytes that do not parse; failures are not cached.
 */
export function parsedCertificate(der: Buffer): ParsedCertificate {
  const sha256 = sha256Hex(der);
  const hit = parsed.get(sha256);
  if (hit) {
    // Most recently used last, so eviction drops the least recently used.
    parsed.delete(sha256);
    parsed.set(sha256, hit);
    return hit.der === der ? hit : { ...hit, der };
  }
  const x509 = new X509Certificate(der);
  const entry: ParsedCertificate = { der, x509, sha256, subject: x509.subject, issuer: x509.issuer };
  parsed.set(sha256, entry);
  if (parsed.size > limit) parsed.delete(parsed.keys().next().value as string);
  return entry;
}

/** For tests: what the cache holds, its bound (default PARSED_CACHE_SIZE), emptying it. */
export const parsedCache = {
  get size(): number {
    return parsed.size;
  },
  get limit(): number {
    return limit;
  },
  set limit(value: number) {
    limit = value;
    while (parsed.size > limit) parsed.delete(parsed.keys().next().value as string);
  },
  has(sha256: string): boolean {
    return parsed.has(sha256);
  },
  clear(): void {
    parsed.clear();
  },
};

/** `child`'s signature verifies with `parent`'s public key (false when either cannot be used). */
export function verifiesWith(child: X509Certificate, parent: X509Certificate): boolean {
  try {
    return child.verify(parent.publicKey);
  } catch {
    return false;
  }
}

type Signed = Pick<ParsedCertificate, 'x509' | 'sha256' | 'subject' | 'issuer'>;

/** Signature checks and descriptions shared by the hosts of one `fetchChains` call (see above). */
export class ChainMemo {
  readonly #signatures = new Map<string, boolean>();
  readonly #descriptions = new Map<string, CertificateInfo>();
  /** Signature verifications actually run (not answered from the memo); for tests. */
  verifications = 0;

  constructor(readonly now: Date) {}

  /**
   * "`parent` issued `child`": `child`'s issuer name equals `parent`'s subject AND `child`'s
   * signature verifies with `parent`'s key (cross-signed twins share subject and key, DOMAIN.md).
   * The name test is free; the signature is verified once per (child, parent) pair.
   */
  issuedBy(child: Signed, parent: Signed): boolean {
    if (child.issuer !== parent.subject) return false;
    const key = `${child.sha256}<${parent.sha256}`;
    let verified = this.#signatures.get(key);
    if (verified === undefined) {
      this.verifications += 1;
      verified = verifiesWith(child.x509, parent.x509);
      this.#signatures.set(key, verified);
    }
    return verified;
  }

  /** Issuer equals subject and the certificate's own key verifies its signature. */
  selfIssued(certificate: Signed): boolean {
    return certificate.subject === certificate.issuer && this.issuedBy(certificate, certificate);
  }

  /**
   * `describeCertificate` as of this call's `now`, once per certificate; its `selfSigned` is
   * the check above (the same test describe.ts makes), so a root's signature is verified once.
   */
  describe(certificate: ParsedCertificate): CertificateInfo {
    let info = this.#descriptions.get(certificate.sha256);
    if (!info) {
      info = describeCertificate(certificate.der, this.now, certificate.x509, { selfSigned: this.selfIssued(certificate) });
      this.#descriptions.set(certificate.sha256, info);
    }
    return info;
  }
}
