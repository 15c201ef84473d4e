import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { pathToFileURL } from 'node:url';
import type { Page } from '@playwright/test';
import { startWebBridge } from '../support/web-bridge';
import { expect, test } from './fixtures';
import { MICROSOFT_CA } from '../support/fixture-paths';

const pem = (file: string) => readFileSync(join(MICROSOFT_CA, file), 'utf8');
/** Public certificates standing in for ISE nodes' system certificates (the report only reads their public part). */
const PAN = pem('digicert_global_root_g2.pem');
const SPAN = pem('digicert_global_root_g3.pem');
const CA = pem('microsoft_azure_ecc_tls_issuing_ca_04_xsign.pem');
const sha1 = (certificate: string) => new X509Certificate(certificate).fingerprint.replace(/:/g, '');
const colons = (hex: string) => hex.match(/../g)?.join(':') ?? hex;
const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const CLIENT = 'a46a6fd7-4a31-4471-9078-59cb2bb6a5ab';
const SPANISH_DATE = /\d{1,2} de (enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|noviembre|diciembre) de \d{4}(,| a las) \d{1,2}:\d{2}/;

/** Starts a deployment from the welcome page and records its values through window.api, as the steps would. */
async function deploymentWithValues(app: Page, name: string): Promise<void> {
  await expect(app.getByTestId('setup-welcome')).toBeVisible();
  await app.getByTestId('welcome-name').fill(name);
  await app.getByTestId('welcome-start').click();
  await expect(app.getByTestId('step-list')).toBeVisible();
  await app.evaluate(
    async ({ tenant, client, pan, span, ca }) => {
      const list = await window.api.listDeployments();
      if (!list.ok || !list.value.currentId) throw new Error('no deployment');
      const id = list.value.currentId;
      const updated = await window.api.updateDeployment({
        id,
        patch: {
          tenantId: tenant,
          clientId: client,
          iseVersion: '3.3 Patch 4',
          nodes: [
            { name: 'ise-pan.corp.example', role: 'primary-pan', certificatePem: pan },
            { name: 'ise-span.corp.example', role: 'secondary-pan', certificatePem: span },
          ],
          trustedCas: [{ sha256: 'A'.repeat(64), name: 'Azure MDM - ECC TLS Issuing CA 04', pem: ca }],
        },
      });
      if (!updated.ok) throw new Error(updated.error.message);
      await window.api.setStepState({ id, step: 'before', state: 'done' });
      await window.api.setStepState({ id, step: 'trust', state: 'needs-attention' });
    },
    { tenant: TENANT, client: CLIENT, pan: PAN, span: SPAN, ca: CA },
  );
  await app.reload();
  await expect(app.getByTestId('step-list')).toBeVisible();
}

async function exportReport(app: Page, format: 'html' | 'pdf'): Promise<void> {
  await app.getByTestId('report-menu').click();
  await app.getByTestId(`report-${format}`).click();
}

test('the setup report as PDF: printed by the bridge as the app prints it, A4, with the values and thumbprints and no key', async ({ app, bridge }) => {
  await deploymentWithValues(app, 'Contoso <ISE> & Co');
  const path = join(bridge.dataDir, 'report.pdf');
  bridge.dialogs.answerSaveFile(path);
  await exportReport(app, 'pdf');
  await expect(app.getByTestId('report-saved')).toContainText(path, { timeout: 30_000 });
  expect(bridge.dialogs.opened.at(-1)).toEqual({
    kind: 'save',
    title: 'Save the setup report',
    defaultPath: join(bridge.dataDir, 'Contoso ISE & Co setup report.pdf'),
    filters: [{ name: 'PDF document', extensions: ['pdf'] }],
  });

  const pdf = readFileSync(path);
  expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  const { pages, text } = pdfText(pdf);
  expect(pages.length).toBeGreaterThan(0);
  for (const page of pages) expect(page.mediaBox.map(Math.round)).toEqual([0, 0, 596, 843]); // A4 in points
  const flat = compact(text);
  expect(flat).toContain(compact('Cisco ISE + Intune setup report: Contoso <ISE> & Co'));
  for (const certificate of [PAN, SPAN]) {
    expect(flat).toContain(sha1(certificate));
    expect(flat).toContain(colons(sha1(certificate)));
  }
  expect(flat).toContain(TENANT);
  expect(text).toContain('Needs attention');
  expect(flat).not.toContain('PRIVATEKEY');
  expect(pdf.toString('latin1')).not.toContain('PRIVATE KEY');
});

test('with Spanish selected, the setup report is in Spanish: lang, headings, steps, dates, dialog and file name', async ({ app, bridge }) => {
  await app.getByTestId('nav-settings').click();
  await app.getByTestId('language').getByLabel('Español').click();
  await expect(app.locator('html')).toHaveAttribute('lang', 'es');
  await app.getByTestId('nav-setup').click();
  await deploymentWithValues(app, 'Contoso');
  const path = join(bridge.dataDir, 'informe.html');
  bridge.dialogs.answerSaveFile(path);
  await exportReport(app, 'html');
  await expect(app.getByTestId('report-saved')).toContainText(path);
  expect(bridge.dialogs.opened.at(-1)).toEqual({
    kind: 'save',
    title: 'Guardar el informe de configuración',
    defaultPath: join(bridge.dataDir, 'Informe de configuración de Contoso.html'),
    filters: [{ name: 'Página web (HTML)', extensions: ['html'] }],
  });

  const html = readFileSync(path, 'utf8');
  expect(html).toContain('<html lang="es">');
  expect(html).not.toContain('PRIVATE KEY');
  const report = await app.context().newPage();
  await report.goto(pathToFileURL(path).href);
  await expect(report.getByRole('heading', { level: 1 })).toHaveText('Informe de configuración de Cisco ISE + Intune: Contoso');
  await expect(report.getByRole('heading', { level: 2 })).toContainText(['Valores', 'Certificados de los nodos ISE', 'Pasos', 'Problemas abiertos']);
  // Step names and states as the wizard shows them in Spanish, each with a Spanish date.
  const before = report.getByRole('row').filter({ hasText: '0. Antes de empezar' });
  await expect(before).toContainText('Hecho');
  await expect(before).toContainText(SPANISH_DATE);
  await expect(report.getByRole('row').filter({ hasText: '1. Confiar en Microsoft en ISE' })).toContainText('Requiere atención');
  await expect(report.getByRole('row').filter({ hasText: '6. Probar y diagnosticar' })).toContainText('Sin empezar');
  await expect(report.getByRole('row').filter({ hasText: 'ise-pan.corp.example' })).toContainText('PAN primario');
  await expect(report.locator('body')).toContainText(/Generado por ISE Intune Assistant .* el \d{1,2} de \w+ de \d{4}/);
  await expect(report.locator('body')).toContainText(colons(sha1(PAN)));
  await expect(report.locator('body')).not.toContainText(/Setup report|Before you start|Not started|Needs attention/);
  await report.close();
});

test.describe('without a PDF printer (as before the bridge had one)', () => {
  const noPdf = test.extend({
    bridge: async ({}, use) => {
      const dataDir = mkdtempSync(join(tmpdir(), 'ise-intune-e2e-'));
      const bridge = await startWebBridge({ dataDir, pdf: false });
      await use(bridge);
      await bridge.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  });

  noPdf('the UI says PDF needs the desktop app and offers HTML only', async ({ app, bridge }) => {
    await deploymentWithValues(app, 'Fabrikam');
    await exportReport(app, 'pdf');
    await expect(app.getByTestId('report-pdf-unavailable')).toBeVisible();
    expect(bridge.dialogs.opened.filter((dialog) => dialog.kind === 'save')).toEqual([]);
    await app.getByTestId('report-menu').click();
    await expect(app.getByTestId('report-html')).toBeVisible();
    await expect(app.getByTestId('report-pdf')).toHaveCount(0);
  });
});

/** Text with all white space removed: a value the PDF wrapped over lines still matches. */
function compact(text: string): string {
  return text.replace(/\s+/g, '');
}

interface PdfObject {
  dict: string;
  stream: Buffer | null;
}

/**
 * The text a PDF shows, read the way a viewer reads it: each page's content streams (and the
 * form XObjects they draw), text operators decoded through each font's ToUnicode CMap. Enough for
 * Chromium's PDFs (Type0 fonts, Identity-H, Flate streams); any structure it does not know fails
 * the test loudly rather than passing it.
 */
function pdfText(pdf: Buffer): { pages: { mediaBox: number[]; text: string }[]; text: string } {
  const objects = readObjects(pdf);
  const get = (id: number) => {
    const object = objects.get(id);
    if (!object) throw new Error(`PDF object ${id} is missing`);
    return object;
  };
  const refOf = (dict: string, key: string) => {
    const match = new RegExp(`/${key}\\s+(\\d+)\\s+\\d+\\s+R`).exec(dict);
    return match ? Number(match[1]) : null;
  };
  /** A dictionary value, inline or by reference. */
  const dictOf = (dict: string, key: string): string | null => {
    const ref = refOf(dict, key);
    if (ref !== null) return get(ref).dict;
    const start = new RegExp(`/${key}\\s*<<`).exec(dict);
    return start ? balanced(dict, start.index + start[0].length - 2) : null;
  };
  const namedRefs = (dict: string | null) => new Map([...(dict ?? '').matchAll(/\/([^\s/<>[\]()]+)\s+(\d+)\s+\d+\s+R/g)].map((m) => [m[1] as string, Number(m[2])]));
  const cmaps = new Map<number, Map<string, string>>();
  const cmapOf = (fontId: number) => {
    let cmap = cmaps.get(fontId);
    if (!cmap) {
      const toUnicode = refOf(get(fontId).dict, 'ToUnicode');
      cmap = toUnicode === null ? new Map() : parseCmap(get(toUnicode).stream?.toString('latin1') ?? '');
      cmaps.set(fontId, cmap);
    }
    return cmap;
  };

  const catalog = [...objects.values()].find((object) => /\/Type\s*\/Catalog\b/.test(object.dict));
  if (!catalog) throw new Error('PDF has no catalog');
  const pageIds: number[] = [];
  const walk = (id: number) => {
    const node = get(id).dict;
    if (/\/Type\s*\/Pages\b/.test(node)) for (const kid of /\/Kids\s*\[([^\]]*)\]/.exec(node)?.[1]?.matchAll(/(\d+)\s+\d+\s+R/g) ?? []) walk(Number(kid[1]));
    else pageIds.push(id);
  };
  walk(refOf(catalog.dict, 'Pages') ?? -1);

  const pages = pageIds.map((id) => {
    const page = get(id).dict;
    const mediaBox = (/\/MediaBox\s*\[([^\]]*)\]/.exec(page)?.[1] ?? '').trim().split(/\s+/).map(Number);
    const contents = /\/Contents\s*\[([^\]]*)\]/.exec(page)?.[1] ?? /\/Contents\s+(\d+\s+\d+\s+R)/.exec(page)?.[1] ?? '';
    const streams = [...contents.matchAll(/(\d+)\s+\d+\s+R/g)].map((m) => get(Number(m[1])).stream ?? Buffer.alloc(0));
    const out: string[] = [];
    const run = (content: string, resources: string | null, depth: number) => {
      if (depth > 8) throw new Error('PDF forms nest too deep');
      const fonts = namedRefs(resources ? dictOf(resources, 'Font') : null);
      const xobjects = namedRefs(resources ? dictOf(resources, 'XObject') : null);
      let cmap = new Map<string, string>();
      let lineY = NaN;
      const operands: Token[] = [];
      for (const token of tokenize(content)) {
        if (token.kind !== 'op') {
          operands.push(token);
          continue;
        }
        const last = operands.at(-1);
        if (token.value === 'Tf') {
          const name = operands.at(-2);
          const fontName = name?.kind === 'name' ? name.value : '?';
          const fontId = fonts.get(fontName);
          if (fontId === undefined) throw new Error(`PDF font ${fontName} is not in the page's resources`);
          cmap = cmapOf(fontId);
        } else if ((token.value === 'Tj' || token.value === "'" || token.value === '"') && last?.kind === 'string') {
          out.push(decode(last.bytes, cmap));
        } else if (token.value === 'TJ') {
          for (const item of operands) if (item.kind === 'string') out.push(decode(item.bytes, cmap));
        } else if (token.value === 'Tm' || token.value === 'Td' || token.value === 'TD' || token.value === 'T*') {
          // A new line when the baseline moves (Chromium also places single glyphs with Td along a line).
          const y = last?.kind === 'number' ? Number(last.value) : NaN;
          if (token.value === 'T*' || (token.value === 'Tm' ? y !== lineY : y !== 0)) out.push('\n');
          if (token.value === 'Tm') lineY = y;
        } else if (token.value === 'Do' && last?.kind === 'name') {
          const formId = xobjects.get(last.value);
          const form = formId === undefined ? null : get(formId);
          if (form && /\/Subtype\s*\/Form\b/.test(form.dict)) run(form.stream?.toString('latin1') ?? '', dictOf(form.dict, 'Resources') ?? resources, depth + 1);
        }
        operands.length = 0;
      }
    };
    run(Buffer.concat(streams).toString('latin1'), dictOf(page, 'Resources'), 0);
    return { mediaBox, text: out.join('') };
  });
  return { pages, text: pages.map((page) => page.text).join('\n') };
}

/** The `<<…>>` starting at `start`, nested dictionaries included (hex strings are skipped). */
function balanced(text: string, start: number): string {
  let depth = 0;
  for (let index = start; index < text.length; index++) {
    if (text.startsWith('<<', index)) {
      depth++;
      index++;
    } else if (text.startsWith('>>', index)) {
      depth--;
      index++;
      if (depth === 0) return text.slice(start, index + 1);
    } else if (text[index] === '<') {
      index = text.indexOf('>', index);
    }
  }
  throw new Error('PDF dictionary is not closed');
}

/** Every `N G obj` with its dictionary and (inflated) stream; streams are skipped by their /Length. */
function readObjects(pdf: Buffer): Map<number, PdfObject> {
  const text = pdf.toString('latin1');
  const objects = new Map<number, PdfObject>();
  const header = /(\d+)\s+\d+\s+obj\b/g;
  const pending: { id: number; dict: string; dataStart: number; length: string }[] = [];
  let match: RegExpExecArray | null;
  while ((match = header.exec(text))) {
    const id = Number(match[1]);
    const end = text.indexOf('endobj', header.lastIndex);
    const streamAt = text.indexOf('stream', header.lastIndex);
    if (streamAt === -1 || (end !== -1 && end < streamAt)) {
      objects.set(id, { dict: text.slice(header.lastIndex, end === -1 ? undefined : end).trim(), stream: null });
      continue;
    }
    const dict = text.slice(header.lastIndex, streamAt).trim();
    const dataStart = streamAt + 'stream'.length + (text.startsWith('\r\n', streamAt + 6) ? 2 : 1);
    const length = /\/Length\s+(\d+(?:\s+\d+\s+R)?)/.exec(dict)?.[1];
    if (!length) throw new Error(`PDF stream ${id} has no /Length`);
    if (/R$/.test(length)) {
      // An indirect length: read it once every object is known.
      pending.push({ id, dict, dataStart, length });
      header.lastIndex = text.indexOf('endstream', dataStart);
      continue;
    }
    objects.set(id, { dict, stream: streamData(pdf, dict, dataStart, Number(length)) });
    header.lastIndex = dataStart + Number(length);
  }
  for (const item of pending) {
    const length = Number(objects.get(Number(item.length.split(/\s+/)[0]))?.dict);
    if (!Number.isInteger(length)) throw new Error(`PDF stream ${item.id} has an unreadable /Length`);
    objects.set(item.id, { dict: item.dict, stream: streamData(pdf, item.dict, item.dataStart, length) });
  }
  return objects;
}

function streamData(pdf: Buffer, dict: string, start: number, length: number): Buffer {
  const data = pdf.subarray(start, start + length);
  const filter = /\/Filter\s*\[?\s*\/(\w+)/.exec(dict)?.[1];
  if (filter === undefined) return data;
  if (filter === 'FlateDecode') return inflateSync(data);
  // Images (DCT and the like) hold no text; any other filter on a text stream would fail the checks.
  return Buffer.alloc(0);
}

/** A ToUnicode CMap: character code (hex) to text. */
function parseCmap(cmap: string): Map<string, string> {
  const map = new Map<string, string>();
  const utf16 = (hex: string) => Buffer.from(hex, 'hex').swap16().toString('utf16le');
  for (const block of cmap.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
    for (const pair of (block[1] ?? '').matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>/g)) map.set((pair[1] ?? '').toUpperCase(), utf16(pair[2] ?? ''));
  }
  for (const block of cmap.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
    for (const range of (block[1] ?? '').matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(<[0-9A-Fa-f]+>|\[[^\]]*\])/g)) {
      const [, low = '', high = '', target = ''] = range;
      const width = low.length;
      const from = parseInt(low, 16);
      const to = parseInt(high, 16);
      const list = target.startsWith('[') ? [...target.matchAll(/<([0-9A-Fa-f]+)>/g)].map((m) => utf16(m[1] ?? '')) : null;
      const base = list ? 0 : parseInt(target.slice(1, -1), 16);
      for (let code = from; code <= to; code++) {
        const key = code.toString(16).toUpperCase().padStart(width, '0');
        map.set(key, list ? (list[code - from] ?? '') : String.fromCodePoint(base + code - from));
      }
    }
  }
  return map;
}

/** Two-byte codes (Identity-H) when the font's CMap has them, else one byte per character. */
function decode(bytes: Buffer, cmap: Map<string, string>): string {
  if (cmap.size === 0) return bytes.toString('latin1');
  const hex = bytes.toString('hex').toUpperCase();
  const width = [...cmap.keys()][0]?.length ?? 4;
  let text = '';
  for (let index = 0; index < hex.length; index += width) text += cmap.get(hex.slice(index, index + width)) ?? '\uFFFD';
  return text;
}

type Token = { kind: 'op' | 'name' | 'number'; value: string } | { kind: 'string'; bytes: Buffer } | { kind: 'array-start' | 'array-end' | 'dict' };

/** The tokens of a content stream (inline images skipped). */
function* tokenize(content: string): Generator<Token> {
  let index = 0;
  const length = content.length;
  while (index < length) {
    const char = content[index] as string;
    if (/\s/.test(char)) {
      index++;
    } else if (char === '%') {
      index = content.indexOf('\n', index) === -1 ? length : content.indexOf('\n', index);
    } else if (char === '[') {
      index++;
      yield { kind: 'array-start' };
    } else if (char === ']') {
      index++;
      yield { kind: 'array-end' };
    } else if (content.startsWith('<<', index)) {
      const end = balanced(content, index);
      index += end.length;
      yield { kind: 'dict' };
    } else if (char === '<') {
      const end = content.indexOf('>', index);
      const hex = content.slice(index + 1, end).replace(/\s+/g, '');
      index = end + 1;
      yield { kind: 'string', bytes: Buffer.from(hex.length % 2 ? `${hex}0` : hex, 'hex') };
    } else if (char === '(') {
      const bytes: number[] = [];
      let depth = 1;
      index++;
      while (index < length && depth > 0) {
        const c = content[index] as string;
        if (c === '\\') {
          const next = content[index + 1] as string;
          const escapes: Record<string, number> = { n: 10, r: 13, t: 9, b: 8, f: 12, '(': 40, ')': 41, '\\': 92 };
          if (/[0-7]/.test(next)) {
            const octal = /^[0-7]{1,3}/.exec(content.slice(index + 1))?.[0] ?? '0';
            bytes.push(parseInt(octal, 8) & 0xff);
            index += 1 + octal.length;
          } else {
            if (escapes[next] !== undefined) bytes.push(escapes[next]);
            index += next === '\r' && content[index + 2] === '\n' ? 3 : 2;
          }
          continue;
        }
        if (c === '(') depth++;
        if (c === ')') depth--;
        if (depth > 0) bytes.push(c.charCodeAt(0) & 0xff);
        index++;
      }
      yield { kind: 'string', bytes: Buffer.from(bytes) };
    } else if (char === '/') {
      const name = /^\/[^\s/<>[\]()%{}]*/.exec(content.slice(index, index + 256))?.[0] ?? '/';
      index += name.length;
      yield { kind: 'name', value: name.slice(1) };
    } else {
      const word = /^[^\s/<>[\]()%{}]+/.exec(content.slice(index, index + 256))?.[0] ?? char;
      index += word.length;
      if (/^[+-]?(\d+\.?\d*|\.\d+)$/.test(word)) {
        yield { kind: 'number', value: word };
      } else if (word === 'BI') {
        // An inline image: its binary data runs from ID to EI.
        const data = content.indexOf(' ID', index);
        const end = content.indexOf('EI', data);
        index = end === -1 ? length : end + 2;
      } else {
        yield { kind: 'op', value: word };
      }
    }
  }
}
