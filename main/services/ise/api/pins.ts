/**
 * Pins of ISE admin certificates: per `host:port`, the SHA-256 of the certificate the user
 * looked at and trusted. ISE's admin certificate is often self-signed or from a private CA, so
 * ordinary chain validation cannot protect the password; the pin does. The app keeps the pins
 * in its data folder (JSON, written atomically); the CLI takes `--pin` or the same file.
 */
import { mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { decodeThumbprint } from '../../certs';
import { ServiceError } from '../../errors';
import { writeFileAtomic } from '../../files';

export interface PinRecord {
  /** SHA-256 of the certificate's DER, 64 uppercase hex. */
  sha256: string;
  subjectCN: string;
  trustedAt: string;
}

export interface PinStore {
  get(target: string): Promise<PinRecord | null>;
  set(target: string, record: PinRecord): Promise<void>;
}

/** The SHA-256 pin in canonical form (64 uppercase hex) from any spelling: hex with or without colons, base64, base64url. */
export function normalisePin(text: string): string {
  const bytes = decodeThumbprint(text);
  if (bytes === null || bytes.length !== 32) {
    throw new ServiceError(
      'ISE_BAD_PIN',
      `"${text}" is not a SHA-256 thumbprint. Give the 64 hexadecimal characters (colons allowed) shown as SHA-256 for ISE's certificate.`,
    );
  }
  return bytes.toString('hex').toUpperCase();
}

/** Pins held for the session only (tests, or a user who declines to remember the pin). */
export class MemoryPinStore implements PinStore {
  readonly #pins = new Map<string, PinRecord>();

  async get(target: string): Promise<PinRecord | null> {
    return this.#pins.get(target) ?? null;
  }

  async set(target: string, record: PinRecord): Promise<void> {
    this.#pins.set(target, { ...record, sha256: normalisePin(record.sha256) });
  }
}

interface PinFile {
  version: 1;
  pins: Record<string, PinRecord>;
}

/** `ise-pins.json` in the app's data folder (or the CLI's `--data-dir`). */
export const PIN_FILE_NAME = 'ise-pins.json';

export class JsonFilePinStore implements PinStore {
  constructor(readonly path: string) {}

  async get(target: string): Promise<PinRecord | null> {
    const record = (await this.#read()).pins[target];
    // A hand-edited file may spell the thumbprint differently: compare in one spelling.
    return record ? { ...record, sha256: normalisePin(record.sha256) } : null;
  }

  async set(target: string, record: PinRecord): Promise<void> {
    const file = await this.#read();
    file.pins[target] = { ...record, sha256: normalisePin(record.sha256) };
    try {
      await mkdir(dirname(this.path), { recursive: true });
      await writeFileAtomic(this.path, `${JSON.stringify(file, null, 2)}\n`, { backup: false, mode: 0o600 });
    } catch (error) {
      throw new ServiceError('ISE_PIN_WRITE_FAILED', `The trusted ISE certificate could not be remembered in ${this.path}: ${(error as Error).message}.`);
    }
  }

  async #read(): Promise<PinFile> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { version: 1, pins: {} };
      throw new ServiceError('ISE_PIN_FILE_BAD', `${this.path} cannot be read: ${(error as Error).message}.`);
    }
    const damaged = (): ServiceError =>
      new ServiceError('ISE_PIN_FILE_BAD', `${this.path} is damaged. Delete it and trust ISE's certificate again after checking its SHA-256 on the ISE console.`);
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw damaged();
    }
    const pins = (parsed as Partial<PinFile> | null)?.pins;
    if (typeof pins !== 'object' || pins === null || Array.isArray(pins)) throw damaged();
    for (const record of Object.values(pins)) {
      if (typeof record?.sha256 !== 'string' || decodeThumbprint(record.sha256)?.length !== 32) throw damaged();
    }
    return { version: 1, pins: pins as Record<string, PinRecord> };
  }
}
