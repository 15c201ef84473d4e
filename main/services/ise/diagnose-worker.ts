/**
 * The worker thread that diagnoses log files (diagnose-in-worker.ts starts it): its heap has
 * the limits it was started with, whatever the log, and a 2 GB read never runs on the thread
 * of the app's window messages or the command line's.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { isServiceError } from '../errors';
import { diagnoseFiles } from './diagnose';
import type { WorkerReply, WorkerRequest } from './diagnose-in-worker';

const port = parentPort;
if (port) {
  const request = workerData as WorkerRequest;
  const controller = new AbortController();
  port.on('message', (message: { type: 'abort' }) => {
    if (message.type === 'abort') controller.abort();
  });
  const reply = (message: WorkerReply): void => port.postMessage(message);
  diagnoseFiles(request.files, request.context, {
    signal: controller.signal,
    maxLineLength: request.maxLineLength,
    onProgress: request.progress ? (progress) => reply({ type: 'progress', progress }) : undefined,
  }).then(
    (diagnosis) => reply({ type: 'done', diagnosis }),
    (error: unknown) =>
      reply(
        isServiceError(error)
          ? { type: 'service-error', code: error.code, message: error.message, details: error.details }
          : { type: 'crash', message: error instanceof Error ? (error.stack ?? error.message) : String(error) },
      ),
  );
}
