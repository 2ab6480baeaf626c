import { JaroWinklerDistance } from 'natural/lib/natural/distance/index.js';

/**
 * Typo-tolerant lookup of Latin words (klil → kill, deaht → death, killd → killed, Saraqeb → Saraqib).
 * A symmetric-delete index answers "which known word is one edit away" with a handful of map lookups,
 * so the cost does not grow with the vocabulary. Guards against real words: the first letter must
 * agree, short words allow only a swap of two letters, substitutions need eight letters, and an
 * exclusion list names real words that sit one edit from a lexicon word (skill, laughter).
 */
export class FuzzyIndex {
  private readonly exact = new Map<string, string>();
  private readonly deletes = new Map<string, string[]>();

  constructor(
    words: Iterable<readonly [raw: string, key: string]>,
    readonly exclude: ReadonlySet<string>,
  ) {
    for (const [raw, key] of words) {
      if (raw.length < 4 || !/^[a-z]+$/.test(raw) || this.exact.has(raw)) continue;
      this.exact.set(raw, key);
      for (let i = 0; i < raw.length; i++) {
        const d = raw.slice(0, i) + raw.slice(i + 1);
        const list = this.deletes.get(d);
        if (list) list.push(raw);
        else this.deletes.set(d, [raw]);
      }
    }
  }

  /** The words kept, in the order given: a new index built from them (and `exclude`) is this one. */
  words(): Array<readonly [raw: string, key: string]> {
    return [...this.exact];
  }

  /** The key of the known word one edit from `word`, or null (also null for excluded real words). */
  lookup(word: string): string | null {
    if (word.length < 4 || this.exclude.has(word) || this.exact.has(word)) return null;
    const candidates: string[] = [];
    // The word lost a letter (killd ← killed).
    for (const w of this.deletes.get(word) ?? []) if (w.length >= 5) candidates.push(w);
    for (let i = 0; i < word.length; i++) {
      const d = word.slice(0, i) + word.slice(i + 1);
      // The word gained a letter (murderr → murder).
      const gained = this.exact.has(d) && d.length >= 5 ? d : null;
      if (gained) candidates.push(gained);
      // Same length: two letters swapped (klil), or one replaced in a word of eight letters or more.
      for (const w of this.deletes.get(d) ?? []) {
        if (w.length === word.length && (isSwap(word, w) || (w.length >= 8 && differsByOne(word, w)))) candidates.push(w);
      }
    }
    let best: string | null = null;
    let bestScore = -1;
    for (const c of candidates) {
      if (c[0] !== word[0]) continue;
      const score = JaroWinklerDistance(word, c);
      if (score > bestScore || (score === bestScore && best !== null && c < best)) {
        best = c;
        bestScore = score;
      }
    }
    return best === null ? null : this.exact.get(best)!;
  }
}

function isSwap(a: string, b: string): boolean {
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  return i < a.length - 1 && a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
}

function differsByOne(a: string, b: string): boolean {
  let diff = 0;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i] && ++diff > 1) return false;
  return diff === 1;
}
