/** ISE's API: connecting to the primary PAN, its trust store and importing CAs into it. */
import { ServiceError } from '../services/errors';
import { iseTarget } from '../services/ise/api';
import type { HandlerServices, Handlers } from './services';

/** Name of an ISE password in the secret store: one per ISE host:port and user. */
function isePasswordSecret(host: string, port: number, username: string): string {
  return `ise.password:${iseTarget(host, port).target}:${username.trim().toLowerCase()}`;
}

export function iseHandlers({ ctx, ise }: HandlerServices) {
  return {
    inspectIse: ({ host, port }) => ise.inspect(host, port),
    trustIseCertificate: ({ host, port, sha256 }) => ise.trust(host, port, sha256),
    connectIse: async ({ host, port, username, password, remember }) => {
      const name = isePasswordSecret(host, port, username);
      const secret = password || (await ctx.secrets.get(name));
      if (!secret) throw new ServiceError('ISE_PASSWORD_REQUIRED', 'Enter the ISE administrator password (none is saved for this host and user).');
      const state = await ise.connect(host, port, username, secret);
      // Saved only after ISE accepted it, and only encrypted (the secret store refuses plain text).
      if (remember) await ctx.secrets.set(name, secret);
      return state;
    },
    hasSavedIsePassword: ({ host, port, username }) => ctx.secrets.has(isePasswordSecret(host, port, username)),
    forgetIsePassword: async ({ host, port, username }) => {
      const name = isePasswordSecret(host, port, username);
      const had = await ctx.secrets.has(name);
      await ctx.secrets.delete(name);
      return had;
    },
    getIseState: async () => ise.state(),
    refreshIseTrustStore: () => ise.refresh(),
    importIseCas: ({ certificates }) => ise.importCas(certificates),
    disconnectIse: async () => ise.disconnect(),
  } satisfies Partial<Handlers>;
}
