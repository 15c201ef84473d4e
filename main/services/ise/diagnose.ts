/**
 * From error texts and logs to a Diagnosis: each relevant entry is matched against the finding
 * rules as it streams past; findings, evidence, thumbprints and the generic-failure
 * correlation are gathered in bounded memory and turned into findings at the end.
 */
import type { Readable } from 'node:stream';
import type { DiagnosedSource, Diagnosis, DiagnosisContext, DiagnosisProgress, Evidence, Finding, FindingCode, FindingSummary, ThumbprintInText } from '../../../preload/types/diagnosis';
import { isServiceError } from '../errors';
import { NAC_API_END, type RuleMatch, SPECIFIC_TOKEN_CAUSES, matchFindings } from './finding-rules';
import { FINDINGS_CATALOG, aadstsLookupUrl } from './findings-catalog';
import { FindingAccumulator, GenericFailures, type Occurrence } from './findings-accumulator';
import { EntryAssembler, type EntryLine, type LogEntry } from './log-entries';
import { DEFAULT_MAX_LINE_LENGTH, LineScanner, ProgressTracker, TextDecoding, scanChunks, throwIfAborted } from './log-reader';
import { type OpenSource, inspectLogFile, readLogFile } from './log-sources';
import { ThumbprintMatcher } from './match';
import { extractThumbprints, thumbprintKey } from './thumbprints-in-text';

export interface DiagnoseOptions {
  onProgress?: (progress: DiagnosisProgress) => void;
  signal?: AbortSignal;
  /** Bytes kept of a line; longer lines are cut (default 64 KB). */
  maxLineLength?: number;
}

/** A file to read, and how evidence names it (the path as the user gave it). */
export type LogFileInput = string | { path: string; name: string };

const KEY_FINDINGS: ReadonlySet<FindingCode> = new Set<FindingCode>(['KEY_NOT_FOUND', 'KEY_EXPIRED', 'KEY_MISMATCH']);
const THUMBPRINT_HINT = /Thumbprint|Found key/i;
/** Evidence keeps this much of a line (the screen shows 2,000 characters): memory stays bounded. */
export const EVIDENCE_TEXT_MAX = 4096;
/** Distinct unknown AADSTS codes reported; a log inventing more adds nothing but memory. */
const MAX_UNKNOWN_CODES = 100;
/** Thumbprints gathered for matching with the node certificates (deduplicated). */
const MAX_THUMBPRINTS = 500;
/** Rule results per distinct entry text (without its time): dense logs repeat a few messages. */
const RULE_CACHE_SIZE = 2048;
const RULE_CACHE_KEY_MAX = 2048;

interface RuleResult {
  matches: RuleMatch[];
  /** Thumbprints per kept line, without file and line, with their thumbprintKey. */
  thumbprints: { lineIndex: number; thumbprint: ThumbprintInText; key: string }[];
  /** A match names why a token request failed (SPECIFIC_TOKEN_CAUSES). */
  specific: boolean;
  /** A match is a key finding (KEY_FINDINGS). */
  keyFinding: boolean;
}

function cutEvidence(text: string): string {
  return text.length > EVIDENCE_TEXT_MAX ? text.slice(0, EVIDENCE_TEXT_MAX) : text;
}

/** A thumbprint the rules found, as seen in this entry (its file and line). */
function thumbprintIn(entry: LogEntry, { lineIndex, thumbprint }: RuleResult['thumbprints'][number]): ThumbprintInText {
  return { ...thumbprint, file: entry.source, line: entry.lines[lineIndex]?.line ?? 0 };
}

class DiagnosisBuilder {
  private readonly findings = new Map<string, FindingAccumulator>();
  private readonly generic = new GenericFailures();
  private readonly sources: DiagnosedSource[] = [];
  private readonly allThumbprints = new Map<string, ThumbprintInText>();
  /** Per kind of entry: free text, headerless, after and before the NAC API's end (finding-rules). */
  private readonly ruleCaches = [0, 1, 2, 3].map(() => new Map<string, RuleResult>());
  private unknownCodes = 0;
  private order = 0;
  private linesRelevant = 0;
  private linesTruncated = 0;

  constructor(
    private readonly context: DiagnosisContext,
    private readonly maxLineLength: number,
  ) {}

  openSource(name: string): ReturnType<OpenSource> {
    const assembler = new EntryAssembler(name, this.maxLineLength, (entry) => this.onEntry(entry));
    const scanner = new LineScanner(
      (buffer, start, end, line, marks, truncated) => assembler.push(buffer, start, end, line, marks, truncated),
      this.maxLineLength,
      () => assembler.release(),
    );
    return {
      scanner,
      finish: (bytes, stopped) => {
        assembler.end();
        this.linesRelevant += assembler.relevantLines;
        this.linesTruncated += scanner.truncatedLines;
        // A source stopped part way (a decompression bomb) keeps what it showed, and says why it stopped.
        this.sources.push({ name, ok: !stopped, linesRead: scanner.lines, bytesRead: bytes, error: stopped ?? null });
      },
    };
  }

  sourceFailed(name: string, error: { code: string; message: string }): void {
    this.sources.push({ name, ok: false, linesRead: 0, bytesRead: 0, error: { code: error.code, message: error.message } });
  }

  private accumulator(code: FindingCode, aadsts: string | null): FindingAccumulator | null {
    const key = code === 'UNKNOWN_AADSTS' ? `${code}:${aadsts}` : code;
    let accumulator = this.findings.get(key);
    if (!accumulator) {
      if (code === 'UNKNOWN_AADSTS' && (this.unknownCodes += 1) > MAX_UNKNOWN_CODES) return null;
      accumulator = new FindingAccumulator(code, aadsts);
      this.findings.set(key, accumulator);
    } else if (accumulator.aadsts === null && aadsts !== null) accumulator.aadsts = aadsts;
    return accumulator;
  }

  /** The rules' verdict on an entry, cached by its text without the time (the only part that differs between repeats). */
  private rulesFor(entry: LogEntry): RuleResult {
    const first = entry.lines[0]?.text ?? '';
    const flags = entry.header === null ? (entry.free ? 0 : 1) : entry.header.time >= NAC_API_END ? 2 : 3;
    let key: string | null = entry.header ? entry.header.rest : first;
    for (let index = 1; index < entry.lines.length && key !== null; index++) {
      key = key.length > RULE_CACHE_KEY_MAX ? null : `${key}\n${(entry.lines[index] as EntryLine).text}`;
    }
    if (key !== null && key.length > RULE_CACHE_KEY_MAX) key = null;
    const cache = this.ruleCaches[flags] as Map<string, RuleResult>;
    const cached = key === null ? undefined : cache.get(key);
    if (cached) return cached;
    const matches = matchFindings(entry);
    const thumbprints: RuleResult['thumbprints'] = [];
    if (matches.length > 0) {
      entry.lines.forEach((line, lineIndex) => {
        if (!THUMBPRINT_HINT.test(line.text)) return;
        for (const thumbprint of extractThumbprints(line.text, '', 0)) thumbprints.push({ lineIndex, thumbprint, key: thumbprintKey(thumbprint) });
      });
    }
    const result: RuleResult = {
      matches,
      thumbprints: thumbprints.slice(0, 20),
      specific: matches.some((match) => SPECIFIC_TOKEN_CAUSES.has(match.code)),
      keyFinding: matches.some((match) => KEY_FINDINGS.has(match.code)),
    };
    if (key !== null) {
      if (cache.size >= RULE_CACHE_SIZE) cache.clear();
      cache.set(key, result);
    }
    return result;
  }

  private onEntry(entry: LogEntry): void {
    const { matches, thumbprints: found, specific, keyFinding } = this.rulesFor(entry);
    // Free text has no ISE header: it is relevant when it says something the rules know.
    if (entry.free && (matches.length > 0 || entry.marked)) this.linesRelevant += entry.lineCount;
    if (matches.length === 0) return;
    this.order += 1;
    const time = entry.header?.time ?? null;
    const thread = entry.header?.thread ?? null;
    // Thumbprints as seen in this entry (its file and line), made only when a list still lacks them.
    for (const seen of found) {
      if (this.allThumbprints.size < MAX_THUMBPRINTS && !this.allThumbprints.has(seen.key)) this.allThumbprints.set(seen.key, thumbprintIn(entry, seen));
    }
    for (const match of matches) {
      const line = entry.lines[match.lineIndex] ?? entry.lines[0];
      if (!line) continue;
      const cut = line.text.length > EVIDENCE_TEXT_MAX;
      const header = match.lineIndex > 0 ? entry.lines[0] : undefined;
      const evidence: Evidence = {
        file: entry.source,
        line: line.line,
        text: cut ? line.text.slice(0, EVIDENCE_TEXT_MAX) : line.text,
        timestamp: entry.header?.timestamp ?? null,
        entryHeader: match.lineIndex > 0 ? (header ? cutEvidence(header.text) : null) : null,
        truncated: line.truncated || cut,
      };
      const occurrence: Occurrence = { time, order: this.order, evidence };
      if (match.code === 'TOKEN_FAILED') {
        if (!specific) this.generic.failure(occurrence, thread, entry.source);
        continue;
      }
      const accumulator = this.accumulator(match.code, match.aadsts);
      if (!accumulator) continue;
      accumulator.add(occurrence);
      if (found.length > 0 && (KEY_FINDINGS.has(match.code) || !keyFinding)) {
        for (const seen of found) if (accumulator.wantsThumbprint(seen.key)) accumulator.addThumbprint(seen.key, thumbprintIn(entry, seen));
      }
    }
    if (specific) this.generic.specific(time, thread, entry.source);
  }

  build(): Diagnosis {
    const tokenFailed = new FindingAccumulator('TOKEN_FAILED', null);
    this.generic.unexplainedInto(tokenFailed);
    if (tokenFailed.count > 0) this.findings.set('TOKEN_FAILED', tokenFailed);
    const notFound = this.findings.get('KEY_NOT_FOUND')?.thumbprintList().filter((thumbprint) => thumbprint.source === 'key-used-by-client') ?? [];
    const matcher = new ThumbprintMatcher(this.context, [...this.allThumbprints.values()], notFound);
    const findings = [...this.findings.values()].map((accumulator) => this.toFinding(accumulator, matcher));
    findings.sort((a, b) => FINDINGS_CATALOG[b.code].rank - FINDINGS_CATALOG[a.code].rank || byRecent(a, b));
    const summary: FindingSummary[] = [...findings]
      .sort(byRecent)
      .map(({ code, title, count, firstSeen, lastSeen }) => ({ code, title, count, firstSeen, lastSeen }));
    return {
      findings,
      summary,
      linesRead: this.sources.reduce((sum, source) => sum + source.linesRead, 0),
      linesRelevant: this.linesRelevant,
      bytesRead: this.sources.reduce((sum, source) => sum + source.bytesRead, 0),
      linesTruncated: this.linesTruncated,
      sources: this.sources,
      certificates: matcher.presences(),
      checkedAt: (this.context.now ? new Date(this.context.now) : new Date()).toISOString(),
    };
  }

  private toFinding(accumulator: FindingAccumulator, matcher: ThumbprintMatcher): Finding {
    const entry = FINDINGS_CATALOG[accumulator.code];
    const thumbprints = accumulator.thumbprintList();
    const { matched, explanations, explanationPhrases } = matcher.explain(accumulator.code, thumbprints);
    const unknown = accumulator.code === 'UNKNOWN_AADSTS';
    return {
      code: accumulator.code,
      title: unknown ? `Entra refused the request with ${accumulator.aadsts}` : entry.title,
      severity: entry.severity,
      cause: unknown ? `${entry.cause} Code: ${accumulator.aadsts}.` : entry.cause,
      remedy: unknown ? { ...entry.remedy, text: `${entry.remedy.text} ${aadstsLookupUrl(accumulator.aadsts ?? '')}` } : entry.remedy,
      aadsts: accumulator.aadsts,
      lookupUrl: accumulator.aadsts ? aadstsLookupUrl(accumulator.aadsts) : null,
      evidence: accumulator.evidence(),
      count: accumulator.count,
      firstSeen: accumulator.first?.evidence.timestamp ?? null,
      lastSeen: accumulator.last?.evidence.timestamp ?? null,
      thumbprints,
      matched,
      explanations,
      explanationPhrases,
    };
  }
}

/** Most recent first; findings seen only in free text (no time) last. */
function byRecent(a: { lastSeen: string | null }, b: { lastSeen: string | null }): number {
  if (a.lastSeen === b.lastSeen) return 0;
  if (a.lastSeen === null) return 1;
  if (b.lastSeen === null) return -1;
  return a.lastSeen < b.lastSeen ? 1 : -1;
}

/** A pasted error text or log excerpt (the Troubleshoot screen's paste box). */
export function diagnoseText(text: string, context: DiagnosisContext = {}, name = 'pasted text'): Diagnosis {
  const builder = new DiagnosisBuilder(context, DEFAULT_MAX_LINE_LENGTH);
  const { scanner, finish } = builder.openSource(name);
  // UTF-16 read byte for byte (a NUL after every character) is decoded again like a UTF-16 file.
  const bytes = text.includes('\u0000') && [...text].every((char) => char.charCodeAt(0) <= 0xff) ? Buffer.from(text, 'latin1') : Buffer.from(text, 'utf8');
  const decoding = new TextDecoding();
  scanner.write(decoding.push(bytes));
  const rest = decoding.end();
  if (rest.length > 0) scanner.write(rest);
  scanner.end();
  finish(bytes.length);
  return builder.build();
}

/** A stream of log text (the command line's stdin); its size is not known in advance. */
export async function diagnoseStream(stream: Readable | AsyncIterable<Buffer | string>, name: string, context: DiagnosisContext = {}, options: DiagnoseOptions = {}): Promise<Diagnosis> {
  const builder = new DiagnosisBuilder(context, options.maxLineLength ?? DEFAULT_MAX_LINE_LENGTH);
  const tracker = new ProgressTracker(null, options.onProgress);
  const { scanner, finish } = builder.openSource(name);
  const bytes = await scanChunks(stream, scanner, {
    signal: options.signal,
    onChunk: (count) => {
      tracker.linesRead = scanner.lines;
      tracker.add(count, name);
    },
  });
  finish(bytes);
  return builder.build();
}

/**
 * Log files and support bundles. A file that cannot be read is reported in `sources` with its
 * message while the others are still diagnosed; cancelling (the signal) rejects with
 * DIAGNOSIS_CANCELLED.
 */
export async function diagnoseFiles(files: LogFileInput[], context: DiagnosisContext = {}, options: DiagnoseOptions = {}): Promise<Diagnosis> {
  const builder = new DiagnosisBuilder(context, options.maxLineLength ?? DEFAULT_MAX_LINE_LENGTH);
  const inputs = files.map((file) => (typeof file === 'string' ? { path: file, name: file } : file));
  let total = 0;
  for (const input of inputs) total += await inspectLogFile(input.path, input.name).then((info) => info.size, () => 0);
  const tracker = new ProgressTracker(total, options.onProgress);
  for (const input of inputs) {
    throwIfAborted(options.signal);
    try {
      await readLogFile(input.path, input.name, { open: (name) => builder.openSource(name), tracker, signal: options.signal });
    } catch (error) {
      if (!isServiceError(error) || error.code === 'DIAGNOSIS_CANCELLED') throw error;
      builder.sourceFailed(input.name, error);
    }
  }
  return builder.build();
}
