/**
 * Main's file dialogs speak the app's language: titles and filter names come from the window's
 * catalogs (renderer/i18n) through main/services/texts.ts, following the language setting.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHandlers } from '../../../main/handlers';
import { createMemoryLogger } from '../../../main/platform/file-logger';
import { MemorySecretStore } from '../../../main/platform/settings-file';
import { JsonDocumentStore } from '../../../main/platform/versioned-file';
import { DEPLOYMENTS_SCHEMA } from '../../../main/services/deployments/schema';
import { SETTINGS_SCHEMA } from '../../../main/services/settings/schema';
import en from '../../../renderer/i18n/en.json' with { type: 'json' };
import es from '../../../renderer/i18n/es.json' with { type: 'json' };
import { TestDialogs } from '../../support/test-dialogs';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'dialog-texts-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function handlersWith(dialogs: TestDialogs) {
  const log = createMemoryLogger();
  return createHandlers({
    settings: new JsonDocumentStore(join(dir, 'settings.json'), SETTINGS_SCHEMA, log),
    deployments: new JsonDocumentStore(join(dir, 'deployments.json'), DEPLOYMENTS_SCHEMA, log),
    secrets: new MemorySecretStore(),
    dialogs,
    shell: { openExternal: async () => undefined },
    clipboard: { writeText: async () => undefined },
    emit: () => undefined,
    runtime: { appName: 'ISE Intune Assistant', appVersion: '0', electron: null, chrome: null, node: process.versions.node, platform: 'test', defaultDataFolder: dir, stateFolder: dir },
    log,
  });
}

describe("main's file dialogs", () => {
  it('are titled in the language the admin chose, and follow a change at once', async () => {
    const dialogs = new TestDialogs();
    const handlers = handlersWith(dialogs);
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
