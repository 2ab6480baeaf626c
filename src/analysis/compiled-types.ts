import type { Language, ModifierKind, Severity, ThreatCategory, ThresholdsFile } from '../config/index.js';
import type { TokenAutomaton } from './token-automaton.js';
import type { FuzzyIndex } from './fuzzy-index.js';

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
  /** Per-word analysis caches by script and flags: words repeat across posts, their keys need computing once. */
  readonly wordCache: Array<Map<string, WordAnalysis> | undefined>;
}

/** Keys and flags of one surface word, cached across posts. */
export interface WordAnalysis {
  readonly keys: readonly string[];
  /** Arabic circumfix negation was stripped to find the verb (منخلصش → نخلص). */
  readonly negated: boolean;
  /** A typo was corrected to reach a known word. */
  readonly fuzzy: boolean;
  /** Glued words ("deathto", "deservetodie") split apart: each part's keys and where it ends in the word. */
  readonly split: ReadonlyArray<{ readonly keys: readonly string[]; readonly end: number }> | null;
  /** The word is a clause break of the config ("but", "لكن"): looked up once, when the word is first analysed. */
  readonly clauseBreak?: boolean;
}
