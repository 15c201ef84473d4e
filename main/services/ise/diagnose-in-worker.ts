/**
 * diagnoseFiles on a worker thread with a bounded heap (issue 19): a log where every line is
 * MDM-related makes V8 grow its young generation to its default maximum on the main thread;
 * on the worker, the young and old generations have the limits below, so the memory of a
 * diagnosis is bounded whatever the log, and the app's (or the CLI's) main thread stays free.
 */
import { existsSync } from 'node:fs';
import { Worker, type ResourceLimits } from 'node:worker_threads';
import type { Diagnosis, DiagnosisContext, DiagnosisProgress } from '../../../preload/types/diagnosis';
import { ServiceError } from '../errors';
import type { DiagnoseOptions, LogFileInput } from './diagnose';
import { DEFAULT_MAX_LINE_LENGTH } from './log-reader';

/**
 * The worker's heap. Young generation: 32 MB (the main thread's grows to V8's default maximum);
 * a smaller one costs the dense bench log a quarter of its speed in garbage collection (12 MB:
 * about 130 MB per CPU second instead of 180). The old generation holds the code and the
 * bounded state of a diagnosis: the dense 2 GB bench log needs far less than this.
 */
export const DIAGNOSIS_WORKER_LIMITS: ResourceLimits = { maxYoungGenerationSizeMb: 32, maxOldGenerationSizeMb: 96, stackSizeMb: 4 };

export interface WorkerRequest {
  /** Files to read, or null for a stream whose chunks the caller posts (`chunk`, then `end`). */
  files: LogFileInput[] | null;
  /** The stream's name in the diagnosis. */
  name: string;
  context: DiagnosisContext;
  maxLineLength: number;
  progress: boolean;
}

/** To the worker: cancel; a stream's next chunk, or its end. */
export type WorkerCommand = { type: 'abort' } | { type: 'chunk'; bytes: Uint8Array } | { type: 'end' };

export type WorkerReply =
  | { type: 'progress'; progress: DiagnosisProgress }
  /** A stream's chunk was scanned: its buffer comes back for the next one, and the caller may post more. */
  | { type: 'ack'; bytes: Uint8Array }
  | { type: 'done'; diagnosis: Diagnosis }
  | { type: 'service-error'; code: string; message: string; details?: string }
  | { type: 'crash'; message: string };

/** Stream chunks posted and not yet scanned; the caller's reading waits beyond this (memory stays bounded). */
const CHUNKS_IN_FLIGHT = 4;

/**
 * The worker's script: beside this module in the sources (run through tsx, as in tests and
 * benches), or `diagnose-worker.js` of the build (out/main, where this module may sit in
 * out/main/chunks).
 */
function workerScript(): { url: URL; execArgv?: string[] } {
  const here = import.meta.url;
  if (/\.ts$/.test(new URL(here).pathname)) {
    // Only tsx: the caller's own options (`--input-type`, `-e`) do not apply to a worker's file.
    return { url: new URL('./diagnose-worker.ts', here), execArgv: ['--import', 'tsx'] };
  }
  for (const candidate of ['./diagnose-worker.js', '../diagnose-worker.js']) {
    const url = new URL(candidate, here);
    if (existsSync(url)) return { url };
  }
  throw new Error(`diagnose-worker.js is missing beside ${here}`);
}

export interface WorkerDiagnoseOptions extends DiagnoseOptions {
  /** The worker's heap limits (tests make them smaller). */
  resourceLimits?: ResourceLimits;
}

/** diagnoseFiles (same arguments, same result and errors), run on a worker thread with a bounded heap. */
export function diagnoseFilesInWorker(files: LogFileInput[], context: DiagnosisContext = {}, options: WorkerDiagnoseOptions = {}): Promise<Diagnosis> {
  return runInWorker({ files, name: '', context, maxLineLength: options.maxLineLength ?? DEFAULT_MAX_LINE_LENGTH, progress: options.onProgress !== undefined }, options, null);
}

/** diagnoseStream (the command line's stdin) on the worker: this thread reads, the worker scans. */
export function diagnoseStreamInWorker(stream: AsyncIterable<Buffer | string>, name: string, context: DiagnosisContext = {}, options: WorkerDiagnoseOptions = {}): Promise<Diagnosis> {
  return runInWorker({ files: null, name, context, maxLineLength: options.maxLineLength ?? DEFAULT_MAX_LINE_LENGTH, progress: options.onProgress !== undefined }, options, stream);
}

function runInWorker(request: WorkerRequest, options: WorkerDiagnoseOptions, stream: AsyncIterable<Buffer | string> | null): Promise<Diagnosis> {
  const script = workerScript();
  return new Promise<Diagnosis>((resolve, reject) => {
    if (options.signal?.aborted) {
      reject(new ServiceError('DIAGNOSIS_CANCELLED', 'The diagnosis was cancelled before the logs were fully read.'));
      return;
    }
    const worker = new Worker(script.url, {
      workerData: request,
      resourceLimits: options.resourceLimits ?? DIAGNOSIS_WORKER_LIMITS,
      ...(script.execArgv ? { execArgv: script.execArgv } : {}),
    });
    const post = (command: WorkerCommand, transfer?: ArrayBuffer[]): void => worker.postMessage(command, transfer);
    let settled = false;
    let inFlight = 0;
    // The buffers chunks are copied into go to the worker and come back: no garbage per chunk.
    const spare: ArrayBuffer[] = [];
    let wake: (() => void) | null = null;
    const onAbort = (): void => post({ type: 'abort' });
    options.signal?.addEventListener('abort', onAbort, { once: true });
    const settle = (action: () => void): void => {
      if (settled) return;
      settled = true;
      options.signal?.removeEventListener('abort', onAbort);
      wake?.();
      action();
      void worker.terminate();
    };
    worker.on('message', (message: WorkerReply) => {
      if (message.type === 'progress') options.onProgress?.(message.progress);
      else if (message.type === 'ack') {
        inFlight -= 1;
        spare.push(message.bytes.buffer as ArrayBuffer);
        wake?.();
      } else if (message.type === 'done') settle(() => resolve(message.diagnosis));
      else if (message.type === 'service-error') settle(() => reject(new ServiceError(message.code, message.message, message.details)));
      else settle(() => reject(new Error(`The diagnosis failed: ${message.message}`)));
    });
    worker.on('error', (error: Error & { code?: string }) => {
      settle(() =>
        reject(
          error.code === 'ERR_WORKER_OUT_OF_MEMORY'
            ? new ServiceError('DIAGNOSIS_OUT_OF_MEMORY', 'Reading the logs stopped: it needed more memory than a diagnosis is allowed. Diagnose fewer or smaller logs at a time.')
            : error,
        ),
      );
    });
    worker.on('exit', (code) => settle(() => reject(new Error(`The diagnosis worker stopped (exit code ${code}) before it answered.`))));
    if (!stream) return;
    void (async () => {
      for await (const chunk of stream) {
        if (settled) return;
        // A copy of the chunk's bytes alone (a Buffer may be a slice of a shared pool), handed over.
        const source = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
        let target = spare.pop();
        if (!target || target.byteLength < source.length) target = new ArrayBuffer(Math.max(source.length, 64 * 1024));
        const bytes = new Uint8Array(target, 0, source.length);
        bytes.set(source);
        inFlight += 1;
        post({ type: 'chunk', bytes }, [bytes.buffer as ArrayBuffer]);
        while (inFlight >= CHUNKS_IN_FLIGHT && !settled) await new Promise<void>((resume) => (wake = resume));
        wake = null;
      }
      if (!settled) post({ type: 'end' });
    })().catch((error: unknown) => settle(() => reject(error)));
  });
}
