/**
 * The setup flow's part of the handlers: restoring a deployment,
 * the changes to it, and — after every call that changes the App manifest state, the chains or
 * ISE's trust store — the deployment brought in step (SetupFlow), announced to the window with
 * the `deploymentChanged` event. The window itself joins no services.
 */
import type { Handlers } from './services';
import type { Logger } from '../platform/types';
import type { SetupFlow } from '../services/setup/setup-flow';
import type { EntraWorkbench } from '../services/workbench/entra-workbench';

/** The channels the setup flow answers itself. */
type SetupChannel = 'restoreDeployment' | 'updateDeployment' | 'setStepState';
export type BaseHandlers = Omit<Handlers, SetupChannel>;

export function withSetupFlow(handlers: BaseHandlers, flow: SetupFlow, entra: EntraWorkbench, log: Logger): Handlers {
  /**
   * Runs `call`, then lets the flow record what changed (also after a failure: part may have
   * changed). The call's own answer stands: a deployment that cannot take the change is logged.
   */
  const after =
    <A extends unknown[], R>(call: (...args: A) => Promise<R>, record: (result: R | undefined) => Promise<void>) =>
    async (...args: A): Promise<R> => {
      const recordQuietly = (result: R | undefined) =>
        record(result).catch((error: unknown) => log.warn(`Setup: the current deployment did not record the change: ${error instanceof Error ? error.message : String(error)}`));
      try {
        const result = await call(...args);
        await recordQuietly(result);
        return result;
      } catch (error) {
        await recordQuietly(undefined);
        throw error;
      }
    };
  const entraChanged = async () => flow.entraChanged(entra.state());
  const chainsChanged = async () => flow.chainsChanged();
  return {
    ...handlers,
    restoreDeployment: ({ id }) => flow.restore(id),
    updateDeployment: ({ id, patch }) => flow.update(id, patch),
    setStepState: ({ id, step, state }) => flow.setStep(id, step, state),
    setIseNodes: after(handlers.setIseNodes, entraChanged),
    openManifest: after(handlers.openManifest, entraChanged),
    closeManifest: after(handlers.closeManifest, entraChanged),
    saveManifest: after(handlers.saveManifest, entraChanged),
    saveManifestAs: after(handlers.saveManifestAs, entraChanged),
    fetchChain: after(handlers.fetchChain, chainsChanged),
    removeChainResult: after(handlers.removeChainResult, chainsChanged),
    loadIseTrustStore: after(handlers.loadIseTrustStore, chainsChanged),
    clearIseTrustStore: after(handlers.clearIseTrustStore, chainsChanged),
    diagnoseText: async (args) => {
      const result = await handlers.diagnoseText(args);
      if (args.deploymentId !== undefined) await flow.testDiagnosed(args.deploymentId, result.diagnosis.findings.length);
      return result;
    },
    exportForIse: after(handlers.exportForIse, async (result) => {
      if (result) await flow.casExported(result.files.flatMap((file) => file.certificates));
    }),
  };
}
