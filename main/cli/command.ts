/** What every `ise-intune` sub-command implements; main/cli.ts dispatches to them. */
import { isServiceError } from '../services/errors';

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  cwd: string;
  now: () => Date;
  /** All of standard input as text (tests pass it here); unset: the process's own stdin. */
  readStdin?: () => Promise<string>;
  /** Environment variables (HTTPS_PROXY, NO_PROXY); none when absent, so tests see only what they pass. */
  env?: Record<string, string | undefined>;
  /** How file arguments with wildcards are expanded (default: this process's platform). */
  platform?: NodeJS.Platform;
}

export interface CliCommand {
  name: string;
  summary: string;
  usage: string;
  /** Resolves to the exit code: 0 success, 2 bad input or usage. */
  run(args: string[], io: CliIo): Promise<number>;
}

/** Wrong arguments: the dispatcher prints the message and the usage, exit 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/**
 * Runs a command body and turns expected failures into exit 2 with one line on stderr:
 * a UsageError, a bad option from parseArgs, or a ServiceError (bad input). Anything else
 * is a bug and propagates with its stack.
 */
export async function runReportingErrors(command: CliCommand, io: CliIo, body: () => Promise<number>): Promise<number> {
  try {
    return await body();
  } catch (error) {
    if (error instanceof UsageError || isParseArgsError(error)) {
      io.stderr(`${command.name}: ${(error as Error).message} (usage: ${command.usage})\n`);
      return 2;
    }
    if (isServiceError(error)) {
      io.stderr(`${command.name}: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
}

function isParseArgsError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS_');
}
