/** Log files as admins have them: rotated, gzipped, in support bundles, damaged, huge lines; with progress and cancel. */
import { createWriteStream } from 'node:fs';
import { mkdir, readFile, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { DiagnosisProgress } from '../../../preload/types/diagnosis';
import { isServiceError } from '../../../main/services/errors';
import { diagnoseFiles } from '../../../main/services/ise';
import { createTarball, createZip, writeZip } from '../../support/archives';
import { useTempDir } from '../certs/pki-setup';
import { AAD_CLIENT, aadsts, iseLine, noiseLines, pkixLog } from './samples';

const tempDir = useTempDir('ise-intune-logs-');
let fileCounter = 0;
async function logFile(name: string, lines: string[] | string | Buffer): Promise<string> {
  const dir = join(tempDir(), `case-${(fileCounter += 1)}`);
  await mkdir(dir, { recursive: true });
  const path = join(dir, name);
  await writeFile(path, Array.isArray(lines) ? `${lines.join('\n')}\n` : lines);
  return path;
}

const consentAt = (timestamp: string): string => iseLine(timestamp, 'ERROR', AAD_CLIENT, `Failed to acquire auth token from Azure AD. ${aadsts.consent}`);
const bundleLog = [...noiseLines('2024-05-10', 40), ...pkixLog('2024-05-10'), ...noiseLines('2024-05-10', 10, 100)];

describe('log files', () => {
  it('merges rotated files given out of order into one time line', async () => {
    const older = await logFile('ise-psc.log.2', [consentAt('2024-05-01 08:00:00,000'), ...noiseLines('2024-05-01', 5)]);
    const middle = await logFile('ise-psc.log.1', [consentAt('2024-05-02 08:00:00,000')]);
    const newest = await logFile('ise-psc.log', [...noiseLines('2024-05-03', 2), consentAt('2024-05-03 08:00:00,000')]);
    const diagnosis = await diagnoseFiles([newest, older, middle]);
    const [consent] = diagnosis.findings;
    expect(consent?.code).toBe('CONSENT_MISSING');
    expect(consent?.count).toBe(3);
    expect(consent?.evidence.map((evidence) => [evidence.file, evidence.line])).toEqual([
      [older, 1],
      [middle, 1],
      [newest, 3],
    ]);
    expect([consent?.firstSeen, consent?.lastSeen]).toEqual(['2024-05-01 08:00:00,000', '2024-05-03 08:00:00,000']);
    expect(diagnosis.linesRead).toBe(10);
    expect(diagnosis.sources.map((source) => source.name)).toEqual([newest, older, middle]);
  });

  it('reads a gzipped rotated log', async () => {
    const path = await logFile('ise-psc.log.3.gz', gzipSync(`${bundleLog.join('\n')}\n`));
    const diagnosis = await diagnoseFiles([path]);
    expect(diagnosis.findings.map((finding) => finding.code)).toEqual(['PKIX_PATH']);
    expect(diagnosis.linesRead).toBe(bundleLog.length);
    expect(diagnosis.findings[0]?.evidence[0]?.line).toBe(44);
  });

  it('reads ise-psc.log inside a .tar.gz support bundle and skips the other logs', async () => {
    const dir = join(tempDir(), 'tgz');
    await mkdir(dir, { recursive: true });
    const bundle = await createTarball(join(dir, 'ise-support-bundle.tar.gz'), [
      { name: 'support/catalina.out', content: `${iseLine('2024-05-10 09:00:00,000', 'ERROR', 'org.apache.catalina.Foo', 'PKIX path building failed to graph.microsoft.com')}\n` },
      { name: 'support/ise-psc.log', content: `${bundleLog.join('\n')}\n` },
      { name: 'support/ise-psc.log.1.gz', content: gzipSync(`${consentAt('2024-05-09 08:00:00,000')}\n`) },
    ]);
    const diagnosis = await diagnoseFiles([{ path: bundle, name: 'ise-support-bundle.tar.gz' }]);
    expect(diagnosis.findings.map((finding) => finding.code)).toEqual(['PKIX_PATH', 'CONSENT_MISSING']);
    expect(diagnosis.findings[0]?.evidence[0]?.file).toBe('ise-support-bundle.tar.gz!support/ise-psc.log');
    expect(diagnosis.findings[1]?.evidence[0]?.file).toBe('ise-support-bundle.tar.gz!support/ise-psc.log.1.gz');
    expect(diagnosis.sources.map((source) => source.name).sort()).toEqual(['ise-support-bundle.tar.gz!support/ise-psc.log', 'ise-support-bundle.tar.gz!support/ise-psc.log.1.gz']);
  });

  it('reads the logs of a bundle that has no ise-psc.log (a .tgz of a saved error text)', async () => {
    const dir = join(tempDir(), 'tgz-other');
    await mkdir(dir, { recursive: true });
    const bundle = await createTarball(join(dir, 'error.tgz'), [{ name: 'notes/intune-error.txt', content: `${consentAt('2024-05-09 08:00:00,000')}\n` }]);
    const diagnosis = await diagnoseFiles([bundle]);
    expect(diagnosis.findings.map((finding) => finding.code)).toEqual(['CONSENT_MISSING']);
  });

  it('reads ise-psc.log inside a .zip made by zip', async () => {
    const dir = join(tempDir(), 'zip');
    await mkdir(dir, { recursive: true });
    const bundle = await createZip(join(dir, 'bundle.zip'), [
      { name: 'logs/ise-psc.log', content: `${bundleLog.join('\r\n')}\r\n` },
      { name: 'logs/readme.txt', content: 'PKIX path building failed — documentation, not a log\n' },
    ]);
    const progress: DiagnosisProgress[] = [];
    const diagnosis = await diagnoseFiles([bundle], {}, { onProgress: (report) => progress.push(report) });
    expect(diagnosis.findings.map((finding) => finding.code)).toEqual(['PKIX_PATH']);
    expect(diagnosis.findings[0]?.evidence[0]).toMatchObject({ file: `${bundle}!logs/ise-psc.log`, line: 44 });
    expect(diagnosis.findings[0]?.evidence[0]?.text.endsWith('\r')).toBe(false);
    expect(progress.at(-1)?.percent).toBe(100);
  });

  it('reads a minimal zip written by hand (deflate, no tool)', async () => {
    const path = await writeZip(join(tempDir(), 'hand.zip'), [{ name: 'ise-psc.log', content: `${consentAt('2024-05-09 08:00:00,000')}\n` }]);
    const diagnosis = await diagnoseFiles([path]);
    expect(diagnosis.findings.map((finding) => finding.code)).toEqual(['CONSENT_MISSING']);
  });

  it.each([
    ['made by zip with a password', (path: string) => createZip(path, [{ name: 'ise-psc.log', content: `${bundleLog.join('\n')}\n` }], { password: 'bundle-secret' })],
    ['flagged encrypted in its headers', (path: string) => writeZip(path, [{ name: 'ise-psc.log', content: 'x\n' }], { encryptedFlag: true })],
  ])('says clearly that an encrypted zip (%s) cannot be read', async (_label, make) => {
    const path = await make(join(tempDir(), `encrypted-${(fileCounter += 1)}.zip`));
    const diagnosis = await diagnoseFiles([path]);
    expect(diagnosis.sources).toEqual([{ name: path, ok: false, linesRead: 0, bytesRead: 0, error: { code: 'LOG_ARCHIVE_ENCRYPTED', message: expect.stringContaining('is encrypted') } }]);
    expect(diagnosis.findings).toEqual([]);
  });

  it('says clearly that a damaged archive cannot be read, and still reads the other files', async () => {
    const dir = join(tempDir(), 'damaged');
    await mkdir(dir, { recursive: true });
    const zip = await createZip(join(dir, 'cut.zip'), [{ name: 'ise-psc.log', content: `${bundleLog.join('\n')}\n` }]);
    await truncate(zip, Math.floor((await readFile(zip)).length / 2));
    const tgz = await createTarball(join(dir, 'cut.tar.gz'), [{ name: 'ise-psc.log', content: `${bundleLog.join('\n')}\n`.repeat(20) }]);
    await truncate(tgz, Math.floor((await readFile(tgz)).length / 2));
    const good = await logFile('ise-psc.log', [consentAt('2024-05-09 08:00:00,000')]);
    const diagnosis = await diagnoseFiles([zip, tgz, good, join(dir, 'missing.log')]);
    expect(diagnosis.sources.filter((source) => !source.ok).map((source) => [source.name, source.error?.code])).toEqual([
      [zip, 'LOG_ARCHIVE_CORRUPT'],
      [tgz, 'LOG_ARCHIVE_CORRUPT'],
      [join(dir, 'missing.log'), 'LOG_UNREADABLE'],
    ]);
    expect(diagnosis.sources.find((source) => source.name === zip)?.error?.message).toMatch(/cut\.zip is a damaged \.zip archive/);
    expect(diagnosis.findings.map((finding) => finding.code)).toContain('CONSENT_MISSING');
  });

  it('finds nothing in binary garbage and does not crash', async () => {
    let seed = 7;
    const garbage = Buffer.alloc(2 * 1024 * 1024);
    for (let i = 0; i < garbage.length; i++) {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      garbage[i] = seed >> 16;
    }
    const diagnosis = await diagnoseFiles([await logFile('garbage.bin', garbage)]);
    expect(diagnosis.findings).toEqual([]);
    expect(diagnosis.sources[0]?.ok).toBe(true);
    expect(diagnosis.linesRead).toBeGreaterThan(1000);
  });

  it('cuts a 10 MB line, keeps counting, and still reads the lines after it', async () => {
    const path = join(tempDir(), 'long-line.log');
    const out = createWriteStream(path);
    out.write(`${consentAt('2024-05-09 08:00:00,000')}\n`);
    out.write(iseLine('2024-05-09 08:00:01,000', 'DEBUG', AAD_CLIENT, 'Response body: '));
    const block = Buffer.alloc(1024 * 1024, 'A');
    for (let i = 0; i < 10; i++) out.write(block);
    out.write(`\n${iseLine('2024-05-09 08:00:02,000', 'ERROR', AAD_CLIENT, aadsts.appNotFound)}\n`);
    await new Promise((resolvePromise) => out.end(resolvePromise));
    const diagnosis = await diagnoseFiles([path]);
    expect(diagnosis.linesRead).toBe(3);
    expect(diagnosis.linesTruncated).toBe(1);
    expect(diagnosis.findings.map((finding) => finding.code)).toEqual(['APP_NOT_FOUND', 'CONSENT_MISSING']);
    expect(diagnosis.findings[0]?.evidence[0]?.line).toBe(3);
  });

  it('keeps the header of an entry whose stack trace turns relevant megabytes later (read buffers are reused)', async () => {
    const header = iseLine('2024-05-10 11:00:00,000', 'ERROR', 'com.cisco.cpm.http.client.HttpClientWrapper', 'POST https://login.microsoftonline.com/contoso/oauth2/token failed');
    const frames = Array.from({ length: 30_000 }, (_, i) => `\tat com.cisco.cpm.http.client.Frame${i}.call(Frame${i}.java:${i % 500})`);
    const lines = [...noiseLines('2024-05-10', 6_000), header, ...frames, 'Caused by: sun.security.validator.ValidatorException: PKIX path building failed: unable to find valid certification path to requested target', ...noiseLines('2024-05-10', 8_000, 4000)];
    const path = await logFile('ise-psc.log', lines);
    const diagnosis = await diagnoseFiles([path]);
    const [pkix] = diagnosis.findings;
    expect(pkix?.code).toBe('PKIX_PATH');
    expect(pkix?.evidence[0]).toMatchObject({ line: 6_000 + 1 + frames.length + 1, entryHeader: header, timestamp: '2024-05-10 11:00:00,000' });
    expect(diagnosis.linesRelevant).toBe(1 + frames.length + 1);
  });

  it('reports progress in bytes and percent, ending at 100%', async () => {
    const lines = [...noiseLines('2024-05-10', 40_000), consentAt('2024-05-11 08:00:00,000')];
    const path = await logFile('ise-psc.log', lines);
    const size = (await readFile(path)).length;
    const progress: DiagnosisProgress[] = [];
    const diagnosis = await diagnoseFiles([path], {}, { onProgress: (report) => progress.push(report) });
    expect(progress.length).toBeGreaterThan(2);
    expect(progress.every((report) => report.bytesTotal === size)).toBe(true);
    const percents = progress.map((report) => report.percent ?? -1);
    expect(percents).toEqual([...percents].sort((a, b) => a - b));
    expect(progress.at(-1)).toMatchObject({ bytesRead: size, percent: 100, linesRead: lines.length });
    expect(diagnosis.linesRead).toBe(lines.length);
  });

  it('stops when cancelled, with a clear error', async () => {
    const path = await logFile('ise-psc.log', noiseLines('2024-05-10', 60_000));
    const controller = new AbortController();
    const promise = diagnoseFiles([path], {}, { signal: controller.signal, onProgress: (report) => (report.percent ?? 0) >= 10 && controller.abort() });
    const error = await promise.then(() => null, (caught: unknown) => caught);
    expect(isServiceError(error) && error.code).toBe('DIAGNOSIS_CANCELLED');
  });
});
