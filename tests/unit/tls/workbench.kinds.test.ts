/**
 * The Chains screen's main-side state, beyond one fetch (issue 23: workbench.test.ts ran
 * hundreds of mutated lines and caught none): ISE's trusted certificates against the fetched
 * chain, exporting what ISE needs, the catalog's removal rules, and targets pasted as URLs.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChainsWorkbench, type FetchOptions } from '../../../main/services/workbench/chains-workbench';
import { useLab } from './lab';

const lab = useLab();
// The lab issues its certificates around the real clock; one instant for the whole file.
const NOW = new Date();
let dir = '';

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ise-intune-workbench-'));
});
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

function options(extra: Partial<FetchOptions> = {}): FetchOptions {
  return {
    timeoutMs: 5000,
    aia: false,
    network: { mode: 'direct', proxyUrl: null, proxyPassword: undefined },
    dataFolder: '',
    systemRoots: [lab().pki.ecRoot.der],
    signal: new AbortController().signal,
    onPhase: () => undefined,
    ...extra,
  };
}

const errorOf = async (promise: Promise<unknown>): Promise<{ code?: string; message?: string }> => promise.then(() => ({}), (error: { code?: string; message?: string }) => error);

describe('chains workbench with ISE trusted certificates', () => {
  it('says which CA of the chain ISE lacks, and forgets it when the store is cleared', async () => {
    const workbench = new ChainsWorkbench(() => NOW);
    const result = await workbench.fetch(lab().target('default'), options());
    expect(result.verdict).toBe('trusted');
    expect(result.missingInIse).toBeUndefined();
    const storeFile = join(dir, 'ise-trusted.pem');
    await writeFile(storeFile, lab().pki.ecRoot.pem);
    const state = await workbench.loadIseStore([storeFile]);
    expect(state.iseStore).toMatchObject({ files: [storeFile], count: 1 });
    expect(state.results[0]?.missingInIse?.map((certificate) => certificate.subjectCN)).toEqual(['Lab ECC Issuing CA 01']);
    expect(state.missingInIse).toEqual([state.results[0]?.missingInIse?.[0]?.thumbprints.sha256]);
    const cleared = workbench.clearIseStore();
    expect(cleared).toMatchObject({ iseStore: null, missingInIse: null });
    expect(cleared.results[0]?.missingInIse).toBeUndefined();
  });

  it('refuses a store file that holds no certificate, and keeps the one it had', async () => {
    const workbench = new ChainsWorkbench(() => NOW);
    const notes = join(dir, 'notes.txt');
    await writeFile(notes, 'not a certificate\n');
    expect(await errorOf(workbench.loadIseStore([notes]))).toMatchObject({ code: 'ISE_STORE_EMPTY', message: expect.stringMatching(/^No trusted certificate could be read from what you chose: /) });
    expect(workbench.state().iseStore).toBeNull();
  });
});

describe('exporting what ISE needs', () => {
  it('writes the chosen CA of the fetched chains, and refuses one that is not part of them', async () => {
    const workbench = new ChainsWorkbench(() => NOW);
    await workbench.fetch(lab().target('default'), options());
    const needs = workbench.state().needs.certificates;
    const intermediate = needs.find((need) => need.role === 'intermediate');
    if (!intermediate) throw new Error('the EC chain has an intermediate');
    const folder = join(dir, 'export');
    const exported = await workbench.exportForIse([intermediate.certificate.thumbprints.sha256], folder, false);
    expect(exported.files).toHaveLength(1);
    expect(await readFile(exported.files[0]?.path ?? '', 'utf8')).toContain('-----BEGIN CERTIFICATE-----');
    expect(await errorOf(workbench.exportForIse(['00'.repeat(32)], folder, false))).toMatchObject({ code: 'CERTIFICATE_NOT_LOADED' });
    // After removing the host, its CAs are no longer needed, so they cannot be exported.
    workbench.remove(workbench.state().results[0]?.target ?? '');
    expect(await errorOf(workbench.exportForIse([intermediate.certificate.thumbprints.sha256], folder, false))).toMatchObject({ code: 'CERTIFICATE_NOT_LOADED' });
  });
});

describe('targets and the catalog', () => {
  it('keeps one result per host however the target was typed', async () => {
    const workbench = new ChainsWorkbench(() => NOW);
    const target = lab().target('default');
    await workbench.fetch(target, options());
    await workbench.fetch(`https://${target}/some/path`, options());
    expect(workbench.state().results.map((result) => result.target)).toEqual([target]);
    expect(workbench.remove('not-fetched.test:443').results).toHaveLength(1);
  });

  it('refuses to remove a bundled Microsoft CA, and says when a CA is gone', async () => {
    const workbench = new ChainsWorkbench(() => NOW);
    const dataFolder = join(dir, 'data');
    const bundled = (await workbench.catalog(dataFolder)).find((entry) => entry.origin === 'bundled');
    if (!bundled) throw new Error('the catalog bundles Microsoft CAs');
    expect(await errorOf(workbench.removeCatalogCa(dataFolder, bundled.id))).toMatchObject({ code: 'CATALOG_BUNDLED' });
    expect(await errorOf(workbench.removeCatalogCa(dataFolder, 'no-such-id'))).toMatchObject({ code: 'CATALOG_ENTRY_NOT_FOUND' });
  });
});
