/**
 * File arguments with wildcards, expanded by the command line itself: cmd and PowerShell pass
 * `for-ise\*.cer` to the program as typed (only Unix shells expand it). `*` and `?` are
 * expanded in the last part of the path, as cmd does; `\` separates folders on Windows. A pattern
 * that matches nothing is an error, not a file name.
 */
import { readdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { UsageError, type CliIo } from './command';

const WILDCARD = /[*?]/;

function patternRegExp(pattern: string, caseInsensitive: boolean): RegExp {
  const source = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${source}$`, caseInsensitive ? 'i' : '');
}

/** Each argument as given, or the files its wildcard matches (sorted, as Windows lists them). */
export async function expandFileArguments(args: string[], io: Pick<CliIo, 'cwd' | 'platform'>): Promise<string[]> {
  const platform = io.platform ?? process.platform;
  const windows = platform === 'win32';
  const expanded: string[] = [];
  for (const arg of args) {
    if (!WILDCARD.test(arg) || arg === '-') {
      expanded.push(arg);
      continue;
    }
    const cut = Math.max(arg.lastIndexOf('/'), windows ? arg.lastIndexOf('\\') : -1);
    const folderPart = cut < 0 ? '' : arg.slice(0, cut + 1);
    const namePart = arg.slice(cut + 1);
    if (WILDCARD.test(folderPart)) throw new UsageError(`wildcards work only in the file name, not in folder names: "${arg}"`);
    // Node on Windows accepts "/" as well as "\"; on other systems "\" is part of a name.
    const folder = resolve(io.cwd, (windows ? folderPart.replace(/\\/g, '/') : folderPart) || '.');
    let names: string[];
    try {
      names = (await readdir(folder, { withFileTypes: true })).filter((entry) => entry.isFile()).map((entry) => entry.name);
    } catch {
      throw new UsageError(`no file matches "${arg}": the folder ${folderPart || '.'} cannot be read`);
    }
    // Windows and macOS compare names without case.
    const matcher = patternRegExp(namePart, windows || platform === 'darwin');
    const matches = names.filter((name) => matcher.test(name) && !name.startsWith('.')).sort((a, b) => a.localeCompare(b, 'en', { sensitivity: 'base' }));
    if (matches.length === 0) throw new UsageError(`no file matches "${arg}"`);
    // The folder as typed (with its own separator), then the name found.
    expanded.push(...matches.map((name) => `${folderPart}${name}`));
  }
  return expanded;
}
