/** Deployments (the Setup screen's bar): list, edit, export and import them, and the setup report. */
import { join } from 'node:path';
import { safeFileStem } from '../services/certs/file-names';
import { ServiceError } from '../services/errors';
import { readBoundedFile, writeFileAtomic } from '../services/files';
import { renderSetupReport, setupReportFileName, setupReportSaveDialog } from '../services/report/setup-report';
import { resolveReportLanguage } from '../services/report/report-strings';
import { readSettings } from '../services/settings/settings-service';
import type { HandlerServices, Handlers } from './services';

/** A deployment export holds at most 50 node and 100 CA certificates: a few MB at the very most. */
const MAX_DEPLOYMENT_IMPORT_BYTES = 16 * 1024 * 1024;

export function deploymentHandlers({ ctx, deployments, settingsDeps, wrote, startFolder, dialogTexts }: HandlerServices) {
  return {
    listDeployments: () => deployments.list(),
    createDeployment: ({ name }) => deployments.create(name),
    renameDeployment: ({ id, name }) => deployments.rename(id, name),
    duplicateDeployment: ({ id }) => deployments.duplicate(id),
    deleteDeployment: ({ id }) => deployments.remove(id),
    switchDeployment: ({ id }) => deployments.switchTo(id),
    // restoreDeployment, updateDeployment, setStepState: the setup flow (setup.ts).
    exportDeployment: async ({ id }) => {
      const text = await deployments.exportJson(id);
      const name = JSON.parse(text).deployment.name as string;
      const path = await ctx.dialogs.saveFile({
        defaultPath: join(await startFolder(), `${safeFileStem(name, 'deployment')}.deployment.json`),
        filters: [{ name: (await dialogTexts()).deploymentFiles, extensions: ['json'] }],
      });
      if (path === null) return null;
      await writeFileAtomic(path, text, { backup: true });
      return wrote({ path });
    },
    importDeployment: async () => {
      const paths = await ctx.dialogs.openFiles({ filters: [{ name: (await dialogTexts()).deploymentFiles, extensions: ['json'] }], defaultPath: await startFolder() });
      const path = paths?.[0];
      if (path === undefined) return null;
      const bytes = await readBoundedFile(path, {
        code: 'DEPLOYMENT_IMPORT_UNREADABLE',
        noun: 'deployment file',
        maxBytes: MAX_DEPLOYMENT_IMPORT_BYTES,
        tooLarge: () => new ServiceError('DEPLOYMENT_IMPORT_UNREADABLE', `The file ${path} is larger than ${MAX_DEPLOYMENT_IMPORT_BYTES / 1048576} MB: a deployment export is far smaller.`),
      });
      return deployments.importJson(bytes.toString('utf8'));
    },
    exportSetupReport: async ({ id, format }) => {
      const printToPdf = ctx.printToPdf;
      if (format === 'pdf' && !printToPdf) throw new ServiceError('PDF_UNAVAILABLE', 'PDF needs the desktop app; save the report as HTML instead.');
      const deployment = (await deployments.list()).deployments.find((item) => item.id === id);
      if (!deployment) throw new ServiceError('DEPLOYMENT_NOT_FOUND', 'That deployment no longer exists. It may have been deleted in another window.');
      // In the app's language, read here rather than sent by the window: one source of truth.
      const language = resolveReportLanguage((await readSettings(settingsDeps)).language);
      const html = renderSetupReport({ deployment, now: new Date(), appName: ctx.runtime.appName, appVersion: ctx.runtime.appVersion, language });
      const path = await ctx.dialogs.saveFile({
        ...setupReportSaveDialog(format, language),
        defaultPath: join(await startFolder(), setupReportFileName(deployment.name, format, language)),
      });
      if (path === null) return null;
      await writeFileAtomic(path, format === 'pdf' && printToPdf ? await printToPdf(html) : html, { backup: true });
      return wrote({ path });
    },
  } satisfies Partial<Handlers>;
}
