import type { Language, ModifierKind, Severity, ThreatCategory, ThresholdsFile } from '../config/index.js';
import type { TokenAutomaton } from './token-automaton.js';
import type { FuzzyIndex } from './fuzzy-index.js';
import type { WordCache } from './word-cache.js';
import type { WordFeatures } from './model/place-features.js';

/** A place as the matcher needs it, with the monitored place it rolls up to. */
export interface PlaceRecord {
  readonly id: string;
  readonly name: string;
  readonly rollupId: string;
  readonly rollupName: string;
  /** False when the place or the place it rolls up to is not monitored. */
  readonly alertable: boolean;
}

/** A threat phrase of the lexicon. */
export interface PhraseRecord {
  readonly id: string;
  readonly pattern: string;
  readonly language: Language;
  readonly category: ThreatCategory;
  readonly weight: number;
  readonly selfTargeting: boolean;
  readonly needsNegation: boolean;
  /** Cuts a place off from water, power, roads, bread, aid or its homes and land (see the lexicon schema). */
  readonly deprivation: boolean;
}

/** A modifier cue with its scope resolved from the kind's defaults. */
export interface CueRecord {
  readonly kind: ModifierKind;
  readonly pattern: string;
  readonly factor: number;
  readonly window: number;
  readonly direction: 'before' | 'after' | 'any';
  readonly scope: 'clause' | 'sentence' | 'post';
  readonly cancels: readonly ModifierKind[];
}

/** What an automaton match means. */
export type MatchOutput =
  | {
      readonly type: 'place';
      readonly place: PlaceRecord;
      readonly demonym: boolean;
      /** Counts only with support: a frame, a hashtag or a capital (a common word, or a name's consonants only). */
      readonly singleCommonWord: boolean;
      /**
       * Matched by its consonant skeleton in a non-Arabizi post: a capital at a sentence's start is no support.
       * Always set: output records of one shape per type keep the matcher's reads of them fast.
       */
      readonly bySkeleton: boolean;
    }
  | { readonly type: 'frame'; readonly side: 'before' | 'after' }
  | { readonly type: 'threat'; readonly phrase: PhraseRecord }
  | { readonly type: 'cue'; readonly cue: CueRecord };

/** Everything compileAnalyzer precomputes for one config version. */
export interface CompiledAnalyzer {
  readonly configVersion: string;
  readonly modelVersion: string;
  readonly automaton: TokenAutomaton;
  readonly outputs: readonly MatchOutput[];
  readonly fuzzy: FuzzyIndex;
  /** Built-in cues (@quoted, @negated_verb, @question_mark) when the config defines them. */
  readonly specialCues: ReadonlyMap<string, CueRecord>;
  readonly vocatives: ReadonlySet<string>;
  readonly anaphora: ReadonlySet<string>;
  readonly clauseBreaks: ReadonlySet<string>;
  readonly thresholds: ThresholdsFile;
  /** Cut-offs from the most to the least severe, for score → severity. */
  readonly severityCuts: readonly (readonly [Severity, number])[];
  /** Per-word analyses by script and flags: words repeat across posts, their keys need computing once. */
  readonly wordCache: WordCache;
}

/**
 * What the matcher and the scorer work out from one cached key list, kept beside it so that each
 * post's words reach it by reference instead of a lookup by the list (or a hash of the word).
 */
export interface WordLex {
  readonly keys: readonly string[];
  /** The automaton's steps for these keys (token-automaton.ts), worked out with them. */
  readonly steps: Int32Array;
  /** The scorer's features of the word (model/place-features.ts), set when first scored. */
  features: WordFeatures | null;
}

/** Keys and flags of one surface word, cached across posts; its own {@link WordLex}. */
export interface WordAnalysis extends WordLex {
  /** Arabic circumfix negation was stripped to find the verb (منخلصش → نخلص). */
  readonly negated: boolean;
  /** A typo was corrected to reach a known word. */
  readonly fuzzy: boolean;
  /** Glued words ("deathto", "deservetodie") split apart: each part's keys and where it ends in the word. */
  readonly split: ReadonlyArray<WordLex & { readonly end: number }> | null;
  /** The word is a clause break of the config ("but", "لكن"): looked up once, when the word is first analysed. */
  readonly clauseBreak: boolean;
}
