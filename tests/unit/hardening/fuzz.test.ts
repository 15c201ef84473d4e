/**
 * Issue 19 "Fuzz what parses": fast-check properties over damaged input for the manifest merge,
 * the tolerant manifest JSON reader, the archive readers (.gz, .zip, .tar.gz), deployment import, AIA answers and
 * ISE API replies.
 * Each run is bounded (numRuns, sizes) and seeded: a failure prints fast-check's seed and path;
 * FUZZ_SEED=<n> replays another seed. The only errors allowed are ServiceErrors (a clear,
 * specific message); nothing is written on failure.
 */
import { createServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryLogger } from '../../../main/platform/file-logger';
import { JsonDocumentStore } from '../../../main/platform/versioned-file';
import { loadCertificateFile } from '../../../main/services/certs';
import { DeploymentsService } from '../../../main/services/deployments/deployments-service';
import { DEPLOYMENTS_SCHEMA } from '../../../main/services/deployments/schema';
import { checkIseNodes, mergeKeyCredentials, parseManifestBytes } from '../../../main/services/entra';
import { readManifestJson } from '../../../main/services/entra/manifest-json';
import { isServiceError } from '../../../main/services/errors';
import { diagnoseFiles } from '../../../main/services/ise';
import { IseApiClient, iseEndpoint, iseTarget } from '../../../main/services/ise/api';
import { downloadIssuer } from '../../../main/services/tls';
import { createTarball, createZip } from '../../support/archives';
import { MICROSOFT_CA } from '../../support/fixture-paths';
import { graphManifest } from '../../support/manifests';
import { useIseLab } from '../ise-api/ise-lab';

export const FUZZ_SEED = Number(process.env.FUZZ_SEED ?? 19_019);
const runs = (numRuns: number) => ({ numRuns, seed: FUZZ_SEED, endOnFailure: true });

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ise-intune-fuzz-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** Runs `work`; the only acceptable failure is a ServiceError. */
async function onlyServiceErrors(work: () => unknown): Promise<void> {
  try {
    await work();
  } catch (error) {
    if (!isServiceError(error)) throw new Error(`untyped exception: ${(error as Error)?.stack ?? String(error)}`);
    expect(error.message.length).toBeGreaterThan(0);
  }
}

/** A valid text damaged: bytes cut, flipped, inserted or removed at random places. */
function damaged(valid: string): fc.Arbitrary<string> {
  const edit = fc.oneof(
    fc.record({ kind: fc.constant('cut' as const), at: fc.nat() }),
    fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: fc.constantFrom('{', '}', '[', ']', ',', '"', ':', '\\', '\u0000', '\uFEFF', '/*', '//', 'null', '1e999', ' ') }),
    fc.record({ kind: fc.constant('remove' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 8 }) }),
  );
  return fc.array(edit, { minLength: 1, maxLength: 6 }).map((edits) =>
    edits.reduce((text, change) => {
      const at = text.length === 0 ? 0 : change.at % text.length;
      if (change.kind === 'cut') return text.slice(0, at);
      if (change.kind === 'insert') return text.slice(0, at) + change.text + text.slice(at);
      return text.slice(0, at) + text.slice(at + change.length);
    }, valid),
  );
}

describe('fuzzing the parsers', () => {
  it('the manifest JSON reader never throws anything but a ServiceError on damaged manifests', async () => {
    const valid = graphManifest();
    await fc.assert(
      fc.asyncProperty(fc.oneof(damaged(valid), fc.string({ maxLength: 200 })), async (text) => {
        await onlyServiceErrors(() => readManifestJson(text));
      }),
      runs(400),
    );
  });

  it('the manifest merge takes any parsable damaged manifest or fails with a ServiceError', async () => {
    const now = new Date('2026-01-01T00:00:00Z');
    const file = await loadCertificateFile(join(MICROSOFT_CA, 'baltimore_cybertrust_root.pem'), { now });
    const nodes = checkIseNodes([{ name: 'ise-pan', role: 'primary-pan', file }], { now });
    const valid = graphManifest();
    await fc.assert(
      fc.asyncProperty(damaged(valid), async (text) => {
        await onlyServiceErrors(() => mergeKeyCredentials(parseManifestBytes(Buffer.from(text)), nodes, { now, newKeyId: () => '00000000-0000-4000-8000-000000000000' }));
      }),
      runs(300),
    );
  });

  it('deployment import refuses damaged exports with a ServiceError and writes nothing', async () => {
    const folder = await mkdtemp(join(dir, 'deployments-'));
    const path = join(folder, 'deployments.json');
    const service = new DeploymentsService(new JsonDocumentStore(path, DEPLOYMENTS_SCHEMA, createMemoryLogger()), () => new Date('2026-01-01T00:00:00Z'));
    const created = await service.create('Contoso');
    const valid = await service.exportJson(created.id);
    const before = await readFile(path, 'utf8');
    await fc.assert(
      fc.asyncProperty(damaged(valid), async (text) => {
        const stored = await readFile(path, 'utf8');
        try {
          await service.importJson(text);
        } catch (error) {
          if (!isServiceError(error)) throw error;
          expect(await readFile(path, 'utf8')).toBe(stored);
        }
      }),
      runs(200),
    );
    expect(before.length).toBeGreaterThan(0);
  });

  it('the log readers take damaged .gz, .zip and .tar.gz bundles without an untyped exception, a hang or a file written', async () => {
    const folder = await mkdtemp(join(dir, 'archives-'));
    const log = Buffer.from('2024-05-10 10:00:00,000 ERROR [p][] cisco.cpm.mdm.authtoken.MdmAzureActiveDirectoryClient -::::- PKIX path building failed\n'.repeat(20));
    const samples = {
      gz: gzipSync(log),
      zip: await readFile(await createZip(join(folder, 'sample.zip'), [{ name: 'ise-psc.log', content: log }])),
      tgz: await readFile(await createTarball(join(folder, 'sample.tar.gz'), [{ name: 'support/ise-psc.log', content: log }])),
    };
    const target = join(folder, 'input');
    let index = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('gz', 'zip', 'tgz'),
        fc.array(fc.record({ at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }), { minLength: 1, maxLength: 12 }),
        fc.option(fc.nat(), { nil: undefined }),
        async (kind, flips, cut) => {
          const bytes = Buffer.from(samples[kind as keyof typeof samples]);
          for (const { at, byte } of flips) bytes[at % bytes.length] = byte;
          const input = `${target}-${(index += 1)}.${kind === 'tgz' ? 'tar.gz' : kind}`;
          await writeFile(input, cut === undefined ? bytes : bytes.subarray(0, cut % bytes.length));
          const listing = await readdir(folder);
          const diagnosis = await diagnoseFiles([input]);
          expect(diagnosis.sources.length).toBeGreaterThan(0);
          for (const source of diagnosis.sources) if (!source.ok) expect(source.error?.code).toMatch(/^LOG_/);
          expect(await readdir(folder)).toEqual(listing);
          await rm(input);
        },
      ),
      runs(150),
    );
  }, 120_000);

  it('AIA answers of any shape end in the issuer or a typed AIA error', async () => {
    let answer: { status: number; type: string; body: Buffer; location?: string } = { status: 200, type: 'application/pkix-cert', body: Buffer.alloc(0) };
    const server = createServer((_request, response) => {
      response.writeHead(answer.status, { 'Content-Type': answer.type, ...(answer.location ? { Location: answer.location } : {}) });
      response.end(answer.body);
    });
    await new Promise<void>((resolvePromise) => server.listen(0, '127.0.0.1', resolvePromise));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const der = Buffer.from((await readFile(join(MICROSOFT_CA, 'baltimore_cybertrust_root.pem'), 'utf8')).replace(/-----[^-]+-----|\s/g, ''), 'base64');
    try {
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(200, 200, 200, 301, 302, 404, 500),
          fc.constantFrom('application/pkix-cert', 'application/pkcs7-mime', 'text/html', 'application/octet-stream', ''),
          fc.oneof(fc.uint8Array({ maxLength: 2048 }).map((bytes) => Buffer.from(bytes)), fc.nat({ max: der.length }).map((cut) => der.subarray(0, cut))),
          fc.constantFrom(undefined, '/again', 'https://example.invalid/x.crt', 'file:///etc/passwd', 'http://169.254.169.254/'),
          async (status, type, body, location) => {
            answer = { status, type, body, ...(location ? { location } : {}) };
            await onlyServiceErrors(() => downloadIssuer(`${base}/issuer.crt`, { timeoutMs: 2000, allowPrivate: true }));
          },
        ),
        runs(150),
      );
    } finally {
      server.close();
    }
  }, 120_000);
});

describe('fuzzing ISE API replies', () => {
  const lab = useIseLab();

  it('any reply to the trust-store listing, read or export ends in data or a typed ISE error', async () => {
    let reply: { status: number; type: string; body: string } = { status: 200, type: 'application/json', body: '{}' };
    const { certificate } = lab().identity;
    const server = createHttpsServer({ key: certificate.key.pem, cert: certificate.pem }, (_request, response) => {
      response.writeHead(reply.status, { 'Content-Type': reply.type });
      response.end(reply.body);
    });
    await new Promise<void>((resolvePromise) => server.listen(0, '127.0.0.1', resolvePromise));
    const client = new IseApiClient(iseEndpoint(iseTarget('127.0.0.1', (server.address() as AddressInfo).port), lab().identity.sha256, { timeoutMs: 3000 }), 'api-admin', 'pw');
    const page = JSON.stringify({
      response: [{ id: 'a1', friendlyName: 'Root', issuedTo: 'Root', issuedBy: 'Root', expirationDate: 'Sat Jan 01 00:00:00 UTC 2039', status: 'Enabled', trustedFor: 'Cisco Services', serialNumberDecimalFormat: '12', sha256Fingerprint: 'AB'.repeat(32) }],
      nextPage: { href: 'https://127.0.0.1/api/v1/certs/trusted-certificate?page=2&size=20' },
    });
    try {
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(200, 200, 200, 401, 403, 404, 500, 502),
          fc.constantFrom('application/json', 'text/html', 'application/octet-stream'),
          fc.oneof(damaged(page), fc.string({ maxLength: 300 }), fc.constantFrom('null', '[]', '{"response":null}', '{"response":[{}]}', '{"response":[{"id":1}],"nextPage":{"href":"?page=1"}}')),
          fc.constantFrom('list', 'read', 'export'),
          async (status, type, body, call) => {
            reply = { status, type, body };
            await onlyServiceErrors(() =>
              call === 'list' ? client.listTrustedCertificates({ now: new Date('2026-01-01T00:00:00Z') }) : call === 'read' ? client.getTrustedCertificate('a1') : client.exportTrustedCertificate('a1'),
            );
          },
        ),
        runs(150),
      );
    } finally {
      server.close();
    }
  }, 120_000);
});
