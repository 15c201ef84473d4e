/** The audit of the app registration and the certificate fix, with the admin signed in; and the sign-in itself. */
import { afterEach, describe, expect, it } from 'vitest';
import type { AuditResult, DeviceCodePrompt } from '../../../preload/types/live';
import { describeCertificate } from '../../../main/services/certs';
import {
  TOKEN_CACHE_NAME,
  applyCertificateFix,
  auditAppRegistration,
  createAdminSession,
  createGraphClient,
  createTransport,
  planCertificateFix,
  resolveCloud,
  type AdminSession,
  type AuditNode,
  type TokenCacheStore,
} from '../../../main/services/entra/live';
import { daysFromNow, registerApp, standinBrowser, standinKey } from '../../support/entra-standin';
import { SIGN_IN_CLIENT_ID, memoryStore, useLab } from './lab';

const lab = useLab();

/** An admin signed in through the device code (the stand-in's user approves at once). */
async function signedInAdmin(): Promise<AdminSession> {
  const { standins } = lab();
  const transport = createTransport({ caCertificates: [standins.caPem], timeoutMs: 5_000 });
  const session = createAdminSession({
    cloud: resolveCloud(lab().cloud()),
    tenant: standins.directory.tenantId,
    clientId: SIGN_IN_CLIENT_ID,
    cacheStore: memoryStore(),
    transport,
    openBrowser: async () => undefined,
  });
  await session.signInWithDeviceCode({ access: 'write', onPrompt: () => undefined });
  return session;
}

function graphFor(session: AdminSession, access: 'read' | 'write' = 'read') {
  const { standins } = lab();
  return createGraphClient({ graphBase: standins.graph.origin, transport: createTransport({ caCertificates: [standins.caPem], timeoutMs: 5_000 }), getToken: () => session.graphToken(access) });
}

function nodes(): AuditNode[] {
  const now = new Date();
  return [
    { name: 'ise-pan', certificate: describeCertificate(lab().pan.der, now) },
    { name: 'ise-span', certificate: describeCertificate(lab().span.der, now) },
  ];
}

function statuses(audit: AuditResult): Record<string, string> {
  return Object.fromEntries(audit.items.map((item) => [item.id, `${item.status}${item.finding ? ` ${item.finding}` : ''}`]));
}

describe('audit of the app registration', () => {
  it('is all green when the app has every permission consented and both nodes registered', async () => {
    const { standins, pan, span } = lab();
    const app = registerApp(standins.directory, { certificates: [pan.der, span.der] });
    const audit = await auditAppRegistration({ graph: graphFor(await signedInAdmin()), clientId: app.appId, nodes: nodes() });
    expect(statuses(audit)).toEqual({
      'app-exists': 'pass',
      'permission-configured:intune-get-device-compliance': 'pass',
      'permission-consented:intune-get-device-compliance': 'pass',
      'permission-configured:graph-application-read-all': 'pass',
      'permission-consented:graph-application-read-all': 'pass',
      'certificate-registered:ise-pan': 'pass',
      'certificate-registered:ise-span': 'pass',
    });
    expect(audit.ok).toBe(true);
  });

  it('shows configured-but-not-consented permissions as CONSENT_MISSING', async () => {
    const { standins, pan } = lab();
    const app = registerApp(standins.directory, { certificates: [pan.der], granted: ['Application.Read.All'] });
    const audit = await auditAppRegistration({ graph: graphFor(await signedInAdmin()), clientId: app.appId, nodes: nodes().slice(0, 1) });
    expect(statuses(audit)).toMatchObject({
      'permission-configured:intune-get-device-compliance': 'pass',
      'permission-consented:intune-get-device-compliance': 'fail CONSENT_MISSING',
      'permission-consented:graph-application-read-all': 'pass',
    });
    expect(audit.ok).toBe(false);
  });

  it('reports an unknown app as APP_NOT_FOUND, and a key close to expiry as a warning', async () => {
    const { standins, pan } = lab();
    const session = await signedInAdmin();
    const missing = await auditAppRegistration({ graph: graphFor(session), clientId: '11111111-2222-4333-8444-555555555555', nodes: [] });
    expect(statuses(missing)).toEqual({ 'app-exists': 'fail APP_NOT_FOUND' });
    const app = registerApp(standins.directory, { keys: [standinKey(pan.der, { end: daysFromNow(20) })] });
    const soon = await auditAppRegistration({ graph: graphFor(session), clientId: app.appId, nodes: nodes().slice(0, 1) });
    expect(statuses(soon)['certificate-registered:ise-pan']).toBe('warn');
  });

  it('adds the missing node with a PATCH of the whole list, keeping the other keys, and re-reads', async () => {
    const { standins, pan } = lab();
    const otherNode = standinKey(lab().ecNode.der);
    const app = registerApp(standins.directory, { keys: [otherNode], certificates: [pan.der] });
    const session = await signedInAdmin();
    const audit = await auditAppRegistration({ graph: graphFor(session), clientId: app.appId, nodes: nodes() });
    expect(statuses(audit)['certificate-registered:ise-span']).toBe('fail KEY_NOT_FOUND');
    const plan = planCertificateFix(audit, nodes());
    expect(plan.add.map((entry) => entry.nodes)).toEqual([['ise-span']]);
    expect(plan.keep.map((key) => key.keyId).sort()).toEqual(app.keys.map((key) => key.keyId).sort());
    expect(plan.alreadyRegistered.map((entry) => entry.nodes)).toEqual([['ise-pan']]);
    await expect(applyCertificateFix(graphFor(session, 'write'), plan, { confirmed: false })).rejects.toMatchObject({ code: 'CONFIRMATION_REQUIRED' });
    const patchesBefore = standins.graph.patches.length;
    const result = await applyCertificateFix(graphFor(session, 'write'), plan, { confirmed: true });
    expect(standins.graph.patches.length).toBe(patchesBefore + 1);
    const sent = standins.graph.patches.at(-1) as { keyCredentials: { keyId: string; key: string | null }[] };
    expect(sent.keyCredentials.filter((key) => key.key === null).map((key) => key.keyId).sort()).toEqual(plan.keep.map((key) => key.keyId).sort());
    expect(result.keys).toHaveLength(3);
    expect(result.added).toEqual([describeCertificate(lab().span.der, new Date()).thumbprints.sha1]);
    const after = await auditAppRegistration({ graph: graphFor(session), clientId: app.appId, nodes: nodes() });
    expect(after.ok).toBe(true);
  });

  it('removes only the key the admin selected, keeping every other entry', async () => {
    const { standins, pan, span } = lab();
    const stale = standinKey(lab().ecNode.der);
    const app = registerApp(standins.directory, { keys: [stale], certificates: [pan.der, span.der] });
    const session = await signedInAdmin();
    const audit = await auditAppRegistration({ graph: graphFor(session), clientId: app.appId, nodes: nodes() });
    const plan = planCertificateFix(audit, nodes(), { remove: [stale.keyId] });
    expect(plan.remove.map((key) => key.keyId)).toEqual([stale.keyId]);
    expect(plan.add).toEqual([]);
    standins.graph.behaviour.allowKeyRemoval = true;
    try {
      const result = await applyCertificateFix(graphFor(session, 'write'), plan, { confirmed: true });
      expect(result.removed).toEqual([stale.keyId]);
      expect(result.keys.map((key) => key.keyId).sort()).toEqual(plan.keep.map((key) => key.keyId).sort());
    } finally {
      standins.graph.behaviour.allowKeyRemoval = false;
    }
  });

  it('cannot change the certificates with a read-only sign-in (Graph answers 403)', async () => {
    const { standins, pan } = lab();
    const app = registerApp(standins.directory, { certificates: [pan.der] });
    const session = await signedInAdmin();
    const audit = await auditAppRegistration({ graph: graphFor(session), clientId: app.appId, nodes: nodes() });
    const plan = planCertificateFix(audit, nodes());
    await expect(applyCertificateFix(graphFor(session, 'read'), plan, { confirmed: true })).rejects.toMatchObject({ code: 'GRAPH_FORBIDDEN' });
    expect(app.keys).toHaveLength(1);
  });

  it('refuses to apply a plan once the app changed, and never removes an unselected key', async () => {
    const { standins, pan, span } = lab();
    const app = registerApp(standins.directory, { certificates: [pan.der] });
    const session = await signedInAdmin();
    const audit = await auditAppRegistration({ graph: graphFor(session), clientId: app.appId, nodes: nodes() });
    const plan = planCertificateFix(audit, nodes());
    app.keys.push(standinKey(span.der));
    await expect(applyCertificateFix(graphFor(session, 'write'), plan, { confirmed: true })).rejects.toMatchObject({ code: 'APP_CHANGED' });
    expect(() => planCertificateFix(audit, nodes(), { remove: ['00000000-1111-4222-8333-444444444444'] })).toThrow(/not on the app/);
  });
});


function session(store: TokenCacheStore, openBrowser: (url: string) => Promise<void>) {
  const { standins } = lab();
  return createAdminSession({
    cloud: resolveCloud(lab().cloud()),
    tenant: standins.directory.tenantId,
    clientId: SIGN_IN_CLIENT_ID,
    cacheStore: store,
    transport: createTransport({ caCertificates: [standins.caPem], timeoutMs: 5_000 }),
    openBrowser,
  });
}

afterEach(() => {
  const { behaviour } = lab().standins.entra;
  behaviour.interactive = 'approve';
  behaviour.deviceCode = 'approve';
});

describe('admin sign-in', () => {
  it('signs in through the browser with a loopback redirect, keeps the cache in the store, and signs out', async () => {
    const { standins } = lab();
    const store = memoryStore();
    const browser = standinBrowser(standins.caPem);
    const admin = session(store, browser.open);
    const state = await admin.signInInteractive();
    expect(state).toEqual({ signedIn: true, account: { username: standins.directory.admin.username, tenantId: standins.directory.tenantId, name: standins.directory.admin.name }, clientId: SIGN_IN_CLIENT_ID });
    const opened = new URL(browser.opened[0] ?? '');
    expect(opened.searchParams.get('redirect_uri')).toMatch(/^http:\/\/localhost:\d+\/?$/);
    expect(opened.searchParams.get('code_challenge_method')).toBe('S256');
    expect(store.values.has(TOKEN_CACHE_NAME)).toBe(true);
    // A new session over the same store (the app restarted) is still signed in and gets a token silently.
    const restarted = session(store, async () => {
      throw new Error('no browser expected');
    });
    expect((await restarted.state()).signedIn).toBe(true);
    expect(typeof (await restarted.graphToken('read'))).toBe('string');
    await restarted.signOut();
    expect(store.values.has(TOKEN_CACHE_NAME)).toBe(false);
    expect((await session(store, browser.open).state()).signedIn).toBe(false);
    await expect(session(store, browser.open).graphToken('read')).rejects.toMatchObject({ code: 'SIGN_IN_REQUIRED' });
  });

  it('reports SIGN_IN_CANCELLED when the admin cancels at the sign-in page', async () => {
    const { standins } = lab();
    standins.entra.behaviour.interactive = 'cancel';
    const store = memoryStore();
    await expect(session(store, standinBrowser(standins.caPem).open).signInInteractive()).rejects.toMatchObject({ code: 'SIGN_IN_CANCELLED' });
    expect(store.values.size).toBe(0);
  });

  it('stops waiting for a browser that never comes back when the admin cancels in the app', async () => {
    const controller = new AbortController();
    const admin = session(memoryStore(), async () => {
      setTimeout(() => controller.abort(), 50);
    });
    await expect(admin.signInInteractive({ signal: controller.signal })).rejects.toMatchObject({ code: 'SIGN_IN_CANCELLED' });
  });

  it('times out an interactive sign-in that is never completed', async () => {
    const admin = session(memoryStore(), async () => undefined);
    await expect(admin.signInInteractive({ timeoutMs: 300 })).rejects.toMatchObject({ code: 'SIGN_IN_TIMEOUT' });
  });

  it('shows the device code and reports SIGN_IN_EXPIRED when it expires unused', async () => {
    const { standins } = lab();
    standins.entra.behaviour.deviceCode = 'expire';
    const prompts: DeviceCodePrompt[] = [];
    const store = memoryStore();
    await expect(session(store, async () => undefined).signInWithDeviceCode({ onPrompt: (prompt) => prompts.push(prompt) })).rejects.toMatchObject({ code: 'SIGN_IN_EXPIRED' });
    expect(prompts).toHaveLength(1);
    expect(prompts[0]?.userCode).toMatch(/^[0-9A-F]{8}$/);
    expect(prompts[0]?.message).toContain(prompts[0]?.userCode ?? '');
    expect(store.values.size).toBe(0);
  });
});
