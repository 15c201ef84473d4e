/**
 * Private keys stay in main: the renderer only ever sees an opaque id (ARCHITECTURE.md).
 * In memory only; nothing here is written to disk or logged.
 */
import { randomBytes, type KeyObject } from 'node:crypto';

export class KeyVault {
  readonly #keys = new Map<string, KeyObject>();

  /** Stores the key and returns a new random id for it. */
  put(key: KeyObject): string {
    const id = `key-${randomBytes(16).toString('hex')}`;
    this.#keys.set(id, key);
    return id;
  }

  get(id: string): KeyObject | undefined {
    return this.#keys.get(id);
  }

  has(id: string): boolean {
    return this.#keys.has(id);
  }

  delete(id: string): boolean {
    return this.#keys.delete(id);
  }

  clear(): void {
    this.#keys.clear();
  }

  get size(): number {
    return this.#keys.size;
  }
}
