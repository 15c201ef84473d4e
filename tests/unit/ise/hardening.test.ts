/**
 * Issue 19 (and 22's UTF-16): logs that are not what they seem. Pipes and devices are refused
 * at once, a decompression bomb is stopped with what was found before it kept, UTF-16 logs and
 * pastes read like UTF-8, and the generic-failure correlation stays exact while it streams.
 */
import { execFileSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { diagnoseFiles, diagnoseStream, diagnoseText } from '../../../main/services/ise';
import { EXPANSION_CHECK_AFTER, MAX_EXPANSION_RATIO } from '../../../main/services/ise/log-reader';
import { createTarball, createZip } from '../../support/archives';
import { useTempDir } from '../certs/pki-setup';
import { AAD_CLIENT, aadsts, iseLine, noiseLines, pkixLog } from './samples';

const tempDir = useTempDir('ise-intune-hardening-');
let counter = 0;
async function caseDir(): Promise<string> {
  const dir = join(tempDir(), `case-${(counter += 1)}`);
  await mkdir(dir, { recursive: true });
  return dir;
}

const codes = (diagnosis: { findings: { code: string }[] }): string[] => diagnosis.findings.map((finding) => finding.code);
const logText = `${[...noiseLines('2024-05-10', 5), ...pkixLog('2024-05-10'), iseLine('2024-05-10 13:00:00,000', 'ERROR', AAD_CLIENT, `Failed to acquire auth token. ${aadsts.consent}`)].join('\r\n')}\r\n`;

function utf16be(text: string): Buffer {
  const bytes = Buffer.from(text, 'utf16le');
  for (let index = 0; index + 1 < bytes.length; index += 2) [bytes[index], bytes[index + 1]] = [bytes[index + 1] as number, bytes[index] as number];
  return bytes;
}

describe('inputs that are not regular files', () => {
  it('refuses a FIFO at once instead of waiting for a writer, and still reads the other files', async () => {
    const dir = await caseDir();
    const fifo = join(dir, 'ise-psc.log');
    execFileSync('mkfifo', [fifo]);
    const good = join(dir, 'good.log');
    await writeFile(good, logText);
    const diagnosis = await diagnoseFiles([fifo, good]);
    expect(diagnosis.sources[0]).toMatchObject({ name: fifo, ok: false, error: { code: 'LOG_UNREADABLE' } });
    expect(diagnosis.sources[0]?.error?.message).toMatch(/is a pipe, not a log file: only regular files are read/);
    expect(codes(diagnosis)).toContain('PKIX_PATH');
  }, 10_000);

  it('refuses a device (/dev/zero would never end)', async () => {
    const diagnosis = await diagnoseFiles(['/dev/zero']);
    expect(diagnosis.sources[0]?.error?.message).toMatch(/\/dev\/zero is a device, not a log file/);
    expect(diagnosis.linesRead).toBe(0);
  });
});

describe('decompression bombs', () => {
  // A log line with a finding, then zeros: deflate packs those about 1000:1, far past any log.
  const bomb = (): Buffer => gzipSync(Buffer.concat([Buffer.from(logText), Buffer.alloc(EXPANSION_CHECK_AFTER + 8 * 1024 * 1024, 0x41)]), { level: 1 });

  it('stops a .gz member past the expansion limit, says so, and keeps what it found before', async () => {
    const dir = await caseDir();
    const path = join(dir, 'ise-psc.log.1.gz');
    await writeFile(path, bomb());
    const diagnosis = await diagnoseFiles([path]);
    expect(codes(diagnosis)).toEqual(expect.arrayContaining(['PKIX_PATH', 'CONSENT_MISSING']));
    const [source] = diagnosis.sources;
    expect(source).toMatchObject({ ok: false, error: { code: 'LOG_EXPANSION_LIMIT' } });
    expect(source?.error?.message).toContain(`more than ${MAX_EXPANSION_RATIO} times its compressed size`);
    expect(source?.bytesRead).toBeLessThan(EXPANSION_CHECK_AFTER + 4 * 1024 * 1024);
  }, 30_000);

  it('stops a bomb inside a .tar.gz bundle and inside a zip', async () => {
    const dir = await caseDir();
    const tgz = await createTarball(join(dir, 'bundle.tar.gz'), [{ name: 'support/ise-psc.log', content: Buffer.concat([Buffer.from(logText), Buffer.alloc(EXPANSION_CHECK_AFTER + 8 * 1024 * 1024, 0x41)]) }]);
    const zip = await createZip(join(dir, 'bundle.zip'), [{ name: 'ise-psc.log.2.gz', content: bomb() }]);
    const diagnosis = await diagnoseFiles([tgz, zip]);
    expect(diagnosis.sources.map((source) => source.error?.code)).toEqual(['LOG_EXPANSION_LIMIT', 'LOG_EXPANSION_LIMIT']);
    expect(codes(diagnosis)).toContain('PKIX_PATH');
  }, 60_000);

  it('reads a gzipped log that compresses like real logs to the end', async () => {
    const dir = await caseDir();
    const path = join(dir, 'ise-psc.log.2.gz');
    const lines = [...noiseLines('2024-05-10', 20_000), ...pkixLog('2024-05-11')];
    await writeFile(path, gzipSync(`${lines.join('\n')}\n`));
    const diagnosis = await diagnoseFiles([path]);
    expect(diagnosis.sources[0]).toMatchObject({ ok: true, error: null, linesRead: lines.length });
  });
});

describe('UTF-16 logs and pastes (PowerShell 5 `>`, Notepad "Unicode")', () => {
  const expected = diagnoseText(logText);

  it.each([
    ['UTF-16LE with a byte order mark', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(logText, 'utf16le')])],
    ['UTF-16LE without a byte order mark', Buffer.from(logText, 'utf16le')],
    ['UTF-16BE with a byte order mark', Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be(logText)])],
    ['UTF-8 with a byte order mark', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(logText)])],
  ])('diagnoses a log in %s like UTF-8', async (_name, bytes) => {
    const dir = await caseDir();
    const path = join(dir, 'ise-psc.log');
    await writeFile(path, bytes);
    const diagnosis = await diagnoseFiles([path]);
    expect(codes(diagnosis)).toEqual(codes(expected));
    expect(codes(diagnosis)).toEqual(['PKIX_PATH', 'CONSENT_MISSING']);
    expect(diagnosis.linesRead).toBe(expected.linesRead);
    expect(diagnosis.findings[0]?.evidence[0]?.text).toBe(expected.findings[0]?.evidence[0]?.text);
  });

  it('diagnoses UTF-16 on standard input, in chunks that split characters', async () => {
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(logText, 'utf16le')]);
    const chunks = Array.from({ length: Math.ceil(bytes.length / 333) }, (_, index) => bytes.subarray(index * 333, (index + 1) * 333));
    const diagnosis = await diagnoseStream(Readable.from(chunks), 'stdin');
    expect(codes(diagnosis)).toEqual(['PKIX_PATH', 'CONSENT_MISSING']);
  });

  it('diagnoses UTF-16 inside a .gz', async () => {
    const dir = await caseDir();
    const path = join(dir, 'ise-psc.log.1.gz');
    await writeFile(path, gzipSync(Buffer.from(`\ufeff${logText}`, 'utf16le')));
    expect(codes(await diagnoseFiles([path]))).toEqual(['PKIX_PATH', 'CONSENT_MISSING']);
  });

  it('diagnoses a paste that arrived as UTF-16 read byte for byte (a NUL after every character)', () => {
    const garbled = Buffer.from(logText, 'utf16le').toString('latin1');
    expect(codes(diagnoseText(garbled))).toEqual(['PKIX_PATH', 'CONSENT_MISSING']);
  });
});

describe('the generic failure correlation, streamed', () => {
  it('lets a specific cause logged up to a minute after the generic failure explain it, on the same thread only', () => {
    const generic = (time: string, thread: string): string => iseLine(time, 'ERROR', AAD_CLIENT, 'Unable to acquire access token from Azure', thread);
    const cause = (time: string, thread: string): string => iseLine(time, 'ERROR', AAD_CLIENT, `Failed. ${aadsts.appNotFound}`, thread);
    const lines = [
      generic('2024-05-10 10:00:00,000', 'pool-1'),
      cause('2024-05-10 10:01:00,000', 'pool-1'), // exactly a minute later: explains
      generic('2024-05-10 10:05:00,000', 'pool-2'),
      cause('2024-05-10 10:06:00,001', 'pool-2'), // a minute and a millisecond: does not
      generic('2024-05-10 10:10:00,000', 'pool-3'),
      cause('2024-05-10 10:10:30,000', 'pool-4'), // another thread: does not
      ...noiseLines('2024-05-10', 3, 40_000),
    ];
    const diagnosis = diagnoseText(lines.join('\n'));
    const tokenFailed = diagnosis.findings.find((finding) => finding.code === 'TOKEN_FAILED');
    expect(tokenFailed?.count).toBe(2);
    expect(tokenFailed?.evidence.map((evidence) => evidence.line)).toEqual([3, 5]);
  });

  it('counts every repeat of a dense log and keeps the evidence bounded', () => {
    const lines = Array.from({ length: 30_000 }, (_, index) => {
      const second = Math.floor(index / 10);
      const time = `2024-05-10 ${String(10 + Math.floor(second / 3600)).padStart(2, '0')}:${String(Math.floor(second / 60) % 60).padStart(2, '0')}:${String(second % 60).padStart(2, '0')},${String(index % 1000).padStart(3, '0')}`;
      return index % 2 === 0 ? iseLine(time, 'ERROR', AAD_CLIENT, `Failed. ${aadsts.consent}`, 'pool-a') : iseLine(time, 'ERROR', AAD_CLIENT, 'Unable to acquire access token from Azure', 'pool-b');
    });
    const diagnosis = diagnoseText(lines.join('\n'));
    const consent = diagnosis.findings.find((finding) => finding.code === 'CONSENT_MISSING');
    const tokenFailed = diagnosis.findings.find((finding) => finding.code === 'TOKEN_FAILED');
    expect([consent?.count, tokenFailed?.count]).toEqual([15_000, 15_000]);
    expect(consent?.evidence.length).toBeLessThanOrEqual(21);
    expect(consent?.evidence[0]?.line).toBe(1);
    expect(consent?.evidence.at(-1)?.line).toBe(29_999);
    expect(tokenFailed?.evidence.at(-1)?.line).toBe(30_000);
  });
});
