/** The Troubleshoot screen: diagnosing pasted text and ISE's log files. */
import { diagnoseFilesInWorker, diagnoseText, renderDiagnosisText } from '../services/ise';
import type { HandlerServices, Handlers } from './services';

export function troubleshootHandlers({ ctx, entra, tasks, startFolder, dialogTexts }: HandlerServices) {
  return {
    diagnoseText: async ({ text, name }) => {
      const diagnosis = diagnoseText(text, entra.diagnosisContext(), name ?? 'pasted text');
      return { diagnosis, text: renderDiagnosisText(diagnosis) };
    },
    diagnoseLogFiles: async ({ taskId }) => {
      const texts = await dialogTexts();
      const paths = await ctx.dialogs.openFiles({
        title: texts.iseLogs,
        filters: [
          { name: texts.iseLogFiles, extensions: ['log', 'txt', 'gz', 'zip', 'tgz', 'tar', '1', '2', '3', '4', '5'] },
          { name: texts.allFiles, extensions: ['*'] },
        ],
        defaultPath: await startFolder(),
      });
      if (paths === null) return null;
      const diagnosis = await tasks.run(taskId, (signal) =>
        diagnoseFilesInWorker(paths, entra.diagnosisContext(), {
          signal,
          onProgress: (progress) =>
            ctx.emit('taskProgress', {
              taskId,
              event: { stage: 'reading', done: progress.bytesRead, ...(progress.bytesTotal !== null ? { total: progress.bytesTotal } : {}), detail: progress },
            }),
        }),
      );
      return { diagnosis, text: renderDiagnosisText(diagnosis) };
    },
  } satisfies Partial<Handlers>;
}
