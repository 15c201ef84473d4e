/**
 * `--deployment FILE`: the values a deployment keeps (typed once in the app, exported from its
 * deployment bar) for the commands that need them; options given on the command line win.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { CloudName } from '../../preload/types/live';
import type { IseVersionInfo } from '../../preload/types/entra';
import type { IseFormValues } from '../../preload/types/deployments';
import { readDeploymentExport } from '../services/deployments/deployments-service';
import { parseIseVersion } from '../services/entra/ise-versions';
import { isServiceError } from '../services/errors';
import { UsageError, type CliIo } from './command';

export interface DeploymentValues {
  tenant: string | undefined;
  clientId: string | undefined;
  cloud: CloudName;
  /** The deployment's ISE release, when it names one that can be read. */
  release: IseVersionInfo | null;
  /** The values typed into ISE's External MDM form, when the deployment keeps its own. */
  form: IseFormValues | null;
}

export async function readDeploymentValues(file: string, io: CliIo): Promise<DeploymentValues> {
  let text: string;
  try {
    text = await readFile(resolve(io.cwd, file), 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read the deployment file ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  const deployment = readDeploymentExport(text);
  let release: IseVersionInfo | null = null;
  if (deployment.iseVersion) {
    try {
      release = parseIseVersion(deployment.iseVersion);
    } catch (error) {
      if (!isServiceError(error)) throw error;
    }
  }
  return { tenant: deployment.tenantId || undefined, clientId: deployment.clientId || undefined, cloud: deployment.cloud, release, form: deployment.iseForm };
}
