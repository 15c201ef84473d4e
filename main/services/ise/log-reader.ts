/**
 * Streaming line reading: chunks in, lines out as byte ranges, whatever the size of the log
 * (a 1 GB ise-psc.log never sits in memory). A line longer than the cap is cut: its start is
 * kept, the rest is skipped but still counted.
 */
import { open } from 'node:fs/promises';
import type { DiagnosisProgress } from '../../../preload/types/diagnosis';
import { ServiceError } from '../errors';
import { findMarkerOffsets } from './relevance';

/** Longer lines are cut to this many bytes (ISE lines are a few hundred; a stray dump can be megabytes). */
export const DEFAULT_MAX_LINE_LENGTH = 64 * 1024;
/** Large reads keep the per-chunk work (marker search, concatenation) rare. */
export const READ_CHUNK_BYTES = 1024 * 1024;

/** Gets each line: `buffer[start, end)` without the newline; `marked` when it holds a relevance marker. */
export type LineSink = (buffer: Buffer, start: number, end: number, line: number, marked: boolean, truncated: boolean) => void;

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
        if (!this.overflow.marked) this.overflow.marked = findMarkerOffsets(chunk, chunk.length).length > 0;
        return;
      }
      if (!this.overflow.marked) this.overflow.marked = findMarkerOffsets(chunk, newline).length > 0;
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
    const markers = findMarkerOffsets(buffer, last);
    let marker = 0;
    let start = 0;
    while (start <= last) {
      const newline = buffer.indexOf(0x0a, start);
      while (marker < markers.length && (markers[marker] as number) < start) marker += 1;
      const marked = marker < markers.length && (markers[marker] as number) < newline;
      this.lines += 1;
      if (newline - start > this.maxLineLength) this.truncatedLines += 1;
      this.sink(buffer, start, newline, this.lines, marked, false);
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
      this.sink(rest, 0, rest.length, this.lines, findMarkerOffsets(rest, rest.length).length > 0, false);
    }
  }

  private hold(rest: Buffer): void {
    if (rest.length > this.maxLineLength) {
      this.overflow = { kept: Buffer.from(rest.subarray(0, this.maxLineLength)), marked: findMarkerOffsets(rest, rest.length).length > 0 };
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
    this.sink(kept, 0, kept.length, this.lines, marked, true);
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

/** Feeds a byte stream to a scanner, checking for cancel between chunks. */
export async function scanChunks(
  chunks: AsyncIterable<Buffer | string>,
  scanner: LineScanner,
  options: { signal?: AbortSignal; onChunk?: (bytes: number) => void },
): Promise<number> {
  let bytes = 0;
  for await (const chunk of chunks) {
    throwIfAborted(options.signal);
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    bytes += buffer.length;
    scanner.write(buffer);
    options.onChunk?.(buffer.length);
  }
  throwIfAborted(options.signal);
  scanner.end();
  return bytes;
}
