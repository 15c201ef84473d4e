/**
 * ISE log entries: `2016-10-17 12:45:52,794 ERROR [admin-http-pool9300][] cisco.cpm.mdm...Client
 * -::::- message` (the seed's ise-psc.log lines), followed by continuation lines (a Java stack
 * trace) that belong to the same entry. Lines arrive as byte ranges; only entries that carry a
 * relevance marker are turned into strings.
 */
import { type LineMarks, hasMarker } from './relevance';

export interface EntryHeader {
  /** As written: `2016-10-17 12:45:52,158`. */
  timestamp: string;
  /** Milliseconds, the timestamp read as UTC (ISE writes local time without a zone: only the order matters). */
  time: number;
  level: string | null;
  thread: string | null;
  className: string | null;
  message: string;
  /** The line after the timestamp: the same for every repeat of a message (a cache key). */
  rest: string;
}

export interface EntryLine {
  line: number;
  text: string;
  truncated: boolean;
}

export interface LogEntry {
  source: string;
  /** null for free text, and for a timestamped line whose rest is not in ISE's shape. */
  header: EntryHeader | null;
  /** A line with no ISE header before any entry (a pasted error pop-up): it stands alone. */
  free: boolean;
  /** Kept lines, header first (at most MAX_KEPT_LINES). */
  lines: EntryLine[];
  /** All lines of the entry, kept or not. */
  lineCount: number;
  /** A relevance marker appears in the entry. */
  marked: boolean;
}

/** Stack traces can run to hundreds of frames; the cause is in the first ones. */
export const MAX_KEPT_LINES = 60;


const TIMESTAMP = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(?:[,.]\d{1,6})?/;
const HEADER_REST = /^\s+(?:(TRACE|DEBUG|INFO|WARN|WARNING|ERROR|FATAL|SEVERE)\s+)?(?:\[([^\]]*)\](?:\[[^\]]*\]+)*\s+)?(?:([\w$]+(?:\.[\w$]+)+|[A-Z][\w$]+)\s+(?:-[^\s]*-\s?)?)?(.*)$/s;
type HeaderParts = Pick<EntryHeader, 'level' | 'thread' | 'className' | 'message'>;
/** Header parts per text after the timestamp: a dense log repeats a few messages a million times. */
const partsCache = new Map<string, HeaderParts | null>();
const PARTS_CACHE_SIZE = 4096;
const PARTS_KEY_MAX = 2048;

function partsOf(rest: string): HeaderParts | null {
  const cached = partsCache.get(rest);
  if (cached !== undefined) return cached;
  const match = HEADER_REST.exec(rest);
  const parts = match ? { level: match[1] ?? null, thread: match[2] ?? null, className: match[3] ?? null, message: match[4] ?? '' } : null;
  if (rest.length <= PARTS_KEY_MAX) {
    if (partsCache.size >= PARTS_CACHE_SIZE) partsCache.clear();
    partsCache.set(rest, parts);
  }
  return parts;
}

export function parseHeader(text: string): EntryHeader | null {
  const stamp = TIMESTAMP.exec(text);
  if (!stamp) return null;
  const timestamp = stamp[0];
  const rest = text.slice(timestamp.length);
  const parts = partsOf(rest);
  if (!parts) return null;
  return { timestamp, time: timeOf(timestamp), ...parts, rest };
}

function digitsAt(text: string, from: number, length: number): number {
  let value = 0;
  for (let index = from; index < from + length; index++) value = value * 10 + (text.charCodeAt(index) - 0x30);
  return value;
}

/** `YYYY-MM-DD HH:MM:SS[,fff]` as milliseconds, read digit by digit (this runs once per relevant line). */
function timeOf(timestamp: string): number {
  let millis = 0;
  if (timestamp.length > 20) {
    const length = Math.min(3, timestamp.length - 20);
    millis = digitsAt(timestamp, 20, length) * 10 ** (3 - length);
  }
  const time = Date.UTC(digitsAt(timestamp, 0, 4), digitsAt(timestamp, 5, 2) - 1, digitsAt(timestamp, 8, 2), digitsAt(timestamp, 11, 2), digitsAt(timestamp, 14, 2), digitsAt(timestamp, 17, 2), millis);
  return Number.isNaN(time) ? 0 : time;
}

const ZERO = 0x30;
const isDigit = (byte: number | undefined): boolean => byte !== undefined && byte >= ZERO && byte <= ZERO + 9;

/** Cheap byte test for `YYYY-MM-DD HH:` at `start`, before any string is made. */
export function startsWithTimestamp(buffer: Buffer, start: number, end: number): boolean {
  if (end - start < 19) return false;
  return (
    isDigit(buffer[start]) && isDigit(buffer[start + 3]) && buffer[start + 4] === 0x2d && buffer[start + 7] === 0x2d &&
    (buffer[start + 10] === 0x20 || buffer[start + 10] === 0x54) && buffer[start + 13] === 0x3a && isDigit(buffer[start + 12])
  );
}

const TIMESTAMP_DIGITS = [1, 2, 5, 6, 8, 9, 11, 14, 15, 17, 18];

/** The end of `YYYY-MM-DD HH:MM:SS[,ffffff]` at `start` (`start` itself when the line does not begin with one). */
function timestampEnd(buffer: Buffer, start: number, end: number): number {
  if (!startsWithTimestamp(buffer, start, end)) return start;
  for (const at of TIMESTAMP_DIGITS) if (!isDigit(buffer[start + at])) return start;
  if (buffer[start + 16] !== 0x3a) return start;
  let position = start + 19;
  if ((buffer[position] === 0x2c || buffer[position] === 0x2e) && isDigit(buffer[position + 1])) {
    position += 1;
    while (position < end && position < start + 26 && isDigit(buffer[position])) position += 1;
  }
  return position;
}

/**
 * Timestamps read from bytes: the second (`YYYY-MM-DD HH:MM:SS`) changes slowly, so its string
 * and its time are kept from the previous line; only the fraction is read each time.
 */
class TimestampReader {
  private readonly prefix = Buffer.alloc(19);
  private prefixText = '';
  private prefixTime = 0;
  /** The time of the last timestamp read. */
  time = 0;

  /** The fractions seen (`,123`), by their bytes read as a number: no string made per line. */
  private readonly fractions = new Map<number, string>();

  read(buffer: Buffer, start: number, end: number): string {
    if (this.prefixText === '' || !this.samePrefix(buffer, start)) {
      buffer.copy(this.prefix, 0, start, start + 19);
      this.prefixText = buffer.toString('latin1', start, start + 19);
      this.prefixTime = timeOf(this.prefixText);
    }
    if (end === start + 19) {
      this.time = this.prefixTime;
      return this.prefixText;
    }
    let millis = 0;
    const digits = Math.min(3, end - start - 20);
    for (let index = 0; index < digits; index++) millis = millis * 10 + ((buffer[start + 20 + index] as number) - 0x30);
    this.time = this.prefixTime + millis * 10 ** (3 - digits);
    return this.prefixText + this.fraction(buffer, start + 19, end);
  }

  /** The 19 bytes at `start` are the kept prefix; compared from the end, where a new second differs. */
  private samePrefix(buffer: Buffer, start: number): boolean {
    const prefix = this.prefix;
    for (let index = 18; index >= 0; index--) if (buffer[start + index] !== prefix[index]) return false;
    return true;
  }

  /** `buffer[from, end)`: a separator and one to six digits (timestampEnd). */
  private fraction(buffer: Buffer, from: number, end: number): string {
    let key = buffer[from] === 0x2c ? 1 : 2;
    for (let index = from + 1; index < end; index++) key = key * 10 + ((buffer[index] as number) - 0x30);
    key = key * 8 + (end - from);
    let text = this.fractions.get(key);
    if (text === undefined) {
      text = buffer.toString('latin1', from, end);
      if (this.fractions.size >= 4096) this.fractions.clear();
      this.fractions.set(key, text);
    }
    return text;
  }
}

/** The text after a timestamp, as a string, and whether it holds a relevance marker (asked when first needed). */
interface Rest {
  text: string;
  bytes: Buffer | null;
  marked: boolean | null;
}

/**
 * Strings of byte ranges seen before, found by a hash of a few sampled bytes and confirmed by a
 * full comparison: a repeated message costs no decoding, no string hashing and no marker search.
 */
class RestCache {
  private readonly buckets = new Map<number, Rest[]>();
  private size = 0;

  /** The rest already made of these bytes, if any. */
  find(buffer: Buffer, start: number, end: number): Rest | undefined {
    const length = end - start;
    if (length > 4096) return undefined;
    const bucket = this.buckets.get(hashOf(buffer, start, end));
    if (bucket) {
      for (const known of bucket) if (sameBytes(known.bytes as Buffer, buffer, start, length)) return known;
    }
    return undefined;
  }

  get(buffer: Buffer, start: number, end: number): Rest {
    const length = end - start;
    if (length > 4096) return { text: buffer.toString('utf8', start, end), bytes: null, marked: null };
    const hash = hashOf(buffer, start, end);
    let bucket = this.buckets.get(hash);
    if (bucket) {
      for (const known of bucket) if (sameBytes(known.bytes as Buffer, buffer, start, length)) return known;
    }
    const rest: Rest = { text: buffer.toString('utf8', start, end), bytes: Buffer.from(buffer.subarray(start, end)), marked: null };
    if (this.size >= 4096) {
      this.buckets.clear();
      this.size = 0;
      bucket = undefined;
    }
    if (!bucket) {
      bucket = [];
      this.buckets.set(hash, bucket);
    }
    if (bucket.length < 4) {
      bucket.push(rest);
      this.size += 1;
    }
    return rest;
  }
}

/** `bytes` equals `buffer[start, start + length)`. */
function sameBytes(bytes: Buffer, buffer: Buffer, start: number, length: number): boolean {
  return bytes.length === length && buffer.compare(bytes, 0, length, start, start + length) === 0;
}

function hashOf(buffer: Buffer, start: number, end: number): number {
  const length = end - start;
  let hash = length;
  for (let step = 1; step <= 8; step++) hash = (hash * 31 + (buffer[start + Math.floor((length * step) / 9)] ?? 0)) | 0;
  return (hash * 31 + (buffer[end - 1] ?? 0)) | 0;
}

/** Whether a known rest holds a marker (a marker never starts inside the timestamp before it). */
function restMarked(rest: Rest): boolean {
  if (rest.marked === null) rest.marked = hasMarker(rest.bytes as Buffer, (rest.bytes as Buffer).length);
  return rest.marked;
}

/** Orders evidence by time; entries without a time keep their input order after timed ones. */
export function compareByTime(a: { time: number | null; order: number }, b: { time: number | null; order: number }): number {
  if (a.time !== null && b.time !== null && a.time !== b.time) return a.time - b.time;
  if (a.time === null && b.time !== null) return 1;
  if (a.time !== null && b.time === null) return -1;
  return a.order - b.order;
}

/**
 * Groups lines into entries. `push` gets each line as a byte range; finished entries that
 * carry a marker, and free-text lines, go to `onEntry`. Call `end()` after the last line.
 */
export class EntryAssembler {
  private current: LogEntry | null = null;
  // The last header without a marker, kept as a byte range (no string, no object per line)
  // in case a continuation line turns out to be relevant.
  private pendingBuffer: Buffer | null = null;
  private pendingStart = 0;
  private pendingEnd = 0;
  private pendingLine = 0;
  private pendingLines = 0;
  private seenHeader = false;
  private readonly rests = new RestCache();
  private readonly clock = new TimestampReader();
  relevantLines = 0;

  constructor(
    private readonly source: string,
    private readonly maxLineLength: number,
    private readonly onEntry: (entry: LogEntry) => void,
  ) {}

  push(buffer: Buffer, start: number, end: number, line: number, marks: LineMarks, truncated = false): void {
    if (end > start && buffer[end - 1] === 0x0d) end -= 1;
    if (startsWithTimestamp(buffer, start, end)) {
      this.finish();
      this.seenHeader = true;
      let marked = marks.peek(start, end);
      let stampEnd = -1;
      let rest: Rest | undefined;
      if (marked < 0) {
        // A dense log: the message after the time was seen before, so its marker is known.
        stampEnd = timestampEnd(buffer, start, end);
        rest = stampEnd === start || end - start > this.maxLineLength ? undefined : this.rests.find(buffer, stampEnd, end);
        marked = (rest ? restMarked(rest) : marks.lineHasMarker(start, end)) ? 1 : 0;
      }
      if (marked > 0) this.current = this.open(buffer, start, end, line, truncated, stampEnd, rest);
      else {
        this.pendingBuffer = buffer;
        this.pendingStart = start;
        this.pendingEnd = end;
        this.pendingLine = line;
        this.pendingLines = 1;
      }
      return;
    }
    if (!this.seenHeader) {
      // Free text: each line stands alone (pop-up texts keep their cause on one line).
      const marked = marks.lineHasMarker(start, end);
      const entry: LogEntry = { source: this.source, header: null, free: true, lines: [this.lineOf(buffer, start, end, line, truncated)], lineCount: 1, marked };
      this.onEntry(entry);
      return;
    }
    if (this.current) {
      this.current.lineCount += 1;
      if (this.current.lines.length < MAX_KEPT_LINES) this.current.lines.push(this.lineOf(buffer, start, end, line, truncated));
      if (!this.current.marked && marks.lineHasMarker(start, end)) this.current.marked = true;
      return;
    }
    this.pendingLines += 1;
    if (this.pendingBuffer && marks.lineHasMarker(start, end)) {
      // A marker in a stack trace (`...SSLHandshakeException: ... PKIX path building failed`)
      // makes the whole entry relevant, header included.
      this.current = this.open(this.pendingBuffer, this.pendingStart, this.pendingEnd, this.pendingLine, false);
      this.current.lineCount = this.pendingLines;
      this.current.lines.push(this.lineOf(buffer, start, end, line, truncated));
      this.pendingBuffer = null;
    }
  }

  end(): void {
    this.finish();
  }

  /** Copies the pending header out of the chunk, which the reader may reuse (LineScanner's release). */
  release(): void {
    if (!this.pendingBuffer) return;
    this.pendingBuffer = Buffer.from(this.pendingBuffer.subarray(this.pendingStart, this.pendingEnd));
    this.pendingEnd -= this.pendingStart;
    this.pendingStart = 0;
  }

  /** `knownStampEnd` is timestampEnd's answer when known (-1 when not); `known` the rest when found. */
  private open(buffer: Buffer, start: number, end: number, line: number, truncated: boolean, knownStampEnd = -1, known?: Rest): LogEntry {
    const stampEnd = knownStampEnd >= 0 ? knownStampEnd : timestampEnd(buffer, start, end);
    const cut = end - start > this.maxLineLength;
    if (cut || stampEnd === start) {
      const first = this.lineOf(buffer, start, end, line, truncated);
      return { source: this.source, header: parseHeader(first.text), free: false, lines: [first], lineCount: 1, marked: true };
    }
    // The text after the time repeats in a dense log: it is made into a string once.
    const timestamp = this.clock.read(buffer, start, stampEnd);
    const rest = (known ?? this.rests.get(buffer, stampEnd, end)).text;
    const parts = partsOf(rest);
    const first: EntryLine = { line, text: timestamp + rest, truncated };
    const header: EntryHeader | null = parts
      ? { timestamp, time: this.clock.time, level: parts.level, thread: parts.thread, className: parts.className, message: parts.message, rest }
      : null;
    return { source: this.source, header, free: false, lines: [first], lineCount: 1, marked: true };
  }

  private finish(): void {
    if (this.current) {
      this.relevantLines += this.current.lineCount;
      this.onEntry(this.current);
    }
    this.current = null;
    this.pendingBuffer = null;
    this.pendingLines = 0;
  }

  private lineOf(buffer: Buffer, start: number, end: number, line: number, truncated: boolean): EntryLine {
    const cut = end - start > this.maxLineLength;
    return { line, text: buffer.toString('utf8', start, cut ? start + this.maxLineLength : end), truncated: truncated || cut };
  }
}
