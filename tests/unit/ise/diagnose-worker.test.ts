/**
 * Issue 19: the diagnosis of log files runs on a worker thread whose heap has fixed limits, so its
 * memory is bounded whatever the log. A dense log (every line MDM-related) several times larger
 * than the worker's whole heap is diagnosed within those limits, with the same result as on the
 * calling thread; past its limits the worker is stopped with a clear error; cancel still works.
 * (The 2 GB figures are the bench's: tests/bench/diagnose.bench.ts.)
 */
import { closeSync, createReadStream, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { DIAGNOSIS_WORKER_LIMITS, diagnoseFiles, diagnoseFilesInWorker, diagnoseStream, diagnoseStreamInWorker } from '../../../main/services/ise';
import { useTempDir } from '../certs/pki-setup';

const tempDir = useTempDir('ise-intune-diagnose-worker-');
const CONTEXT = { now: '2024-06-01T00:00:00.000Z' };
/** Tighter than production's limits: the log below is more than twice the worker's whole heap. */
const TEST_LIMITS = { maxYoungGenerationSizeMb: 4, maxOldGenerationSizeMb: 24 };
const LOG_MB = 64;

const BODIES = [
  ' ERROR [admin-http-pool9300][] cisco.cpm.mdm.authtoken.MdmAzureActiveDirectoryClient -::::- There is a problem with the Azure certificates or ISE trust store. sun.security.validator.ValidatorException: PKIX path building failed: unable to find valid certification path to requested target\n',
  " ERROR [admin-http-pool9301][] cisco.cpm.mdm.authtoken.MdmAzureActiveDirectoryClient -::::- Failed to acquire auth token from Azure AD. AADSTS700027: Client assertion contains an invalid signature. [Reason - The key was not found., Thumbprint of key used by client: '105D6E9BA0F5D6EACCF8A562DE81C1C6450CBEE4']\n",
  ' INFO [MDMPollingThread][] cisco.cpm.mdm.MdmServerInfo -::::- Polling MDM server compliance for endpoint 00:1A:2B:3C:4D:5E\n',
  ' ERROR [admin-http-pool9302][] cisco.cpm.mdm.authtoken.MdmAzureActiveDirectoryClient -::::- Failed to acquire auth token from Azure AD\n',
];

/** A log where every line is MDM-related: ten entries a second, a stack frame now and then. */
function writeDenseLog(path: string, megabytes: number): number {
  const fd = openSync(path, 'w');
  let written = 0;
  let n = 0;
  try {
    while (written < megabytes * 1024 * 1024) {
      const parts: string[] = [];
      for (let line = 0; line < 10_000; line++, n++) {
        const second = Math.floor(n / 10);
        const pad = (value: number): string => String(value).padStart(2, '0');
        const stamp = `2024-05-${pad(1 + Math.floor(second / 86_400))} ${pad(Math.floor((second % 86_400) / 3600))}:${pad(Math.floor(second / 60) % 60)}:${pad(second % 60)},${String(n % 1000).padStart(3, '0')}`;
        parts.push(stamp + (BODIES[n % BODIES.length] as string));
        if (n % 50 === 0) parts.push('\tat com.cisco.cpm.mdm.authtoken.MdmAzureActiveDirectoryClient.acquireToken(MdmAzureActiveDirectoryClient.java:211)\n');
      }
      written += writeSync(fd, Buffer.from(parts.join('')));
    }
  } finally {
    closeSync(fd);
  }
  return n;
}

describe('diagnosis on a worker thread with a bounded heap', () => {
  it('diagnoses a dense log larger than its whole heap, with the result of the calling thread', async () => {
    const path = join(tempDir(), 'ise-psc.log');
    const entries = writeDenseLog(path, LOG_MB);
    const progress: number[] = [];
    const inWorker = await diagnoseFilesInWorker([{ path, name: 'ise-psc.log' }], CONTEXT, { resourceLimits: TEST_LIMITS, onProgress: (event) => progress.push(event.percent ?? -1) });
    const here = await diagnoseFiles([{ path, name: 'ise-psc.log' }], CONTEXT);
    expect(inWorker).toEqual(here);
    expect(inWorker.bytesRead).toBeGreaterThan(2 * (TEST_LIMITS.maxYoungGenerationSizeMb + TEST_LIMITS.maxOldGenerationSizeMb) * 1024 * 1024);
    // Every line read and relevant, every repeat counted, the evidence bounded.
    expect(inWorker.linesRelevant).toBe(inWorker.linesRead);
    expect(inWorker.linesRead).toBe(entries + Math.ceil(entries / 50));
    const counts = Object.fromEntries(inWorker.findings.map((finding) => [finding.code, finding.count]));
    expect(counts).toEqual({ PKIX_PATH: entries / 4, KEY_NOT_FOUND: entries / 4, TOKEN_FAILED: entries / 4 });
    for (const finding of inWorker.findings) expect(finding.evidence.length).toBeLessThanOrEqual(20);
    expect(progress.at(-1)).toBe(100);
  });

  it("diagnoses a stream (the command line's stdin) that this thread reads, as the calling thread would", async () => {
    const path = join(tempDir(), 'stdin.log');
    const entries = writeDenseLog(path, 8);
    const inWorker = await diagnoseStreamInWorker(createReadStream(path), 'stdin', CONTEXT, { resourceLimits: TEST_LIMITS });
    const here = await diagnoseStream(createReadStream(path), 'stdin', CONTEXT);
    expect(inWorker).toEqual(here);
    expect(inWorker.findings.find((finding) => finding.code === 'PKIX_PATH')?.count).toBe(entries / 4);
    // Text chunks too (a test's stdin), and a stream that fails is reported as it failed.
    const text = await diagnoseStreamInWorker(Readable.from(['2024-05-10 10:00:00,000 ERROR [x][] cisco.cpm.mdm.Client -::::- PKIX path building failed\n']), 'stdin', CONTEXT);
    expect(text.findings.map((finding) => finding.code)).toEqual(['PKIX_PATH']);
    async function* failing(): AsyncGenerator<Buffer> {
      yield Buffer.from('line\n');
      throw new Error('read failed');
    }
    await expect(diagnoseStreamInWorker(failing(), 'stdin', CONTEXT)).rejects.toThrow('read failed');
  });

  it('stops with a clear error, not a crash, when its heap limit is reached', async () => {
    const path = join(tempDir(), 'small.log');
    writeDenseLog(path, 1);
    await expect(diagnoseFilesInWorker([path], CONTEXT, { resourceLimits: { maxYoungGenerationSizeMb: 2, maxOldGenerationSizeMb: 6 } })).rejects.toMatchObject({
      name: 'ServiceError',
      code: 'DIAGNOSIS_OUT_OF_MEMORY',
    });
  });

  it('is cancelled by its signal, and reports files it cannot read like the calling thread', async () => {
    const path = join(tempDir(), 'cancelled.log');
    writeDenseLog(path, 8);
    const controller = new AbortController();
    const cancelled = diagnoseFilesInWorker([path], CONTEXT, { signal: controller.signal, onProgress: () => controller.abort() });
    await expect(cancelled).rejects.toMatchObject({ name: 'ServiceError', code: 'DIAGNOSIS_CANCELLED' });
    const missing = join(tempDir(), 'missing.log');
    const [inWorker, here] = [await diagnoseFilesInWorker([missing], CONTEXT), await diagnoseFiles([missing], CONTEXT)];
    expect(inWorker).toEqual(here);
    expect(inWorker.sources[0]?.ok).toBe(false);
  });

  it('has production limits that bound the young and the old generation', () => {
    expect(DIAGNOSIS_WORKER_LIMITS.maxYoungGenerationSizeMb).toBeGreaterThan(0);
    expect(DIAGNOSIS_WORKER_LIMITS.maxOldGenerationSizeMb).toBeGreaterThan(0);
    expect((DIAGNOSIS_WORKER_LIMITS.maxYoungGenerationSizeMb ?? 0) + (DIAGNOSIS_WORKER_LIMITS.maxOldGenerationSizeMb ?? 0)).toBeLessThanOrEqual(128);
  });
});
