/**
 * The Certificates screen's state in main: the certificates loaded this session (by SHA-256),
 * files waiting for a PFX password (their bytes, never the password), and the private keys
 * (in the KeyVault, by opaque id). The renderer only ever holds public data and ids.
 */
import { randomBytes, type KeyObject } from 'node:crypto';
import { basename, dirname } from 'node:path';
import type { CertificateInfo, CertificateRef, ChainReport, ExportFormat, LoadedFile, LoadResult, OpenedFile } from '../../../preload/contract';
import { KeyVault, MAX_INPUT_BYTES, buildChainReport, exportPrivateKey, loadCertificateBytes, planExport, safeFileStem, writeExport } from '../certs';
import { ServiceError, isServiceError } from '../errors';
import { readBoundedFile, writeFileAtomic } from '../files';

/** Codes after which the same bytes may succeed with another password. */
const PASSWORD_CODES = new Set(['PFX_PASSWORD_REQUIRED', 'PFX_BAD_PASSWORD']);
/** Files kept waiting for a password at most; older ones are forgotten first. */
const MAX_PENDING = 20;

export interface ExportTarget {
  /** Folder for one-file-per-certificate exports. */
  folder?: string;
  /** Full path for a bundle. */
  path?: string;
}

export class CertificateWorkbench {
  readonly vault = new KeyVault();
  readonly #certificates = new Map<CertificateRef, CertificateInfo>();
  readonly #pending = new Map<string, { name: string; bytes: Buffer }>();
  /** Every file loaded this session, by the fileId given to the renderer. */
  readonly #files = new Map<string, LoadedFile>();
  /** keyId -> the certificate it belongs to (CN for default file names, SHA-256 to sign with it). */
  readonly #keyOwners = new Map<string, { cn: string; sha256: string }>();
  /** Last folder a file was opened from or saved to: the next dialog starts there. */
  #lastFolder: string | null = null;

  constructor(private readonly now: () => Date = () => new Date()) {}

  /** Where the next file dialog starts: the last folder a file was opened from or saved to. */
  get lastFolder(): string | null {
    return this.#lastFolder;
  }

  /** A folder the app saved to outside this workbench (the Chains export for ISE). */
  rememberFolder(folder: string): void {
    this.#lastFolder = folder;
  }

  async openPaths(paths: string[]): Promise<OpenedFile[]> {
    const opened: OpenedFile[] = [];
    for (const path of paths) {
      this.#lastFolder = dirname(path);
      let bytes: Buffer;
      try {
        bytes = await readBounded(path);
      } catch (error) {
        opened.push(failure(path, error));
        continue;
      }
      opened.push(this.openBytes(path, bytes));
    }
    return opened;
  }

  openBytes(name: string, bytes: Buffer, password?: string): OpenedFile {
    try {
      const loaded = loadCertificateBytes(bytes, name, { vault: this.vault, now: this.now(), ...(password !== undefined ? { password } : {}) });
      for (const certificate of loaded.certificates) {
        this.#certificates.set(certificate.info.thumbprints.sha256, certificate.info);
        if (certificate.keyId) this.#keyOwners.set(certificate.keyId, { cn: certificate.info.subjectCN, sha256: certificate.info.thumbprints.sha256 });
      }
      const fileId = `file-${randomBytes(12).toString('hex')}`;
      this.#files.set(fileId, loaded);
      return { ...loaded, sourceId: null, fileId };
    } catch (error) {
      const result = failure(name, error);
      if (isServiceError(error) && PASSWORD_CODES.has(error.code)) result.sourceId = this.#keepPending(name, bytes);
      return result;
    }
  }

  unlock(sourceId: string, password: string): OpenedFile {
    const pending = this.#pending.get(sourceId);
    if (!pending) {
      throw new ServiceError('SOURCE_GONE', 'That file is no longer waiting for a password. Open it again.');
    }
    const result = this.openBytes(pending.name, pending.bytes, password);
    if (result.ok || result.sourceId === null) this.#pending.delete(sourceId);
    else {
      // Same bytes, still locked: keep the original id so the prompt stays attached to the file.
      this.#pending.delete(result.sourceId);
      result.sourceId = sourceId;
    }
    return result;
  }

  /** A file loaded earlier, as main read it (never as the renderer says it was). */
  loadedFile(fileId: string): LoadedFile {
    const file = this.#files.get(fileId);
    if (!file) throw new ServiceError('FILE_NOT_LOADED', 'That file is no longer loaded. Open it again.');
    return file;
  }

  certificates(refs: CertificateRef[]): CertificateInfo[] {
    return refs.map((ref) => {
      const info = this.#certificates.get(ref);
      if (!info) throw new ServiceError('CERTIFICATE_NOT_LOADED', 'That certificate is no longer loaded. Open its file again.');
      return info;
    });
  }

  chainReport(refs: CertificateRef[]): ChainReport {
    return buildChainReport(this.certificates(refs));
  }

  /** Default name the Save dialog offers for a bundle, or the folder dialog's start. */
  suggestedBundleName(refs: CertificateRef[], format: ExportFormat): string {
    return planExport(this.certificates(refs), format, { bundle: true })[0]?.fileName ?? `certificates.${format}`;
  }

  async exportCertificates(refs: CertificateRef[], format: ExportFormat, bundle: boolean, target: ExportTarget) {
    const infos = this.certificates(refs);
    const folder = bundle ? dirname(requireTarget(target.path)) : requireTarget(target.folder);
    const plan = planExport(infos, format, bundle ? { bundle: true, bundleName: basename(requireTarget(target.path)) } : { bundle: false });
    const files = await writeExport(folder, plan);
    this.#lastFolder = folder;
    return { folder, files: files.map(({ path, backupPath }) => ({ path, backupPath })) };
  }

  async exportPrivateKey(keyId: string, passphrase: string, path: string) {
    const pem = exportPrivateKey(this.vault, keyId, passphrase);
    const written = await writeFileAtomic(path, pem, { backup: true, mode: 0o600 });
    this.#lastFolder = dirname(path);
    return { folder: dirname(path), files: [{ path: written.path, backupPath: written.backupPath }] };
  }

  /** A default private-key file name from the certificate the key belongs to. */
  keyFileName(keyId: string): string {
    return `${safeFileStem(this.#keyOwners.get(keyId)?.cn ?? '', 'private-key')}.key.pem`;
  }

  /** The certificate and private key loaded together (a .pfx), to sign a token request in main. */
  signingCredential(keyId: string): { certificateDer: Buffer; privateKey: KeyObject } {
    const owner = this.#keyOwners.get(keyId);
    const privateKey = this.vault.get(keyId);
    if (!owner || !privateKey) {
      throw new ServiceError('KEY_NOT_LOADED', 'That private key is no longer loaded. Open the ISE node\'s .pfx again on the Certificates screen.');
    }
    const [info] = this.certificates([owner.sha256]);
    return { certificateDer: Buffer.from(info?.base64Der ?? '', 'base64'), privateKey };
  }

  #keepPending(name: string, bytes: Buffer): string {
    const id = `src-${randomBytes(12).toString('hex')}`;
    this.#pending.set(id, { name, bytes });
    while (this.#pending.size > MAX_PENDING) {
      const oldest = this.#pending.keys().next().value as string;
      this.#pending.delete(oldest);
    }
    return id;
  }
}

function requireTarget(value: string | undefined): string {
  if (!value) throw new ServiceError('EXPORT_NO_TARGET', 'Choose where to save the export.');
  return value;
}

async function readBounded(path: string): Promise<Buffer> {
  return readBoundedFile(path, {
    code: 'UNREADABLE_FILE',
    noun: 'certificate file',
    maxBytes: MAX_INPUT_BYTES,
    tooLarge: (size) => new ServiceError('FILE_TOO_LARGE', `${basename(path)} is ${Math.round(size / 1048576)} MB or more; certificate files are far smaller (limit 20 MB). Check that this is the right file.`),
  });
}

function failure(file: string, error: unknown): OpenedFile {
  if (isServiceError(error)) {
    const result: LoadResult = { ok: false, file, error: { code: error.code, message: error.message } };
    if (error.details !== undefined) result.error.details = error.details;
    return { ...result, sourceId: null, fileId: null };
  }
  const code = (error as NodeJS.ErrnoException)?.code;
  const reason = code === 'ENOENT' ? 'does not exist' : code === 'EACCES' || code === 'EPERM' ? 'cannot be read: permission denied' : 'cannot be read';
  return { ok: false, file, error: { code: 'UNREADABLE_FILE', message: `The file ${file} ${reason}.` }, sourceId: null, fileId: null };
}
