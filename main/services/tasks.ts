import { ServiceError } from './errors';

/**
 * Long work started by the renderer under a taskId it chose: each gets an AbortSignal that
 * cancelTask aborts. Ids are released when the work ends, whatever the outcome.
 */
export class TaskRegistry {
  readonly #running = new Map<string, AbortController>();

  /** Runs `work` under `taskId`; refuses an id that is already running. */
  async run<T>(taskId: string, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
    if (this.#running.has(taskId)) {
      throw new ServiceError('TASK_ALREADY_RUNNING', 'That task is already running. Wait for it or cancel it first.');
    }
    const controller = new AbortController();
    this.#running.set(taskId, controller);
    try {
      return await work(controller.signal);
    } finally {
      this.#running.delete(taskId);
    }
  }

  /** True when a running task was asked to stop. */
  cancel(taskId: string): boolean {
    const controller = this.#running.get(taskId);
    if (!controller) return false;
    controller.abort(new ServiceError('CANCELLED', 'Cancelled.'));
    return true;
  }

  get size(): number {
    return this.#running.size;
  }
}
