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

/**
 * The hash state after a feature name's prefix ("lw:"). FNV-1a reads left to right, so hashing the
 * value from this state gives featureIndex(prefix + value) without building the name per post.
 */
export function prefixState(prefix: string): number {
  return hashString(prefix, FNV_OFFSET);
}

/** featureIndex(`${prefix}${value}`), or of `${prefix}${value}:${tail}`, from the prefix's state. */
export function named(state: number, value: string, tail?: string): number {
  let h = hashString(value, state);
  if (tail !== undefined) h = hashString(tail, hashString(':', h));
  return h & MASK;
}

const SIG = prefixState('sig:');
const SIGW = prefixState('sigw:');
const MOD = prefixState('mod:');
const CUE = prefixState('cue:');
const CUE_NEAR = prefixState('cue_near:');
const EMOJI_PREFIX = prefixState('emoji:');
const MENTION_KIND = prefixState('mk:');
const LOCAL_WORD = prefixState('lw:');
const VETOED = prefixState('lkv:');
const VETOED_BY = prefixState('lkv_by:');
const LINK_MODAL = prefixState('lkm:');
const LINK_HOW = prefixState('lk:');
const LINK_CATEGORY = prefixState('lkc:');
const SIG_NONE = featureIndex('sig:none');
const SCRIPT_AR = featureIndex('script:ar');
const SCRIPT_LAT = featureIndex('script:lat');
const LENGTH = { short: featureIndex('len:short'), mid: featureIndex('len:mid'), long: featureIndex('len:long') };
const QUESTION = featureIndex('punct:question');
const OTHER_PLACES = [0, 1, 2].map((n) => featureIndex(`np:${n}`));
const OTHER_PLACE_LINKED = featureIndex('other_place_linked');
const VOCATIVE = featureIndex('mk:vocative');
const FIRST = featureIndex('mk:first');
const QUOTED = featureIndex('mk:quoted');
const NO_LINK = featureIndex('lk:none');

const SEED_CHAR = hashString('c', FNV_OFFSET);
const SEED_WORD = hashString('w', FNV_OFFSET);
const SEED_BIGRAM = hashString('b', FNV_OFFSET);
const START_HASH = hashString('<s>', SEED_WORD);
const END_HASH = hashString('</s>', SEED_WORD);

/** A word's own features, computed once per distinct word and reused across posts. */
export interface WordFeatures {
  readonly grams: Int32Array;
  readonly unigram: number;
  /** Hash of the word's key, combined with its neighbour's into a bigram without building a string. */
  readonly keyHash: number;
}

/** Words repeat across posts: their n-grams are hashed once. Cleared when full (bounded memory). */
const WORD_CACHE_LIMIT = 100_000;
const wordCache = new Map<string, WordFeatures>();

function wordFeatures(surface: string, key: string): WordFeatures {
  const cacheKey = surface === key ? surface : `${surface}\u0000${key}`;
  let features = wordCache.get(cacheKey);
  if (!features) {
    const grams: number[] = [];
    addCharGrams(surface, grams);
    const keyHash = hashString(key, SEED_WORD);
    features = { grams: Int32Array.from(grams), unigram: (Math.imul(keyHash ^ 0x5bd1e995, FNV_PRIME) >>> 0) & MASK, keyHash };
    if (wordCache.size >= WORD_CACHE_LIMIT) wordCache.clear();
    wordCache.set(cacheKey, features);
  }
  return features;
}

function bigramIndex(previous: number, next: number): number {
  return (Math.imul(Math.imul(previous ^ SEED_BIGRAM, FNV_PRIME) ^ next, FNV_PRIME) >>> 0) & MASK;
}

/** Character 3–5-grams of `<word>`, hashed without building substrings. */
function addCharGrams(word: string, out: FeatureSink | number[]): void {
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

/**
 * Where features are written: one growable buffer reused post after post, so that building a
 * candidate's features allocates only its final copy.
 */
export class FeatureSink {
  private buf = new Int32Array(4096);
  length = 0;

  push(index: number): void {
    if (this.length === this.buf.length) this.grow(this.length + 1);
    this.buf[this.length++] = index;
  }

  pushAll(indices: Int32Array): void {
    if (this.length + indices.length > this.buf.length) this.grow(this.length + indices.length);
    this.buf.set(indices, this.length);
    this.length += indices.length;
  }

  /** What was written so far, as a view of the buffer (valid until the next write). */
  written(): Int32Array {
    return this.buf.subarray(0, this.length);
  }

  private grow(needed: number): void {
    const next = new Int32Array(Math.max(needed, this.buf.length * 2));
    next.set(this.buf.subarray(0, this.length));
    this.buf = next;
  }
}

/**
 * Where the candidates of one post keep their features: one buffer reused post after post, handed out
 * as views. A view is valid until the arena is reset for the next post; callers that keep features
 * longer (training) copy them. A typed-array copy per candidate instead costs an off-heap buffer each,
 * which took a tenth of the analyzer's time with its garbage collection.
 */
export class FeatureArena {
  private buf = new Int32Array(16384);
  private used = 0;

  /** Starts a new post: every view handed out before may now be overwritten. */
  reset(): void {
    this.used = 0;
  }

  /** A view holding a copy of what `sink` has written. */
  keep(sink: FeatureSink): Int32Array {
    const features = sink.written();
    if (this.used + features.length > this.buf.length) {
      // Views already handed out keep the old buffer alive; new ones go into a larger buffer.
      this.buf = new Int32Array(Math.max(this.buf.length * 2, features.length * 2));
      this.used = 0;
    }
    const view = this.buf.subarray(this.used, this.used + features.length);
    view.set(features);
    this.used += features.length;
    return view;
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
/** A cheap first look: pictographs live in these ranges (symbols, and surrogate pairs of the emoji planes). */
const MAYBE_EMOJI = /[\u00a9\u00ae\u203c-\u3299\ud83c-\ud83e]/;
/** Pictographs of death and weapons: coffin, headstone, knife, dagger, skull, bomb, blood, axe, gun, hourglass. */
const MENACE_EMOJI = /[\u26b0\u{1faa6}\u{1f52a}\u{1f5e1}\u{1f480}\u2620\u{1f4a3}\u{1f9e8}\u{1fa78}\u{1fa93}\u{1f52b}\u23f3\u231b]/u;

/**
 * Whether a text holds an emoji of death or weapons, which can carry a whole threat after a place's
 * name ("سرمين ⏳ ⚰️ ⚰️"). Hearts, moons and trophies say nothing a name alone does not.
 */
export function hasMenaceEmoji(text: string): boolean {
  return MAYBE_EMOJI.test(text) && MENACE_EMOJI.test(text);
}

/** A score in [0, 1] as a coarse bucket name, so that strength can be a binary feature. */
function bucket(x: number): string {
  return x >= 0.75 ? 'hi' : x >= 0.4 ? 'mid' : x > 0 ? 'lo' : 'zero';
}

/** A word as written (the normalized text is already case-folded), or § for a place. */
export function surfaceOf(reading: PostReading, w: PostWord): string {
  return w.keys[0] === TARGET_KEY ? PLACE_MARK : reading.text.slice(w.start, w.end);
}

function keyOf(w: PostWord): string {
  return w.keys[0] === TARGET_KEY ? PLACE_MARK : w.keys[0]!;
}

/**
 * Word features by the word's key list: the analyzer caches one key list per distinct word, so the
 * same object comes back post after post and the lookup needs no string hashing.
 */
const byKeys = new WeakMap<readonly string[], WordFeatures>();
let placeFeatures: WordFeatures | undefined;

/** The features of each word of a post (up to the cap), computed once and shared by its candidates. */
export function postWordFeatures(reading: PostReading): WordFeatures[] {
  const n = Math.min(reading.stream.length, MAX_WORDS);
  const out = new Array<WordFeatures>(n);
  for (let i = 0; i < n; i++) {
    const w = reading.stream[i]!;
    if (w.keys[0] === TARGET_KEY) {
      out[i] = placeFeatures ??= wordFeatures(PLACE_MARK, PLACE_MARK);
      continue;
    }
    const lex = w.lex;
    let features = lex ? lex.features : byKeys.get(w.keys);
    if (!features) {
      features = wordFeatures(surfaceOf(reading, w), keyOf(w));
      if (lex) lex.features = features;
      else byKeys.set(w.keys, features);
    }
    out[i] = features;
  }
  return out;
}

/**
 * A candidate's features split the way a linear scorer sums them fastest. `words` are the in-scope
 * words: each one's own features (char-grams and unigram) are the same in every post, so a scorer may
 * cache their sum per word. `rest` holds every other feature: first one bigram per word of `words`
 * (with the word before it), then the post's and the candidate's own. {@link materialize} lays the
 * two out in the order the model was trained on. `rest` is a view valid until the next post is read.
 */
export interface FeatureParts {
  readonly words: readonly WordFeatures[];
  readonly rest: Int32Array;
  /** How many features in all: the length of the materialized list (repeats count). */
  readonly count: number;
}

/** The in-scope words of a post and how many features of their own (char-grams and unigrams) they carry. */
export interface ScopedWords {
  readonly words: readonly WordFeatures[];
  readonly ownCount: number;
}

/**
 * The features every candidate of a post shares, over the words `inScope` keeps (all of them when
 * null, or one place's clauses), as {@link FeatureParts}: returns the words, and appends to `rest`
 * their bigrams then the post-level features (script, length, rule signals, cues, emoji, question mark).
 */
export function postFeatureParts(
  reading: PostReading,
  rest: FeatureSink,
  inScope: ((w: PostWord) => boolean) | null = null,
  perWord: readonly WordFeatures[] = postWordFeatures(reading),
): ScopedWords {
  const words: WordFeatures[] | readonly WordFeatures[] = inScope ? [] : perWord;
  let previous = START_HASH;
  let arabic = 0;
  let latin = 0;
  let ownCount = 0;
  for (let i = 0; i < perWord.length; i++) {
    const w = reading.stream[i]!;
    if (inScope && !inScope(w)) continue;
    const features = perWord[i]!;
    if (inScope) (words as WordFeatures[]).push(features);
    ownCount += features.grams.length + 1;
    rest.push(bigramIndex(previous, features.keyHash));
    previous = features.keyHash;
    if (w.script === 'ar') arabic++;
    else if (w.script === 'lat') latin++;
  }
  const count = words.length;
  rest.push(bigramIndex(previous, END_HASH));
  rest.push(arabic > latin ? SCRIPT_AR : SCRIPT_LAT);
  rest.push(count < 8 ? LENGTH.short : count < 30 ? LENGTH.mid : LENGTH.long);
  let signals = 0;
  for (const s of reading.signals) {
    if (inScope && !inScope(reading.stream[s.start]!)) continue;
    signals++;
    rest.push(named(SIG, s.phrase.category));
    rest.push(named(SIG, s.phrase.category, bucket(s.effective)));
    rest.push(named(SIGW, bucket(s.phrase.weight)));
    for (const h of s.modifiers) rest.push(named(MOD, h.cue.kind));
  }
  if (signals === 0) rest.push(SIG_NONE);
  for (const c of reading.cues ?? []) if (!inScope || inScope(reading.stream[c.start]!)) rest.push(named(CUE, c.kind));
  if (MAYBE_EMOJI.test(reading.text)) for (const emoji of new Set(reading.text.match(EMOJI) ?? [])) rest.push(named(EMOJI_PREFIX, emoji));
  if (reading.text.includes('?') || reading.text.includes('؟')) rest.push(QUESTION);
  return { words, ownCount };
}

/** The features of `parts` in training order: each word's char-grams, unigram and bigram, then the rest. */
export function materialize(words: readonly WordFeatures[], rest: Int32Array, out: FeatureSink): void {
  for (let i = 0; i < words.length; i++) {
    const features = words[i]!;
    out.pushAll(features.grams);
    out.push(features.unigram);
    out.push(rest[i]!);
  }
  out.pushAll(rest.subarray(words.length));
}

/** Scratch for {@link postFeatures}' parts. */
const partsScratch = new FeatureSink();

/**
 * The features every candidate of a post shares: text n-grams, word n-grams and rule signals, over the
 * words `inScope` keeps (all of them, or one place's clauses), in training order. Appends bucket indices to `out`.
 */
export function postFeatures(
  reading: PostReading,
  out: FeatureSink,
  inScope: ((w: PostWord) => boolean) | null = null,
  perWord: readonly WordFeatures[] = postWordFeatures(reading),
): void {
  partsScratch.length = 0;
  const { words } = postFeatureParts(reading, partsScratch, inScope, perWord);
  materialize(words, partsScratch.written(), out);
}

/** A post this long buries its threat in talk: its place is read in the clauses that matter. */
export const LONG_POST_WORDS = 45;

/**
 * The clauses that speak of one place when a post names several: those naming it and those holding a
 * threat phrase aimed at it; null when that is every clause. "We will never harm A, but we will burn B": the negation is A's, not B's.
 */
export function scopeOf(
  candidate: PlaceCandidate,
  words: readonly PostWord[],
  unlinked: readonly ScoredSignal[] = [],
  long = false,
): ((w: PostWord) => boolean) | null {
  const clauses = new Set<number>();
  // In a long post that names a place again in the sentence that threatens it, the place is read
  // there: its mentions sentences away ("I spent years defending X… X can burn") are the preamble that
  // would dilute the threat. A threat whose sentence does not name it keeps every mention's clause.
  const threatSentences = long ? new Set(candidate.links.map(({ signal }) => words[signal.start]!.sentence)) : new Set<number>();
  const sentenceOf = (m: PlaceCandidate['mentions'][number]): number => (m.collapsedIndex >= 0 ? words[m.collapsedIndex]!.sentence : -1);
  const namedInThreat = candidate.mentions.some((m) => threatSentences.has(sentenceOf(m)));
  for (const m of candidate.mentions) {
    if (m.collapsedIndex >= 0 && (!namedInThreat || threatSentences.has(sentenceOf(m)))) clauses.add(words[m.collapsedIndex]!.clause);
  }
  for (const { signal } of candidate.links) clauses.add(words[signal.start]!.clause);
  for (const signal of candidate.vetoed ?? []) clauses.add(words[signal.start]!.clause);
  for (const signal of unlinked) clauses.add(words[signal.start]!.clause);
  // Null when the scope is the whole post: the shared features serve.
  if (coversEveryClause(words, clauses)) return null;
  return (w) => clauses.has(w.clause);
}

function coversEveryClause(words: readonly PostWord[], clauses: ReadonlySet<number>): boolean {
  // A clause's words follow each other: one look per run of words of the same clause.
  for (let i = 0; i < words.length; i++) if ((i === 0 || words[i]!.clause !== words[i - 1]!.clause) && !clauses.has(words[i]!.clause)) return false;
  return true;
}

/** One place a post names: every mention that rolls up to it, and the threat signals linked to it. */
export interface PlaceCandidate {
  readonly rollupId: string;
  readonly mentions: readonly Mention[];
  readonly links: ReadonlyArray<{ readonly signal: ScoredSignal; readonly link: TargetLink }>;
  /** Threat phrases aimed at this place that a cue cancelled outright (negation, non-violent sense). */
  readonly vetoed?: readonly ScoredSignal[];
}

/** The prefix states of the words around a mention, "l-3:" … "l3:", by offset + LOCAL_WINDOW. */
const LOCAL_AT = Array.from({ length: 2 * LOCAL_WINDOW + 1 }, (_, i) => prefixState(`l${i - LOCAL_WINDOW}:`));

/** The features of one candidate place, appended to `out` after the post's own. */
export function candidateFeatures(reading: PostReading, candidate: PlaceCandidate, otherPlaces: number, otherLinked: boolean, out: FeatureSink): void {
  const words = reading.stream;
  out.push(OTHER_PLACES[Math.min(otherPlaces, 2)]!);
  if (otherLinked) out.push(OTHER_PLACE_LINKED);
  for (const m of candidate.mentions) {
    out.push(named(MENTION_KIND, m.kind));
    if (m.vocative) out.push(VOCATIVE);
    const at = m.collapsedIndex;
    if (at < 0) continue;
    if (at === 0) out.push(FIRST);
    if (words[at]!.quote >= 0) out.push(QUOTED);
    for (const c of reading.cues ?? []) {
      const distance = c.start > at ? c.start - at : at - c.end + 1;
      if (distance <= CUE_WINDOW && words[c.start]!.sentence === words[at]!.sentence) out.push(named(CUE_NEAR, c.kind));
    }
    for (let d = -LOCAL_WINDOW; d <= LOCAL_WINDOW; d++) {
      const w = words[at + d];
      if (!w || d === 0) continue;
      const key = keyOf(w);
      out.push(named(LOCAL_AT[d + LOCAL_WINDOW]!, key));
      out.push(named(LOCAL_WORD, key));
    }
  }
  if (candidate.links.length === 0) out.push(NO_LINK);
  for (const signal of candidate.vetoed ?? []) {
    out.push(named(VETOED, signal.phrase.category));
    for (const h of signal.modifiers) if (h.cue.factor === 0) out.push(named(VETOED_BY, h.cue.kind));
  }
  for (const { signal, link } of candidate.links) {
    const modal = hasIntentModality(words, signal.start, (w) => surfaceOf(reading, w)) ? 'modal' : 'plain';
    out.push(named(LINK_MODAL, modal, signal.phrase.category));
    out.push(named(LINK_MODAL, modal));
    out.push(named(LINK_HOW, link.how));
    out.push(named(LINK_CATEGORY, signal.phrase.category));
    out.push(named(LINK_CATEGORY, signal.phrase.category, bucket(signal.effective * link.factor)));
  }
}
