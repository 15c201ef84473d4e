/**
 * The ISE node's certificate and private key for the connection test, checked before any
 * network call: the PFX opens with its password, holds a key, the key belongs to the
 * certificate, and it is RSA (ISE signs its assertions RS256). The key stays in main; the
 * caller drops the returned credential when the test ends.
 */
import { X509Certificate, createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import type { CertificateInfo } from '../../../../preload/types/certs';
import { KeyVault, describeCertificate, describeSeveralKeys, loadCertificateFile } from '../../certs';
import { ServiceError } from '../../errors';
import { readBoundedFile } from '../../files';
import { certificateLabel } from '../../../../preload/labels';

export type CredentialInput =
  /** A .pfx exported from ISE with "Export Certificate and Private Key". */
  | { kind: 'pfx'; file: string; password: string }
  /** PEM (or DER) certificate and private key files; `password` opens an encrypted key. */
  | { kind: 'pem'; certFile: string; keyFile: string; password?: string }
  /** A certificate loaded earlier, with its key taken from the app's KeyVault. */
  | { kind: 'key-object'; certificateDer: Buffer; privateKey: KeyObject };

export interface SigningCredential {
  certificate: CertificateInfo;
  privateKey: KeyObject;
}

export async function loadSigningCredential(input: CredentialInput, now: Date): Promise<SigningCredential> {
  if (input.kind === 'key-object') return checked(describeCertificate(input.certificateDer, now), input.privateKey);
  if (input.kind === 'pfx') return fromPfx(input.file, input.password, now);
  const loaded = await loadCertificateFile(input.certFile, { now });
  const leaf = loaded.certificates.find((certificate) => !certificate.info.isCA) ?? loaded.certificates[0];
  if (!leaf) throw new ServiceError('NOT_A_CERTIFICATE', `${input.certFile} holds no certificate.`);
  return checked(leaf.info, await readPrivateKey(input.keyFile, input.password));
}

async function fromPfx(file: string, password: string, now: Date): Promise<SigningCredential> {
  const vault = new KeyVault();
  try {
    const loaded = await loadCertificateFile(file, { password, now, vault });
    if (loaded.keys.length === 0) {
      throw new ServiceError('PFX_NO_KEY', `${file} holds no private key. On ISE, export the system certificate with "Export Certificate and Private Key".`);
    }
    const several = describeSeveralKeys(loaded);
    if (several) {
      throw new ServiceError('PFX_SEVERAL_KEYS', `${file} ${several}. Export only the ISE node's own certificate and its key, so that it is clear which identity signs.`);
    }
    const paired = loaded.certificates.find((certificate) => certificate.keyId !== null);
    if (!paired?.keyId) {
      throw new ServiceError('KEY_CERT_MISMATCH', `The private key in ${file} does not belong to any certificate in it. Export the certificate and its own key together from ISE.`);
    }
    const key = vault.get(paired.keyId);
    if (!key) throw new ServiceError('PFX_NO_KEY', `${file} holds no usable private key.`);
    return checked(paired.info, key);
  } finally {
    vault.clear();
  }
}

async function readPrivateKey(path: string, password: string | undefined): Promise<KeyObject> {
  const bytes = await readBoundedFile(path, {
    code: 'UNREADABLE_FILE',
    noun: 'private key file',
    maxBytes: 1024 * 1024,
    tooLarge: () => new ServiceError('UNREADABLE_FILE', `The key file ${path} is larger than 1 MB: a private key file is a few KB.`),
  });
  const text = bytes.toString('latin1');
  if (text.includes('-----BEGIN')) {
    if (/ENCRYPTED/.test(text) && password === undefined) {
      throw new ServiceError('KEY_PASSWORD_REQUIRED', `The private key in ${path} is encrypted. Give its password on standard input (--password-stdin).`);
    }
    try {
      return createPrivateKey({ key: bytes, format: 'pem', ...(password === undefined ? {} : { passphrase: password }) });
    } catch {
      throw new ServiceError(
        /ENCRYPTED/.test(text) ? 'KEY_BAD_PASSWORD' : 'KEY_UNREADABLE',
        /ENCRYPTED/.test(text) ? `The password does not open the private key in ${path}.` : `${path} holds no private key this app can read.`,
      );
    }
  }
  for (const type of ['pkcs8', 'pkcs1', 'sec1'] as const) {
    try {
      return createPrivateKey({ key: bytes, format: 'der', type, ...(password === undefined ? {} : { passphrase: password }) });
    } catch {
      // Try the next encoding.
    }
  }
  throw new ServiceError('KEY_UNREADABLE', `${path} holds no private key this app can read (PEM or DER, PKCS#8, PKCS#1 or SEC1).`);
}

function checked(certificate: CertificateInfo, privateKey: KeyObject): SigningCredential {
  if (privateKey.type !== 'private') throw new ServiceError('KEY_UNREADABLE', 'The key given is not a private key.');
  const certificatePublicKey = new X509Certificate(Buffer.from(certificate.base64Der, 'base64')).publicKey;
  const matches = certificatePublicKey.export({ type: 'spki', format: 'der' }).equals(createPublicKey(privateKey).export({ type: 'spki', format: 'der' }));
  if (!matches) {
    throw new ServiceError(
      'KEY_CERT_MISMATCH',
      `The private key does not belong to the certificate ${certificateLabel(certificate)} (SHA-1 ${certificate.thumbprints.sha1}): Entra would answer AADSTS50013. Use the key exported together with this certificate.`,
    );
  }
  if (privateKey.asymmetricKeyType !== 'rsa') {
    throw new ServiceError('KEY_NOT_RSA', `The key of ${certificateLabel(certificate)} is ${privateKey.asymmetricKeyType?.toUpperCase() ?? 'not RSA'}; ISE signs its token requests with RS256, which needs an RSA certificate.`);
  }
  return { certificate, privateKey };
}
