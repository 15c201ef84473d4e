/**
 * Issue 19 "Secrets stay secret" and issue 22's cmd pipe: inspect and convert take a PFX
 * password only on standard input; `--password` is refused with the reason; what `echo pw |`
 * adds in sh, PowerShell and cmd is not part of the password.
 */
import { describe, expect, it } from 'vitest';
import type { CliCommand } from '../../../main/cli/command';
import { convertCommand } from '../../../main/cli/convert';
import { inspectCommand } from '../../../main/cli/inspect';
import { passwordFromStdinText } from '../../../main/cli/password';
import { usePki, useTempDir } from '../certs/pki-setup';

const pki = usePki();
const tempDir = useTempDir();

async function run(command: CliCommand, args: string[], stdin?: string) {
  const out: string[] = [];
  const err: string[] = [];
  const io = { stdout: (t: string) => out.push(t), stderr: (t: string) => err.push(t), cwd: tempDir(), now: () => new Date('2026-11-26T12:00:00Z') };
  const code = await command.run(args, stdin === undefined ? io : { ...io, readStdin: async () => stdin });
  return { code, stdout: out.join(''), stderr: err.join('') };
}

describe('PFX passwords on the command line', () => {
  it.each([
    ['inspect', inspectCommand, ['--password', 'S3cret-On-Argv']],
    ['inspect', inspectCommand, ['--password=S3cret-On-Argv']],
    ['convert', convertCommand, ['--to', 'pem', '--password', 'S3cret-On-Argv']],
  ] as const)('%s refuses --password, says why, and does not echo the password', async (_name, command, extra) => {
    const result = await run(command, [pki().files.pfxModernEc, ...extra]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--password is refused: a password on the command line shows in the process list/);
    expect(result.stderr).not.toContain('S3cret-On-Argv');
    expect(result.stdout).toBe('');
  });

  it.each([
    ['sh: echo pw |', (pw: string) => `${pw}\n`],
    ['PowerShell: "pw" |', (pw: string) => `${pw}\r\n`],
    ['cmd: echo pw |', (pw: string) => `${pw} \r\n`],
    ['printf %s pw |', (pw: string) => pw],
  ])('inspect opens the .pfx with the password piped by %s', async (_shell, piped) => {
    const result = await run(inspectCommand, [pki().files.pfxModernEc, '--password-stdin', '--json'], piped(pki().password));
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect((JSON.parse(result.stdout) as { hasPrivateKey: boolean }[])[0]?.hasPrivateKey).toBe(true);
  });

  it('keeps a space that is part of the password when the line ends the Unix way, and an empty pipe is refused', async () => {
    expect(passwordFromStdinText('pass word \n')).toBe('pass word ');
    expect(passwordFromStdinText('pw \r\n')).toBe('pw');
    expect(passwordFromStdinText('pw\r\n\r\n')).toBe('pw\r\n');
    const empty = await run(inspectCommand, [pki().files.pfxModernEc, '--password-stdin'], '\n');
    expect([empty.code, empty.stderr]).toEqual([2, 'inspect: standard input was empty: pipe the password of the .pfx file to --password-stdin (usage: ise-intune inspect FILE... [--password-stdin] [--json])\n']);
  });
});
