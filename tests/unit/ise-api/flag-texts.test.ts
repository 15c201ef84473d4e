import { describe, expect, it } from 'vitest';
import { ISE_TRUST_FLAG_ROWS } from '../../../main/services/ise/api/import-cas';
import en from '../../../renderer/i18n/en/ise.json' with { type: 'json' };
import es from '../../../renderer/i18n/es/ise.json' with { type: 'json' };

type FlagTexts = Record<string, { reason: string; rule?: string }>;

describe('why each ISE trust flag has its value, in both languages', () => {
  const english = en.import.flags as FlagTexts;
  const spanish = es.import.flags as FlagTexts;

  it('every flag sent has its English texts in the catalog main reads, a rule exactly where the value is per certificate', () => {
    expect(Object.keys(english).sort()).toEqual(ISE_TRUST_FLAG_ROWS.map((row) => row.flag).sort());
    for (const row of ISE_TRUST_FLAG_ROWS) {
      expect(row.reason, row.flag).toBe(english[row.flag]?.reason);
      expect(row.rule, row.flag).toBe(english[row.flag]?.rule ?? null);
      expect(row.rule !== null, row.flag).toBe(row.value === 'per-certificate');
    }
  });

  it('every flag has a Spanish reason, and a Spanish rule where it has one', () => {
    for (const row of ISE_TRUST_FLAG_ROWS) {
      expect(spanish[row.flag]?.reason, row.flag).toBeTruthy();
      expect(spanish[row.flag]?.reason).not.toBe(row.reason);
      expect(Boolean(spanish[row.flag]?.rule), row.flag).toBe(row.rule !== null);
    }
  });
});
