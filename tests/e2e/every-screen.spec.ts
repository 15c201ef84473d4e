/**
 * Every screen and wizard step with data loaded, in Spanish, at 1280 and 900 px: no English
 * text (a catalog string or a sentence main sent), and no badge or value clipped or pushing the
 * screen sideways.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { graphEntry, graphManifest } from '../support/manifests';
import { createPki, type Pki } from '../support/pki';
import { createTlsPki, servedChain, startTlsServer, type RunningServer, type TlsPki } from '../support/tls-servers';
import { MALFORMED_PEM } from '../support/fixture-paths';
import { test, expect } from './fixtures';

const STEPS = ['before', 'trust', 'register', 'certificates', 'mdm', 'test'] as const;
const SCREENS = ['chains', 'certificates', 'manifest', 'troubleshoot', 'settings'] as const;
const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const CLIENT = 'a46a6fd7-4a31-4471-9078-59cb2bb6a5ab';
const PKIX_ERROR =
  'Connection to server failed with: sun.security.validator.ValidatorException: PKIX path building failed: sun.security.provider.certpath.SunCertPathBuilderException: unable to find valid certification path to requested target';

let dir: string;
let tls: TlsPki;
let ise: Pki;
let server: RunningServer;

test.beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ise-intune-e2e-every-'));
  [tls, ise] = await Promise.all([createTlsPki(join(dir, 'tls'), 'http://127.0.0.1:9'), createPki(join(dir, 'ise'))]);
  server = await startTlsServer([...servedChain(tls, 'default'), tls.ecRoot]);
});

test.afterAll(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

type Catalog = { [key: string]: string | string[] | Catalog };

/** A language's catalog as the app composes it (renderer/i18n/resources.ts): the shared file and one per screen. */
function catalog(language: 'en' | 'es'): Catalog {
  const folder = join('renderer', 'i18n', language);
  const screens = Object.fromEntries(readdirSync(folder).map((file) => [file.replace(/\.json$/, ''), JSON.parse(readFileSync(join(folder, file), 'utf8'))]));
  return { ...JSON.parse(readFileSync(join('renderer', 'i18n', `${language}.json`), 'utf8')), ...screens };
}

function leaves(value: string | string[] | Catalog, prefix = ''): [string, string][] {
  if (typeof value === 'string') return [[prefix, value]];
  if (Array.isArray(value)) return value.map((item, index) => [`${prefix}.${index}`, item]);
  return Object.entries(value).flatMap(([key, child]) => leaves(child, prefix ? `${prefix}.${key}` : key));
}

/**
 * English catalog texts that Spanish words differently: the plain ones as a set, those with
 * placeholders as whole-text patterns (a placeholder matches anything).
 */
function englishTexts(): { plain: Set<string>; patterns: RegExp[] } {
  const spanish = new Map(leaves(catalog('es')));
  const literal = (text: string) => text.replace(/\{\{[^}]+\}\}/g, ' ').replace(/\s+/g, ' ').trim();
  const texts = leaves(catalog('en'))
    .filter(([key, text]) => {
      const es = spanish.get(key) ?? spanish.get(key.replace(/_(one|other)$/, '_many'));
      // Same in both languages (product names, codes), or too little text to tell a language by.
      return es !== undefined && literal(es) !== literal(text) && literal(text).split(' ').filter((word) => /[a-z]{2,}/i.test(word)).length >= 2;
    })
    .map(([, text]) => text.replace(/\s+/g, ' ').trim());
  return {
    plain: new Set(texts.filter((text) => !text.includes('{{'))),
    patterns: texts
      .filter((text) => text.includes('{{'))
      .map((text) => new RegExp(`^${text.split(/\{\{[^}]+\}\}/).map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.+?')}$`, 's')),
  };
}

/** The English sentences main sent the page (every string of 4 words or more in its answers). */
function collectMainSentences(page: Page): Set<string> {
  const sentences = new Set<string>();
  const walk = (value: unknown) => {
    if (typeof value === 'string') {
      // A sentence, not a label of ISE's own (English) screens such as "Trust for authentication of Cisco Services".
      if (/^[A-Z"“]/.test(value) && /[.:!?]$/.test(value.trim()) && value.split(/\s+/).length >= 5 && /\b(the|is|are|to|of|not|this|with|and)\b/.test(value)) sentences.add(value.trim());
    } else if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === 'object') Object.values(value).forEach(walk);
  };
  page.on('response', async (response) => {
    if (!new URL(response.url()).pathname.includes('/__api/')) return;
    walk(await response.json().catch(() => null));
  });
  return sentences;
}

/**
 * Text nodes on screen (dialogs and popovers included), without quoted data: log lines and
 * details (<pre>, <code>) and text marked as English on purpose (lang="en": Microsoft's own words).
 */
function visibleTexts(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const texts: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent?.replace(/\s+/g, ' ').trim() ?? '';
      const parent = node.parentElement;
      // What the admin typed or pasted (a field's text) is theirs, not the app's.
      if (!text || !parent || parent.closest('script, style, pre, code, textarea, [lang="en"], [hidden]')) continue;
      if (parent.getClientRects().length === 0) continue;
      texts.push(text);
    }
    return texts;
  });
}

/**
 * Badges and long values that are cut or push the screen sideways: a badge whose text is wider
 * than the badge; any badge or monospace value that sticks out of the box that clips it, or out
 * of the screen itself. A value inside a box of its own that scrolls is fine (that is the design).
 */
function clipped(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const main = document.querySelector('main');
    const problems: string[] = [];
    const describe = (element: Element) => `${element.tagName.toLowerCase()}.${[...element.classList].slice(0, 2).join('.')} “${(element.textContent ?? '').trim().slice(0, 60)}”`;
    const candidates = [...document.querySelectorAll<HTMLElement>('.fui-Badge, main span, main div, main dd, main td')].filter((element) => {
      if (element.classList.contains('fui-Badge')) return true;
      if (element.children.length > 0) return false;
      return /monospace/i.test(getComputedStyle(element).fontFamily);
    });
    for (const element of candidates) {
      const rect = element.getBoundingClientRect();
      if (rect.width === 0 || rect.height === 0) continue;
      if (element.classList.contains('fui-Badge') && element.scrollWidth > element.clientWidth + 1) problems.push(`badge cut: ${describe(element)}`);
      for (let box = element.parentElement; box; box = box.parentElement) {
        const style = getComputedStyle(box);
        if (style.overflowX === 'visible') continue;
        const edge = box.getBoundingClientRect();
        if (box === main) {
          if (rect.right > edge.left + main.clientLeft + main.clientWidth + 1) problems.push(`wider than the screen: ${describe(element)}`);
        } else if (style.overflowX !== 'auto' && style.overflowX !== 'scroll' && rect.right > edge.right + 1) {
          // A box of its own that scrolls is intended; one that hides what sticks out cuts it.
          problems.push(`cut: ${describe(element)}`);
        }
        break;
      }
    }
    return problems;
  });
}

test('every screen and step in Spanish, with data, at 1280 and 900 px: no English, nothing clipped', async ({ app, bridge }) => {
  test.setTimeout(600_000);
  const mainSentences = collectMainSentences(app);
  const english = englishTexts();
  const problems: string[] = [];
  const check = async (where: string) => {
    // Let popovers and tooltips close and the layout settle on the same frame.
    await app.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
    for (const text of await visibleTexts(app)) {
      if (english.plain.has(text) || english.patterns.some((pattern) => pattern.test(text))) problems.push(`${where}: English catalog text “${text}”`);
      else if ([...mainSentences].some((sentence) => sentence.length >= 20 && text.includes(sentence))) problems.push(`${where}: main's English “${text}”`);
    }
    for (const problem of await clipped(app)) problems.push(`${where}: ${problem}`);
  };

  await app.evaluate(() => window.api.updateSettings({ language: 'es', proxyMode: 'direct' }));
  await app.reload();
  await expect(app.getByRole('heading', { level: 1 })).toHaveText('Configuración guiada');
  await check('bienvenida');

  // A deployment with the values of a real afternoon: a version, the IDs, a chain, nodes, a manifest, an error.
  await app.getByTestId('welcome-name').fill('Cliente Iberia');
  await app.getByTestId('welcome-start').click();
  await app.getByTestId('ise-version').fill('3.2 Patch 4');
  await app.getByTestId('ise-version-check').click();
  await expect(app.getByTestId('version-flow')).toHaveText('Microsoft Graph');
  await app.getByTestId('step-link-trust').click();
  const host = `127.0.0.1:${server.port}`;
  await app.getByTestId('host-input').fill(host);
  await app.getByTestId('host-add').click();
  const row = app.locator(`[data-testid="host-row"][data-target="${host}"]`);
  await row.getByTestId('host-fetch').click();
  await expect(row.getByTestId('host-verdict')).toHaveAttribute('data-verdict', 'untrusted-root');
  await row.getByTestId('host-verdict-chip').click();
  await expect(app.getByTestId('host-verdict-chip-why')).toBeVisible();
  await check('paso 1, motivo del veredicto');
  await app.keyboard.press('Escape');
  await app.getByTestId('step-link-register').click();
  await app.getByTestId('tenant-id').fill(TENANT);
  await app.getByTestId('tenant-id').press('Tab');
  await app.getByTestId('client-id').fill(CLIENT);
  await app.getByTestId('client-id').press('Tab');
  await app.getByTestId('step-link-certificates').click();
  // A node certificate, one that has expired, and a .pfx still waiting for its password.
  bridge.dialogs.answerOpenFiles([ise.certs.rsaLeaf.pemPath, ise.certs.expiredLeaf.pemPath, ise.files.pfxModernEc]);
  await app.getByTestId('add-node').click();
  await expect(app.getByTestId('node-row')).toHaveCount(2);
  await expect(app.getByTestId('node-pending')).toBeVisible();
  const manifestPath = join(bridge.dataDir, 'ISE.json');
  const existing = graphEntry({ sha1Hex: 'A'.repeat(40), displayName: 'CN=old-ise', keyId: '11111111-2222-4333-8444-555555555555', start: '2024-01-01T00:00:00Z', end: '2025-01-01T00:00:00Z' });
  writeFileSync(manifestPath, graphManifest([existing]));
  bridge.dialogs.answerOpenFiles([manifestPath]);
  await app.getByTestId('open-manifest').click();
  await expect(app.getByTestId('manifest-diff')).toBeVisible();
  await app.getByTestId('step-link-test').click();
  await app.getByTestId('test-paste').fill(PKIX_ERROR);
  await app.getByTestId('test-diagnose').click();
  await expect(app.getByTestId('setup-finding')).toBeVisible();

  // The other screens' own data.
  await app.getByTestId('nav-certificates').click();
  bridge.dialogs.answerOpenFiles([ise.files.pfxModernRsa, ise.certs.expiredLeaf.pemPath, join(MALFORMED_PEM, 'html_301_saved_as_baltimore.crt.pem')]);
  await app.getByTestId('open-files').click();
  await expect(app.getByTestId('file-password')).toBeVisible();
  await app.getByTestId('cert-row').first().click();
  await app.getByTestId('nav-troubleshoot').click();
  await app.getByTestId('diagnose-text').fill(PKIX_ERROR);
  await app.getByTestId('diagnose').click();
  await expect(app.getByTestId('diagnosis')).toBeVisible();
  await app.getByTestId('evidence-toggle').first().click();
  await app.getByTestId('nav-manifest').click();
  await app.getByTestId('mdm-compute').click();
  await expect(app.getByTestId('mdm-values')).toBeVisible();

  for (const width of [1280, 900]) {
    await app.setViewportSize({ width, height: 820 });
    await app.getByTestId('nav-setup').click();
    for (const step of STEPS) {
      await app.getByTestId(`step-link-${step}`).click();
      await expect(app.getByTestId(`step-${step}`)).toBeVisible();
      await check(`${width} px, paso ${step}`);
    }
    for (const screen of SCREENS) {
      await app.getByTestId(`nav-${screen}`).click();
      await expect(app.getByTestId(`screen-${screen}`)).toBeVisible();
      await check(`${width} px, ${screen}`);
    }
  }
  expect(mainSentences.size, 'main sent English sentences to look for').toBeGreaterThan(5);
  expect([...new Set(problems)]).toEqual([]);
});
