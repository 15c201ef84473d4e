import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChainsWorkbench } from '../../../main/services/workbench/chains-workbench';
import { createKey, issueCertificate, type GeneratedCertificate } from '../../support/pki';

let dir: string;
let root: GeneratedCertificate;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ise-intune-chains-wb-'));
  const key = await createKey(dir, 'root', { type: 'ec', curve: 'P-256' });
  root = await issueCertificate(dir, { name: 'proxy-root', subject: '/O=Contoso/CN=Contoso Proxy Root', key, extensions: ['basicConstraints = critical,CA:TRUE', 'keyUsage = critical,keyCertSign'] });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('removing a CA from the catalog', () => {
  const workbench = new ChainsWorkbench(() => new Date('2026-11-26T12:00:00Z'));

  it('removes what the user added and answers with the catalog as it is now', async () => {
    const folder = join(dir, 'data');
    const [added] = (await workbench.addCatalogFiles(folder, [root.pemPath])).added;
    expect(added?.origin).toBe('user');
    const after = await workbench.removeCatalogCa(folder, added?.id ?? '');
    expect(after.some((entry) => entry.id === added?.id)).toBe(false);
    expect(after.length).toBeGreaterThan(0);
    await expect(workbench.removeCatalogCa(folder, added?.id ?? '')).rejects.toMatchObject({ code: 'CATALOG_ENTRY_NOT_FOUND' });
  });

  it('refuses a bundled Microsoft CA and keeps it', async () => {
    const folder = join(dir, 'data-bundled');
    const bundled = (await workbench.catalog(folder)).find((entry) => entry.origin === 'bundled');
    await expect(workbench.removeCatalogCa(folder, bundled?.id ?? '')).rejects.toMatchObject({ code: 'CATALOG_BUNDLED' });
    expect((await workbench.catalog(folder)).some((entry) => entry.id === bundled?.id)).toBe(true);
  });
});
