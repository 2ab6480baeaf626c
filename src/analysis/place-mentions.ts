import type { PlaceMatchKind } from './types.js';
import type { CompiledAnalyzer, PlaceRecord } from './compiled-types.js';
import {
  OUTPUT_FRAME_AFTER,
  OUTPUT_FRAME_BEFORE,
  OUTPUT_KIND,
  OUTPUT_PLACE,
  OUTPUT_THREAT,
  outputKinds,
  outputPlaces,
  PLACE_BY_SKELETON,
  PLACE_DEMONYM,
  PLACE_SINGLE_COMMON_WORD,
} from './output-kinds.js';
import { TARGET_KEY } from './pattern-compiler.js';
import { isArabiziWord, type PostWord } from './post-words.js';
import type { AutomatonMatch } from './token-automaton.js';

/** A place named in the post, over words [start, end) (resident frame included). */
export interface Mention {
  readonly start: number;
  readonly end: number;
  readonly place: PlaceRecord;
  readonly kind: PlaceMatchKind;
  /** Addressed directly (يا أهل X, ya ahl X). */
  readonly vocative: boolean;
  /** Index of this mention's single word in the collapsed stream. */
  collapsedIndex: number;
}

/**
 * Picks the place mentions among the automaton's matches: the longest name wins an overlap, a resident
 * frame right before ("people of", "أهالي") or after ("residents") turns it into its people, and a
 * one-word name that is also a common word counts only inside such a frame, a hashtag, or written
 * with a capital inside a sentence in Latin script. `original` gives the post's own text of a normalized range.
 */
export function findMentions(
  words: readonly PostWord[],
  matches: readonly AutomatonMatch[],
  analyzer: CompiledAnalyzer,
  original: (start: number, end: number) => string = () => '',
): Mention[] {
  const kinds = outputKinds(analyzer.outputs);
  const hits: AutomatonMatch[] = [];
  // Frames are rare: their maps are made when one is found.
  let frameBefore: Map<number, number> | null = null;
  let frameAfter: Map<number, number> | null = null;
  let threatened = false;
  for (const m of matches) {
    const kind = kinds[m.output]! & OUTPUT_KIND;
    if (kind === OUTPUT_PLACE) hits.push(m);
    else if (kind === OUTPUT_FRAME_BEFORE) (frameBefore ??= new Map()).set(m.end, Math.min(frameBefore.get(m.end) ?? m.start, m.start));
    else if (kind === OUTPUT_FRAME_AFTER) (frameAfter ??= new Map()).set(m.start, Math.max(frameAfter.get(m.start) ?? m.end, m.end));
    else if (kind === OUTPUT_THREAT) threatened = true;
  }
  if (hits.length === 0) return [];
  hits.sort((a, b) => b.end - b.start - (a.end - a.start) || a.start - b.start);
  const taken = new Uint8Array(words.length);
  const mentions: Mention[] = [];
  let arabizi: boolean | undefined; // whether the post is written in Arabizi, read once if needed
  let places: ReadonlyArray<PlaceRecord | null> | undefined;
  for (const hit of hits) {
    let free = true;
    for (let i = hit.start; i < hit.end; i++) if (taken[i]) free = false;
    if (!free) continue;
    const flags = kinds[hit.output]!;
    const demonym = (flags & PLACE_DEMONYM) !== 0;
    const before = frameBefore?.get(hit.start);
    // A name's three-consonant skeleton in an Arabizi post (a ~ key; an English post's words carry ≈
    // ones) is marked by a frame before it only: "X w ahla", "X men" follow ordinary words too
    // ("nsaweha trab w nasha", "tetrabba men jdid" both read as Atarib's ~trb).
    const shortSkeleton = (flags & PLACE_BY_SKELETON) !== 0 && !words[hit.start]!.keys.some((k) => k.startsWith('≈'));
    const after = shortSkeleton ? undefined : frameAfter?.get(hit.end);
    const framed = before !== undefined || after !== undefined;
    const hashtag = words[hit.start]!.hashtag;
    const sentenceStart = hit.start === 0 || words[hit.start - 1]!.sentence !== words[hit.start]!.sentence;
    // A capital is a name's mark inside a sentence. At a sentence's start one word tells nothing
    // ("Dana went to the market") unless the post threatens ("Harem: beheadings coming"); a name of
    // several capitalised words does (Maaret al-Nouman). Never in Arabizi (its writers capitalise any
    // first word: "Dar" is "house"), nor for a one-word skeleton match ("Banish" is not Binnish).
    const startCounts = (): boolean =>
      ((flags & PLACE_BY_SKELETON) !== 0 ? hit.end - hit.start > 1 : threatened || hit.end - hit.start > 1) && !(arabizi ??= isArabiziStream(words, original));
    const written = (): boolean => capitalized(original(words[hit.start]!.start, words[hit.end - 1]!.end)) && (!sentenceStart || startCounts());
    // "ya ma3arwe", "يا سراقبية": people addressed by their demonym are named, whatever its spelling.
    // Not by an Arabic spelling that needs support (a short vowel skeleton): يا before an ordinary
    // word is an exclamation or an insult (يا حرام "what a pity", يا حرامي "you thief", both حارم's ≠حرم).
    const addressed = (): boolean =>
      demonym &&
      hit.start > 0 &&
      !((flags & PLACE_SINGLE_COMMON_WORD) !== 0 && words[hit.start]!.script === 'ar') &&
      words[hit.start - 1]!.keys.some((k) => analyzer.vocatives.has(k));
    // "allah yeb3at 3a ari7a zelzal", "kolna 3a ari7a": an Arabizi "on" before the name in a post that
    // threatens aims the harm at a place, not at the common word (not at a word that only shares a
    // name's skeleton: "raj3ouhon 3al trab" is to the soil, not to Atarib).
    const aimedAt = (): boolean =>
      threatened &&
      (flags & PLACE_BY_SKELETON) === 0 &&
      hit.start > 0 &&
      words[hit.start]!.script === 'lat' &&
      ARABIZI_ON.has(original(words[hit.start - 1]!.start, words[hit.start - 1]!.end).toLowerCase());
    if ((flags & PLACE_SINGLE_COMMON_WORD) !== 0 && !framed && !hashtag && !written() && !addressed() && !aimedAt()) continue;
    if (
      hit.end - hit.start === 1 &&
      words[hit.start]!.script === 'lat' &&
      ARABIZI_HAVE.test(original(words[hit.start]!.start, words[hit.start]!.end).toLowerCase())
    )
      continue;
    // A frame reaches out to its own words only: it stops short of a word another mention holds
    // ("every man in Taftanaz" once "man" was read as Ma'an), or mentions would overlap.
    let start = before ?? hit.start;
    for (let i = hit.start - 1; i >= start; i--) if (taken[i]) start = i + 1;
    let end = after ?? hit.end;
    for (let i = hit.end; i < end; i++) if (taken[i]) end = i;
    for (let i = start; i < end; i++) taken[i] = 1;
    const vocative = start > 0 && words[start - 1]!.keys.some((k) => analyzer.vocatives.has(k));
    const place = (places ??= outputPlaces(analyzer.outputs))[hit.output]!;
    mentions.push({ start, end, place, kind: kindOf(words, hit, demonym, framed, hashtag), vocative, collapsedIndex: -1 });
  }
  return mentions.sort((a, b) => a.start - b.start);
}

/**
 * Arabizi عند ("at", "to have") with a pronoun (3andna, 3andon, 3endon, 3indkon): among the commonest words of
 * any Arabizi post, and their skeleton (~3ndn) is a town's too (3andan, Anadan). Never a name alone.
 */
const ARABIZI_HAVE = /^3[aei]?nd(?:na|ne|on|oun|hon|hom|hum|kon|kom|kum|ak|ek|ik|o|ou|ha|i|y)$/;

/** Arabizi على ("on", "against"), as written apart before a name. */
const ARABIZI_ON = new Set(['3a', '3ala', '3al', '3la', '3l', '3ale']);

/** Arabizi posts' Latin words carry their consonant skeleton (`~`) among their keys. */
function isArabiziStream(words: readonly PostWord[], original: (start: number, end: number) => string): boolean {
  // Written mostly in Arabizi, not English with an "inshallah" in it: a quarter of its Latin words
  // are Arabizi on their face, or three of them.
  let latin = 0;
  let arabizi = 0;
  for (const w of words) {
    if (w.script !== 'lat') continue;
    latin++;
    if (isArabiziWord(original(w.start, w.end).toLowerCase())) arabizi++;
  }
  return arabizi > 0 && (arabizi * 4 >= latin || arabizi >= 3);
}

/** A Latin name written with a capital inside a sentence ("punishment for Harem") is a name, not the common word. */
function capitalized(text: string): boolean {
  return /^[A-Z]/.test(text);
}

function kindOf(words: readonly PostWord[], hit: AutomatonMatch, demonym: boolean, framed: boolean, hashtag: boolean): PlaceMatchKind {
  if (hashtag) return 'hashtag';
  for (let i = hit.start; i < hit.end; i++) if (words[i]!.fuzzy) return 'fuzzy';
  if (framed) return 'people_of';
  return demonym ? 'demonym' : 'alias';
}

/**
 * The word stream with every mention folded into one `@target` word, so that patterns such as
 * "make * suffer" or "نسمح ** يعيش" read "make [the residents of Darat Izza] suffer" as one slot.
 * Sets each mention's `collapsedIndex`.
 */
/** The one key list of every folded mention: shared, so per-word caches keyed by key list see one object. */
const TARGET_WORD_KEYS: readonly string[] = Object.freeze([TARGET_KEY]);

export function collapseMentions(words: readonly PostWord[], mentions: Mention[]): PostWord[] {
  const out: PostWord[] = [];
  let m = 0;
  for (let i = 0; i < words.length;) {
    const mention = mentions[m];
    if (mention && mention.start === i) {
      const first = words[i]!;
      const last = words[mention.end - 1]!;
      mention.collapsedIndex = out.length;
      // A literal, not a spread of `first`: the same shape as every other word, and cheaper to build.
      out.push({
        start: first.start,
        end: last.end,
        keys: TARGET_WORD_KEYS,
        script: first.script,
        sentence: first.sentence,
        clause: first.clause,
        quote: first.quote,
        hashtag: first.hashtag,
        negated: false,
        fuzzy: false,
        steps: null,
        lex: null,
      });
      i = mention.end;
      m++;
    } else out.push(words[i++]!);
  }
  return out;
}
