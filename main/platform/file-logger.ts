import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Logger } from './types';

/**
 * Appends timestamped lines to a log file (and mirrors them to stderr). Callers never pass secrets:
 * passwords and keys are not part of any message in this app.
 */
export function createFileLogger(path: string, mirror: boolean = true): Logger {
  mkdirSync(dirname(path), { recursive: true });
  const write = (level: string, message: string) => {
    const line = `${new Date().toISOString()} ${level} ${message}\n`;
    try {
      appendFileSync(path, line);
    } catch {
      // A full or read-only disk must not take the app down; the mirror still shows the line.
    }
    if (mirror) process.stderr.write(line);
  };
  return {
    info: (message) => write('INFO', message),
    warn: (message) => write('WARN', message),
    error: (message) => write('ERROR', message),
  };
}

/** Collects lines in memory; for tests and the CLI's quiet mode. */
export function createMemoryLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  return {
    lines,
    info: (message) => lines.push(`INFO ${message}`),
    warn: (message) => lines.push(`WARN ${message}`),
    error: (message) => lines.push(`ERROR ${message}`),
  };
}
