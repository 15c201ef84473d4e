import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test as base, expect, type Page } from '@playwright/test';
import { startWebBridge, type WebBridge } from '../support/web-bridge';

/** Each test gets its own bridge and data folder, and a page with the app loaded. */
export const test = base.extend<{ bridge: WebBridge; app: Page }>({
  bridge: async ({}, use) => {
    const dataDir = mkdtempSync(join(tmpdir(), 'ise-intune-e2e-'));
    const bridge = await startWebBridge({ dataDir });
    await use(bridge);
    await bridge.close();
    rmSync(dataDir, { recursive: true, force: true });
  },
  app: async ({ page, bridge }, use) => {
    const consoleErrors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    page.on('pageerror', (error) => consoleErrors.push(error.message));
    await page.goto(bridge.url);
    await expect(page.getByRole('navigation')).toBeVisible();
    await use(page);
    expect(consoleErrors, 'the page logged errors').toEqual([]);
  },
});

export { expect };
