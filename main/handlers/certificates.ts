/** The Certificates screen: open, unlock, export certificates and keys; the device-identity check. */
import { extname, join } from 'node:path';
import { checkDeviceCertificate } from '../services/certs/device-identity';
import { EXTENSIONS } from '../services/certs/file-names';
import { privateKeyFolder } from '../services/synced-folders';
import type { Catalog } from '../services/texts';
import type { HandlerServices, Handlers } from './services';

/** The filters of a dialog that opens certificate files. */
export function certificateFilters(texts: Catalog['fileDialogs']) {
  return [
    { name: texts.certificates, extensions: ['cer', 'crt', 'pem', 'der', 'p7b', 'p7c', 'pfx', 'p12', 'txt'] },
    { name: texts.allFiles, extensions: ['*'] },
  ];
}

export function certificateHandlers({ ctx, workbench, chains, wroteFiles, startFolder, dialogTexts }: HandlerServices) {
  return {
    openCertificateFiles: async () => {
      const paths = await ctx.dialogs.openFiles({ filters: certificateFilters(await dialogTexts()), defaultPath: await startFolder() });
      return paths === null ? null : workbench.openPaths(paths);
    },
    loadDroppedFile: async ({ name, base64 }) => workbench.openBytes(name, Buffer.from(base64, 'base64')),
    unlockFile: async ({ sourceId, password }) => workbench.unlock(sourceId, password),
    getChainReport: async ({ certificates }) => workbench.chainReport(certificates),
    exportCertificates: async ({ certificates, format, bundle }) => {
      const start = await startFolder();
      if (bundle) {
        const suggested = workbench.suggestedBundleName(certificates, format);
        // The filter follows the suggested name: a PEM bundle is .pem (a .cer filter would make Windows save "x.pem.cer").
        const extension = extname(suggested).slice(1) || EXTENSIONS[format].slice(1);
        const path = await ctx.dialogs.saveFile({
          defaultPath: join(start, suggested),
          filters: [{ name: format === 'pem' ? (await dialogTexts()).pemBundle : format.toUpperCase(), extensions: [extension] }],
        });
        return path === null ? null : wroteFiles(await workbench.exportCertificates(certificates, format, true, { path }));
      }
      const folder = await ctx.dialogs.pickFolder({ defaultPath: start });
      return folder === null ? null : wroteFiles(await workbench.exportCertificates(certificates, format, false, { folder }));
    },
    exportPrivateKey: async ({ keyId, passphrase }) => {
      // A key must not start out in a folder OneDrive copies to the cloud (Documents often is one).
      const start = await startFolder();
      const { folder, synced } = privateKeyFolder(start, {
        syncedRoots: ctx.runtime.syncedFolders ?? [],
        fallback: ctx.runtime.unsyncedFolder,
        ...(ctx.runtime.pathPlatform ? { platform: ctx.runtime.pathPlatform } : {}),
      });
      if (synced) ctx.log.info(`Private key export: ${start} is synced by OneDrive; the dialog opens in ${folder === start ? 'it anyway (no folder outside OneDrive is known)' : 'a folder that is not synced'}.`);
      const path = await ctx.dialogs.saveFile({
        defaultPath: join(folder, workbench.keyFileName(keyId)),
        filters: [{ name: (await dialogTexts()).privateKey, extensions: ['pem', 'key'] }],
      });
      return path === null ? null : workbench.exportPrivateKey(keyId, passphrase, path);
    },
    checkDeviceCertificate: async ({ fileId }) => checkDeviceCertificate(workbench.loadedFile(fileId), chains.iseStoreCertificates()),
  } satisfies Partial<Handlers>;
}
