/**
 * The worker thread that diagnoses log files, or a stream the caller reads and posts
 * (diagnose-in-worker.ts starts it): its heap has the limits it was started with, whatever the
 * log, and a 2 GB read never runs on the thread of the app's window messages or the command line's.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { DiagnosisProgress } from '../../../preload/types/diagnosis';
import { isServiceError } from '../errors';
import { diagnoseFiles, diagnoseStream } from './diagnose';
import type { WorkerCommand, WorkerReply, WorkerRequest } from './diagnose-in-worker';

const port = parentPort;
if (port) {
  const request = workerData as WorkerRequest;
  const controller = new AbortController();
  const reply = (message: WorkerReply, transfer?: ArrayBuffer[]): void => port.postMessage(message, transfer);
  // A stream's chunks as they are posted; each is acknowledged once scanned, so the caller posts more.
  const queue: (Uint8Array | null)[] = [];
  let wake: (() => void) | null = null;
  port.on('message', (message: WorkerCommand) => {
    if (message.type === 'abort') controller.abort();
    else queue.push(message.type === 'chunk' ? message.bytes : null);
    wake?.();
  });
  async function* posted(): AsyncGenerator<Buffer> {
    for (;;) {
      // Cancel is checked between chunks by the reader; waiting for a chunk ends on it too.
      while (queue.length === 0 && !controller.signal.aborted) await new Promise<void>((resume) => (wake = resume));
      wake = null;
      if (queue.length === 0) return;
      const bytes = queue.shift() as Uint8Array | null;
      if (bytes === null) return;
      // Scanned before the next chunk is asked for, so that its buffer can go back (the reader copies what it keeps).
      yield Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      reply({ type: 'ack', bytes }, [bytes.buffer as ArrayBuffer]);
    }
  }
  const options = {
    signal: controller.signal,
    maxLineLength: request.maxLineLength,
    onProgress: request.progress ? (progress: DiagnosisProgress) => reply({ type: 'progress', progress }) : undefined,
  };
  (request.files ? diagnoseFiles(request.files, request.context, options) : diagnoseStream(posted(), request.name, request.context, options)).then(
    (diagnosis) => reply({ type: 'done', diagnosis }),
    (error: unknown) =>
      reply(
        isServiceError(error)
          ? { type: 'service-error', code: error.code, message: error.message, details: error.details }
          : { type: 'crash', message: error instanceof Error ? (error.stack ?? error.message) : String(error) },
      ),
  );
}
