import { join } from 'node:path';
import { createHandlers, type Handlers } from '../../main/handlers';
import { createMemoryLogger } from '../../main/platform/file-logger';
import { MemorySecretStore } from '../../main/platform/settings-file';
import type { HandlerContext } from '../../main/platform/types';
import { JsonDocumentStore } from '../../main/platform/versioned-file';
import { DEPLOYMENTS_SCHEMA } from '../../main/services/deployments/schema';
import { SETTINGS_SCHEMA } from '../../main/services/settings/schema';
import { TestDialogs } from './test-dialogs';

/**
 * The handlers as the app builds them, on real settings and deployments files in `dir` (also the
 * data and state folder), with queued dialogs and no shell, clipboard or events; `context`
 * replaces any part (applyTheme, dialogs, …).
 */
export function createTestHandlers(dir: string, context: Partial<HandlerContext> = {}): Handlers {
  const log = createMemoryLogger();
  return createHandlers({
    settings: new JsonDocumentStore(join(dir, 'settings.json'), SETTINGS_SCHEMA, log),
    deployments: new JsonDocumentStore(join(dir, 'deployments.json'), DEPLOYMENTS_SCHEMA, log),
    secrets: new MemorySecretStore(),
    dialogs: new TestDialogs(),
    shell: { openExternal: async () => undefined },
    clipboard: { writeText: async () => undefined },
    emit: () => undefined,
    runtime: { appName: 'ISE Intune Assistant', appVersion: '0', electron: null, chrome: null, node: process.versions.node, platform: 'test', defaultDataFolder: dir, stateFolder: dir },
    log,
    ...context,
  });
}
