#!/usr/bin/env node
/** Entry point of the `ise-intune` command line (out/main/cli.js, run with Node). */
import { runCli } from './cli/run';

const code = await runCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  cwd: process.cwd(),
  now: () => new Date(),
  env: process.env,
});
process.exitCode = code;
