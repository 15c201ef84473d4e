/**
 * Log files as the admin has them: `ise-psc.log`, rotated `ise-psc.log.N`, `.gz`, and support
 * bundles (`.zip`, `.tar.gz`/`.tgz`, `.tar`). The kind is read from the first bytes, not the
 * name. Archive members are streamed, never extracted to disk; only log members are read.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import tar from 'tar-stream';
import yauzl from 'yauzl';
import { ServiceError, isServiceError } from '../errors';
import { openRegularFile } from '../files';
import { ExpansionLimitError, MAX_EXPANSION_RATIO, READ_CHUNK_BYTES, type LineScanner, type ProgressTracker, readFileChunks, scanChunks, throwIfAborted } from './log-reader';

/** Creates the scanner of one source (a file or an archive member) and is told when it ends. */
export type OpenSource = (name: string) => { scanner: LineScanner; finish: (bytes: number, stopped?: { code: string; message: string }) => void };

export interface ReadContext {
  open: OpenSource;
  tracker: ProgressTracker;
  signal?: AbortSignal;
}

type FileKind = 'plain' | 'gzip' | 'zip' | 'tar' | 'pgp';

const ISE_PSC_LOG = /^ise-psc\.log(?:\.\d+)?(?:\.gz)?$/i;
const ANY_LOG = /\.(?:log|txt|out)(?:\.\d+)?(?:\.gz)?$/i;

/** Members of a bundle worth reading: ise-psc.log*, or any log when the bundle has no ise-psc.log. */
export function isIsePscLog(name: string): boolean {
  return ISE_PSC_LOG.test(basename(name));
}

function isAnyLog(name: string): boolean {
  return ANY_LOG.test(basename(name));
}

function looksLikeTar(head: Buffer): boolean {
  return head.length >= 262 && head.toString('latin1', 257, 262) === 'ustar';
}

function kindOf(head: Buffer, path: string): FileKind {
  if (head[0] === 0x1f && head[1] === 0x8b) return 'gzip';
  if (head.toString('latin1', 0, 4) === 'PK\x03\x04' || head.toString('latin1', 0, 4) === 'PK\x05\x06') return 'zip';
  if (looksLikeTar(head)) return 'tar';
  // ISE's encrypted support bundles are `.tar.gpg`.
  if (/\.(?:gpg|pgp)$/i.test(path)) return 'pgp';
  return 'plain';
}

function unreadable(display: string, error: NodeJS.ErrnoException): ServiceError {
  const reasons: Record<string, string> = { ENOENT: 'does not exist', EACCES: 'cannot be read: permission denied', EPERM: 'cannot be read: permission denied', EISDIR: 'is a folder, not a log file' };
  return new ServiceError('LOG_UNREADABLE', `The file ${display} ${reasons[error.code ?? ''] ?? `cannot be read (${error.code ?? error.message})`}.`);
}

function corrupt(display: string, what: string, error: unknown): ServiceError {
  return new ServiceError(
    'LOG_ARCHIVE_CORRUPT',
    `${display} is a damaged ${what} (${(error as Error).message}). Copy or download the support bundle again, or open the ise-psc.log inside it directly.`,
  );
}

function encrypted(display: string): ServiceError {
  return new ServiceError(
    'LOG_ARCHIVE_ENCRYPTED',
    `${display} is encrypted, so its logs cannot be read. Collect the support bundle again without encryption (ISE: Operations > Troubleshoot > Download Logs > Support Bundle), or decrypt it and open the ise-psc.log inside.`,
  );
}

/** Size and kind of a file; file-system problems become a ServiceError naming the file. */
export async function inspectLogFile(path: string, display: string): Promise<{ size: number; kind: FileKind }> {
  try {
    const stats = await stat(path);
    if (stats.isDirectory()) throw new ServiceError('LOG_UNREADABLE', `${display} is a folder. Open the ise-psc.log files inside it, or a support bundle archive.`);
    // A pipe, a device or /proc would make the diagnosis wait or read forever: regular files only.
    const { handle, size } = await openRegularFile(path, { code: 'LOG_UNREADABLE', noun: 'log file' }).catch((error: unknown) => {
      throw isServiceError(error) ? new ServiceError('LOG_UNREADABLE', error.message.replace(path, display)) : error;
    });
    try {
      const head = Buffer.alloc(Math.min(512, size));
      await handle.read(head, 0, head.length, 0);
      return { size, kind: kindOf(head, path) };
    } finally {
      await handle.close();
    }
  } catch (error) {
    if (isServiceError(error)) throw error;
    throw unreadable(display, error as NodeJS.ErrnoException);
  }
}

/** Reads every log in one file (a log, a .gz, or a bundle) into sources opened with `context.open`. */
export async function readLogFile(path: string, display: string, context: ReadContext): Promise<void> {
  const start = context.tracker.bytesRead;
  const { size, kind } = await inspectLogFile(path, display);
  if (kind === 'pgp') throw encrypted(display);
  if (kind === 'zip') await readZip(path, display, context);
  else await readStreamed(path, display, kind, context);
  context.tracker.advanceTo(start + size, display);
}

/** Compressed bytes a member has consumed so far, for the expansion limit (decompressed members only). */
type CompressedCount = () => number;

function expansionStopped(name: string, inflated: number): { code: string; message: string } {
  return {
    code: 'LOG_EXPANSION_LIMIT',
    message: `Reading of ${name} stopped after ${Math.round(inflated / 1048576)} MB: it expands more than ${MAX_EXPANSION_RATIO} times its compressed size, which logs never do (a decompression bomb, or a damaged file). What was found before that point is shown.`,
  };
}

/** Scans one source; true when it was stopped at the expansion limit (the caller stops feeding it). */
async function scanMember(name: string, chunks: AsyncIterable<Buffer>, context: ReadContext, onChunk?: (bytes: number) => void, compressedBytes?: CompressedCount): Promise<boolean> {
  const { scanner, finish } = context.open(name);
  const linesBefore = context.tracker.linesRead;
  const onEachChunk = (count: number): void => {
    context.tracker.linesRead = linesBefore + scanner.lines;
    onChunk?.(count);
  };
  try {
    const bytes = await scanChunks(chunks, scanner, { signal: context.signal, onChunk: onEachChunk, ...(compressedBytes ? { compressedBytes } : {}) });
    context.tracker.linesRead = linesBefore + scanner.lines;
    finish(bytes);
    return false;
  } catch (error) {
    if (!(error instanceof ExpansionLimitError)) throw error;
    context.tracker.linesRead = linesBefore + scanner.lines;
    finish(error.inflated, expansionStopped(name, error.inflated));
    return true;
  }
}

/** Plain, gzip (of a log or of a tar) and tar files: one sequential pass over the bytes. */
async function readStreamed(path: string, display: string, kind: Exclude<FileKind, 'zip' | 'pgp'>, context: ReadContext): Promise<void> {
  if (kind === 'plain') {
    try {
      await scanMember(display, readFileChunks(path), context, (bytes) => context.tracker.add(bytes, display));
    } catch (error) {
      if (isServiceError(error)) throw error;
      throw unreadable(display, error as NodeJS.ErrnoException);
    }
    return;
  }
  const raw = createReadStream(path, { highWaterMark: READ_CHUNK_BYTES });
  let compressed = 0;
  raw.on('data', (chunk) => {
    compressed += chunk.length;
    context.tracker.add(chunk.length, display);
  });
  try {
    let bytes: AsyncIterable<Buffer> = raw;
    if (kind === 'gzip') {
      const gunzip = createGunzip({ chunkSize: 256 * 1024 });
      raw.on('error', (error) => gunzip.destroy(error));
      bytes = raw.pipe(gunzip);
    }
    const { head, rest } = await peek(bytes, 512, display, kind);
    if (kind === 'tar' || looksLikeTar(head)) await readTar(path, display, Readable.from(rest), context, kind === 'gzip', () => compressed);
    else await scanMember(display, rest, context, undefined, kind === 'gzip' ? () => compressed : undefined);
  } catch (error) {
    if (isServiceError(error)) throw error;
    throw corrupt(display, kind === 'gzip' ? '.gz file' : '.tar archive', error);
  } finally {
    raw.destroy();
  }
}

/** The first `size` bytes, and an iterable that replays them followed by the rest. */
async function peek(chunks: AsyncIterable<Buffer>, size: number, display: string, kind: FileKind): Promise<{ head: Buffer; rest: AsyncIterable<Buffer> }> {
  const iterator = chunks[Symbol.asyncIterator]();
  const seen: Buffer[] = [];
  let length = 0;
  let done = false;
  try {
    while (length < size) {
      const next = await iterator.next();
      if (next.done) {
        done = true;
        break;
      }
      seen.push(next.value);
      length += next.value.length;
    }
  } catch (error) {
    throw corrupt(display, kind === 'gzip' ? '.gz file' : 'archive', error);
  }
  async function* replay(): AsyncGenerator<Buffer> {
    yield* seen;
    if (done) return;
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
  }
  return { head: Buffer.concat(seen), rest: replay() };
}

async function readTar(path: string, display: string, bytes: Readable, context: ReadContext, gzip: boolean, compressed: CompressedCount): Promise<void> {
  const names = await readTarPass(display, bytes, context, isIsePscLog, gzip ? compressed : null);
  if (names.psc > 0) return;
  if (names.other === 0) throw noLog(display);
  // No ise-psc.log in the bundle: read its other logs in a second pass (tar is sequential).
  const again = createReadStream(path, { highWaterMark: READ_CHUNK_BYTES });
  let againCompressed = 0;
  again.on('data', (chunk) => (againCompressed += chunk.length));
  const source = gzip ? again.pipe(createGunzip()) : again;
  again.on('error', (error) => source.destroy(error));
  try {
    await readTarPass(display, source, context, isAnyLog, gzip ? () => againCompressed : null);
  } finally {
    again.destroy();
  }
}

/**
 * One pass over a tar's members. `compressed` counts the archive's gzip bytes (a .tar.gz): each
 * member's expansion is judged against the compressed bytes consumed while it was read.
 */
async function readTarPass(display: string, bytes: Readable, context: ReadContext, accept: (name: string) => boolean, compressed: CompressedCount | null): Promise<{ psc: number; other: number }> {
  const extract = tar.extract();
  bytes.on('error', (error) => extract.destroy(error));
  bytes.pipe(extract);
  let psc = 0;
  let other = 0;
  try {
    for await (const entry of extract) {
      throwIfAborted(context.signal);
      const name = entry.header.name;
      const isFile = entry.header.type === 'file' || entry.header.type === 'contiguous-file';
      if (isFile && isIsePscLog(name)) psc += 1;
      else if (isFile && isAnyLog(name)) other += 1;
      if (!isFile || !accept(name)) {
        entry.resume();
        continue;
      }
      const gzipped = name.toLowerCase().endsWith('.gz');
      const member: AsyncIterable<Buffer> = gzipped ? entry.pipe(createGunzip()) : (entry as AsyncIterable<Buffer>);
      const memberStart = compressed?.() ?? 0;
      // A gzipped member is judged against its own size; a member of a .tar.gz against the archive bytes read meanwhile.
      const budget: CompressedCount | undefined = gzipped ? () => entry.header.size ?? 0 : compressed ? () => compressed() - memberStart : undefined;
      // A tar is read in sequence: past a bomb there is no reaching the next members without inflating it.
      if (await scanMember(`${display}!${name}`, member, context, undefined, budget)) break;
    }
  } catch (error) {
    if (isServiceError(error)) throw error;
    throw corrupt(display, '.tar archive', error);
  }
  return { psc, other };
}

function noLog(display: string): ServiceError {
  return new ServiceError('LOG_ARCHIVE_NO_LOG', `${display} holds no ise-psc.log (nor any other .log or .txt file). Include the external-mdm and mdmportal logs when collecting the support bundle.`);
}

function openZip(path: string): Promise<yauzl.ZipFile> {
  return new Promise((resolvePromise, reject) => {
    yauzl.open(path, { lazyEntries: true, autoClose: false }, (error, zip) => (error ? reject(error) : resolvePromise(zip)));
  });
}

function zipEntries(zip: yauzl.ZipFile): Promise<yauzl.Entry[]> {
  return new Promise((resolvePromise, reject) => {
    const entries: yauzl.Entry[] = [];
    zip.on('entry', (entry: yauzl.Entry) => {
      entries.push(entry);
      zip.readEntry();
    });
    zip.on('end', () => resolvePromise(entries));
    zip.on('error', reject);
    zip.readEntry();
  });
}

function openEntry(zip: yauzl.ZipFile, entry: yauzl.Entry): Promise<Readable> {
  return new Promise((resolvePromise, reject) => {
    zip.openReadStream(entry, (error, stream) => (error ? reject(error) : resolvePromise(stream)));
  });
}

/** Zip: the central directory lists members up front, so the choice of logs is made before reading. */
async function readZip(path: string, display: string, context: ReadContext): Promise<void> {
  let zip: yauzl.ZipFile | null = null;
  try {
    zip = await openZip(path);
    const files = (await zipEntries(zip)).filter((entry) => !entry.fileName.endsWith('/'));
    const psc = files.filter((entry) => isIsePscLog(entry.fileName));
    const logs = psc.length > 0 ? psc : files.filter((entry) => isAnyLog(entry.fileName));
    if (logs.length === 0) throw noLog(display);
    if (logs.some((entry) => entry.isEncrypted())) throw encrypted(display);
    for (const entry of logs) {
      throwIfAborted(context.signal);
      const stream = await openEntry(zip, entry);
      // Progress in archive bytes: the inflated count scaled by the member's compression ratio.
      const ratio = entry.compressedSize / Math.max(1, entry.uncompressedSize);
      const member = entry.fileName.toLowerCase().endsWith('.gz') ? stream.pipe(createGunzip()) : stream;
      if (member !== stream) stream.on('error', (error) => member.destroy(error));
      try {
        await scanMember(
          `${display}!${entry.fileName}`,
          member,
          context,
          member === stream ? (bytes) => context.tracker.add(bytes * ratio, display) : undefined,
          entry.compressionMethod === 0 && member === stream ? undefined : () => entry.compressedSize,
        );
      } finally {
        if (member !== stream) member.destroy();
        stream.destroy();
      }
    }
  } catch (error) {
    if (isServiceError(error)) throw error;
    throw corrupt(display, '.zip archive', error);
  } finally {
    zip?.close();
  }
}
