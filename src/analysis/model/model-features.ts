import { threatCategorySchema } from '../../config/index.js';
import { modifierKindSchema } from '../../config/schema/modifiers.js';
import type { PostWord } from '../post-words.js';
import type { ScoredSignal } from '../threat-signals.js';

const CATEGORIES = threatCategorySchema.options;
/** Endorsement only cancels other kinds (never kept on a signal), so it carries no damping of its own. */
const DAMPING_KINDS = modifierKindSchema.options.filter((k) => k !== 'endorsement');

/**
 * The model's input layout, in order. Every entry lies in [0, 1] (text evidence in [-1, 1]); the
 * signs in {@link FEATURE_SIGNS} keep the model monotone in the rules' own evidence.
 */
export const MODEL_FEATURES: readonly string[] = [
  'rule_score',
  'phrase_weight',
  ...CATEGORIES.map((c) => `category_${c}`),
  ...DAMPING_KINDS.map((k) => `damping_${k}`),
  'fuzzy_spelling',
  'extra_phrases',
  'signal_count',
  'place_named',
  'has_signal',
  'script_arabic',
  'text_evidence',
];

/**
 * Sign constraint per feature (+1 weight ≥ 0, −1 weight ≤ 0, 0 free): more rule score, heavier phrases
 * and more threat-like words never lower P(threat); stronger damping cues never raise it.
 */
export const FEATURE_SIGNS: readonly number[] = MODEL_FEATURES.map((name) =>
  name === 'rule_score' || name === 'phrase_weight' || name === 'text_evidence' || name === 'extra_phrases'
    ? 1
    : name.startsWith('damping_')
      ? -1
      : 0,
);

const AT = new Map(MODEL_FEATURES.map((n, i) => [n, i]));
const at = (name: string): number => AT.get(name)!;
const I_RULE = at('rule_score');
const I_WEIGHT = at('phrase_weight');
const I_CATEGORY = CATEGORIES.map((c) => at(`category_${c}`));
const I_DAMPING = new Map(DAMPING_KINDS.map((k) => [k as string, at(`damping_${k}`)]));
const I_FUZZY = at('fuzzy_spelling');
const I_EXTRA = at('extra_phrases');
const I_SIGNALS = at('signal_count');
const I_PLACE = at('place_named');
const I_HAS = at('has_signal');
const I_ARABIC = at('script_arabic');
const I_TEXT = at('text_evidence');

/** Facts about the whole post that every candidate of it shares. */
export interface PostFacts {
  readonly signalCount: number;
  readonly placeNamed: boolean;
  readonly arabic: boolean;
  /** Text evidence already squashed into [-1, 1]. */
  readonly text: number;
}

/** The post-level facts, from the collapsed words and the scored signals. */
export function postFacts(words: readonly PostWord[], signals: readonly ScoredSignal[], placeNamed: boolean, text: number): PostFacts {
  let arabic = 0;
  let latin = 0;
  for (const w of words) {
    if (w.script === 'ar') arabic++;
    else if (w.script === 'lat') latin++;
  }
  return { signalCount: signals.length, placeNamed, arabic: arabic > latin, text };
}

/**
 * Writes the features of one candidate (a threat signal aimed at a place, the strongest signal in
 * any-target mode, or none) into `out`, which the caller reuses across posts: no allocation per post.
 * `ruleScore` is the rules' own score of that candidate (weight × modifiers × link, plus bonuses).
 */
export function writeFeatures(
  out: Float64Array,
  signal: ScoredSignal | null,
  ruleScore: number,
  distinctPhrases: number,
  words: readonly PostWord[],
  facts: PostFacts,
): Float64Array {
  out.fill(0);
  out[I_SIGNALS] = Math.min(4, facts.signalCount) / 4;
  out[I_PLACE] = facts.placeNamed ? 1 : 0;
  out[I_ARABIC] = facts.arabic ? 1 : 0;
  out[I_TEXT] = facts.text;
  if (!signal) return out;
  out[I_HAS] = 1;
  out[I_RULE] = Math.min(1, Math.max(0, ruleScore));
  out[I_WEIGHT] = signal.phrase.weight;
  out[I_CATEGORY[CATEGORIES.indexOf(signal.phrase.category)]!] = 1;
  for (const h of signal.modifiers) {
    const i = I_DAMPING.get(h.cue.kind);
    if (i !== undefined) out[i] = Math.max(out[i]!, 1 - h.cue.factor);
  }
  for (let i = signal.start; i < signal.end; i++) if (words[i]!.fuzzy) out[I_FUZZY] = 1;
  out[I_EXTRA] = Math.min(2, Math.max(0, distinctPhrases - 1)) / 2;
  return out;
}
