/**
 * Passwords on the command line are never taken from argv (they show in `ps` and the shell's
 * history): `--password-stdin` reads them from a pipe, or asks on a terminal without echo.
 */
import { UsageError, type CliIo } from './command';

/** Stdin beyond this is not a password. */
export const MAX_PASSWORD_STDIN_BYTES = 64 * 1024;

/** True when argv tries to pass a password directly (`--password X`, `--password=X`). */
export function passwordOnArgv(args: readonly string[]): boolean {
  return args.some((arg) => /^--password(=|$)/.test(arg));
}

export function passwordOnArgvError(): UsageError {
  return new UsageError('--password is refused: a password on the command line shows in the process list and the shell history. Pipe it to --password-stdin instead (or run in a terminal and type it when asked)');
}

/**
 * The password in what was piped: one trailing line break belongs to `echo` or the terminal,
 * not to the password; cmd's `echo pw | ...` also sends the space before the `|` (`pw \r\n`),
 * so with a Windows line break one trailing space goes too.
 */
export function passwordFromStdinText(text: string): string {
  if (text.endsWith(' \r\n')) return text.slice(0, -3);
  return text.replace(/\r?\n$/, '');
}

async function readPipe(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : (chunk as Buffer);
    size += buffer.length;
    if (size > MAX_PASSWORD_STDIN_BYTES) throw new UsageError('standard input is too long for a password');
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Asks on the terminal, echoing nothing; Ctrl+C cancels. */
function prompt(label: string): Promise<string> {
  const input = process.stdin;
  return new Promise((resolvePromise, reject) => {
    let typed = '';
    process.stderr.write(`${label}: `);
    input.setRawMode(true);
    input.resume();
    input.setEncoding('utf8');
    const done = (error: Error | null): void => {
      input.setRawMode(false);
      input.pause();
      input.removeListener('data', onData);
      process.stderr.write('\n');
      if (error) reject(error);
      else resolvePromise(typed);
    };
    const onData = (chunk: string): void => {
      for (const char of chunk) {
        if (char === '\r' || char === '\n') return done(null);
        if (char === '\u0003') return done(new UsageError('cancelled'));
        if (char === '\u007f' || char === '\b') typed = typed.slice(0, -1);
        else typed += char;
      }
    };
    input.on('data', onData);
  });
}

/** The password for `--password-stdin`: from the test's stdin, a pipe, or a prompt on a terminal. */
export async function readStdinPassword(io: CliIo, what: string): Promise<string> {
  let text: string;
  if (io.readStdin) text = passwordFromStdinText(await io.readStdin());
  else if (process.stdin.isTTY) text = await prompt(`Password for ${what}`);
  else text = passwordFromStdinText(await readPipe(process.stdin));
  if (text === '') throw new UsageError(`standard input was empty: pipe the password of ${what} to --password-stdin`);
  return text;
}
