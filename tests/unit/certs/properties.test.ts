/**
 * Whatever bytes arrive (random, or a real certificate file damaged in transit), the loader
 * answers with a result or a ServiceError: never an untyped exception, never a hang (the
 * vitest timeout fails a run that does not return).
 */
import { readFile } from 'node:fs/promises';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadCertificateBytes } from '../../../main/services/certs';
import { isServiceError } from '../../../main/services/errors';
import { usePki } from './pki-setup';

const pki = usePki();

function loadsOrRefusesCleanly(bytes: Uint8Array, password?: string): void {
  try {
    const loaded = loadCertificateBytes(Buffer.from(bytes), 'input', password === undefined ? {} : { password });
    expect(loaded.certificates.length).toBeGreaterThan(0);
  } catch (error) {
    if (!isServiceError(error)) throw error;
    expect(error.message.length).toBeGreaterThan(10);
  }
}

type Mutation = { kind: 'flip'; at: number; mask: number } | { kind: 'truncate'; at: number } | { kind: 'insert'; at: number; bytes: Uint8Array } | { kind: 'delete'; at: number; length: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), mask: fc.integer({ min: 1, max: 255 }) }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), bytes: fc.uint8Array({ minLength: 1, maxLength: 8 }) }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 16 }) }),
);

function mutate(input: Buffer, mutations: Mutation[]): Buffer {
  let bytes = Buffer.from(input);
  for (const m of mutations) {
    const at = bytes.length === 0 ? 0 : m.at % bytes.length;
    if (m.kind === 'flip' && bytes.length > 0) bytes[at] = (bytes[at] as number) ^ m.mask;
    if (m.kind === 'truncate') bytes = bytes.subarray(0, at);
    if (m.kind === 'insert') bytes = Buffer.concat([bytes.subarray(0, at), m.bytes, bytes.subarray(at)]);
    if (m.kind === 'delete') bytes = Buffer.concat([bytes.subarray(0, at), bytes.subarray(at + m.length)]);
  }
  return bytes;
}

const settings = { numRuns: 300, interruptAfterTimeLimit: 15_000 };

describe('robustness', () => {
  it('answers random bytes with a result or a ServiceError', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 4096 }), (bytes) => loadsOrRefusesCleanly(bytes)), settings);
  });

  it('answers random DER-looking and PEM-looking input with a result or a ServiceError', () => {
    const derLike = fc.tuple(fc.constantFrom(0x30, 0x31, 0xa0, 0x04), fc.uint8Array({ maxLength: 512 })).map(([tag, rest]) => Uint8Array.from([tag, ...rest]));
    const pemLike = fc
      .tuple(fc.constantFrom('CERTIFICATE', 'PKCS7', 'PRIVATE KEY', 'X509 CRL'), fc.base64String({ maxLength: 400 }), fc.boolean())
      .map(([label, body, ended]) => new TextEncoder().encode(`-----BEGIN ${label}-----\n${body}\n${ended ? `-----END ${label}-----\n` : ''}`));
    fc.assert(fc.property(fc.oneof(derLike, pemLike), (bytes) => loadsOrRefusesCleanly(bytes)), settings);
  });

  it('answers damaged certificates, bundles and PKCS#7 files with a result or a ServiceError', async () => {
    const inputs = [
      pki().certs.rsaLeaf.der,
      pki().certs.ecLeaf.der,
      Buffer.from(pki().certs.ecIntermediate.pem),
      await readFile(pki().files.rsaChainPem),
      await readFile(pki().files.p7bChainDer),
      await readFile(pki().files.p7bOnePem),
    ];
    fc.assert(
      fc.property(fc.constantFrom(...inputs), fc.array(mutation, { minLength: 1, maxLength: 4 }), (input, mutations) => loadsOrRefusesCleanly(mutate(input, mutations))),
      settings,
    );
  });

  it('answers damaged .pfx files (modern and legacy) with a result or a ServiceError', async () => {
    const inputs = await Promise.all([pki().files.pfxModernEc, pki().files.pfxLegacy3desRsa, pki().files.pfxNoKey].map((path) => readFile(path)));
    fc.assert(
      fc.property(fc.constantFrom(...inputs), fc.array(mutation, { minLength: 1, maxLength: 3 }), (input, mutations) => loadsOrRefusesCleanly(mutate(input, mutations), pki().password)),
      { numRuns: 120, interruptAfterTimeLimit: 20_000 },
    );
  });
});
