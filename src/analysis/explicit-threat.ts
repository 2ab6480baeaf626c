import { hasIntentModality } from './modality.js';
import { surfaceOf, type PlaceCandidate, type PostReading } from './model/place-features.js';
import type { PostWord } from './post-words.js';
import type { ScoredSignal } from './threat-signals.js';

/** Harms whose explicit statement is grave whatever else the post says: life, storming, takfir. */
const GRAVE = new Set(['death_threat', 'call_to_attack', 'takfir']);
/** A harm phrase this strong after its modifiers and link counts as stated outright. */
const EXPLICIT_STRENGTH = 0.75;
/** Below this the model is sure the post is no threat (a joke, sport, a quotation): it keeps its say. */
export const EXPLICIT_MIN_PROBABILITY = 0.2;

/**
 * Whether a grave harm phrase is aimed at this place outright: linked to it, strong after the cues in
 * its scope (a negation, report, condemnation or protective vow weakens or cancels it), and said with
 * intent (future, imperative, obligation: سنذبح، رح نقتل، lazem, we will) or, for takfir, declared.
 */
export function isExplicitThreat(candidate: PlaceCandidate, reading: PostReading, unlinked: readonly ScoredSignal[], onlyPlace: boolean): boolean {
  if (LAUGHTER.test(reading.text)) return false;
  const surface = (w: PostWord): string => surfaceOf(reading, w);
  const explicit = (signal: ScoredSignal, factor: number): boolean => {
    const category = signal.phrase.category;
    if (!GRAVE.has(category) || signal.effective * factor < EXPLICIT_STRENGTH || signal.modifiers.length > 0) return false;
    return category === 'takfir' || hasIntentModality(reading.stream, signal.start, surface);
  };
  if (candidate.links.some(({ signal, link }) => explicit(signal, link.factor))) return true;
  // A post that names one place and threatens, sentences later, "everyone who stood in the square"
  // speaks of that place's people (anaphora, long posts).
  return onlyPlace && unlinked.some((signal) => explicit(signal, 1));
}

/** Laughter and match emoji mark a joke or sport talk: "ra7 nedba7kon 😂😂", "رح تدبح الاتارب ⚽". */
const LAUGHTER = /[😂🤣😹😆😅😜⚽🏆🏀]|ه{4,}|\b(?:lol|lmao|haha+|hh{3,}|xd)\b/u;

/**
 * Whether the only harm the post states about this place is negated outright ("مش هنقتل أهل سراقب",
 * "we will never hurt anyone from Saraqib") and nothing else in it threatens: a negation right
 * before the verb governs it, so the place stays below the lowest cut whatever the words around it.
 * Two negations cancel nothing: one inside a condition ("اللي ما بيطلع…", "whoever does not leave…":
 * the threat is the main clause) and one lifted by an ultimatum ("لن يدخلها رغيف حتى يسلموا…", "not
 * a truck gets in until…": a siege with terms). Those posts are left to the model.
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
      return !opensCondition(surface, h.start) && !liftedByUltimatum(surface, reading, signal.end);
    }),
  );
}

/** Words that open a condition or a relative clause ("whoever", "if"): a negation right after them belongs to the condition. */
const CONDITION_OPENERS = new Set([
  'من',
  'اللي',
  'الي',
  'يلي',
  'الذي',
  'الذين',
  'اذا',
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
  for (let i = negationStart - 1; i >= Math.max(0, negationStart - 2); i--) if (CONDITION_OPENERS.has(surface(i))) return true;
  return false;
}

/** "Until" / "unless" words that set terms (normalized: ى → ي); حتى only before a verb (حتى يسلموا), since it also means "even". */
const ULTIMATUM_WORDS = new Set(['لحتى', 'لين', 'لغايه', 'لحد', 'until', 'till', 'unless', 'la7ad', 'la7ed', 'la7ta', '7atta', '7ata']);
const VERB_PREFIX = /^[يتن]/;

function liftedByUltimatum(surface: (i: number) => string, reading: PostReading, from: number): boolean {
  const sentence = reading.stream[from - 1]?.sentence;
  for (let i = from; i < reading.stream.length && reading.stream[i]!.sentence === sentence; i++) {
    const word = surface(i);
    if (ULTIMATUM_WORDS.has(word)) return true;
    if (word === 'حتي' && surface(i - 1) !== 'ولا' && VERB_PREFIX.test(surface(i + 1))) return true;
  }
  return false;
}
