/**
 * Entra, Graph and Intune stand-ins started together over one directory and one test CA, Graph
 * discovery pointing at the Intune stand-in. `received()` counts every request the three got,
 * so a test can prove that bad input made no network call.
 */
import { join } from 'node:path';
import { createDirectory, startEntraStandin, type EntraStandin, type StandinDirectory } from './entra-standin';
import { startGraphStandin, type GraphStandin } from './graph-standin';
import { startIntuneStandin, type IntuneStandin } from './intune-standin';
import { createStandinTls, type StandinTls } from './standin-server';

export interface MicrosoftStandins {
  tls: StandinTls;
  directory: StandinDirectory;
  entra: EntraStandin;
  graph: GraphStandin;
  intune: IntuneStandin;
  /** PEM of the test CA, to trust. */
  caPem: string;
  received(): number;
  close(): Promise<void>;
}

export async function startMicrosoftStandins(dir: string, options: { publicClients?: string[] } = {}): Promise<MicrosoftStandins> {
  const tls = await createStandinTls(join(dir, 'standin-tls'));
  const directory = createDirectory(options);
  const entra = await startEntraStandin(tls, directory);
  const intune = await startIntuneStandin(tls, directory);
  const graph = await startGraphStandin(tls, directory, intune.uri);
  return {
    tls,
    directory,
    entra,
    graph,
    intune,
    caPem: tls.ca.pem,
    received: () => entra.requests.length + graph.requests.length + intune.requests.length,
    close: async () => {
      await Promise.all([entra.close(), graph.close(), intune.close()]);
    },
  };
}
