/**
 * Channel name -> service call. No Electron here: the app (via main/ipc.ts), the web bridge in
 * tests and anything else that speaks the contract build their handlers with this function.
 */
import type { Channel, Contract } from '../preload/contract';
import type { HandlerContext } from './platform/types';
import { ServiceError } from './services/errors';
import { isAllowedExternalLink } from './services/links';
import { readSettings, updateSettings } from './services/settings/settings-service';
import licenses from './services/catalog/licenses.json' with { type: 'json' };

export type Handlers = {
  [K in Channel]: (...args: Parameters<Contract[K]>) => Promise<ReturnType<Contract[K]>>;
};

export function createHandlers(ctx: HandlerContext): Handlers {
  const settingsDeps = {
    settings: ctx.settings,
    secrets: ctx.secrets,
    defaultDataFolder: ctx.runtime.defaultDataFolder,
  };
  return {
    getSettings: () => readSettings(settingsDeps),
    updateSettings: (patch) => updateSettings(settingsDeps, patch),
    getAbout: async () => ({
      appName: ctx.runtime.appName,
      version: ctx.runtime.appVersion,
      electron: ctx.runtime.electron,
      chrome: ctx.runtime.chrome,
      node: ctx.runtime.node,
      platform: ctx.runtime.platform,
      licenses,
    }),
    pickFolder: (args) => ctx.dialogs.pickFolder(args),
    openExternal: async ({ url }) => {
      if (!isAllowedExternalLink(url)) {
        throw new ServiceError('LINK_NOT_ALLOWED', 'The app opens only https links to Microsoft and Cisco documentation.');
      }
      await ctx.shell.openExternal(url);
      return true;
    },
  };
}
