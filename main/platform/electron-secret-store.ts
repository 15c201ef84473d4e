import { safeStorage } from 'electron';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ServiceError } from '../services/errors';
import { writeFileAtomic } from '../services/files';
import type { Logger, SecretStore } from './types';

/**
 * Secrets encrypted with Electron's safeStorage (DPAPI on Windows, Keychain on macOS, libsecret /
 * kwallet on Linux), stored as base64 ciphertext in secrets.json. When the OS offers no real
 * encryption (Linux "basic_text"), nothing is stored: plain text is never written.
 */
export function createSafeStorageSecretStore(folder: string, log: Logger): SecretStore {
  const path = join(folder, 'secrets.json');

  const load = async (): Promise<Record<string, string>> => {
    try {
      const parsed: unknown = JSON.parse(await readFile(path, 'utf8'));
      return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, string>) : {};
    } catch {
      return {};
    }
  };
  const save = (all: Record<string, string>) => writeFileAtomic(path, JSON.stringify(all), { backup: false });

  const ensureAvailable = async () => {
    const available = await safeStorage.isAsyncEncryptionAvailable();
    if (!available || (process.platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text')) {
      throw new ServiceError(
        'SECRETS_UNAVAILABLE',
        'This computer offers no encrypted password storage, so the password was not saved. You will be asked for it when needed.',
      );
    }
  };

  return {
    async get(name) {
      const cipher = (await load())[name];
      if (cipher === undefined) return null;
      await ensureAvailable();
      try {
        const { result, shouldReEncrypt } = await safeStorage.decryptStringAsync(Buffer.from(cipher, 'base64'));
        if (shouldReEncrypt) await this.set(name, result);
        return result;
      } catch {
        log.warn(`Stored secret "${name}" could not be decrypted (the OS key changed?); it was discarded.`);
        await this.delete(name);
        return null;
      }
    },
    async set(name, value) {
      await ensureAvailable();
      const cipher = await safeStorage.encryptStringAsync(value);
      await save({ ...(await load()), [name]: cipher.toString('base64') });
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
