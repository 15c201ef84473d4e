/**
 * The web bridge (tests/support/web-bridge.ts, `npm run preview:web`) answers the app's handlers
 * over HTTP: it must never be part of what is packaged. The build output and electron-builder's
 * `files` are checked here, after the build `npm test` runs before the e2e tests.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { expect, test } from '@playwright/test';

const ROOT = resolve(import.meta.dirname, '../..');

function filesUnder(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

test('the built app holds no part of the web bridge', () => {
  const built = filesUnder(join(ROOT, 'out'));
  expect(built.length).toBeGreaterThan(5);
  const markers = ['__bridge.js', 'startWebBridge', 'web-bridge', 'preview-web', 'TestDialogs'];
  for (const file of built) {
    const text = readFileSync(file, 'utf8');
    for (const marker of markers) expect(text.includes(marker), `${relative(ROOT, file)} contains ${marker}`).toBe(false);
  }
});

test('electron-builder packs only the build output, package.json and the bundled CA files', () => {
  const config = readFileSync(join(ROOT, 'electron-builder.yml'), 'utf8').split(/\r?\n/);
  const start = config.indexOf('files:');
  expect(start).toBeGreaterThanOrEqual(0);
  const patterns: string[] = [];
  for (const line of config.slice(start + 1)) {
    const item = /^\s+-\s+"?([^"]+)"?\s*$/.exec(line);
    if (!item) break;
    patterns.push(item[1] as string);
  }
  expect(patterns.length).toBeGreaterThan(0);
  for (const pattern of patterns) {
    expect(pattern, pattern).toMatch(/^(!|out\/|package\.json$|resources\/microsoft-ca\/)/);
  }
});
