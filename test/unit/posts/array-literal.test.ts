import { createRequire } from 'node:module';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { arrayLiteral } from '../../../src/posts/array-literal.js';

// node-postgres's own serialisation of a JS array parameter: the text Postgres received before.
const { prepareValue } = createRequire(import.meta.url)('pg/lib/utils.js') as { prepareValue: (value: unknown) => string };

const HOSTILE = [
  '',
  ' leading and trailing ',
  'NULL',
  'null',
  'say "hi"',
  'back\\slash',
  '\\"',
  '"\\',
  '{braces},{and}',
  'a,b',
  'line\nbreak\r\nand\ttab',
  '{"looks": ["like", "json\\"s"], "n": null}',
  'تهديد لأهالي دارة عزة',
  'emoji 🔥🏳️‍🌈 and \u200d joiner',
  "it's 'quoted'",
];

describe('arrayLiteral', () => {
  it('builds the same array literal node-postgres builds, for hostile strings and nulls', () => {
    const values = [...HOSTILE, null, ...HOSTILE.map((v) => `${v}${v}`)];
    expect(arrayLiteral(values)).toBe(prepareValue(values));
    for (const value of values) expect(arrayLiteral([value])).toBe(prepareValue([value]));
  });

  it('writes an empty array and a NULL element', () => {
    expect(arrayLiteral([])).toBe('{}');
    expect(arrayLiteral([null, 'NULL'])).toBe('{NULL,"NULL"}');
  });
  it('builds what node-postgres builds for any strings of quotes, backslashes and the rest (property)', () => {
    const piece = fc.oneof(fc.constantFrom('"', '\\', '\\"', '"\\', 'NULL', ',', '{', '}', ' ', '\n', 'ة', '🔥'), fc.string({ maxLength: 4 }));
    const value = fc.oneof(
      fc.array(piece, { maxLength: 12 }).map((parts) => parts.join('')),
      fc.constant(null),
    );
    fc.assert(
      fc.property(fc.array(value, { maxLength: 8 }), (values) => {
        expect(arrayLiteral(values)).toBe(prepareValue(values));
      }),
      { numRuns: 2000 },
    );
  });
});
