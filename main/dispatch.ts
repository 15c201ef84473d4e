/**
 * The single way a channel call reaches a handler, shared by Electron IPC (main/ipc.ts) and the
 * test web bridge: unknown channel, bad arguments and failures all come back as a typed
 * ApiResult; nothing is thrown across the boundary.
 */
import { CHANNELS, type ApiResult, type Channel } from '../preload/contract';
import type { Handlers } from './handlers';
import type { Logger } from './platform/types';
import { isServiceError } from './services/errors';
import { argumentSchemas, describeArgumentError } from './validation';

export function isChannel(value: unknown): value is Channel {
  return typeof value === 'string' && (CHANNELS as readonly string[]).includes(value);
}

export async function dispatch(
  handlers: Handlers,
  channel: unknown,
  args: unknown,
  log: Logger,
): Promise<ApiResult<unknown>> {
  if (!isChannel(channel)) {
    return fail('UNKNOWN_CHANNEL', `There is no operation called "${String(channel).slice(0, 80)}".`);
  }
  if (!Array.isArray(args)) {
    return fail('INVALID_ARGUMENT', `${channel}: the arguments must be a list.`);
  }
  const parsed = argumentSchemas[channel].safeParse(args);
  if (!parsed.success) {
    return fail('INVALID_ARGUMENT', `${channel}: ${describeArgumentError(parsed.error)}`);
  }
  try {
    const handler = handlers[channel] as (...a: unknown[]) => Promise<unknown>;
    const value = await handler(...(parsed.data as unknown[]));
    return { ok: true, value };
  } catch (error) {
    if (isServiceError(error)) {
      return {
        ok: false,
        error: { code: error.code, message: error.message, ...(error.details ? { details: error.details } : {}) },
      };
    }
    log.error(`${channel} failed unexpectedly: ${(error as Error)?.stack ?? String(error)}`);
    return fail(
      'INTERNAL',
      'Something went wrong inside the app. Nothing was changed; try again, and if it repeats, send the log file to support.',
      (error as Error)?.message ?? String(error),
    );
  }
}

function fail(code: string, message: string, details?: string): ApiResult<never> {
  return { ok: false, error: { code, message, ...(details ? { details } : {}) } };
}
