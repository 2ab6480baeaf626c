import { PorterStemmer } from 'natural/lib/natural/stemmers/index.js';
import { TARGET_KEY } from '../pattern-compiler.js';
import type { PostWord } from '../post-words.js';

/** Stems remembered per model; words repeat across posts, so stemming happens about once per word. */
const STEM_CACHE_LIMIT = 50_000;
/** Summed log-odds beyond this say nothing more: long posts must not win by length alone. */
export const TEXT_EVIDENCE_CLIP = 4;

/**
 * The text feature's term: the analyzer's primary key of a word, stemmed with natural's Porter
 * stemmer when the word is Latin script (Arabic keys are already light-stemmed by the analyzer).
 */
export function termOf(word: PostWord, cache: Map<string, string>): string {
  const key = word.keys[0]!;
  if (word.script !== 'lat') return key;
  let stem = cache.get(key);
  if (stem === undefined) {
    stem = PorterStemmer.stem(key);
    if (cache.size >= STEM_CACHE_LIMIT) cache.clear();
    cache.set(key, stem);
  }
  return stem;
}

/**
 * Text evidence of a post: the sum of the naive-Bayes log-odds of its terms, clipped and scaled to
 * [-1, 1]. O(words), one Map lookup per word.
 */
export function textEvidence(words: readonly PostWord[], logOdds: ReadonlyMap<string, number>, cache: Map<string, string>): number {
  let sum = 0;
  for (const w of words) if (w.keys[0] !== TARGET_KEY) sum += logOdds.get(termOf(w, cache)) ?? 0;
  return Math.max(-TEXT_EVIDENCE_CLIP, Math.min(TEXT_EVIDENCE_CLIP, sum)) / TEXT_EVIDENCE_CLIP;
}

/** The terms of a post in order (repeats kept, as {@link textEvidence} counts them), for training. */
export function termsOf(words: readonly PostWord[], cache: Map<string, string>): string[] {
  const out: string[] = [];
  // A named place is a feature of its own (place_named); its name must not become threat vocabulary.
  for (const w of words) if (w.keys[0] !== TARGET_KEY) out.push(termOf(w, cache));
  return out;
}

/** Text evidence of a list of terms, exactly as {@link textEvidence} computes it for a post's words. */
export function termsEvidence(terms: readonly string[], logOdds: ReadonlyMap<string, number>): number {
  let sum = 0;
  for (const t of terms) sum += logOdds.get(t) ?? 0;
  return Math.max(-TEXT_EVIDENCE_CLIP, Math.min(TEXT_EVIDENCE_CLIP, sum)) / TEXT_EVIDENCE_CLIP;
}
