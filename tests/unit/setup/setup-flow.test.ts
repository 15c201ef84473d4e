import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Deployment, DeploymentValues } from '../../../preload/contract';
import { createMemoryLogger } from '../../../main/platform/file-logger';
import { JsonDocumentStore } from '../../../main/platform/versioned-file';
import { DeploymentsService } from '../../../main/services/deployments/deployments-service';
import { DEPLOYMENTS_SCHEMA, emptySteps } from '../../../main/services/deployments/schema';
import { SetupFlow } from '../../../main/services/setup/setup-flow';
import { deploymentValues, resumeStep, tenantProblem, clientProblem } from '../../../main/services/setup/step-rules';
import { CertificateWorkbench } from '../../../main/services/workbench/certificate-workbench';
import { ChainsWorkbench } from '../../../main/services/workbench/chains-workbench';
import { EntraWorkbench } from '../../../main/services/workbench/entra-workbench';
import { createIseNodes, type IseNodeCertificate } from '../../support/pki';

const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const CLIENT = '0b9f1c8e-3c0e-4a5e-9d55-1f2e3d4c5b6a';

let dir: string;
let nodes: Record<'pan' | 'psn', IseNodeCertificate>;
/** The tests' one clock: a day after the node certificates were issued (they are made fresh). */
let NOW: Date;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ise-intune-setup-flow-'));
  nodes = (await createIseNodes(dir, { pan: 'ise-pan.example.com', psn: 'ise-psn.example.com' }, { password: 'x' })).nodes;
  NOW = new Date(new Date(new X509Certificate(readFileSync(nodes.pan.certificate.pemPath)).validFrom).getTime() + 86_400_000);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let storeCount = 0;
function setup() {
  let tick = 0;
  const path = join(dir, `deployments-${++storeCount}.json`);
  const deployments = new DeploymentsService(new JsonDocumentStore(path, DEPLOYMENTS_SCHEMA, createMemoryLogger()), () => new Date(NOW.getTime() + 1000 * tick++));
  const certificates = new CertificateWorkbench();
  const entra = new EntraWorkbench(certificates, () => NOW);
  const chains = new ChainsWorkbench(() => NOW);
  const announced: { deployment: Deployment; values: DeploymentValues }[] = [];
  const flow = new SetupFlow({ deployments, certificates, entra, chains, changed: (deployment, values) => announced.push({ deployment, values }) });
  return { path, deployments, certificates, entra, chains, flow, announced };
}

const pem = (name: 'pan' | 'psn') => readFileSync(nodes[name].certificate.pemPath, 'utf8');

function deployment(steps: Partial<Record<keyof Deployment['steps'], [Deployment['steps']['before']['state'], string | null]>>): Pick<Deployment, 'steps'> {
  const all = emptySteps();
  for (const [id, [state, changedAt]] of Object.entries(steps)) all[id as keyof Deployment['steps']] = { state, changedAt };
  return { steps: all };
}

describe('step rules', () => {
  it('resumes at the open step worked on last, else the first open one, else the last step', () => {
    expect(resumeStep(deployment({}))).toBe('before');
    expect(resumeStep(deployment({ before: ['done', '2026-11-01T00:00:00Z'], trust: ['in-progress', '2026-11-02T00:00:00Z'], mdm: ['needs-attention', '2026-11-03T00:00:00Z'] }))).toBe('mdm');
    expect(resumeStep(deployment({ before: ['done', '2026-11-01T00:00:00Z'], register: ['done', '2026-11-05T00:00:00Z'] }))).toBe('trust');
    const allDone = Object.fromEntries(['before', 'trust', 'register', 'certificates', 'mdm', 'device', 'test'].map((id) => [id, ['done', '2026-11-01T00:00:00Z']]));
    expect(resumeStep(deployment(allDone))).toBe('test');
  });

  it('reads the stored IDs with the rules of ISE form values', () => {
    expect(tenantProblem('')).toBe('empty');
    expect(tenantProblem('contoso.onmicrosoft.com')).toBeNull();
    expect(tenantProblem('common')).toBe('notTenant');
    expect(clientProblem(CLIENT)).toBeNull();
    expect(clientProblem('contoso.onmicrosoft.com')).toBe('notGuid');
    expect(clientProblem('00000000-0000-0000-0000-000000000000')).toBe('notGuid');
  });

  it('derives the flow and the form values; the kept ones win over the computed ones', async () => {
    const { deployments, flow } = setup();
    const lab = await deployments.create('Lab');
    let values = deploymentValues(await deployments.update(lab.id, { tenantId: TENANT, clientId: CLIENT, iseVersion: '3.0 Patch 4' }));
    expect(values).toMatchObject({ flow: 'legacy', tenantProblem: null, clientProblem: null, formSaved: false });
    expect(values.form).toEqual({ tokenUrl: `https://login.microsoftonline.com/${TENANT}/oauth2/token`, discoveryUrl: `https://graph.windows.net/${TENANT}`, audience: 'https://api.manage.microsoft.com/' });
    const kept = { tokenUrl: `https://login.microsoftonline.com/${TENANT}/oauth2/v2.0/token`, discoveryUrl: 'https://graph.microsoft.com', audience: 'https://api.manage.microsoft.com/' };
    values = deploymentValues(await flow.update(lab.id, { iseVersion: '3.3', iseForm: kept }));
    expect(values).toMatchObject({ flow: 'graph', formSaved: true, form: kept });
    expect(values.mdm).toMatchObject({ autoDiscoveryUrl: 'https://graph.microsoft.com', tokenIssuingUrl: `https://login.microsoftonline.com/${TENANT}/oauth2/token` });
    expect(deploymentValues(await deployments.update(lab.id, { iseVersion: 'three' })).version).toMatchObject({ code: 'ISE_VERSION_UNREADABLE' });
  });
});

describe('steps main sets from what the admin types', () => {
  it('step 0 by the release, step 2 started by the IDs, step 5 by the findings of a pasted error', async () => {
    const { deployments, flow, announced } = setup();
    const lab = await deployments.create('Lab');
    expect((await flow.update(lab.id, { iseVersion: '3.3' })).steps.before.state).toBe('done');
    expect((await flow.update(lab.id, { iseVersion: '3.1 Patch 2' })).steps.before.state).toBe('needs-attention');
    expect((await flow.update(lab.id, { iseVersion: 'three' })).steps.before.state).toBe('needs-attention');
    expect(announced.at(-1)?.deployment.steps.before.state).toBe('needs-attention');
    const typed = await flow.update(lab.id, { clientId: CLIENT });
    expect(typed.steps.register).toEqual({ state: 'in-progress', changedAt: expect.any(String) });
    await flow.setStep(lab.id, 'register', 'done');
    expect((await flow.update(lab.id, { tenantId: TENANT })).steps.register.state).toBe('done');

    await flow.testDiagnosed(lab.id, 2);
    expect((await deployments.list()).deployments[0]?.steps.test.state).toBe('needs-attention');
    await flow.testDiagnosed(lab.id, 0);
    expect((await deployments.list()).deployments[0]?.steps.test.state).toBe('in-progress');
    expect(announced.at(-1)?.deployment.steps.test.state).toBe('in-progress');
  });
});

describe('ISE form values kept with a deployment', () => {
  it('keeps checked values, refuses ones ISE could not use without changing the file, and drops them with a new tenant', async () => {
    const { path, deployments, flow, announced } = setup();
    const lab = await deployments.create('Lab');
    await flow.update(lab.id, { tenantId: TENANT, clientId: CLIENT });
    const form = { tokenUrl: ` https://login.microsoftonline.com/${TENANT}/oauth2/token `, discoveryUrl: 'https://graph.microsoft.com', audience: 'https://api.manage.microsoft.com/' };
    const kept = await flow.update(lab.id, { iseForm: form });
    expect(kept.iseForm).toEqual({ ...form, tokenUrl: form.tokenUrl.trim() });
    expect(announced.at(-1)?.values.formSaved).toBe(true);
    const before = readFileSync(path, 'utf8');
    await expect(flow.update(lab.id, { iseForm: { ...form, discoveryUrl: 'https://graph.windows.net/' + TENANT } })).rejects.toMatchObject({
      code: 'DEPLOYMENT_FORM_INVALID',
      message: expect.stringContaining('retired Azure AD Graph'),
    });
    await expect(flow.update(lab.id, { iseForm: { ...form, tokenUrl: 'https://login.example.com/x/oauth2/token' } })).rejects.toMatchObject({ code: 'DEPLOYMENT_FORM_INVALID' });
    expect(readFileSync(path, 'utf8')).toBe(before);
    // The client ID is not part of the URLs: the kept values stay; a new tenant makes them stale.
    expect((await flow.update(lab.id, { clientId: '1c2d3e4f-0000-4000-8000-000000000001' })).iseForm).not.toBeNull();
    expect((await flow.update(lab.id, { tenantId: 'contoso.onmicrosoft.com' })).iseForm).toBeNull();
  });

  it('keeps the IDs as ISE needs them, and one that cannot work as typed (its problem shown)', async () => {
    const { deployments, flow, announced } = setup();
    const lab = await deployments.create('Lab');
    const saved = await flow.update(lab.id, { tenantId: ` {${TENANT.toUpperCase()}} `, clientId: 'not a guid ' });
    expect(saved).toMatchObject({ tenantId: TENANT, clientId: 'not a guid' });
    expect(announced.at(-1)?.values).toMatchObject({ tenantProblem: null, clientProblem: 'notGuid', mdm: null, form: null });
  });

  it('travels in an export, and the CLI reads it from there', async () => {
    const { deployments, flow } = setup();
    const lab = await deployments.create('Lab');
    const form = { tokenUrl: `https://login.microsoftonline.com/${TENANT}/oauth2/token`, discoveryUrl: 'https://graph.microsoft.com', audience: 'https://api.manage.microsoft.com/' };
    await flow.update(lab.id, { tenantId: TENANT, clientId: CLIENT, iseForm: form });
    const text = await deployments.exportJson(lab.id);
    expect(JSON.parse(text)).toMatchObject({ schemaVersion: 2, deployment: { iseForm: form } });
    expect((await deployments.importJson(text)).iseForm).toEqual(form);
  });
});

describe('restoring a deployment', () => {
  it('loads its node certificates into the App manifest state, each parsed once, and closes a manifest of another deployment', async () => {
    const { deployments, entra, flow } = setup();
    const a = await deployments.create('A');
    await deployments.update(a.id, { nodes: [{ name: 'ise-pan', role: 'primary-pan', certificatePem: pem('pan') }], manifestFile: null });
    const b = await deployments.create('B');
    await deployments.update(b.id, { nodes: [{ name: 'ise-psn', role: 'psn', certificatePem: pem('psn') }] });

    const restoredA = await flow.restore(a.id);
    expect(restoredA.list.currentId).toBe(a.id);
    expect(restoredA.values?.id).toBe(a.id);
    expect(restoredA.entra.nodes.map((node) => [node.name, node.role])).toEqual([['ise-pan', 'primary-pan']]);
    const panFile = restoredA.entra.fileIds[0];

    const manifest = join(dir, 'other-manifest.json');
    writeFileSync(manifest, '{"id": "1", "appId": "0b9f1c8e-3c0e-4a5e-9d55-1f2e3d4c5b6a", "signInAudience": "AzureADMyOrg", "keyCredentials": []}');
    await entra.openManifest(manifest);
    const restoredB = await flow.restore(b.id);
    expect(restoredB.entra.nodes.map((node) => node.name)).toEqual(['ise-psn']);
    expect(restoredB.entra.manifest).toBeNull();
    expect((await deployments.list()).currentId).toBe(b.id);

    const again = await flow.restore(a.id);
    expect(again.entra.fileIds[0]).toBe(panFile);
  });

  it('with no deployment yet, leaves the node certificates loaded on the App manifest screen as they are', async () => {
    const { certificates, entra, flow } = setup();
    const opened = certificates.openBytes('pan.pem', readFileSync(nodes.pan.certificate.pemPath));
    entra.setNodes([{ fileId: opened.fileId ?? '', name: 'ise-pan', role: 'primary-pan' }]);
    const snapshot = await flow.restore();
    expect(snapshot).toMatchObject({ list: { currentId: null, deployments: [] }, values: null });
    expect(snapshot.entra.nodes.map((node) => node.name)).toEqual(['ise-pan']);
  });

  it('records what the admin does to the restored deployment only: nodes, manifest file, step 3 done once the manifest has them', async () => {
    const { deployments, certificates, entra, flow, announced } = setup();
    const lab = await deployments.create('Lab');
    const other = await deployments.create('Other');
    // Nothing is restored yet: a node added now is not written into the current deployment.
    const opened = certificates.openBytes('pan.pem', readFileSync(nodes.pan.certificate.pemPath));
    await flow.entraChanged(entra.setNodes([{ fileId: opened.fileId ?? '', name: 'ise-pan', role: 'primary-pan' }]));
    expect((await deployments.list()).deployments.find((item) => item.id === other.id)?.nodes).toEqual([]);

    await flow.restore(lab.id);
    await flow.entraChanged(entra.setNodes([{ fileId: opened.fileId ?? '', name: 'ise-pan', role: 'primary-pan' }]));
    let stored = (await deployments.list()).deployments.find((item) => item.id === lab.id);
    expect(stored?.nodes).toEqual([{ name: 'ise-pan', role: 'primary-pan', certificatePem: expect.stringContaining('BEGIN CERTIFICATE') }]);
    expect(stored?.nodes[0]?.certificatePem).not.toContain('PRIVATE KEY');
    expect(stored?.steps.certificates.state).toBe('in-progress');

    const manifest = join(dir, 'lab-manifest.json');
    writeFileSync(manifest, '{"id": "1", "appId": "0b9f1c8e-3c0e-4a5e-9d55-1f2e3d4c5b6a", "signInAudience": "AzureADMyOrg", "keyCredentials": []}');
    await flow.entraChanged(await entra.openManifest(manifest));
    stored = (await deployments.list()).deployments.find((item) => item.id === lab.id);
    expect(stored?.manifestFile).toBe(manifest);
    expect(stored?.steps.certificates.state).toBe('in-progress');
    await entra.save();
    await flow.entraChanged(entra.state());
    stored = (await deployments.list()).deployments.find((item) => item.id === lab.id);
    expect(stored?.steps.certificates.state).toBe('done');
    expect(announced.at(-1)?.deployment.steps.certificates.state).toBe('done');

    // Switched elsewhere (another window): nothing more is written until a restore.
    await deployments.switchTo(other.id);
    await flow.entraChanged(entra.setNodes([]));
    expect((await deployments.list()).deployments.find((item) => item.id === lab.id)?.nodes).toHaveLength(1);
  });

  it('completes step 1 only when a loaded ISE trust store lacks none of the CAs ISE needs', async () => {
    const { deployments, flow } = setup();
    const lab = await deployments.create('Lab');
    await flow.restore(lab.id);
    // No chain fetched, no store loaded: nothing to complete.
    await flow.chainsChanged();
    await flow.casExported([]);
    const stored = (await deployments.list()).deployments.find((item) => item.id === lab.id);
    expect(stored?.steps.trust.state).toBe('in-progress');
    expect(stored?.trustedCas).toEqual([]);
  });
});
