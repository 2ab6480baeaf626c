import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkVocabularyTable, SortedVocabulary, vocabularyTableOf } from '../../../src/analysis/sorted-vocabulary.js';

/** A builder's key map: keys numbered in the order first seen. */
function keyMap(keys: readonly string[]): Map<string, number> {
  const map = new Map<string, number>();
  for (const key of keys) if (!map.has(key)) map.set(key, map.size);
  return map;
}

// Latin, Arabic, an astral emoji's surrogate halves and the empty key: code unit order is not code point order.
const keyArbitrary = fc.string({ unit: fc.constantFrom('a', 'b', 'z', 'ا', 'ب', 'ي', '\ud83d', '\udd25', '~'), maxLength: 6 });

describe('sorted vocabulary', () => {
  it('answers every key with its id and every other key with nothing, searched and then hashed', () => {
    fc.assert(
      fc.property(fc.array(keyArbitrary, { maxLength: 60 }), fc.array(keyArbitrary, { maxLength: 30 }), (keys, probes) => {
        const map = keyMap(keys);
        const searched = new SortedVocabulary(vocabularyTableOf(map));
        const hashed = new SortedVocabulary(vocabularyTableOf(map));
        hashed.index();
        expect(searched.size).toBe(map.size);
        for (const key of [...keys, ...probes]) {
          expect(searched.get(key)).toBe(map.get(key));
          expect(hashed.get(key)).toBe(map.get(key));
          expect(searched.has(key)).toBe(map.has(key));
        }
        // In key id order, as the map's keys: a snapshot of a loaded matcher writes the same file.
        expect([...searched.keys()]).toEqual([...map.keys()]);
        expect(new Set(searched)).toEqual(new Set(map.keys()));
        expect(vocabularyTableOf(searched)).toBe(searched.table);
      }),
    );
  });

  it('answers the same across the switch to hashing it makes by itself after many lookups', () => {
    const map = keyMap(Array.from({ length: 500 }, (_, i) => `k${i}`));
    const vocabulary = new SortedVocabulary(vocabularyTableOf(map));
    let wrong = 0;
    for (let round = 0; round < 250; round++) for (const [key, id] of map) if (vocabulary.get(key) !== id || vocabulary.has(`${key}x`)) wrong++;
    expect(wrong).toBe(0);
  });

  it('refuses a damaged table: offsets, ids and order are checked before the automaton reads by them', () => {
    const table = vocabularyTableOf(keyMap(['kill', 'burn', 'حرق', 'a']));
    expect(() => checkVocabularyTable(table)).not.toThrow();
    const damaged = (change: (t: { text: string; starts: Int32Array; ids: Int32Array }) => void) => {
      const copy = { text: table.text, starts: table.starts.slice(), ids: table.ids.slice() };
      change(copy);
      return () => new SortedVocabulary(copy);
    };
    expect(damaged((t) => (t.ids[0] = 7))).toThrow(/key ids/);
    expect(damaged((t) => (t.ids[1] = t.ids[0]!))).toThrow(/key ids/);
    expect(damaged((t) => (t.text = t.text.slice(1)))).toThrow(/table sizes/);
    expect(damaged((t) => (t.starts[2] = t.starts[1]! - 1))).toThrow(/offsets|order/);
    expect(damaged((t) => (t.text = [...t.text].reverse().join('')))).toThrow(/order/);
    expect(damaged((t) => (t.ids = t.ids.subarray(1)))).toThrow(/table sizes/);
  });
});
