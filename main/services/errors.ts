/**
 * The one error type services throw on purpose. `code` is stable (the UI and the CLI map it to
 * translated text and exit codes); `message` is a sentence a person can act on, in English.
 * Anything else thrown inside a service is a bug and is reported as INTERNAL.
 */
export class ServiceError extends Error {
  readonly code: string;
  readonly details?: string;

  constructor(code: string, message: string, details?: string) {
    super(message);
    this.name = 'ServiceError';
    this.code = code;
    if (details !== undefined) this.details = details;
  }
}

export function isServiceError(value: unknown): value is ServiceError {
  return value instanceof ServiceError;
}
