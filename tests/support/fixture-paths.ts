/**
 * Where the tests' real-world files live: public Microsoft and DigiCert CA certificates and real
 * malformed files, copied into the repository with their sources (tests/fixtures/real-world/*\/SOURCES.md).
 * The one place tests, the bench and the screenshot script name that folder.
 */
import { resolve } from 'node:path';

export const REAL_WORLD = resolve(import.meta.dirname, '../fixtures/real-world');
export const MICROSOFT_CA = resolve(REAL_WORLD, 'microsoft-ca');
export const MALFORMED_PEM = resolve(REAL_WORLD, 'malformed-pem');
