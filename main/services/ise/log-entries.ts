/**
 * ISE log entries: `2016-10-17 12:45:52,794 ERROR [admin-http-pool9300][] cisco.cpm.mdm...Client
 * -::::- message` (the seed's ise-psc.log lines), followed by continuation lines (a Java stack
 * trace) that belong to the same entry. Lines arrive as byte ranges; only entries that carry a
 * relevance marker are turned into strings.
 */

export interface EntryHeader {
  /** As written: `2016-10-17 12:45:52,158`. */
  timestamp: string;
  /** Milliseconds, the timestamp read as UTC (ISE writes local time without a zone: only the order matters). */
  time: number;
  level: string | null;
  thread: string | null;
  className: string | null;
  message: string;
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

const HEADER = /^(\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(?:[,.]\d{1,6})?)\s+(?:(TRACE|DEBUG|INFO|WARN|WARNING|ERROR|FATAL|SEVERE)\s+)?(?:\[([^\]]*)\](?:\[[^\]]*\]+)*\s+)?(?:([\w$]+(?:\.[\w$]+)+|[A-Z][\w$]+)\s+(?:-[^\s]*-\s?)?)?(.*)$/s;

export function parseHeader(text: string): EntryHeader | null {
  const match = HEADER.exec(text);
  if (!match) return null;
  const timestamp = match[1] as string;
  const [date, clock] = [timestamp.slice(0, 10), timestamp.slice(11)];
  const [hours, minutes, rest] = clock.split(':');
  const [seconds, fraction] = (rest ?? '0').split(/[,.]/);
  const [year, month, day] = date.split('-').map(Number);
  const time = Date.UTC(year ?? 0, (month ?? 1) - 1, day ?? 1, Number(hours), Number(minutes), Number(seconds), Number((fraction ?? '0').padEnd(3, '0').slice(0, 3)));
  return {
    timestamp,
    time: Number.isNaN(time) ? 0 : time,
    level: match[2] ?? null,
    thread: match[3] ?? null,
    className: match[4] ?? null,
    message: match[5] ?? '',
  };
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
  relevantLines = 0;

  constructor(
    private readonly source: string,
    private readonly maxLineLength: number,
    private readonly onEntry: (entry: LogEntry) => void,
  ) {}

  push(buffer: Buffer, start: number, end: number, line: number, marked: boolean, truncated = false): void {
    if (end > start && buffer[end - 1] === 0x0d) end -= 1;
    if (startsWithTimestamp(buffer, start, end)) {
      this.finish();
      this.seenHeader = true;
      if (marked) this.current = this.open(buffer, start, end, line, truncated);
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
      const entry: LogEntry = { source: this.source, header: null, free: true, lines: [this.lineOf(buffer, start, end, line, truncated)], lineCount: 1, marked };
      this.onEntry(entry);
      return;
    }
    if (this.current) {
      this.current.lineCount += 1;
      if (this.current.lines.length < MAX_KEPT_LINES) this.current.lines.push(this.lineOf(buffer, start, end, line, truncated));
      if (marked) this.current.marked = true;
      return;
    }
    this.pendingLines += 1;
    if (marked && this.pendingBuffer) {
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

  private open(buffer: Buffer, start: number, end: number, line: number, truncated: boolean): LogEntry {
    const first = this.lineOf(buffer, start, end, line, truncated);
    return { source: this.source, header: parseHeader(first.text), free: false, lines: [first], lineCount: 1, marked: true };
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
