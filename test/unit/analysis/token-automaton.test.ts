import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compilePattern } from '../../../src/analysis/pattern-compiler.js';
import { TokenAutomatonBuilder, WILDCARD, type Slot } from '../../../src/analysis/token-automaton.js';

const S = (...k: string[]): Slot => new Set(k);
const run = (b: TokenAutomatonBuilder, ws: string[]) =>
  b
    .freeze()
    .run(
      ws.map((w) => [w]),
      ws.map(() => false),
    )
    .map((m) => `${m.output}@${m.start}-${m.end}`);

describe('token automaton', () => {
  it('keeps the alternatives of one pattern out of another pattern sharing its nodes', () => {
    const b = new TokenAutomatonBuilder();
    b.add([S('kill', 'murder'), S('them')], 0);
    b.add([S('kill'), S('him')], 1);
    b.add([S('cut', 'break'), WILDCARD, S('neck')], 2);
    b.add([S('hit', 'break'), WILDCARD, S('house')], 3);
    expect(run(b, ['murder', 'him'])).toEqual([]);
    expect(run(b, ['kill', 'him'])).toEqual(['1@0-2']);
    expect(run(b, ['cut', 'the', 'house'])).toEqual([]);
    expect(run(b, ['break', 'the', 'house'])).toEqual(['3@0-3']);
  });

  it('finds exactly what a naive matcher finds (property)', () => {
    const word = fc.constantFrom('a', 'b', 'c', 'd');
    const pattern = fc.array(fc.oneof(fc.array(word, { minLength: 1, maxLength: 2 }), fc.constant(null)), { minLength: 1, maxLength: 4 });
    fc.assert(
      fc.property(fc.array(pattern, { minLength: 1, maxLength: 6 }), fc.array(word, { maxLength: 10 }), (patterns, text) => {
        const b = new TokenAutomatonBuilder();
        const cleaned = patterns.map((p) => {
          const slots = p.map((s) => (s === null ? WILDCARD : new Set(s)));
          while (slots[0] === WILDCARD) slots.shift();
          while (slots.at(-1) === WILDCARD) slots.pop();
          return slots;
        });
        cleaned.forEach((slots, i) => b.add(slots, i));
        const got = new Set(run(b, text));
        const want = new Set<string>();
        cleaned.forEach((slots, i) => {
          if (slots.length === 0) return;
          for (let s = 0; s + slots.length <= text.length; s++) {
            if (slots.every((slot, k) => slot === WILDCARD || slot.has(text[s + k]!))) want.add(`${i}@${s}-${s + slots.length}`);
          }
        });
        expect(got).toEqual(want);
      }),
      { numRuns: 300 },
    );
  });

  it('compiles the pattern language: optional words, * and **, alternatives, whole-phrase choices', () => {
    expect(compilePattern('i will [really] kill+', 'en')).toHaveLength(2);
    expect(compilePattern('make ** suffer', 'en')).toHaveLength(4);
    expect(compilePattern('according to || reportedly', 'en')).toHaveLength(2);
    expect(() => compilePattern('[unclosed', 'en')).toThrow(/without/);
  });
});
