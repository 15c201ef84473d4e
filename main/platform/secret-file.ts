/**
 * secrets.json: each secret encrypted by the operating system's key store (the cipher), kept as
 * base64 in one JSON file written atomically with mode 0600. A file that cannot be parsed, or
 * whose secrets the key store can no longer decrypt, is set aside as
 * `secrets.json.corrupt-<time>.bak` and reported in the log; it is never replaced by an empty
 * file behind the user's back (that would wipe every other stored secret on the next save).
 */
import { readFile, rename } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { ServiceError } from '../services/errors';
import { writeFileAtomic } from '../services/files';
import type { Logger, SecretStore } from './types';

export const SECRETS_FILE = 'secrets.json';

export interface SecretCipher {
  /** Throws SECRETS_UNAVAILABLE when the system offers no real encryption. */
  ensureAvailable(): Promise<void>;
  encrypt(value: string): Promise<Buffer>;
  decrypt(cipher: Buffer): Promise<{ result: string; shouldReEncrypt: boolean }>;
}

async function setAside(path: string): Promise<string> {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const backup = join(dirname(path), `${basename(path)}.corrupt-${stamp}.bak`);
  await rename(path, backup);
  return backup;
}

export function createSecretFileStore(folder: string, log: Logger, cipher: SecretCipher): SecretStore {
  const path = join(folder, SECRETS_FILE);

  const setAsideAndReport = async (reason: string): Promise<void> => {
    const backup = await setAside(path);
    log.warn(`The stored passwords in ${path} could not be used: ${reason}. The file was kept as ${backup}; passwords will be asked for again.`);
  };

  const load = async (): Promise<Record<string, string>> => {
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') return {};
      // Unreadable (permissions): stop here rather than overwrite what cannot be seen.
      throw new ServiceError('SECRETS_UNREADABLE', `The stored passwords (${path}) cannot be read (${code ?? 'error'}), so nothing was changed. Check the file's permissions.`);
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      await setAsideAndReport(`it is not valid JSON (${(error as Error).message})`);
      return {};
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed) || !Object.values(parsed).every((value) => typeof value === 'string')) {
      await setAsideAndReport('it does not hold encrypted secrets');
      return {};
    }
    return parsed as Record<string, string>;
  };
  const save = (all: Record<string, string>) => writeFileAtomic(path, JSON.stringify(all), { backup: false, mode: 0o600 });

  return {
    async get(name) {
      const stored = (await load())[name];
      if (stored === undefined) return null;
      await cipher.ensureAvailable();
      let decrypted: { result: string; shouldReEncrypt: boolean };
      try {
        decrypted = await cipher.decrypt(Buffer.from(stored, 'base64'));
      } catch {
        await setAsideAndReport(`the secret "${name}" cannot be decrypted (the system's key changed?)`);
        return null;
      }
      if (decrypted.shouldReEncrypt) await this.set(name, decrypted.result);
      return decrypted.result;
    },
    async set(name, value) {
      await cipher.ensureAvailable();
      const encrypted = await cipher.encrypt(value);
      await save({ ...(await load()), [name]: encrypted.toString('base64') });
    },
    async delete(name) {
      const all = await load();
      if (!(name in all)) return;
      delete all[name];
      await save(all);
    },
    async has(name) {
      return name in (await load());
    },
  };
}
