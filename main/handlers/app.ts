/** Settings, the About page, links, the clipboard, the file manager and task cancelling. */
import { ServiceError } from '../services/errors';
import { isAllowedExternalLink } from '../services/links';
import { readSettings, readSignInClientId, updateSettings } from '../services/settings/settings-service';
import licenses from '../services/catalog/licenses.json' with { type: 'json' };
import type { HandlerServices, Handlers } from './services';

export function appHandlers({ ctx, settingsDeps, audit, tasks, written, dataFolder, dialogTexts }: HandlerServices) {
  return {
    getSettings: () => readSettings(settingsDeps),
    updateSettings: async (patch) => {
      // A folder typed or sent by the window could point the app at files someone planted there:
      // only main's own folder dialog sets one (chooseDataFolder); the window may only reset it.
      if (patch.dataFolder !== undefined && patch.dataFolder.trim() !== '') {
        throw new ServiceError('SETTINGS_FOLDER_DIALOG_ONLY', 'The data folder is chosen with Browse (the folder dialog), not typed in.');
      }
      const signInClient = await readSignInClientId(settingsDeps);
      const settings = await updateSettings(settingsDeps, patch);
      if (patch.theme !== undefined) ctx.applyTheme?.(settings.theme);
      if (patch.language !== undefined) ctx.applyLanguage?.(settings.language);
      await audit.clientChanged(signInClient);
      return settings;
    },
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
    chooseDataFolder: async () => {
      const current = await dataFolder();
      const folder = await ctx.dialogs.pickFolder({ title: (await dialogTexts()).dataFolder, defaultPath: current });
      return folder === null ? null : updateSettings(settingsDeps, { dataFolder: folder });
    },
    openExternal: async ({ url }) => {
      if (!isAllowedExternalLink(url)) {
        throw new ServiceError('LINK_NOT_ALLOWED', 'The app opens only https links to Microsoft and Cisco documentation.');
      }
      await ctx.shell.openExternal(url);
      return true;
    },
    cancelTask: async ({ taskId }) => tasks.cancel(taskId),
    showInFolder: async ({ path }) => {
      if (!written.has(path)) throw new ServiceError('NOT_WRITTEN_HERE', 'The app shows only files it saved itself in the file manager.');
      if (!ctx.shell.showInFolder) throw new ServiceError('SHOW_IN_FOLDER_UNAVAILABLE', 'Opening the folder needs the desktop app.');
      await ctx.shell.showInFolder(path);
      return true;
    },
    copyText: async ({ text }) => {
      await ctx.clipboard.writeText(text);
      return true;
    },
  } satisfies Partial<Handlers>;
}
