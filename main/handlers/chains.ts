/** The Chains screen: fetching chains, ISE's exported trust store, the export for ISE and the CA catalog. */
import { readNetworkSettings, readSettings } from '../services/settings/settings-service';
import { certificateFilters } from './certificates';
import type { HandlerServices, Handlers } from './services';

export function chainsHandlers({ ctx, workbench, chains, tasks, settingsDeps, written, caFolder, startFolder, dialogTexts, platformAiaGet }: HandlerServices) {
  return {
    getChainsState: async () => chains.state(),
    fetchChain: async ({ taskId, target, timeoutMs, aia }) => {
      const network = await readNetworkSettings(settingsDeps);
      const { chainAiaPrivate } = await readSettings(settingsDeps);
      const aiaGet = await platformAiaGet();
      return tasks.run(taskId, (signal) =>
        chains.fetch(target, {
          timeoutMs,
          aia,
          aiaAllowPrivate: chainAiaPrivate,
          network,
          dataFolder: caFolder,
          signal,
          ...(ctx.resolveProxy ? { resolveProxy: ctx.resolveProxy } : {}),
          ...(aiaGet ? { aiaGet } : {}),
          ...(ctx.systemRoots ? { systemRoots: ctx.systemRoots() } : {}),
          onPhase: (stage, elapsedMs) => ctx.emit('taskProgress', { taskId, event: { stage, detail: { target, elapsedMs } } }),
        }),
      );
    },
    removeChainResult: async ({ target }) => chains.remove(target),
    loadIseTrustStore: async () => {
      const texts = await dialogTexts();
      const paths = await ctx.dialogs.openFiles({
        title: texts.iseTrustStore,
        filters: certificateFilters(texts),
        defaultPath: await startFolder(),
      });
      return paths === null ? null : chains.loadIseStore(paths);
    },
    clearIseTrustStore: async () => chains.clearIseStore(),
    exportForIse: async ({ certificates, bundle }) => {
      const folder = await ctx.dialogs.pickFolder({ title: (await dialogTexts()).exportForIse, defaultPath: await startFolder() });
      if (folder === null) return null;
      workbench.rememberFolder(folder);
      const result = await chains.exportForIse(certificates, folder, bundle);
      written.add(result.stepsFile);
      for (const file of result.files) written.add(file.path);
      return result;
    },
    getCatalog: async () => chains.catalog(caFolder),
    addCatalogFiles: async () => {
      const texts = await dialogTexts();
      const paths = await ctx.dialogs.openFiles({ title: texts.addCatalog, filters: certificateFilters(texts), defaultPath: await startFolder() });
      return paths === null ? null : chains.addCatalogFiles(caFolder, paths);
    },
    removeCatalogCa: async ({ id }) => chains.removeCatalogCa(caFolder, id),
  } satisfies Partial<Handlers>;
}
