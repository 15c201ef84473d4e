/** Properties: any text is diagnosed without throwing, and how the bytes are chunked never changes the result. */
import { Readable } from 'node:stream';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FINDINGS_CATALOG, diagnoseStream, diagnoseText } from '../../../main/services/ise';
import { AAD_CLIENT, aadsts, iseLine, noiseLines, pkixLog, testConnectionPopup } from './samples';

const FRAGMENTS = [
  ...pkixLog(),
  ...noiseLines('2024-05-10', 4),
  iseLine('2024-05-10 10:00:00,000', 'ERROR', AAD_CLIENT, aadsts.keyNotFound('105D6E9BA0F5D6EACCF8A562DE81C1C6450CBEE4', 'Key0:Start=1, End=2, Thumbprint=pZ0CqVXvVBWMd2hlKqgIDxQ3p1M=;')),
  iseLine('2024-05-10 10:00:01,000', 'ERROR', AAD_CLIENT, aadsts.keyExpired('pZ0CqVXvVBWMd2hlKqgIDxQ3p1M=')),
  aadsts.tenantNotFound,
  testConnectionPopup('105D6E9B', 'x'),
  'Configured keys: [Key0:Start=, End=, Thumbprint=',
  "Found key 'Start=",
  'AADSTS',
  '\r\n',
  '\u0000\uFFFD\uD83D\uDE00',
];

const textWithFragments = fc.array(fc.oneof(fc.string({ unit: 'grapheme', maxLength: 40 }), fc.constantFrom(...FRAGMENTS), fc.constantFrom('\n', '\r\n')), { maxLength: 30 }).map((parts) => parts.join(''));

describe('diagnosis properties', () => {
  it('never throws on any text, and counts every line', () => {
    fc.assert(
      fc.property(textWithFragments, (text) => {
        const diagnosis = diagnoseText(text);
        const lines = text === '' ? 0 : text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
        expect(diagnosis.linesRead).toBe(lines);
        expect(diagnosis.linesRelevant).toBeLessThanOrEqual(diagnosis.linesRead);
        for (const finding of diagnosis.findings) expect(finding.count).toBeGreaterThanOrEqual(finding.evidence.length);
      }),
      { numRuns: 300 },
    );
  });

  it('never throws on random bytes, and reports only catalogued findings', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 4096 }), (bytes) => {
        const diagnosis = diagnoseText(Buffer.from(bytes).toString('latin1'));
        expect(diagnosis.linesRelevant).toBeLessThanOrEqual(diagnosis.linesRead);
        for (const finding of diagnosis.findings) expect(Object.keys(FINDINGS_CATALOG)).toContain(finding.code);
      }),
      { numRuns: 200 },
    );
  });

  it('quotes every evidence line exactly as it stands at its line number, with the entry time of that line', () => {
    fc.assert(
      fc.property(textWithFragments, (text) => {
        const lines = text.split('\n').map((line) => line.replace(/\r$/, ''));
        for (const finding of diagnoseText(text).findings) {
          for (const evidence of finding.evidence) {
            expect(evidence.file).toBe('pasted text');
            expect(evidence.text).toBe(lines[evidence.line - 1]);
            if (evidence.timestamp !== null) expect(evidence.entryHeader ?? evidence.text).toContain(evidence.timestamp);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('does not change its findings when other components\' entries come before', () => {
    // Whole ISE entries only: a line without a header continues the entry before it.
    const entries = FRAGMENTS.filter((fragment) => /^\d{4}-\d{2}-\d{2} /.test(fragment));
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...entries), { minLength: 1, maxLength: 8 }), fc.nat({ max: 5 }), (picked, noise) => {
        const plain = diagnoseText(picked.join('\n'));
        const noisy = diagnoseText([...noiseLines('2016-10-17', noise), ...picked].join('\n'));
        expect(noisy.findings.map((finding) => [finding.code, finding.aadsts, finding.count])).toEqual(plain.findings.map((finding) => [finding.code, finding.aadsts, finding.count]));
        expect(noisy.linesRead).toBe(plain.linesRead + noise);
      }),
      { numRuns: 150 },
    );
  });

  it('gives the same diagnosis however the stream is cut into chunks', async () => {
    await fc.assert(
      fc.asyncProperty(textWithFragments, fc.array(fc.nat(), { maxLength: 8 }), async (text, cuts) => {
        const bytes = Buffer.from(text);
        const points = [...new Set(cuts.map((cut) => cut % (bytes.length + 1)))].sort((a, b) => a - b);
        const chunks = [0, ...points].map((start, index) => bytes.subarray(start, [...points, bytes.length][index])).filter((chunk) => chunk.length > 0);
        const streamed = await diagnoseStream(Readable.from(chunks), 'pasted text', { now: '2026-01-01T00:00:00Z' });
        const whole = diagnoseText(text, { now: '2026-01-01T00:00:00Z' });
        expect(streamed.findings).toEqual(whole.findings);
        expect([streamed.linesRead, streamed.linesRelevant]).toEqual([whole.linesRead, whole.linesRelevant]);
      }),
      { numRuns: 150 },
    );
  });
});
