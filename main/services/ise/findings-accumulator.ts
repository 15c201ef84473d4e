/**
 * Occurrences of findings gathered over any amount of log, in bounded memory: every occurrence
 * is counted, but only the first and the most recent lines are kept as evidence. Sources are
 * read one after the other (a tar bundle cannot be read any other way), so time order is
 * restored here, whatever order files and archive members came in.
 */
import type { Evidence, FindingCode, ThumbprintInText } from '../../../preload/types/diagnosis';
import { compareByTime } from './log-entries';
import { thumbprintKey } from './thumbprints-in-text';

/** Evidence lines kept per finding: the first occurrence and the most recent ones. */
export const MAX_EVIDENCE = 20;
const MAX_THUMBPRINTS = 50;

export interface Occurrence {
  time: number | null;
  /** Reading order, to keep the order of lines without a time. */
  order: number;
  evidence: Evidence;
}

export class FindingAccumulator {
  count = 0;
  first: Occurrence | null = null;
  last: Occurrence | null = null;
  private kept: Occurrence[] = [];
  /** `kept` is in time order (a log read in order adds each occurrence after the others). */
  private sorted = true;
  private readonly thumbprints = new Map<string, ThumbprintInText>();

  constructor(
    readonly code: FindingCode,
    /** A code seen with its AADSTS number in one entry and without it in another keeps the number. */
    public aadsts: string | null,
  ) {}

  add(occurrence: Occurrence): void {
    this.count += 1;
    if (!this.first || compareByTime(occurrence, this.first) < 0) this.first = occurrence;
    if (!this.last || compareByTime(occurrence, this.last) > 0) this.last = occurrence;
    const previous = this.kept[this.kept.length - 1];
    if (previous && this.sorted && compareByTime(occurrence, previous) < 0) this.sorted = false;
    this.kept.push(occurrence);
    if (this.kept.length > MAX_EVIDENCE * 2) this.trim();
  }

  /** Another accumulator's occurrences (its kept evidence) and count, added to this one. */
  absorb(other: FindingAccumulator): void {
    if (other.count === 0) return;
    const kept = other.keptOccurrences();
    for (const occurrence of kept) this.add(occurrence);
    this.count += other.count - kept.length;
    for (const thumbprint of other.thumbprintList()) this.addThumbprint(thumbprintKey(thumbprint), thumbprint);
  }

  private keptOccurrences(): Occurrence[] {
    this.trim();
    return this.first && !this.kept.includes(this.first) ? [this.first, ...this.kept] : this.kept;
  }

  evidence(): Evidence[] {
    this.trim();
    const chosen = this.first && !this.kept.includes(this.first) ? [this.first, ...this.kept.slice(1)] : this.kept;
    return chosen.map((occurrence) => occurrence.evidence);
  }

  thumbprintList(): ThumbprintInText[] {
    return [...this.thumbprints.values()];
  }

  /** Thumbprints are kept by their thumbprintKey. Whether one with this key would be kept (not yet kept, and room left). */
  wantsThumbprint(key: string): boolean {
    return this.thumbprints.size < MAX_THUMBPRINTS && !this.thumbprints.has(key);
  }

  addThumbprint(key: string, thumbprint: ThumbprintInText): void {
    if (this.wantsThumbprint(key)) this.thumbprints.set(key, thumbprint);
  }

  private trim(): void {
    // Sorting is stable, so an array already in order needs none.
    if (!this.sorted) this.kept.sort(compareByTime);
    this.sorted = true;
    if (this.kept.length > MAX_EVIDENCE) this.kept = this.kept.slice(this.kept.length - MAX_EVIDENCE);
  }
}

/**
 * The generic "Failed to acquire auth token" counts only when nothing more specific explains
 * it: no specific cause in the same entry, nor on the same thread within a minute (ISE logs
 * the cause and the generic failure as separate ERROR lines), nor anywhere in pasted text.
 *
 * Bounded memory whatever the log's density: specific causes are kept as the earliest and
 * latest time per thread and minute (enough to answer "one within a minute?" exactly), and a
 * generic failure waits only until its own log has moved a minute past it (ISE writes each log
 * in time order), then it is decided and dropped or counted.
 */
export const EXPLAIN_WINDOW_MS = 60_000;
/** Generic failures waiting for their minute to pass; beyond it the oldest is decided early. */
const MAX_PENDING = 5_000;
/** (thread, minute) cells of specific causes; a log spanning years of minutes stops adding. */
const MAX_SPECIFIC_CELLS = 200_000;
const ANY_THREAD = '\u0000any';

interface GenericOccurrence {
  occurrence: Occurrence;
  thread: string | null;
  source: string;
}

interface Cell {
  min: number;
  max: number;
}

export class GenericFailures {
  private readonly specificCells = new Map<string, Map<number, Cell>>();
  private cells = 0;
  private readonly sourcesWithSpecific = new Set<string>();
  private anyTimedSpecific = false;
  private pending: GenericOccurrence[] = [];
  private pendingHead = 0;
  /** Latest time seen per source: a pending failure a window older than it is decided. */
  private readonly sourceClock = new Map<string, number>();
  /** Untimed failures per source (pasted text): decided at the end, kept as a bounded accumulator. */
  private readonly untimed = new Map<string, FindingAccumulator>();
  private readonly unexplained = new FindingAccumulator('TOKEN_FAILED', null);

  specific(time: number | null, thread: string | null, source: string): void {
    this.sourcesWithSpecific.add(source);
    if (time === null) return;
    this.anyTimedSpecific = true;
    this.addCell(ANY_THREAD, time);
    if (thread !== null) this.addCell(thread, time);
    this.advance(source, time);
  }

  failure(occurrence: Occurrence, thread: string | null, source: string): void {
    if (occurrence.time === null) {
      let held = this.untimed.get(source);
      if (!held) {
        held = new FindingAccumulator('TOKEN_FAILED', null);
        this.untimed.set(source, held);
      }
      held.add(occurrence);
      return;
    }
    this.pending.push({ occurrence, thread, source });
    if (this.pending.length - this.pendingHead > MAX_PENDING) this.decide(this.pending[this.pendingHead++] as GenericOccurrence);
    this.advance(source, occurrence.time);
  }

  /** The generic failures no specific cause explains, into `target`. */
  unexplainedInto(target: FindingAccumulator): void {
    for (let index = this.pendingHead; index < this.pending.length; index++) this.decide(this.pending[index] as GenericOccurrence);
    this.pending = [];
    this.pendingHead = 0;
    target.absorb(this.unexplained);
    for (const [source, held] of this.untimed) {
      if (!this.sourcesWithSpecific.has(source) && !this.anyTimedSpecific) target.absorb(held);
    }
  }

  private addCell(thread: string, time: number): void {
    let byMinute = this.specificCells.get(thread);
    if (!byMinute) {
      byMinute = new Map();
      this.specificCells.set(thread, byMinute);
    }
    const minute = Math.floor(time / EXPLAIN_WINDOW_MS);
    const cell = byMinute.get(minute);
    if (cell) {
      if (time < cell.min) cell.min = time;
      if (time > cell.max) cell.max = time;
    } else if (this.cells < MAX_SPECIFIC_CELLS) {
      byMinute.set(minute, { min: time, max: time });
      this.cells += 1;
    }
  }

  /** Some specific cause on the thread (any thread when null) lies within the window of `time`. */
  private near(thread: string | null, time: number): boolean {
    const byMinute = this.specificCells.get(thread ?? ANY_THREAD);
    if (!byMinute) return false;
    const minute = Math.floor(time / EXPLAIN_WINDOW_MS);
    if (byMinute.has(minute)) return true;
    const before = byMinute.get(minute - 1);
    if (before && time - before.max <= EXPLAIN_WINDOW_MS) return true;
    const after = byMinute.get(minute + 1);
    return after !== undefined && after.min - time <= EXPLAIN_WINDOW_MS;
  }

  private advance(source: string, time: number): void {
    const clock = this.sourceClock.get(source);
    if (clock !== undefined && clock >= time) return;
    this.sourceClock.set(source, time);
    // Decide, in arrival order, the failures of this source that the clock has left a window behind.
    while (this.pendingHead < this.pending.length) {
      const head = this.pending[this.pendingHead] as GenericOccurrence;
      const headClock = this.sourceClock.get(head.source) ?? Number.NEGATIVE_INFINITY;
      if ((head.occurrence.time as number) + EXPLAIN_WINDOW_MS >= headClock) break;
      this.decide(head);
      this.pendingHead += 1;
    }
    if (this.pendingHead > 1024 && this.pendingHead * 2 > this.pending.length) {
      this.pending = this.pending.slice(this.pendingHead);
      this.pendingHead = 0;
    }
  }

  private decide({ occurrence, thread }: GenericOccurrence): void {
    if (!this.near(thread, occurrence.time as number)) this.unexplained.add(occurrence);
  }
}
