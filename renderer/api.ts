import type { Api, ApiError, ApiResult } from '../preload/contract';

declare global {
  interface Window {
    api: Api;
  }
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
