/**
 * The live tests' lab, built once per test file: the Entra, Graph and Intune stand-ins over
 * one directory, and ISE node certificates made by OpenSSL — the primary PAN (registered on
 * the app) exported as a .pfx and as PEM files, a secondary PAN, a spare RSA key that belongs
 * to no certificate, and an EC node. Everything binds 127.0.0.1 and is closed in afterAll.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import type { TokenCacheStore } from '../../../main/services/entra/live';
import { registerApp, type StandinApp } from '../../support/entra-standin';
import { startMicrosoftStandins, type MicrosoftStandins } from '../../support/microsoft-standins';
import { createIseNodes, createKey, createPkcs12, issueCertificate, type GeneratedCertificate } from '../../support/pki';

export const PFX_PASSWORD = 'Ise-Export-1!';
export const SIGN_IN_CLIENT_ID = '14d82eec-204b-4c2f-b7e8-296a70dab67e';

/** A token cache in memory, its values open to the test. */
export function memoryStore(): TokenCacheStore & { values: Map<string, string> } {
  const values = new Map<string, string>();
  return {
    values,
    get: async (name) => values.get(name) ?? null,
    set: async (name, value) => void values.set(name, value),
    delete: async (name) => void values.delete(name),
  };
}

export interface Lab {
  dir: string;
  standins: MicrosoftStandins;
  /** The app registration ISE uses: pan registered, Application.Read.All + get_device_compliance consented. */
  app: StandinApp;
  pan: GeneratedCertificate;
  span: GeneratedCertificate;
  ecNode: GeneratedCertificate;
  files: {
    panPfx: string;
    panCert: string;
    panKey: string;
    spanPfx: string;
    /** A .pfx with certificates only. */
    noKeyPfx: string;
    /** A key that belongs to no certificate here. */
    strayKey: string;
    ecCert: string;
    ecKey: string;
  };
  /** Options pointing the services at the stand-ins and trusting the test CA. */
  cloud(): { authority: string; graph: string };
}

export function useLab(): () => Lab {
  let lab: Lab | undefined;
  const closers: (() => Promise<void>)[] = [];
  beforeAll(async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ise-intune-live-'));
    closers.push(() => rm(dir, { recursive: true, force: true }));
    const standins = await startMicrosoftStandins(dir, { publicClients: [SIGN_IN_CLIENT_ID] });
    closers.unshift(() => standins.close());
    const [{ ca, nodes }, strayKey, ecKey] = await Promise.all([
      createIseNodes(dir, { pan: 'ise-pan.example.test', span: 'ise-span.example.test' }, { password: PFX_PASSWORD, pfxChain: true }),
      createKey(dir, 'stray', { type: 'rsa', bits: 2048 }),
      createKey(dir, 'ec-node', { type: 'ec', curve: 'P-256' }),
    ]);
    const [pan, span, panKey] = [nodes.pan.certificate, nodes.span.certificate, nodes.pan.key];
    const leaf = ['basicConstraints = critical,CA:FALSE', 'keyUsage = critical,digitalSignature,keyEncipherment', 'extendedKeyUsage = serverAuth,clientAuth'];
    const [ecNode, noKeyPfx] = await Promise.all([
      issueCertificate(dir, { name: 'ec-node', subject: '/O=Example/CN=ise-psn.example.test', key: ecKey, issuer: ca, extensions: leaf }),
      createPkcs12(dir, { name: 'no-key', password: PFX_PASSWORD, mode: 'modern', certificate: pan }),
    ]);
    const [panPfx, spanPfx] = [nodes.pan.pfx, nodes.span.pfx];
    const panCert = join(dir, 'pan.crt');
    await writeFile(panCert, pan.pem);
    const app = registerApp(standins.directory, { certificates: [pan.der] });
    lab = {
      dir,
      standins,
      app,
      pan,
      span,
      ecNode,
      files: { panPfx, panCert, panKey: panKey.path, spanPfx, noKeyPfx, strayKey: strayKey.path, ecCert: ecNode.pemPath, ecKey: ecKey.path },
      cloud: () => ({ authority: standins.entra.origin, graph: standins.graph.origin }),
    };
  });
  afterAll(async () => {
    for (const close of closers) await close();
  });
  return () => {
    if (!lab) throw new Error('The live lab is not ready (beforeAll failed).');
    return lab;
  };
}
