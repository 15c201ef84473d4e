/**
 * Channel name -> service call. No Electron here: the app (via main/ipc.ts), the web bridge in
 * tests and anything else that speaks the contract build their handlers with this function.
 * Each screen's channels live in their own file under main/handlers/; they share one session's
 * workbenches and services (main/handlers/services.ts). The setup flow (main/handlers/setup.ts)
 * answers the deployment's own changes and records what the other channels change in it.
 */
import type { HandlerContext } from './platform/types';
import { SetupFlow } from './services/setup/setup-flow';
import { CertificateWorkbench } from './services/workbench/certificate-workbench';
import { appHandlers } from './handlers/app';
import { certificateHandlers } from './handlers/certificates';
import { chainsHandlers } from './handlers/chains';
import { deploymentHandlers } from './handlers/deployments';
import { iseHandlers } from './handlers/ise';
import { liveHandlers } from './handlers/live';
import { manifestHandlers } from './handlers/manifest';
import { createServices, type Handlers } from './handlers/services';
import { withSetupFlow, type BaseHandlers } from './handlers/setup';
import { troubleshootHandlers } from './handlers/troubleshoot';

export { platformProxy, type Handlers } from './handlers/services';

export function createHandlers(ctx: HandlerContext, workbench = new CertificateWorkbench()): Handlers {
  const services = createServices(ctx, workbench);
  const { entra, chains, deployments } = services;
  const flow = new SetupFlow({ deployments, certificates: workbench, entra, chains, changed: (deployment, values) => ctx.emit('deploymentChanged', { deployment, values }) });
  const handlers: BaseHandlers = {
    ...appHandlers(services),
    ...certificateHandlers(services),
    ...manifestHandlers(services),
    ...chainsHandlers(services),
    ...deploymentHandlers(services),
    ...troubleshootHandlers(services),
    ...iseHandlers(services),
    ...liveHandlers(services),
  };
  return withSetupFlow(handlers, flow, entra, ctx.log);
}
