import { hasIntentModality } from './modality.js';
import { surfaceOf, type PlaceCandidate, type PostReading } from './model/place-features.js';
import type { PostWord } from './post-words.js';
import type { ScoredSignal } from './threat-signals.js';

/** Harms whose explicit statement is grave whatever else the post says: life, storming, takfir. */
const GRAVE = new Set(['death_threat', 'call_to_attack', 'takfir']);
/** A harm phrase this strong after its modifiers and link counts as stated outright. */
const EXPLICIT_STRENGTH = 0.75;
/**
 * A phrase linked to the place within its own sentence (the same clause, a direct address, or across a
 * comma: "ya shabab, sarmin lazem nda22ha 2asf") is aimed at it outright; only a looser link (a hashtag,
 * a pronoun for the place's people in the next sentence) weakens it below the explicit strength.
 */
const SAME_SENTENCE_LINK = 0.95;
/** Below this the model is sure the post is no threat (a joke, sport, a quotation): it keeps its say. */
export const EXPLICIT_MIN_PROBABILITY = 0.2;

/**
 * Deprivation imposed on a place (water, power, roads, bread or aid cut off, said with intent or with
 * terms: سيجد الماء مقطوعاً، رح نسكّر الطرق، لا خبز لحتى يسلموا) is a punishment stated outright. The model
 * learned the words of outages from everyday posts (power cuts, bread queues) and reads them as a
 * complaint, so this construct keeps its floor even when the model is nearly sure: a complaint or a
 * notice has no speaker's intent and no ultimatum, and a report or a question carries its cue.
 */
const IMPOSED_STRENGTH = 0.65;
export const IMPOSED_MIN_PROBABILITY = 0.01;

/** How a harm is aimed at this place outright: a grave one, an imposed punishment, or none. */
export type ExplicitKind = 'grave' | 'imposed' | null;

/**
 * Whether a grave harm phrase is aimed at this place outright: linked to it, strong after the cues in
 * its scope (a negation, report, condemnation or protective vow weakens or cancels it), and said with
 * intent (future, imperative, obligation: سنذبح، رح نقتل، lazem, we will) or, for takfir, declared; else
 * whether a punishment is imposed on it with intent or with terms.
 */
export function explicitThreatKind(candidate: PlaceCandidate, reading: PostReading, unlinked: readonly ScoredSignal[], onlyPlace: boolean): ExplicitKind {
  if (LAUGHTER.test(reading.text)) return null;
  const surface = (w: PostWord): string => surfaceOf(reading, w);
  const at = (i: number): string => {
    const w = reading.stream[i];
    return w ? surfaceOf(reading, w) : '';
  };
  const kindOf = (signal: ScoredSignal, linkFactor: number): ExplicitKind => {
    const category = signal.phrase.category;
    if (signal.modifiers.length > 0) return null;
    const factor = linkFactor >= SAME_SENTENCE_LINK ? 1 : linkFactor;
    if (GRAVE.has(category) && signal.effective * factor >= EXPLICIT_STRENGTH) {
      if (category === 'takfir' || hasIntentModality(reading.stream, signal.start, surface)) return 'grave';
    }
    if (signal.phrase.deprivation && signal.effective * factor >= IMPOSED_STRENGTH) {
      if (hasIntentModality(reading.stream, signal.start, surface) || liftedByUltimatum(at, reading, signal.start)) return 'imposed';
    }
    return null;
  };
  let best: ExplicitKind = null;
  const consider = (kind: ExplicitKind): void => {
    if (kind === 'grave' || (kind === 'imposed' && best === null)) best = kind;
  };
  for (const { signal, link } of candidate.links) consider(kindOf(signal, link.factor));
  // A post that names one place and threatens, sentences later, "everyone who stood in the square"
  // speaks of that place's people (anaphora, long posts).
  if (onlyPlace) for (const signal of unlinked) consider(kindOf(signal, 1));
  return best;
}

/** Laughter and match emoji mark a joke or sport talk: "ra7 nedba7kon 😂😂", "رح تدبح الاتارب ⚽". */
const LAUGHTER = /[😂🤣😹😆😅😜⚽🏆🏀]|ه{4,}|\b(?:lol|lmao|haha+|hh{3,}|xd)\b/u;

/**
 * Whether the only harm the post states about this place is negated outright ("مش هنقتل أهل سراقب",
 * "we will never hurt anyone from Saraqib") and nothing else in it threatens: a negation right
 * before the verb governs it, so the place stays below the lowest cut whatever the words around it.
 * Two negations cancel nothing: one inside a condition ("اللي ما بيطلع…", "whoever does not leave…":
 * the threat is the main clause) and one lifted by an ultimatum ("لن يدخلها رغيف حتى يسلموا…", "not
 * a truck gets in until…": a siege with terms, the "until" read from the phrase's own start, since a
 * phrase may be the ultimatum itself: "ولا خبز لحتى يسلموا"). Those posts are left to the model.
 */
export function isNegatedOnly(candidate: PlaceCandidate, unlinked: readonly ScoredSignal[], reading: PostReading): boolean {
  if (candidate.links.length > 0 || unlinked.length > 0) return false;
  const surface = (i: number): string => {
    const w = reading.stream[i];
    return w ? surfaceOf(reading, w) : '';
  };
  // The negation must govern the verb itself (لن نقتل، مش هنقتل، ما رح نقتل, never hurt): a far one
  // ("who marched against the brothers will be slaughtered") is left to the model.
  return (candidate.vetoed ?? []).some((signal) =>
    signal.modifiers.some((h) => {
      if (h.cue.kind !== 'negation' || h.cue.factor !== 0) return false;
      // A negation word right before the verb. Not the مـ…ش circumfix: a noun in مـ (مسلخ,
      // slaughterhouse) can look like one, and the model reads the circumfix well on its own.
      if (h.cue.pattern === '@negated_verb' || h.end > signal.start || signal.start - h.end > 1) return false;
      return !opensCondition(surface, h.start) && !liftedByUltimatum(surface, reading, signal.start);
    }),
  );
}

/**
 * Whether the post reads no harm phrase at all and, in a sentence that names this place, frames it
 * as defended or cared for: "whoever thinks of reaching out a hand to Oujda…", "must pass over us
 * first", "God protect them", "the landlord in Idlib who…" (one man, not the town). The model alone
 * then read words such as hand, sleep, gates or face as menace; the frame the grammar found wins.
 */
export function isProtectedOnly(candidate: PlaceCandidate, reading: PostReading): boolean {
  if (reading.signals.length > 0 || candidate.links.length > 0 || (candidate.vetoed?.length ?? 0) > 0) return false;
  const sentences = new Set<number>();
  for (const m of candidate.mentions) if (m.collapsedIndex >= 0) sentences.add(reading.stream[m.collapsedIndex]!.sentence);
  const cues = reading.cues ?? [];
  // A frame of several words: one word (protect, صمود, مبارك) is as often the irony of a threat. And
  // no negation inside it: "ما رح نترك" is "we won't abandon it" as often as "we won't leave a house standing".
  const negated = (c: { start: number; end: number }): boolean =>
    cues.some((n) => n.kind === 'negation' && n.start >= c.start && n.start < c.end) ||
    reading.stream.slice(c.start, c.end).some((w) => w.keys.some((k) => FRAME_NEGATIONS.has(k)));
  return cues.some(
    (c) => c.kind === 'protective' && c.end - c.start >= PROTECTIVE_FRAME_WORDS && sentences.has(reading.stream[c.start]!.sentence) && !negated(c),
  );
}

/** Words a protective frame spans at least, to outweigh the model ("من فكر ان يمد", "the landlord in Idlib who"). */
const PROTECTIVE_FRAME_WORDS = 3;
/** Negation particles a frame may carry with a conjunction on (وما منطلع منها), which no negation cue reports. */
const FRAME_NEGATIONS = new Set(['ما', 'وما', 'مش', 'ومش', 'مو', 'ومو', 'لن', 'ولن', 'لا', 'ولا', 'ma', 'mish', 'msh', 'mesh', 'never', 'not', 'wont']);

/**
 * Words that open a condition or a relative clause ("whoever", "if"): a negation right after them
 * belongs to the condition. As written and as keyed: a word's keys read ذ as د (اذا → ادا). Not
 * الذين keyed: الدين is religion ("الدين ما بيسمح نقتل…" negates the threat).
 */
const CONDITION_OPENERS = new Set([
  'من',
  'اللي',
  'الي',
  'يلي',
  'الذي',
  'الذين',
  'الدي',
  'اذا',
  'ادا',
  'لو',
  'who',
  'whoever',
  'if',
  'anyone',
  'anybody',
  'elli',
  'illi',
  'yalli',
  'eli',
  'ili',
  'eza',
  'iza',
  'law',
  'lw',
]);

/** Whether a word (or one of its keys) opens a condition or relative clause: من، اللي، if, whoever, iza. */
export function isConditionOpener(word: string): boolean {
  return CONDITION_OPENERS.has(word);
}

function opensCondition(surface: (i: number) => string, negationStart: number): boolean {
  for (let i = negationStart - 1; i >= Math.max(0, negationStart - 2); i--) {
    const word = surface(i);
    // With its conjunction on, as written: واذا، ولو، فمن.
    if (CONDITION_OPENERS.has(word) || (/^[وف]/.test(word) && CONDITION_OPENERS.has(word.slice(1)))) return true;
  }
  return false;
}

/** "Until" / "unless" words that set terms, as normalized (ى → ي: لحتي); حتى only before a verb (حتى يسلموا), since it also means "even". */
const ULTIMATUM_WORDS = new Set([
  'لحتي',
  'لين',
  'الين',
  'لغايه',
  'لحد',
  'لحدي',
  'l7addi',
  'la7addi',
  'until',
  'till',
  'unless',
  'la7ad',
  'la7ed',
  'la7ta',
  '7atta',
  '7ata',
]);
const VERB_PREFIX = /^[يتن]/;

function liftedByUltimatum(surface: (i: number) => string, reading: PostReading, from: number): boolean {
  const sentence = reading.stream[from]?.sentence;
  for (let i = from; i < reading.stream.length && reading.stream[i]!.sentence === sentence; i++) {
    const word = surface(i);
    if (ULTIMATUM_WORDS.has(word)) return true;
    if (word === 'حتي' && surface(i - 1) !== 'ولا' && VERB_PREFIX.test(surface(i + 1))) return true;
  }
  return false;
}
