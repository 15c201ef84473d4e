import packageJson from '../../package.json' with { type: 'json' };
import { isServiceError } from '../services/errors';
import { UsageError, type CliCommand, type CliIo } from './command';
import { COMMANDS } from './commands';
import { terminalSafe } from './terminal';
import { plainPunctuation } from './plain-text';

export const CLI_NAME = 'ise-intune';

export function helpText(commands: readonly CliCommand[] = COMMANDS): string {
  const width = Math.max(...commands.map((command) => command.name.length), 8);
  const lines = commands.map((command) => `  ${command.name.padEnd(width)}  ${command.summary}`);
  return [
    `${CLI_NAME} ${packageJson.version} - ISE Intune Assistant on the command line`,
    '',
    `Usage: ${CLI_NAME} <command> [options]`,
    '',
    'Commands:',
    ...(lines.length ? lines : ['  (none yet)']),
    '',
    'Options:',
    '  -h, --help     show this help, or a command\'s help with <command> --help',
    '  -v, --version  print the version',
    '',
    'Exit codes: 0 success, 1 the work failed (for example a host could not be reached), 2 usage or input error.',
  ].join('\n');
}

/**
 * Runs one command line; returns the exit code. Never throws: errors become one line on stderr.
 * Everything written goes through terminalSafe (escaped controls, hidden URL credentials) and
 * plainPunctuation (ASCII punctuation only, plain-text.ts): what services write goes through here too.
 */
export async function runCli(argv: string[], terminal: CliIo, commands: readonly CliCommand[] = COMMANDS): Promise<number> {
  const io: CliIo = {
    ...terminal,
    stdout: (text) => terminal.stdout(plainPunctuation(terminalSafe(text, 'stdout'))),
    stderr: (text) => terminal.stderr(plainPunctuation(terminalSafe(text, 'stderr'))),
  };
  const [first, ...rest] = argv;
  if (first === undefined || first === '-h' || first === '--help' || first === 'help') {
    io.stdout(`${helpText(commands)}\n`);
    return first === undefined ? 2 : 0;
  }
  if (first === '-v' || first === '--version') {
    io.stdout(`${packageJson.version}\n`);
    return 0;
  }
  const command = commands.find((candidate) => candidate.name === first);
  if (!command) {
    const hint = first.startsWith('-') ? `unknown option "${first}"` : `unknown command "${first}"`;
    io.stderr(`${CLI_NAME}: ${hint}. Run "${CLI_NAME} --help" for the list of commands.\n`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout(`${command.usage}\n`);
    return 0;
  }
  // `--timeout -5`: Node's parser calls a value starting with "-" ambiguous and suggests
  // `--timeout=-5`; no option of ours takes a negative number, so say that instead.
  const negative = rest.findIndex((arg, index) => /^--[a-z][a-z-]*$/.test(arg) && /^-\d/.test(rest[index + 1] ?? ''));
  if (negative !== -1) {
    io.stderr(`${CLI_NAME} ${command.name}: ${rest[negative]} takes a positive number, not "${rest[negative + 1]}". Run "${CLI_NAME} ${command.name} --help" for the usage.\n`);
    return 2;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`${CLI_NAME} ${command.name}: ${error.message}\n`);
      return 2;
    }
    if (isServiceError(error)) {
      io.stderr(`${CLI_NAME} ${command.name}: ${error.message}\n`);
      return 2;
    }
    io.stderr(`${CLI_NAME} ${command.name}: unexpected error: ${(error as Error)?.message ?? String(error)}\n`);
    return 1;
  }
}
