import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fileRowSchema, fileRowToRecord, plainFileRow } from '../../../src/feeds/file/file-row.js';

/** The schema's own reading, for comparison: the fast path may only ever agree with it. */
function schemaReading(row: unknown): unknown {
  const parsed = fileRowSchema.safeParse(row);
  return parsed.success ? parsed.data : null;
}

// Values near every bound the schema draws: blanks, padding, numbers that are and are not ids.
const fieldValue = fc.oneof(fc.constantFrom(undefined, null, '', '  ', ' x ', 'x', 0, -0, 7, 1.5, 2 ** 60, Number.NaN, true, [], {}, '\u00a0'), fc.string());
const row = fc.record(
  { id: fieldValue, author: fieldValue, text: fieldValue, published_at: fieldValue, url: fieldValue, lang: fieldValue, extra: fieldValue },
  { requiredKeys: [] },
);

describe('plainFileRow', () => {
  it('reads a usual JSONL row as the schema does', () => {
    const usual = { id: ' 42 ', author: '@someone', text: 'text', published_at: '2026-03-02T08:15:00Z', url: '', lang: 'ar', source: 'export' };
    expect(plainFileRow(usual)).toStrictEqual(schemaReading(usual));
    expect(plainFileRow(usual)).toStrictEqual({ id: '42', author: '@someone', text: 'text', published_at: '2026-03-02T08:15:00Z', url: null, lang: 'ar' });
  });

  it('agrees with the schema on every row it reads, and leaves it every row the schema refuses', () => {
    fc.assert(
      fc.property(row, (r) => {
        const fast = plainFileRow(r);
        const slow = schemaReading(r);
        if (fast !== null) expect(fast).toStrictEqual(slow);
        if (slow === null) expect(fast).toBeNull();
      }),
      { numRuns: 5000 },
    );
  });

  it('still says which field a refused row got wrong', () => {
    expect(fileRowToRecord({ id: 1.5, text: 'x' }, 'import', 3, null)).toStrictEqual({ skipped: { position: 3, reason: 'id: expected a string or integer' } });
    expect(fileRowToRecord({ id: 'a', text: 'x', url: 5 }, 'import', 4, null).skipped?.position).toBe(4);
  });
});
