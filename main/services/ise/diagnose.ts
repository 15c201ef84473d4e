/**
 * From error texts and logs to a Diagnosis: each relevant entry is matched against the finding
 * rules as it streams past; findings, evidence, thumbprints and the generic-failure
 * correlation are gathered in bounded memory and turned into findings at the end.
 */
import type { Readable } from 'node:stream';
import type {
  DiagnosedSource,
  Diagnosis,
  DiagnosisContext,
  DiagnosisProgress,
  Evidence,
  Finding,
  FindingCode,
  FindingSummary,
  ThumbprintInText,
} from '../../../preload/types/diagnosis';
import { isServiceError } from '../errors';
import { SPECIFIC_TOKEN_CAUSES, matchFindings } from './finding-rules';
import { FINDINGS_CATALOG, aadstsLookupUrl } from './findings-catalog';
import { FindingAccumulator, GenericFailures, type Occurrence } from './findings-accumulator';
import { EntryAssembler, type LogEntry } from './log-entries';
import { DEFAULT_MAX_LINE_LENGTH, LineScanner, ProgressTracker, scanChunks, throwIfAborted } from './log-reader';
import { inspectLogFile, readLogFile } from './log-sources';
import { ThumbprintMatcher } from './match';
import { extractThumbprints } from './thumbprints-in-text';

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

class DiagnosisBuilder {
  private readonly findings = new Map<string, FindingAccumulator>();
  private readonly generic = new GenericFailures();
  private readonly sources: DiagnosedSource[] = [];
  private readonly allThumbprints: ThumbprintInText[] = [];
  private order = 0;
  private linesRelevant = 0;
  private linesTruncated = 0;

  constructor(
    private readonly context: DiagnosisContext,
    private readonly maxLineLength: number,
  ) {}

  openSource(name: string): { scanner: LineScanner; finish: (bytes: number) => void } {
    const assembler = new EntryAssembler(name, this.maxLineLength, (entry) => this.onEntry(entry));
    const scanner = new LineScanner(
      (buffer, start, end, line, marked, truncated) => assembler.push(buffer, start, end, line, marked, truncated),
      this.maxLineLength,
      () => assembler.release(),
    );
    return {
      scanner,
      finish: (bytes) => {
        assembler.end();
        this.linesRelevant += assembler.relevantLines;
        this.linesTruncated += scanner.truncatedLines;
        this.sources.push({ name, ok: true, linesRead: scanner.lines, bytesRead: bytes, error: null });
      },
    };
  }

  sourceFailed(name: string, error: { code: string; message: string }): void {
    this.sources.push({ name, ok: false, linesRead: 0, bytesRead: 0, error: { code: error.code, message: error.message } });
  }

  private accumulator(code: FindingCode, aadsts: string | null): FindingAccumulator {
    const key = code === 'UNKNOWN_AADSTS' ? `${code}:${aadsts}` : code;
    let accumulator = this.findings.get(key);
    if (!accumulator) {
      accumulator = new FindingAccumulator(code, aadsts);
      this.findings.set(key, accumulator);
    } else if (accumulator.aadsts === null && aadsts !== null) accumulator.aadsts = aadsts;
    return accumulator;
  }

  private onEntry(entry: LogEntry): void {
    const matches = matchFindings(entry);
    // Free text has no ISE header: it is relevant when it says something the rules know.
    if (entry.free && (matches.length > 0 || entry.marked)) this.linesRelevant += entry.lineCount;
    if (matches.length === 0) return;
    this.order += 1;
    const time = entry.header?.time ?? null;
    const thread = entry.header?.thread ?? null;
    const thumbprints = entry.lines.filter((line) => THUMBPRINT_HINT.test(line.text)).flatMap((line) => extractThumbprints(line.text, entry.source, line.line));
    this.allThumbprints.push(...thumbprints.slice(0, 20));
    const specific = matches.some((match) => SPECIFIC_TOKEN_CAUSES.has(match.code));
    const keyFinding = matches.some((match) => KEY_FINDINGS.has(match.code));
    for (const match of matches) {
      const line = entry.lines[match.lineIndex] ?? entry.lines[0];
      if (!line) continue;
      const evidence: Evidence = {
        file: entry.source,
        line: line.line,
        text: line.text,
        timestamp: entry.header?.timestamp ?? null,
        entryHeader: match.lineIndex > 0 ? (entry.lines[0]?.text ?? null) : null,
        truncated: line.truncated,
      };
      const occurrence: Occurrence = { time, order: this.order, evidence };
      if (match.code === 'TOKEN_FAILED') {
        if (!specific) this.generic.failure(occurrence, thread, entry.source);
        continue;
      }
      const accumulator = this.accumulator(match.code, match.aadsts);
      accumulator.add(occurrence);
      if (thumbprints.length > 0 && (KEY_FINDINGS.has(match.code) || !keyFinding)) accumulator.addThumbprints(thumbprints);
    }
    if (specific) this.generic.specific(time, thread, entry.source);
  }

  build(): Diagnosis {
    const tokenFailed = new FindingAccumulator('TOKEN_FAILED', null);
    this.generic.unexplainedInto(tokenFailed);
    if (tokenFailed.count > 0) this.findings.set('TOKEN_FAILED', tokenFailed);
    const notFound = this.findings.get('KEY_NOT_FOUND')?.thumbprintList().filter((thumbprint) => thumbprint.source === 'key-used-by-client') ?? [];
    const matcher = new ThumbprintMatcher(this.context, this.allThumbprints, notFound);
    const findings = [...this.findings.values()].map((accumulator) => this.toFinding(accumulator, matcher));
    findings.sort((a, b) => FINDINGS_CATALOG[b.code].rank - FINDINGS_CATALOG[a.code].rank || byRecent(a, b));
    const summary: FindingSummary[] = [...findings]
      .sort(byRecent)
      .map(({ code, title, count, firstSeen, lastSeen }) => ({ code, title, count, firstSeen, lastSeen }));
    const ok = this.sources.filter((source) => source.ok);
    return {
      findings,
      summary,
      linesRead: ok.reduce((sum, source) => sum + source.linesRead, 0),
      linesRelevant: this.linesRelevant,
      bytesRead: ok.reduce((sum, source) => sum + source.bytesRead, 0),
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
  const bytes = Buffer.from(text, 'utf8');
  scanner.write(bytes);
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
