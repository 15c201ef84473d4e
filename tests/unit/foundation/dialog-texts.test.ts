/**
 * Main's file dialogs speak the app's language: titles and filter names come from the window's
 * catalogs (renderer/i18n) through main/services/texts.ts, following the language setting.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import en from '../../../renderer/i18n/en.json' with { type: 'json' };
import es from '../../../renderer/i18n/es.json' with { type: 'json' };
import { TestDialogs } from '../../support/test-dialogs';
import { createTestHandlers } from '../../support/test-handlers';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'dialog-texts-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("main's file dialogs", () => {
  it('are titled in the language the admin chose, and follow a change at once', async () => {
    const dialogs = new TestDialogs();
    const handlers = createTestHandlers(dir, { dialogs });
    await handlers.updateSettings({ language: 'en' });
    await handlers.chooseDataFolder();
    await handlers.updateSettings({ language: 'es' });
    await handlers.chooseDataFolder();
    await handlers.addCatalogFiles();
    await handlers.loadIseTrustStore();
    await handlers.diagnoseLogFiles({ taskId: 'logs' });
    expect(dialogs.opened.map((entry) => entry.title)).toEqual([
      en.fileDialogs.dataFolder,
      es.fileDialogs.dataFolder,
      es.fileDialogs.addCatalog,
      es.fileDialogs.iseTrustStore,
      es.fileDialogs.iseLogs,
    ]);
    expect(es.fileDialogs.dataFolder).not.toBe(en.fileDialogs.dataFolder);
  });
});
