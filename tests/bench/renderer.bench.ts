/**
 * How fast the first screen is usable: Debian's Chromium loads the built renderer from the web
 * bridge until the first screen (Setup) is rendered with its data, read in the page as time since
 * navigation start, against the same measure for a tiny file from the same server (the browser's
 * own floor) in the same run. Plus the JS bundle, raw and gzip. Goal (issue 7): interactive within
 * 400 ms of navigation.
 */
import { existsSync, readdirSync, readFileSync, rmSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../playwright.config';
import { RENDERER_DIR, startWebBridge } from '../support/web-bridge';
import type { BenchResult } from './types';

const ROUNDS = 7;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

export async function benchRenderer(): Promise<BenchResult[]> {
  if (!existsSync(join(RENDERER_DIR, 'index.html'))) throw new Error('out/renderer is missing: run `npm run build` first.');
  const assets = join(RENDERER_DIR, 'assets');
  const scripts = readdirSync(assets).filter((name) => name.endsWith('.js')).map((name) => readFileSync(join(assets, name)));
  const raw = scripts.reduce((sum, file) => sum + file.length, 0);
  const gzip = scripts.reduce((sum, file) => sum + gzipSync(file).length, 0);

  const dataDir = mkdtempSync(join(tmpdir(), 'ise-intune-bench-ui-'));
  const bridge = await startWebBridge({ dataDir });
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  try {
    const interactive: number[] = [];
    const floor: number[] = [];
    for (let round = 0; round < ROUNDS; round += 1) {
      const page = await browser.newPage();
      await page.goto(`${bridge.url}__bridge.js`);
      // Runs in the page; typed loosely because this file compiles without the DOM library.
      floor.push(
        await page.evaluate(() => {
          const timing = performance as unknown as { getEntriesByType(type: string): { responseEnd: number }[] };
          return timing.getEntriesByType('navigation')[0]?.responseEnd ?? Number.NaN;
        }),
      );
      await page.goto(bridge.url);
      // Interactive: the navigation and the first screen are rendered from the data main sent.
      await page.getByTestId('screen-setup').waitFor();
      await page.getByTestId('nav-settings').waitFor();
      interactive.push(await page.evaluate(() => performance.now()));
      await page.close();
    }
    const first = median(interactive);
    const reference = median(floor);
    return [
      {
        name: 'renderer: first screen rendered with its data, since navigation start',
        value: first,
        unit: 'ms',
        reference: { name: 'loading a tiny file from the same server', value: reference },
        ratio: first / reference,
        note: `median of ${ROUNDS}, Debian Chromium through the web bridge; goal < 400 ms: ${first < 400 ? 'met' : 'not met'}`,
      },
      { name: 'renderer: JavaScript bundle', value: raw / 1024, unit: 'KiB', reference: { name: 'gzip', value: gzip / 1024 }, ratio: raw / gzip },
    ];
  } finally {
    await browser.close();
    await bridge.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
