import type { ModifierKind } from '../../config/index.js';
import { hasIntentModality } from '../modality.js';
import { TARGET_KEY } from '../pattern-compiler.js';
import type { Mention } from '../place-mentions.js';
import type { PostWord } from '../post-words.js';
import type { ScoredSignal } from '../threat-signals.js';
import type { TargetLink } from '../target-linking.js';

/**
 * Hashed features of a post and of one place it names, for the place-threat classifier.
 *
 * A post is read as the analyzer reads it: normalized text, words with their light-stemmed keys, and
 * every place mention folded into one `§` word, so that nothing the model learns depends on a place's
 * name (a place an operator adds tomorrow reads exactly like a shipped one). Three kinds of evidence:
 * - the text: character 3–5-grams of every normalized word (robust to dialect spelling, clitics such
 *   as سـ/رح/ه future markers and attached pronouns, leetspeak and typos) and word uni- and bigrams of
 *   the analyzer's keys;
 * - the grammar: the rule signals the lexicons and modifier cues found (harm class, modifiers in scope);
 * - the candidate: how this place is named (vocative, hashtag, demonym, "people of"), the words around
 *   it, whether a threat signal is linked to it or to another place, and how many places the post names.
 */

/** log2 of the feature space: 2^18 buckets keep collisions rare at tens of thousands of texts. */
export const FEATURE_BITS = 18;
export const FEATURE_DIMS = 1 << FEATURE_BITS;
const MASK = FEATURE_DIMS - 1;
/** The category model folds the same features into 2^16 buckets: six classes need less resolution. */
export const CATEGORY_BITS = 16;
export const CATEGORY_DIMS = 1 << CATEGORY_BITS;
export const CATEGORY_MASK = CATEGORY_DIMS - 1;
/** The folded mention as the text features see it. */
const PLACE_MARK = '§';
/** Words this close to a mention describe what happens to it. */
const LOCAL_WINDOW = 3;
/** Cap on the words a post contributes: bounded work whatever its length. */
const MAX_WORDS = 400;

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

function hashString(text: string, seed: number): number {
  let h = seed;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, FNV_PRIME);
  }
  return h >>> 0;
}

/** Hashes a named feature ("kind:value") into the feature space. */
export function featureIndex(name: string): number {
  return hashString(name, FNV_OFFSET) & MASK;
}

const SEED_CHAR = hashString('c', FNV_OFFSET);

/** Character 3–5-grams of `<word>`, hashed without building substrings. */
function addCharGrams(word: string, out: number[]): void {
  const text = `<${word}>`;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    let h = SEED_CHAR;
    for (let j = i; j < n && j < i + 5; j++) {
      h ^= text.charCodeAt(j);
      h = Math.imul(h, FNV_PRIME);
      if (j - i >= 2) out.push((h >>> 0) & MASK);
    }
  }
}

/** What the features of a post are computed from (the analyzer's reading of it). */
export interface PostReading {
  /** Normalized text the words' offsets point into. */
  readonly text: string;
  /** The word stream with mentions folded into one `@target` word each. */
  readonly stream: readonly PostWord[];
  readonly mentions: readonly Mention[];
  readonly signals: readonly ScoredSignal[];
  /** Every modifier cue the lexicons found, in scope of a threat phrase or not. */
  readonly cues?: readonly CueMention[];
}

/** A modifier cue found in the post, over stream words [start, end). */
export interface CueMention {
  readonly kind: ModifierKind;
  readonly start: number;
  readonly end: number;
}

/** A cue this close to a mention frames what is said about the place. */
const CUE_WINDOW = 6;
/** Emoji carry tone (😂 jokes, 🔪⚰️ menace): each distinct one is a feature. */
const EMOJI = /\p{Extended_Pictographic}/gu;

/** A score in [0, 1] as a coarse bucket name, so that strength can be a binary feature. */
function bucket(x: number): string {
  return x >= 0.75 ? 'hi' : x >= 0.4 ? 'mid' : x > 0 ? 'lo' : 'zero';
}

function surfaceOf(reading: PostReading, w: PostWord): string {
  return w.keys[0] === TARGET_KEY ? PLACE_MARK : reading.text.slice(w.start, w.end).toLowerCase();
}

function keyOf(w: PostWord): string {
  return w.keys[0] === TARGET_KEY ? PLACE_MARK : w.keys[0]!;
}

/**
 * The features every candidate of a post shares: text n-grams, word n-grams and rule signals.
 * Appends bucket indices to `out` (repeats count).
 */
export function postFeatures(reading: PostReading, out: number[]): void {
  const words = reading.stream.length > MAX_WORDS ? reading.stream.slice(0, MAX_WORDS) : reading.stream;
  let previous = '<s>';
  let arabic = 0;
  let latin = 0;
  for (const w of words) {
    const surface = surfaceOf(reading, w);
    addCharGrams(surface, out);
    const key = keyOf(w);
    out.push(featureIndex(`w:${key}`));
    out.push(featureIndex(`b:${previous} ${key}`));
    previous = key;
    if (w.script === 'ar') arabic++;
    else if (w.script === 'lat') latin++;
  }
  out.push(featureIndex(`b:${previous} </s>`));
  out.push(featureIndex(arabic > latin ? 'script:ar' : 'script:lat'));
  out.push(featureIndex(`len:${words.length < 8 ? 'short' : words.length < 30 ? 'mid' : 'long'}`));
  for (const s of reading.signals) {
    out.push(featureIndex(`sig:${s.phrase.category}`));
    out.push(featureIndex(`sig:${s.phrase.category}:${bucket(s.effective)}`));
    out.push(featureIndex(`sigw:${bucket(s.phrase.weight)}`));
    for (const h of s.modifiers) out.push(featureIndex(`mod:${h.cue.kind}`));
  }
  if (reading.signals.length === 0) out.push(featureIndex('sig:none'));
  for (const c of reading.cues ?? []) out.push(featureIndex(`cue:${c.kind}`));
  for (const emoji of new Set(reading.text.match(EMOJI) ?? [])) out.push(featureIndex(`emoji:${emoji}`));
  if (reading.text.includes('?') || reading.text.includes('؟')) out.push(featureIndex('punct:question'));
}

/** One place a post names: every mention that rolls up to it, and the threat signals linked to it. */
export interface PlaceCandidate {
  readonly rollupId: string;
  readonly mentions: readonly Mention[];
  readonly links: ReadonlyArray<{ readonly signal: ScoredSignal; readonly link: TargetLink }>;
  /** Threat phrases aimed at this place that a cue cancelled outright (negation, non-violent sense). */
  readonly vetoed?: readonly ScoredSignal[];
}

/** The features of one candidate place, appended to `out` after the post's own. */
export function candidateFeatures(reading: PostReading, candidate: PlaceCandidate, otherPlaces: number, otherLinked: boolean, out: number[]): void {
  const words = reading.stream;
  out.push(featureIndex(`np:${Math.min(otherPlaces, 2)}`));
  if (otherLinked) out.push(featureIndex('other_place_linked'));
  for (const m of candidate.mentions) {
    out.push(featureIndex(`mk:${m.kind}`));
    if (m.vocative) out.push(featureIndex('mk:vocative'));
    const at = m.collapsedIndex;
    if (at < 0) continue;
    if (at === 0) out.push(featureIndex('mk:first'));
    if (words[at]!.quote >= 0) out.push(featureIndex('mk:quoted'));
    for (const c of reading.cues ?? []) {
      const distance = c.start > at ? c.start - at : at - c.end + 1;
      if (distance <= CUE_WINDOW && words[c.start]!.sentence === words[at]!.sentence) out.push(featureIndex(`cue_near:${c.kind}`));
    }
    for (let d = -LOCAL_WINDOW; d <= LOCAL_WINDOW; d++) {
      const w = words[at + d];
      if (!w || d === 0) continue;
      const key = keyOf(w);
      out.push(featureIndex(`l${d}:${key}`));
      out.push(featureIndex(`lw:${key}`));
    }
  }
  if (candidate.links.length === 0) out.push(featureIndex('lk:none'));
  for (const signal of candidate.vetoed ?? []) {
    out.push(featureIndex(`lkv:${signal.phrase.category}`));
    for (const h of signal.modifiers) if (h.cue.factor === 0) out.push(featureIndex(`lkv_by:${h.cue.kind}`));
  }
  for (const { signal, link } of candidate.links) {
    const modal = hasIntentModality(words, signal.start, (w) => surfaceOf(reading, w)) ? 'modal' : 'plain';
    out.push(featureIndex(`lkm:${modal}:${signal.phrase.category}`));
    out.push(featureIndex(`lkm:${modal}`));
    out.push(featureIndex(`lk:${link.how}`));
    out.push(featureIndex(`lkc:${signal.phrase.category}`));
    out.push(featureIndex(`lkc:${signal.phrase.category}:${bucket(signal.effective * link.factor)}`));
  }
}
