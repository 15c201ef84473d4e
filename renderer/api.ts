import type { Api, ApiError, ApiResult, EventsApi } from '../preload/contract';

declare global {
  interface Window {
    api: Api;
    events: EventsApi;
  }
}

/** Progress events from main (preload or test bridge). */
export function events(): EventsApi {
  return window.events;
}

let taskCounter = 0;
/** A fresh id for long work, to follow its progress and cancel it. */
export function newTaskId(prefix: string): string {
  taskCounter += 1;
  return `${prefix}-${Date.now().toString(36)}-${taskCounter}`;
}

/** The contract as the renderer sees it (window.api, from the preload or the test bridge). */
export function api(): Api {
  return window.api;
}

/** An ApiError as an Error, for stores that prefer try/catch. */
export class ApiCallError extends Error {
  constructor(readonly apiError: ApiError) {
    super(apiError.message);
  }
}

export function unwrap<T>(result: ApiResult<T>): T {
  if (result.ok) return result.value;
  throw new ApiCallError(result.error);
}
