/** The App manifest screen: ISE's node certificates, the manifest file, the MDM form and permissions. */
import { join } from 'node:path';
import { mdmValues, parseIseVersion, permissionChecklist } from '../services/entra';
import type { HandlerServices, Handlers } from './services';

export function manifestHandlers({ ctx, entra, wrote, startFolder, dialogTexts }: HandlerServices) {
  return {
    getEntraState: async () => entra.state(),
    setIseNodes: async ({ nodes }) => entra.setNodes(nodes),
    openManifest: async () => {
      const texts = await dialogTexts();
      const paths = await ctx.dialogs.openFiles({
        title: texts.manifest,
        filters: [{ name: texts.manifestFiles, extensions: ['json', 'txt'] }, { name: texts.allFiles, extensions: ['*'] }],
        defaultPath: await startFolder(),
      });
      const path = paths?.[0];
      return path === undefined ? null : entra.openManifest(path);
    },
    closeManifest: async () => entra.closeManifest(),
    saveManifest: async () => wrote(await entra.save()),
    saveManifestAs: async () => {
      const current = entra.manifestPath;
      const suggested = current ? current.replace(/(\.json)?$/i, '-merged.json') : join(await startFolder(), 'manifest-merged.json');
      const texts = await dialogTexts();
      const path = await ctx.dialogs.saveFile({ title: texts.saveManifestAs, defaultPath: suggested, filters: [{ name: texts.manifestFiles, extensions: ['json'] }] });
      return path === null ? null : wrote(await entra.save(path));
    },
    getMdmValues: async ({ tenant, clientId, flow, iseVersion }) => mdmValues(tenant, clientId, flow, iseVersion ? parseIseVersion(iseVersion) : null),
    getPermissionChecklist: async ({ generation }) => permissionChecklist(generation),
    describeIseVersion: async ({ version }) => parseIseVersion(version),
  } satisfies Partial<Handlers>;
}
