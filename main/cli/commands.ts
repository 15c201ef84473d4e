import { chainCommand } from './chain';
import type { CliCommand } from './command';
import { convertCommand } from './convert';
import { deviceCertCommand } from './device-cert';
import { diagnoseCommand } from './diagnose';
import { inspectCommand } from './inspect';
import { iseCommand } from './ise';
import { keycredCommand } from './keycred';
import { mdmValuesCommand } from './mdm-values';
import { testConnectionCommand } from './test-connection';

/** Every command of `ise-intune`, in the order `--help` lists them. */
export const COMMANDS: readonly CliCommand[] = [
  inspectCommand,
  convertCommand,
  chainCommand,
  keycredCommand,
  mdmValuesCommand,
  deviceCertCommand,
  diagnoseCommand,
  testConnectionCommand,
  iseCommand,
];
