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

  it('finds what a naive matcher finds when sentence breaks cut the text, in order of end then start (property)', () => {
    const word = fc.constantFrom('a', 'b', 'c');
    const slot = fc.oneof(fc.array(word, { minLength: 1, maxLength: 2 }), fc.constant(null));
    const pattern = fc.tuple(fc.array(word, { minLength: 1, maxLength: 2 }), fc.array(slot, { maxLength: 3 }));
    const token = fc.record({ word, alternative: fc.option(word), breakBefore: fc.boolean() });
    fc.assert(
      fc.property(fc.array(pattern, { minLength: 1, maxLength: 6 }), fc.array(token, { maxLength: 12 }), (patterns, text) => {
        const b = new TokenAutomatonBuilder();
        const compiled = patterns.map(([first, rest]) => [new Set(first), ...rest.map((s) => (s === null ? WILDCARD : new Set(s)))] as Slot[]);
        compiled.forEach((slots, i) => b.add(slots, i));
        const keys = text.map((t) => (t.alternative ? [t.word, t.alternative] : [t.word]));
        const got = b.freeze().run(
          keys,
          text.map((t) => t.breakBefore),
        );
        const order = got.map((m) => m.end * 100 + m.start);
        expect(order).toEqual([...order].sort((x, y) => x - y));
        const want = new Set<string>();
        compiled.forEach((slots, i) => {
          for (let s = 0; s + slots.length <= text.length; s++) {
            const inside = text.slice(s + 1, s + slots.length);
            if (inside.some((t) => t.breakBefore)) continue;
            if (slots.every((sl, k) => sl === WILDCARD || keys[s + k]!.some((key) => sl.has(key)))) want.add(`${i}@${s}-${s + slots.length}`);
          }
        });
        expect(new Set(got.map((m) => `${m.output}@${m.start}-${m.end}`))).toEqual(want);
      }),
      { numRuns: 300 },
    );
  });

  it('resumes a second run where its words first differ from the last run: the same matches, in the same order, as a full run (property)', () => {
    const word = fc.constantFrom('a', 'b', 'c', '@t');
    const slot = fc.oneof(fc.array(word, { minLength: 1, maxLength: 2 }), fc.constant(null));
    const pattern = fc.tuple(fc.array(word, { minLength: 1, maxLength: 2 }), fc.array(slot, { maxLength: 3 }));
    const token = fc.record({ word, clause: fc.integer({ min: 0, max: 2 }) });
    fc.assert(
      fc.property(
        fc.array(pattern, { minLength: 1, maxLength: 6 }),
        fc.array(token, { minLength: 1, maxLength: 14 }),
        fc.nat(),
        fc.array(token, { maxLength: 8 }),
        (patterns, text, cut, tail) => {
          const b = new TokenAutomatonBuilder();
          patterns.forEach(([first, rest], i) => b.add([new Set(first), ...rest.map((s) => (s === null ? WILDCARD : new Set(s)))] as Slot[], i));
          const automaton = b.freeze();
          // Clauses never go down: number them as a running sum.
          let clause = 0;
          const words = text.map((t) => ({ keys: [t.word], clause: (clause += t.clause) }));
          const same = 1 + (cut % words.length);
          const second = [...words.slice(0, same), ...tail.map((t) => ({ keys: [t.word], clause: (clause += t.clause) }))];
          const show = (ms: readonly { start: number; end: number; output: number }[]) => ms.map((m) => `${m.output}@${m.start}-${m.end}`);
          const want = show(automaton.match(second));
          const first = automaton.match(words);
          expect(show(automaton.rematch(second, first, same))).toEqual(want);
        },
      ),
      { numRuns: 500 },
    );
  });

  it("reports outputs sharing an end older start first, and one node's outputs in the order they were added", () => {
    const b = new TokenAutomatonBuilder();
    b.add([S('a'), S('b')], 0);
    b.add([S('b')], 1);
    b.add([S('a'), S('b')], 2);
    expect(run(b, ['a', 'b'])).toEqual(['0@0-2', '2@0-2', '1@1-2']);
  });

  it('keeps at most maxStates partial matches, the oldest first, and starts none while that many are live', () => {
    const b = new TokenAutomatonBuilder();
    b.add([S('a'), S('a'), S('a')], 0);
    b.add([S('b')], 1);
    const found = (words: string[], max?: number) =>
      b
        .freeze()
        .run(
          words.map((w) => [w]),
          words.map(() => false),
          max,
        )
        .map((m) => `${m.output}@${m.start}-${m.end}`);
    expect(found(['a', 'a', 'a', 'a'])).toEqual(['0@0-3', '0@1-4']);
    expect(found(['a', 'a', 'a', 'a'], 1)).toEqual(['0@0-3']);
    expect(found(['a', 'b'])).toEqual(['1@1-2']);
    expect(found(['a', 'b'], 1)).toEqual([]);
  });

  it('holds more live states than its buffers first have room for', () => {
    const b = new TokenAutomatonBuilder();
    b.add([S('a'), ...Array<Slot>(80).fill(WILDCARD), S('b')], 0);
    b.add([S('a'), S('c')], 1);
    // 70 live states when "c" comes, the one that matches it the newest.
    expect(run(b, [...Array<string>(70).fill('a'), 'c'])).toEqual(['1@69-71']);
    expect(run(b, [...Array<string>(81).fill('a'), 'b'])).toEqual(['0@0-82']);
  });

  it('starts every run afresh although it reuses its state buffers', () => {
    const b = new TokenAutomatonBuilder();
    b.add([S('a'), S('b')], 0);
    const automaton = b.freeze();
    // A run of odd and one of even length: partial matches are left in either buffer.
    for (const left of [[['a']], [['c'], ['a']]]) {
      expect(automaton.run(left, [false, false])).toEqual([]);
      expect(automaton.run([['b']], [false])).toEqual([]);
    }
    expect(automaton.run([['a'], ['b']], [false, false])).toEqual([{ start: 0, end: 2, output: 0 }]);
  });

  it('freezes a snapshot: patterns added later reach only later automatons', () => {
    const b = new TokenAutomatonBuilder();
    b.add([S('a')], 0);
    const before = b.freeze();
    b.add([S('a'), S('b')], 1);
    expect(before.run([['a'], ['b']], [false, false]).map((m) => m.output)).toEqual([0]);
    expect(run(b, ['a', 'b'])).toEqual(['0@0-1', '1@0-2']);
  });

  it('rejects an output that is not an index', () => {
    expect(() => new TokenAutomatonBuilder().add([S('a')], -1)).toThrow(RangeError);
    expect(() => new TokenAutomatonBuilder().add([S('a')], 1.5)).toThrow(RangeError);
  });

  it('compiles the pattern language: optional words, * and **, alternatives, whole-phrase choices', () => {
    expect(compilePattern('i will [really] kill+', 'en')).toHaveLength(2);
    expect(compilePattern('make ** suffer', 'en')).toHaveLength(4);
    expect(compilePattern('according to || reportedly', 'en')).toHaveLength(2);
    expect(() => compilePattern('[unclosed', 'en')).toThrow(/without/);
  });
});
