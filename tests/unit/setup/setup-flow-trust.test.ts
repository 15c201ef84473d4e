/**
 * Step 1's rule against a real chain (a local TLS server): the CAs exported for ISE are remembered
 * with the deployment, and the step is done once ISE's loaded trust store lacks none of them.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Deployment } from '../../../preload/contract';
import { createMemoryLogger } from '../../../main/platform/file-logger';
import { JsonDocumentStore } from '../../../main/platform/versioned-file';
import { DeploymentsService } from '../../../main/services/deployments/deployments-service';
import { DEPLOYMENTS_SCHEMA } from '../../../main/services/deployments/schema';
import { SetupFlow } from '../../../main/services/setup/setup-flow';
import { CertificateWorkbench } from '../../../main/services/workbench/certificate-workbench';
import { ChainsWorkbench } from '../../../main/services/workbench/chains-workbench';
import { EntraWorkbench } from '../../../main/services/workbench/entra-workbench';
import { useLab } from '../tls/lab';

const lab = useLab();
// The lab issues its certificates around the real clock; one instant for the whole file.
const NOW = new Date();
let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ise-intune-setup-trust-'));
});
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('step 1 in the setup flow', () => {
  it('remembers the exported CAs and is done once ISE has every CA it needs, not before', async () => {
    const deployments = new DeploymentsService(new JsonDocumentStore(join(dir, 'deployments.json'), DEPLOYMENTS_SCHEMA, createMemoryLogger()), () => NOW);
    const certificates = new CertificateWorkbench();
    const chains = new ChainsWorkbench(() => NOW);
    const announced: Deployment[] = [];
    const flow = new SetupFlow({ deployments, certificates, entra: new EntraWorkbench(certificates, () => NOW), chains, changed: (deployment) => announced.push(deployment) });
    const lab1 = await deployments.create('Lab');
    await flow.restore(lab1.id);
    await chains.fetch(lab().target('default'), {
      timeoutMs: 5000,
      aia: false,
      network: { mode: 'direct', proxyUrl: null, proxyPassword: undefined },
      dataFolder: '',
      systemRoots: [lab().pki.ecRoot.der],
      signal: new AbortController().signal,
      onPhase: () => undefined,
    });
    await flow.chainsChanged();
    const stored = async () => (await deployments.list()).deployments[0];
    expect((await stored())?.steps.trust.state).toBe('not-started');

    const needs = chains.state().needs.certificates.map((entry) => entry.certificate.thumbprints.sha256);
    expect(needs.length).toBeGreaterThan(1);
    await flow.casExported(needs);
    expect((await stored())?.trustedCas.map((ca) => ca.sha256).sort()).toEqual([...needs].sort());
    expect((await stored())?.steps.trust.state).toBe('in-progress');
    // Exported twice: remembered once.
    await flow.casExported(needs);
    expect((await stored())?.trustedCas).toHaveLength(needs.length);

    const rootOnly = join(dir, 'ise-root-only.pem');
    await writeFile(rootOnly, lab().pki.ecRoot.pem);
    await chains.loadIseStore([rootOnly]);
    await flow.chainsChanged();
    expect((await stored())?.steps.trust.state).toBe('in-progress');

    const complete = join(dir, 'ise-complete.pem');
    await writeFile(complete, lab().pki.ecRoot.pem + lab().pki.ecIntermediate.pem);
    await chains.loadIseStore([complete]);
    await flow.chainsChanged();
    expect((await stored())?.steps.trust.state).toBe('done');
    expect(announced.at(-1)?.steps.trust.state).toBe('done');
  });
});
