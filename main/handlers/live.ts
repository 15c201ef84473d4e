/** Microsoft's live services: the connection test, the admin's sign-in and the app registration audit. */
import { testConnection } from '../services/entra/live';
import type { HandlerServices, Handlers } from './services';

export function liveHandlers({ ctx, workbench, entra, chains, tasks, audit, auditLogin, microsoftNetwork, platformTransport, loginUrlFor }: HandlerServices) {
  return {
    testEntraConnection: async ({ taskId, tenant, clientId, keyId, cloud, authority, graph, form }) => {
      const { certificateDer, privateKey } = workbench.signingCredential(keyId);
      const network = await microsoftNetwork(loginUrlFor(cloud, authority));
      return tasks.run(taskId, async (signal) => {
        const transport = await platformTransport(signal);
        const result = await testConnection({
          ...(transport ? { transport } : {}),
          ...(form ? { form } : { tenant }),
          clientId,
          credential: { kind: 'key-object', certificateDer, privateKey },
          cloud: { cloud, ...(authority ? { authority } : {}), ...(graph ? { graph } : {}) },
          caCertificates: network.caCertificates,
          proxy: network.proxyUrl,
          ...(network.proxyPassword !== undefined ? { proxyPassword: network.proxyPassword } : {}),
          ...(network.proxyUser !== undefined ? { proxyUser: network.proxyUser } : {}),
          signal,
          onProgress: (progress) => ctx.emit('taskProgress', { taskId, event: { stage: progress.step, detail: progress } }),
        });
        if (result.endpoint) chains.addDiscoveredEndpoint(result.endpoint.uri);
        return result;
      });
    },
    adminSignIn: async ({ taskId, tenant, cloud, access, method, authority, graph }) => {
      auditLogin.url = loginUrlFor(cloud, authority);
      const endpoints = { tenant, cloud, ...(authority ? { authority } : {}), ...(graph ? { graph } : {}) };
      return tasks.run(taskId, (signal) =>
        audit.signIn(endpoints, access, method, {
          signal,
          // The code the admin types at Microsoft's page: public by design, not a secret.
          onPrompt: (prompt) => ctx.emit('taskProgress', { taskId, event: { stage: 'device-code', detail: prompt } }),
        }),
      );
    },
    adminSignOut: () => audit.signOut(),
    getAdminSignIn: () => audit.signInState(),
    auditAppRegistration: async ({ tenant, clientId, cloud, authority, graph }) => {
      auditLogin.url = loginUrlFor(cloud, authority);
      const nodes = entra.state().nodes.map((node) => ({ name: node.name, certificate: node.certificate }));
      return audit.audit({ tenant, cloud, ...(authority ? { authority } : {}), ...(graph ? { graph } : {}) }, clientId, nodes);
    },
    planAppCertificateFix: async () => audit.plan(),
    applyAppCertificateFix: ({ confirmed }) => audit.apply(confirmed),
  } satisfies Partial<Handlers>;
}
