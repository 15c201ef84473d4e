import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dispatch } from '../../main/dispatch';
import { createMemoryLogger } from '../../main/platform/file-logger';
import { JsonFileSettingsStore } from '../../main/platform/settings-file';
import { writeFileAtomic } from '../../main/services/files';
import { DEFAULT_SETTINGS } from '../../main/services/settings/schema';
import { createTestHandlers } from '../support/test-handlers';
import { microsPerCall } from './measure';
import type { BenchResult } from './types';

/**
 * What the contract costs: a validated dispatch vs calling the handler directly, and the
 * atomic settings write (temp file + fsync + rename) vs a plain writeFileSync.
 */
export async function benchFoundation(): Promise<BenchResult[]> {
  const dir = mkdtempSync(join(tmpdir(), 'ise-intune-bench-'));
  try {
    const log = createMemoryLogger();
    const handlers = createTestHandlers(dir, { settings: new JsonFileSettingsStore(dir, log), log });
    const url = 'https://learn.microsoft.com/entra/';
    const direct = await microsPerCall(20_000, () => handlers.openExternal({ url }));
    const validated = await microsPerCall(20_000, () => dispatch(handlers, 'openExternal', [{ url }], log));

    const text = `${JSON.stringify(DEFAULT_SETTINGS, null, 2)}\n`;
    const plainPath = join(dir, 'plain.json');
    const atomicPath = join(dir, 'atomic.json');
    const plain = await microsPerCall(300, () => writeFileSync(plainPath, text));
    const atomic = await microsPerCall(300, () => writeFileAtomic(atomicPath, text, { backup: false }));
    return [
      {
        name: 'api call through dispatch (channel check + zod validation)',
        value: validated,
        unit: 'µs/call',
        reference: { name: 'the same handler called directly', value: direct },
        ratio: validated / direct,
        note: `overhead ${(validated - direct).toFixed(2)} µs per call`,
      },
      {
        name: 'settings write, atomic (temp + fsync + rename)',
        value: atomic,
        unit: 'µs/write',
        reference: { name: 'fs.writeFileSync in place', value: plain },
        ratio: atomic / plain,
        note: 'the fsync is the price of never leaving a half-written file',
      },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
