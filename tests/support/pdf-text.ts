/**
 * The text a PDF shows, read with PDF.js (Mozilla's reader, `pdfjs-dist`): for the tests of the
 * PDF setup report. Each page's size (its MediaBox, in points) and its text, a line break where
 * PDF.js sees the end of a line.
 */
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

export interface PdfText {
  pages: { mediaBox: number[]; text: string }[];
  text: string;
}

export async function pdfText(pdf: Buffer): Promise<PdfText> {
  const loading = getDocument({ data: new Uint8Array(pdf), disableFontFace: true, useSystemFonts: false });
  const document = await loading.promise;
  try {
    const pages: PdfText['pages'] = [];
    for (let number = 1; number <= document.numPages; number++) {
      const page = await document.getPage(number);
      const content = await page.getTextContent();
      const text = content.items.map((item) => ('str' in item ? item.str + (item.hasEOL ? '\n' : '') : '')).join('');
      pages.push({ mediaBox: [...page.view], text });
    }
    return { pages, text: pages.map((page) => page.text).join('\n') };
  } finally {
    await loading.destroy();
  }
}
