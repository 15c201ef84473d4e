import { safeStorage } from 'electron';
import { ServiceError } from '../services/errors';
import { createSecretFileStore } from './secret-file';
import type { Logger, SecretStore } from './types';

/**
 * Secrets encrypted with Electron's safeStorage (DPAPI on Windows, Keychain on macOS, libsecret /
 * kwallet on Linux), stored as base64 ciphertext in secrets.json (secret-file.ts). When the OS
 * offers no real encryption (Linux "basic_text"), nothing is stored: plain text is never written.
 */
export function createSafeStorageSecretStore(folder: string, log: Logger): SecretStore {
  return createSecretFileStore(folder, log, {
    async ensureAvailable() {
      const available = await safeStorage.isAsyncEncryptionAvailable();
      if (!available || (process.platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text')) {
        throw new ServiceError(
          'SECRETS_UNAVAILABLE',
          'This computer offers no encrypted password storage, so the password was not saved. You will be asked for it when needed.',
        );
      }
    },
    encrypt: (value) => safeStorage.encryptStringAsync(value),
    decrypt: (cipher) => safeStorage.decryptStringAsync(cipher),
  });
}
