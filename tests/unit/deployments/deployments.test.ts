import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMemoryLogger } from '../../../main/platform/file-logger';
import { JsonDocumentStore } from '../../../main/platform/versioned-file';
import { DeploymentsService } from '../../../main/services/deployments/deployments-service';
import { DEPLOYMENTS_SCHEMA } from '../../../main/services/deployments/schema';
import { MICROSOFT_CA } from '../certs/pki-setup';

const G2 = readFileSync(join(MICROSOFT_CA, 'digicert_global_root_g2.pem'), 'utf8');
const G2_SHA256 = 'CB3CCBB76031E5E0138F8DD39A23F9DE47FFC35E43C1144CEA27D46A5AB1CB5F';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ise-intune-deployments-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function service(log = createMemoryLogger()) {
  let tick = 0;
  const now = () => new Date(Date.UTC(2026, 10, 26, 12, 0, tick++));
  return new DeploymentsService(new JsonDocumentStore(join(dir, 'deployments.json'), DEPLOYMENTS_SCHEMA, log), now);
}

describe('deployments', () => {
  it('keeps two deployments apart and remembers which one is current', async () => {
    const deployments = service();
    const contoso = await deployments.create('Contoso');
    const fabrikam = await deployments.create('  Fabrikam   ISE ');
    await deployments.update(contoso.id, { tenantId: 'contoso.onmicrosoft.com', iseVersion: '3.2 P4' });
    await deployments.setStep(fabrikam.id, 'trust', 'done');
    const document = await service().list();
    expect(document.currentId).toBe(fabrikam.id);
    const [a, b] = document.deployments;
    expect(a).toMatchObject({ name: 'Contoso', tenantId: 'contoso.onmicrosoft.com', iseVersion: '3.2 P4' });
    expect(a?.steps.trust.state).toBe('not-started');
    expect(b).toMatchObject({ name: 'Fabrikam ISE', tenantId: '' });
    expect(b?.steps.trust).toEqual({ state: 'done', changedAt: expect.stringMatching(/^2026-11-26T12:00:/) });
  });

  it('renames, duplicates, switches and deletes', async () => {
    const deployments = service();
    const first = await deployments.create('Lab');
    await deployments.rename(first.id, 'Lab cluster');
    const copy = await deployments.duplicate(first.id);
    expect(copy.name).toBe('Lab cluster (copy)');
    expect(copy.id).not.toBe(first.id);
    await deployments.switchTo(first.id);
    const after = await deployments.remove(first.id);
    expect(after.deployments.map((d) => d.name)).toEqual(['Lab cluster (copy)']);
    expect(after.currentId).toBe(copy.id);
    await expect(deployments.remove(first.id)).rejects.toMatchObject({ code: 'DEPLOYMENT_NOT_FOUND' });
    await expect(deployments.rename(copy.id, '   ')).rejects.toMatchObject({ code: 'DEPLOYMENT_NAME_EMPTY' });
  });

  it('stores node certificates as public PEM only and refuses a private key, changing nothing', async () => {
    const deployments = service();
    const lab = await deployments.create('Lab');
    await deployments.update(lab.id, { nodes: [{ name: 'ise-1', role: 'primary-pan', certificatePem: G2 }] });
    const key = '-----BEGIN PRIVATE KEY-----\nMIIB\n-----END PRIVATE KEY-----\n';
    await expect(deployments.update(lab.id, { nodes: [{ name: 'ise-2', role: 'secondary-pan', certificatePem: G2 + key }] })).rejects.toMatchObject({
      code: 'DEPLOYMENT_PRIVATE_KEY',
    });
    const stored = readFileSync(join(dir, 'deployments.json'), 'utf8');
    expect(stored).not.toContain('PRIVATE KEY');
    expect((await deployments.list()).deployments[0]?.nodes.map((n) => n.name)).toEqual(['ise-1']);
  });

  it('exports a deployment for a colleague and imports it under a new id', async () => {
    const deployments = service();
    const lab = await deployments.create('Lab');
    await deployments.update(lab.id, { trustedCas: [{ sha256: G2_SHA256, name: 'Azure MDM - DigiCert Global Root G2', pem: G2 }] });
    const text = await deployments.exportJson(lab.id);
    expect(JSON.parse(text)).toMatchObject({ kind: 'ise-intune-assistant/deployment', schemaVersion: 2 });
    const imported = await deployments.importJson(text);
    expect(imported.id).not.toBe(lab.id);
    expect(imported.name).toBe('Lab (imported)');
    expect(imported.trustedCas).toHaveLength(1);
  });

  it.each([
    ['not JSON', 'hello', 'DEPLOYMENT_IMPORT_NOT_JSON'],
    ['another JSON file', '{"a":1}', 'DEPLOYMENT_IMPORT_WRONG_KIND'],
    ['a newer export', '{"kind":"ise-intune-assistant/deployment","schemaVersion":9,"deployment":{}}', 'DEPLOYMENT_IMPORT_NEWER'],
    ['a damaged export', '{"kind":"ise-intune-assistant/deployment","schemaVersion":1,"deployment":{"id":"x"}}', 'DEPLOYMENT_IMPORT_INVALID'],
  ])('refuses to import %s and changes nothing', async (_name, text, code) => {
    const deployments = service();
    await expect(deployments.importJson(text)).rejects.toMatchObject({ code });
    expect(readdirSync(dir)).toEqual([]);
  });

  it('migrates a version-0 file and says so', async () => {
    const v0 = {
      currentId: 'old',
      deployments: [
        {
          id: 'old',
          name: 'Before release',
          createdAt: '2026-01-01T00:00:00.000Z',
          updatedAt: '2026-01-01T00:00:00.000Z',
          tenantId: '',
          clientId: '',
          iseVersion: '3.1 P3',
          nodes: [],
          trustedCas: [],
          manifestFile: null,
          steps: ['done', 'in-progress'],
        },
      ],
    };
    writeFileSync(join(dir, 'deployments.json'), JSON.stringify(v0));
    const log = createMemoryLogger();
    const document = await service(log).list();
    expect(document.schemaVersion).toBe(2);
    expect(document.deployments[0]).toMatchObject({ cloud: 'public', iseForm: null, steps: { before: { state: 'done', changedAt: null }, trust: { state: 'in-progress' }, test: { state: 'not-started' } } });
    expect(log.lines).toEqual(['INFO Deployments migrated from schema 0 to 2.']);
  });

  it('reads a deployment stored before the device-identity step: that step not started, the others kept', async () => {
    const stepsBefore = Object.fromEntries(['before', 'trust', 'register', 'certificates', 'mdm', 'test'].map((id) => [id, { state: 'done', changedAt: '2026-11-01T00:00:00.000Z' }]));
    const stored = {
      schemaVersion: 1,
      currentId: 'kept',
      deployments: [
        { id: 'kept', name: 'Kept', createdAt: '2026-11-01T00:00:00.000Z', updatedAt: '2026-11-01T00:00:00.000Z', tenantId: '', clientId: '', cloud: 'public', iseVersion: '3.3', nodes: [], trustedCas: [], manifestFile: null, steps: stepsBefore },
      ],
    };
    writeFileSync(join(dir, 'deployments.json'), JSON.stringify(stored));
    const document = await service().list();
    expect(document.deployments[0]?.steps).toMatchObject({ mdm: { state: 'done' }, device: { state: 'not-started', changedAt: null }, test: { state: 'done' } });
  });

  it('reads a schema-1 file (before ISE form values were kept): every deployment without them, the first write in schema 2', async () => {
    // A deployments.json exactly as version 1 of the app wrote it.
    const v1 = {
      schemaVersion: 1,
      currentId: 'lab',
      deployments: [
        {
          id: 'lab',
          name: 'Lab',
          createdAt: '2026-11-01T00:00:00.000Z',
          updatedAt: '2026-11-01T00:00:00.000Z',
          tenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47',
          clientId: '0b9f1c8e-3c0e-4a5e-9d55-1f2e3d4c5b6a',
          cloud: 'public',
          iseVersion: '3.3',
          nodes: [],
          trustedCas: [{ sha256: G2_SHA256, name: 'DigiCert Global Root G2', pem: G2 }],
          manifestFile: null,
          steps: Object.fromEntries(['before', 'trust', 'register', 'certificates', 'mdm', 'device', 'test'].map((id) => [id, { state: 'done', changedAt: '2026-11-01T00:00:00.000Z' }])),
        },
      ],
    };
    writeFileSync(join(dir, 'deployments.json'), JSON.stringify(v1));
    const log = createMemoryLogger();
    const deployments = service(log);
    const document = await deployments.list();
    expect(document.schemaVersion).toBe(2);
    expect(document.deployments[0]).toMatchObject({ name: 'Lab', iseForm: null, trustedCas: [{ sha256: G2_SHA256 }], steps: { test: { state: 'done' } } });
    expect(log.lines).toEqual(['INFO Deployments migrated from schema 1 to 2.']);
    // The file as version 1 wrote it stays beside the new one.
    expect(JSON.parse(readFileSync(join(dir, 'deployments.json.schema-1.bak'), 'utf8'))).toEqual(v1);
    await deployments.update('lab', { iseVersion: '3.3 Patch 1' });
    expect(JSON.parse(readFileSync(join(dir, 'deployments.json'), 'utf8'))).toMatchObject({ schemaVersion: 2, deployments: [{ iseForm: null, iseVersion: '3.3 Patch 1' }] });
  });

  it('imports a deployment a colleague exported with schema 1', async () => {
    const deployments = service();
    const lab = await deployments.create('Lab');
    const current = JSON.parse(await deployments.exportJson(lab.id));
    const { iseForm: _dropped, ...oldShape } = current.deployment;
    const imported = await deployments.importJson(JSON.stringify({ kind: current.kind, schemaVersion: 1, deployment: oldShape }));
    expect(imported).toMatchObject({ name: 'Lab (imported)', iseForm: null });
  });

  it("refuses an imported deployment whose ISE form values ISE could not use, and changes nothing", async () => {
    const deployments = service();
    const lab = await deployments.create('Lab');
    const current = JSON.parse(await deployments.exportJson(lab.id));
    const stored = readFileSync(join(dir, 'deployments.json'), 'utf8');
    const damaged = { ...current, deployment: { ...current.deployment, iseForm: { tokenUrl: 'http://login.microsoftonline.com/x/oauth2/token', discoveryUrl: 'https://graph.microsoft.com', audience: 'https://api.manage.microsoft.com/' } } };
    await expect(deployments.importJson(JSON.stringify(damaged))).rejects.toMatchObject({ code: 'DEPLOYMENT_FORM_INVALID', message: expect.stringContaining('is not an https URL') });
    expect(readFileSync(join(dir, 'deployments.json'), 'utf8')).toBe(stored);
  });

  it('applies changes asked at the same moment one after the other: none is lost', async () => {
    const deployments = service();
    const lab = await deployments.create('Lab');
    await Promise.all([
      deployments.update(lab.id, { tenantId: 'contoso.onmicrosoft.com' }),
      deployments.setStep(lab.id, 'trust', 'done'),
      deployments.update(lab.id, { iseVersion: '3.3' }),
      deployments.setStep(lab.id, 'mdm', 'in-progress'),
      deployments.rename(lab.id, 'Lab cluster'),
    ]);
    const [stored] = (await service().list()).deployments;
    expect(stored).toMatchObject({ name: 'Lab cluster', tenantId: 'contoso.onmicrosoft.com', iseVersion: '3.3', steps: { trust: { state: 'done' }, mdm: { state: 'in-progress' } } });
  });

  it('recovers from a corrupt store: backup kept, clear log line, empty list', async () => {
    writeFileSync(join(dir, 'deployments.json'), '{"schemaVersion":1,"deployments":[{');
    const log = createMemoryLogger();
    const document = await service(log).list();
    expect(document.deployments).toEqual([]);
    expect(readdirSync(dir).some((name) => /^deployments\.json\.corrupt-.*\.bak$/.test(name))).toBe(true);
    expect(log.lines[0]).toMatch(/^WARN Deployments file .*deployments\.json could not be read: it is not valid JSON/);
  });
});
