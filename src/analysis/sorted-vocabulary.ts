/**
 * The automaton's vocabulary as it is loaded from the analyzer cache: every key in code unit order
 * in one string, with their offsets and key ids as integer arrays. Loading it is one string and two
 * arrays, where a Map of the 578,000 keys the shipped config uses took half of `placewatch score`'s
 * time to build (and as much again to collect). A lookup is a binary search over the keys; a
 * process that looks up many keys (a worker, `eval`) gets the Map after all, built on the
 * {@link HASH_AFTER}th lookup or when {@link SortedVocabulary.index} is called.
 */
import type { KeyIndex } from './automaton-tables.js';

/** Keys by code unit order, end to end; see {@link SortedVocabulary}. */
export interface VocabularyTable {
  /** Every key, in code unit order (JavaScript's default string order), one after another. */
  readonly text: string;
  /** Key i of that order is `text.slice(starts[i], starts[i + 1])`: one entry more than there are keys. */
  readonly starts: Int32Array;
  /** Key i's id: the number the automaton's arrays know it by. */
  readonly ids: Int32Array;
}

/** Lookups answered by binary search before the keys are hashed: a post makes tens to hundreds. */
const HASH_AFTER = 100_000;

export class SortedVocabulary implements KeyIndex {
  #map: Map<string, number> | null = null;
  #lookups = 0;

  /** Checks the table first (see {@link checkVocabularyTable}): a damaged one throws here. */
  constructor(readonly table: VocabularyTable) {
    checkVocabularyTable(table);
  }

  get size(): number {
    return this.table.ids.length;
  }

  get(key: string): number | undefined {
    if (this.#map) return this.#map.get(key);
    if (++this.#lookups > HASH_AFTER) return this.index().get(key);
    const at = this.#find(key);
    return at < 0 ? undefined : this.table.ids[at];
  }

  has(key: string): boolean {
    return this.get(key) !== undefined;
  }

  /** Hashes the keys (once) so lookups stop searching: for a process about to read many posts. */
  index(): Map<string, number> {
    if (!this.#map) {
      const { ids } = this.table;
      const map = new Map<string, number>();
      for (let i = 0; i < ids.length; i++) map.set(this.#keyAt(i), ids[i]!);
      this.#map = map;
    }
    return this.#map;
  }

  /** Keys in key id order, as a Map built in that order would give them. */
  *keys(): IterableIterator<string> {
    const { ids } = this.table;
    const positionOf = new Int32Array(ids.length);
    for (let i = 0; i < ids.length; i++) positionOf[ids[i]!] = i;
    for (let id = 0; id < ids.length; id++) yield this.#keyAt(positionOf[id]!);
  }

  /** Keys in code unit order. */
  *[Symbol.iterator](): IterableIterator<string> {
    for (let i = 0; i < this.table.ids.length; i++) yield this.#keyAt(i);
  }

  #keyAt(i: number): string {
    return this.table.text.slice(this.table.starts[i], this.table.starts[i + 1]);
  }

  /** The key's position in the order, or -1. */
  #find(key: string): number {
    const { text, starts } = this.table;
    let low = 0;
    let high = starts.length - 2;
    while (low <= high) {
      const middle = (low + high) >>> 1;
      const order = compareWithKeyAt(key, text, starts[middle]!, starts[middle + 1]!);
      if (order === 0) return middle;
      if (order < 0) high = middle - 1;
      else low = middle + 1;
    }
    return -1;
  }
}

/** The table of `keys` (key id → key, as a Map's keys in insertion order are). */
export function vocabularyTableOf(keyIds: KeyIndex): VocabularyTable {
  if (keyIds instanceof SortedVocabulary) return keyIds.table;
  const sorted = [...keyIds.keys()].sort();
  const starts = new Int32Array(sorted.length + 1);
  const ids = new Int32Array(sorted.length);
  for (let i = 0; i < sorted.length; i++) {
    starts[i + 1] = starts[i]! + sorted[i]!.length;
    ids[i] = keyIds.get(sorted[i]!)!;
  }
  return { text: sorted.join(''), starts, ids };
}

/**
 * Throws unless the offsets rise through the text, the ids are a permutation of 0..n-1 (the
 * automaton reads its arrays by them unchecked) and the keys are in strictly rising order (no key
 * twice, and the binary search finds every one).
 */
export function checkVocabularyTable({ text, starts, ids }: VocabularyTable): void {
  const fail = (what: string): never => {
    throw new Error(`snapshot vocabulary: ${what}`);
  };
  if (starts.length !== ids.length + 1 || starts[0] !== 0 || starts[ids.length] !== text.length) fail('table sizes');
  const seen = new Uint8Array(ids.length);
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i]!;
    if (id < 0 || id >= ids.length || seen[id] === 1) fail('key ids');
    seen[id] = 1;
    if (starts[i + 1]! < starts[i]!) fail('key offsets');
    if (i > 0 && compareKeysAt(text, starts[i - 1]!, starts[i]!, starts[i + 1]!) >= 0) fail('keys out of order');
  }
}

/** Negative, zero or positive as `key` sorts before, with or after text[from, to) in code unit order. */
function compareWithKeyAt(key: string, text: string, from: number, to: number): number {
  const length = to - from;
  const common = Math.min(key.length, length);
  for (let i = 0; i < common; i++) {
    const difference = key.charCodeAt(i) - text.charCodeAt(from + i);
    if (difference !== 0) return difference;
  }
  return key.length - length;
}

/** compareWithKeyAt for the keys text[a, b) and text[b, c), read in place. */
function compareKeysAt(text: string, a: number, b: number, c: number): number {
  const common = Math.min(b - a, c - b);
  for (let i = 0; i < common; i++) {
    const difference = text.charCodeAt(a + i) - text.charCodeAt(b + i);
    if (difference !== 0) return difference;
  }
  return b - a - (c - b);
}

/**
 * For a process about to read a stream of posts (a worker): hashes the analyzer's vocabulary now, when
 * it was loaded from the cache, rather than inside the batch that makes the {@link HASH_AFTER}th lookup.
 */
export function hashVocabulary(analyzer: { readonly automaton: { readonly tables: { readonly keyIds: KeyIndex } } }): void {
  const { keyIds } = analyzer.automaton.tables;
  if (keyIds instanceof SortedVocabulary) keyIds.index();
}
