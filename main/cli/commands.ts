import type { CliCommand } from './command';

/** Every command of `ise-intune`, in the order `--help` lists them. */
export const COMMANDS: readonly CliCommand[] = [];
