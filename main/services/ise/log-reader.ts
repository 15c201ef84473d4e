/**
 * Streaming line reading: chunks in, lines out as byte ranges, whatever the size of the log
 * (a 1 GB ise-psc.log never sits in memory). A line longer than the cap is cut: its start is
 * kept, the rest is skipped but still counted.
 */
import { open } from 'node:fs/promises';
import { TextDecoder } from 'node:util';
import type { DiagnosisProgress } from '../../../preload/types/diagnosis';
import { ServiceError } from '../errors';
import { type LineMarks, MARKED, MarkerSearch, UNMARKED, hasMarker } from './relevance';

/** Longer lines are cut to this many bytes (ISE lines are a few hundred; a stray dump can be megabytes). */
export const DEFAULT_MAX_LINE_LENGTH = 64 * 1024;
/** Large reads keep the per-chunk work (marker search, concatenation) rare. */
export const READ_CHUNK_BYTES = 1024 * 1024;

/**
 * Gets each line: `buffer[start, end)` without the newline; `marks` tells whether it holds a
 * relevance marker (`marks.lineHasMarker(start, end)`), searched only if the sink asks.
 */
export type LineSink = (buffer: Buffer, start: number, end: number, line: number, marks: LineMarks, truncated: boolean) => void;

export class LineScanner {
  lines = 0;
  truncatedLines = 0;
  private leftover: Buffer | null = null;
  private overflow: { kept: Buffer; marked: boolean } | null = null;

  /**
   * `release` is called after each chunk: the sink must copy whatever it still points to,
   * because chunks may be a reused read buffer.
   */
  constructor(
    private readonly sink: LineSink,
    private readonly maxLineLength = DEFAULT_MAX_LINE_LENGTH,
    private readonly release?: () => void,
  ) {}

  write(input: Buffer): void {
    this.writeChunk(input);
    this.release?.();
  }

  private writeChunk(input: Buffer): void {
    let chunk = input;
    if (this.overflow) {
      const newline = chunk.indexOf(0x0a);
      if (newline === -1) {
        // Still inside the over-long line: skipped, but a marker in it still counts.
        if (!this.overflow.marked) this.overflow.marked = hasMarker(chunk, chunk.length);
        return;
      }
      if (!this.overflow.marked) this.overflow.marked = hasMarker(chunk, newline);
      this.emitOverflow();
      chunk = chunk.subarray(newline + 1);
    }
    if (this.leftover) {
      // Only the line that straddles the chunks is joined; the chunk itself is never copied.
      const newline = chunk.indexOf(0x0a);
      if (newline === -1) {
        const joined = Buffer.concat([this.leftover, chunk]);
        this.leftover = null;
        this.hold(joined);
        return;
      }
      const joined = Buffer.concat([this.leftover, chunk.subarray(0, newline + 1)]);
      this.leftover = null;
      this.scanLines(joined, joined.length - 1);
      chunk = chunk.subarray(newline + 1);
    }
    const last = chunk.lastIndexOf(0x0a);
    if (last === -1) {
      if (chunk.length > 0) this.hold(chunk);
      return;
    }
    this.scanLines(chunk, last);
    if (last + 1 < chunk.length) this.hold(chunk.subarray(last + 1));
  }

  /** Every line of `buffer[0, last]`, where `last` is the offset of a newline. */
  private scanLines(buffer: Buffer, last: number): void {
    const markers = new MarkerSearch(buffer);
    let start = 0;
    while (start <= last) {
      const newline = buffer.indexOf(0x0a, start);
      this.lines += 1;
      if (newline - start > this.maxLineLength) this.truncatedLines += 1;
      this.sink(buffer, start, newline, this.lines, markers, false);
      start = newline + 1;
    }
  }

  /** The last line when the input does not end with a newline. */
  end(): void {
    if (this.overflow) this.emitOverflow();
    else if (this.leftover && this.leftover.length > 0) {
      const rest = this.leftover;
      this.leftover = null;
      this.lines += 1;
      this.sink(rest, 0, rest.length, this.lines, hasMarker(rest, rest.length) ? MARKED : UNMARKED, false);
    }
  }

  private hold(rest: Buffer): void {
    if (rest.length > this.maxLineLength) {
      this.overflow = { kept: Buffer.from(rest.subarray(0, this.maxLineLength)), marked: hasMarker(rest, rest.length) };
    } else {
      // A copy, so that the large chunk it came from can be freed.
      this.leftover = Buffer.from(rest);
    }
  }

  private emitOverflow(): void {
    const { kept, marked } = this.overflow as { kept: Buffer; marked: boolean };
    this.overflow = null;
    this.lines += 1;
    this.truncatedLines += 1;
    this.sink(kept, 0, kept.length, this.lines, marked ? MARKED : UNMARKED, true);
  }
}

export function cancelledError(): ServiceError {
  return new ServiceError('DIAGNOSIS_CANCELLED', 'The diagnosis was cancelled before the logs were fully read.');
}

export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw cancelledError();
}

/** Bytes read over all sources, reported at most once per percent (or per 8 MB when the total is unknown). */
export class ProgressTracker {
  bytesRead = 0;
  linesRead = 0;
  private lastReported = -1;

  constructor(
    readonly bytesTotal: number | null,
    private readonly onProgress?: (progress: DiagnosisProgress) => void,
  ) {}

  add(bytes: number, source: string): void {
    this.bytesRead += bytes;
    this.report(source, false);
  }

  /** Counts what was skipped (archive members that are not logs) so that the end is 100%. */
  advanceTo(bytes: number, source: string): void {
    if (bytes > this.bytesRead) this.bytesRead = bytes;
    this.report(source, true);
  }

  private report(source: string, force: boolean): void {
    if (!this.onProgress) return;
    const total = this.bytesTotal;
    const percent = total === null ? null : total === 0 ? 100 : Math.min(100, Math.floor((this.bytesRead / total) * 100));
    const step = percent ?? Math.floor(this.bytesRead / (8 * 1024 * 1024));
    if (!force && step === this.lastReported) return;
    this.lastReported = step;
    this.onProgress({ source, bytesRead: this.bytesRead, bytesTotal: total, percent, linesRead: this.linesRead });
  }
}

/**
 * A file's bytes in chunks of one reused pair of buffers: no allocation per chunk, and the next
 * read runs while the current chunk is scanned. A chunk is valid only until the next one.
 */
export async function* readFileChunks(path: string): AsyncGenerator<Buffer> {
  const handle = await open(path, 'r');
  let reading = Buffer.allocUnsafe(READ_CHUNK_BYTES);
  let spare = Buffer.allocUnsafe(READ_CHUNK_BYTES);
  let pending: Promise<{ bytesRead: number }> | null = handle.read(reading, 0, READ_CHUNK_BYTES, null);
  try {
    for (;;) {
      const { bytesRead } = await (pending as Promise<{ bytesRead: number }>);
      pending = null;
      if (bytesRead === 0) return;
      const chunk = reading.subarray(0, bytesRead);
      [reading, spare] = [spare, reading];
      pending = handle.read(reading, 0, READ_CHUNK_BYTES, null);
      yield chunk;
    }
  } finally {
    // A read still in flight must finish before the handle closes.
    if (pending) await pending.catch(() => undefined);
    await handle.close();
  }
}

/**
 * Text as Windows tools write it: UTF-16 (PowerShell 5 `>`, Notepad "Unicode"), with or without
 * a byte order mark, becomes UTF-8 on the way in; a UTF-8 byte order mark is dropped. Without a
 * mark, UTF-16 is recognised by its zero bytes: ASCII text in UTF-16LE has one after every character.
 */
export class TextDecoding {
  private mode: 'unknown' | 'utf8' | 'utf16' = 'unknown';
  private decoder: TextDecoder | null = null;
  private head: Buffer | null = null;

  /** The UTF-8 bytes of `chunk` (may be `chunk` itself, valid as long as it is). */
  push(chunk: Buffer): Buffer {
    if (this.mode === 'utf8') return chunk;
    if (this.mode === 'utf16') return Buffer.from((this.decoder as TextDecoder).decode(chunk, { stream: true }), 'utf8');
    const bytes = this.head ? Buffer.concat([this.head, chunk]) : chunk;
    // Zero bytes are judged on a sample, never on a few bytes that happen to arrive first.
    if (bytes.length < UTF16_SAMPLE_BYTES && !hasByteOrderMark(bytes)) {
      this.head = Buffer.from(bytes);
      return Buffer.alloc(0);
    }
    this.head = null;
    return this.decide(bytes);
  }

  end(): Buffer {
    if (this.mode === 'unknown') {
      const rest = this.head ?? Buffer.alloc(0);
      this.head = null;
      return rest.length === 0 ? rest : this.decide(rest);
    }
    if (this.mode === 'utf16') return Buffer.from((this.decoder as TextDecoder).decode(), 'utf8');
    return Buffer.alloc(0);
  }

  private decide(bytes: Buffer): Buffer {
    const encoding = utf16Encoding(bytes);
    if (encoding === null) {
      this.mode = 'utf8';
      return bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
    }
    this.mode = 'utf16';
    // The decoder drops the byte order mark itself.
    this.decoder = new TextDecoder(encoding);
    return this.push(bytes);
  }
}

/** Bytes looked at before deciding that text without a byte order mark is UTF-16. */
const UTF16_SAMPLE_BYTES = 64;

function hasByteOrderMark(bytes: Buffer): boolean {
  return (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff) || (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf);
}

/** 'utf-16le' / 'utf-16be' when the first bytes are UTF-16 text, else null. */
export function utf16Encoding(bytes: Buffer): 'utf-16le' | 'utf-16be' | null {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  const pairs = Math.floor(Math.min(bytes.length, 4096) / 2);
  if (pairs < UTF16_SAMPLE_BYTES / 4) return null;
  let zeroEven = 0;
  let zeroOdd = 0;
  for (let index = 0; index < pairs * 2; index += 2) {
    if (bytes[index] === 0) zeroEven += 1;
    if (bytes[index + 1] === 0) zeroOdd += 1;
  }
  if (zeroOdd >= pairs * 0.3 && zeroEven <= pairs * 0.05) return 'utf-16le';
  if (zeroEven >= pairs * 0.3 && zeroOdd <= pairs * 0.05) return 'utf-16be';
  return null;
}

/** Reading of a compressed member stopped: it expands like a decompression bomb, not like a log. */
export class ExpansionLimitError extends Error {
  constructor(readonly inflated: number) {
    super('expansion limit');
  }
}

/**
 * Real logs compress about 10-20:1 (a very repetitive one perhaps 50:1); a decompression bomb
 * about 1000:1. A member is stopped once it has inflated past MAX_EXPANSION_RATIO times its
 * compressed bytes (judged only after EXPANSION_CHECK_AFTER bytes, so small files never are).
 */
export const MAX_EXPANSION_RATIO = 200;
export const EXPANSION_CHECK_AFTER = 32 * 1024 * 1024;

/** Feeds a byte stream to a scanner, checking for cancel between chunks; returns the bytes read. */
export async function scanChunks(
  chunks: AsyncIterable<Buffer | string>,
  scanner: LineScanner,
  options: { signal?: AbortSignal; onChunk?: (bytes: number) => void; compressedBytes?: () => number },
): Promise<number> {
  let bytes = 0;
  const decoding = new TextDecoding();
  for await (const chunk of chunks) {
    throwIfAborted(options.signal);
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    bytes += buffer.length;
    if (options.compressedBytes && bytes > EXPANSION_CHECK_AFTER && bytes > MAX_EXPANSION_RATIO * Math.max(1, options.compressedBytes())) {
      scanner.end();
      throw new ExpansionLimitError(bytes);
    }
    const text = decoding.push(buffer);
    if (text.length > 0) scanner.write(text);
    options.onChunk?.(buffer.length);
  }
  throwIfAborted(options.signal);
  const rest = decoding.end();
  if (rest.length > 0) scanner.write(rest);
  scanner.end();
  return bytes;
}
