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
    this.kept.push(occurrence);
    if (this.kept.length > MAX_EVIDENCE * 4) this.trim();
  }

  addThumbprints(thumbprints: ThumbprintInText[]): void {
    for (const thumbprint of thumbprints) {
      const key = thumbprintKey(thumbprint);
      if (!this.thumbprints.has(key) && this.thumbprints.size < MAX_THUMBPRINTS) this.thumbprints.set(key, thumbprint);
    }
  }

  evidence(): Evidence[] {
    this.trim();
    const chosen = this.first && !this.kept.includes(this.first) ? [this.first, ...this.kept.slice(1)] : this.kept;
    return chosen.map((occurrence) => occurrence.evidence);
  }

  thumbprintList(): ThumbprintInText[] {
    return [...this.thumbprints.values()];
  }

  private trim(): void {
    this.kept.sort(compareByTime);
    if (this.kept.length > MAX_EVIDENCE) this.kept = this.kept.slice(this.kept.length - MAX_EVIDENCE);
  }
}

/**
 * The generic "Failed to acquire auth token" counts only when nothing more specific explains
 * it: no specific cause in the same entry, nor on the same thread within a minute (ISE logs
 * the cause and the generic failure as separate ERROR lines), nor anywhere in pasted text.
 */
export const EXPLAIN_WINDOW_MS = 60_000;
const MAX_GENERIC = 50_000;

interface GenericOccurrence {
  occurrence: Occurrence;
  thread: string | null;
  source: string;
}

export class GenericFailures {
  private readonly specificByThread = new Map<string, number[]>();
  private readonly specificAnyThread: number[] = [];
  private readonly sourcesWithSpecific = new Set<string>();
  private readonly generic: GenericOccurrence[] = [];
  private overflow = 0;

  specific(time: number | null, thread: string | null, source: string): void {
    if (time === null) {
      this.sourcesWithSpecific.add(source);
      return;
    }
    this.specificAnyThread.push(time);
    if (thread !== null) {
      const times = this.specificByThread.get(thread) ?? [];
      times.push(time);
      this.specificByThread.set(thread, times);
    }
  }

  failure(occurrence: Occurrence, thread: string | null, source: string): void {
    if (this.generic.length < MAX_GENERIC) this.generic.push({ occurrence, thread, source });
    else this.overflow += 1;
  }

  /** The generic failures no specific cause explains, into `target`. */
  unexplainedInto(target: FindingAccumulator): void {
    for (const times of this.specificByThread.values()) times.sort((a, b) => a - b);
    this.specificAnyThread.sort((a, b) => a - b);
    for (const { occurrence, thread, source } of this.generic) {
      const explained =
        occurrence.time === null
          ? this.sourcesWithSpecific.has(source) || this.specificAnyThread.length > 0
          : near(thread === null ? this.specificAnyThread : (this.specificByThread.get(thread) ?? []), occurrence.time);
      if (!explained) target.add(occurrence);
    }
    target.count += this.overflow;
  }
}

/** Some time in the sorted list lies within the window of `time`. */
function near(sorted: number[], time: number): boolean {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if ((sorted[middle] as number) < time - EXPLAIN_WINDOW_MS) low = middle + 1;
    else high = middle;
  }
  return low < sorted.length && (sorted[low] as number) <= time + EXPLAIN_WINDOW_MS;
}
