import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

/** The process boundaries of ARCHITECTURE.md are lint errors; prove each rule fires. */
const eslint = new ESLint({ cwd: process.cwd() });

async function ruleErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.severity === 2).map((m) => `${m.ruleId}: ${m.message}`);
}

describe('process boundaries', () => {
  it('main/services may not import electron', async () => {
    const errors = await ruleErrors('main/services/certs/example.ts', "import { app } from 'electron';\nvoid app;\n");
    expect(errors.join('\n')).toMatch(/no-restricted-imports: .*plain Node/);
  });

  it.each([
    ["import { readFile } from 'node:fs';\nvoid readFile;\n", /without Node/],
    ["import { readFile } from 'fs';\nvoid readFile;\n", /without Node/],
    ["import { shell } from 'electron';\nvoid shell;\n", /only to window.api/],
    ["import { createHandlers } from '../main/handlers';\nvoid createHandlers;\n", /may not import main/],
  ])('the renderer may not import Node, Electron or main/ (%#)', async (code, message) => {
    const errors = await ruleErrors('renderer/screens/example.tsx', code);
    expect(errors.join('\n')).toMatch(message);
  });

  it('only preload/ and main/ipc.ts may import ipcMain / ipcRenderer', async () => {
    const code = "import { ipcMain } from 'electron';\nvoid ipcMain;\n";
    expect((await ruleErrors('main/index.ts', code)).join('\n')).toMatch(/Only preload\/ and main\/ipc.ts talk IPC/);
    expect(await ruleErrors('main/ipc.ts', code)).toEqual([]);
    expect(await ruleErrors('preload/index.ts', "import { ipcRenderer } from 'electron';\nvoid ipcRenderer;\n")).toEqual([]);
  });

  it('the renderer may import the contract', async () => {
    const code = "import type { Api } from '../../preload/contract';\nexport type A = Api;\n";
    expect(await ruleErrors('renderer/screens/example.tsx', code)).toEqual([]);
  });
});
