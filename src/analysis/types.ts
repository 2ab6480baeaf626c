import type { ModifierKind, Severity, ThreatCategory } from '../config/index.js';

/** A half-open range [start, end) in UTF-16 code units of the ORIGINAL post text, with that text. */
export interface Span {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/** How a place was named. */
export type PlaceMatchKind = 'alias' | 'demonym' | 'people_of' | 'hashtag' | 'fuzzy';

export interface PlaceMention {
  readonly placeId: string;
  /** The monitored place this mention rolls up to (itself, or its parent town). */
  readonly rollupPlaceId: string;
  readonly name: string;
  readonly kind: PlaceMatchKind;
  readonly span: Span;
}

export interface ThreatSignal {
  readonly phraseId: string;
  readonly pattern: string;
  readonly category: ThreatCategory;
  readonly weight: number;
  readonly span: Span;
}

export interface ModifierHit {
  readonly kind: ModifierKind;
  readonly cue: string;
  /** Multiplier applied to the score (0 vetoes). */
  readonly factor: number;
  readonly span: Span;
}

/** A monitored place the post threatens, with the evidence that links threat and place. */
export interface TargetedPlace {
  readonly placeId: string;
  readonly name: string;
  readonly score: number;
  readonly severity: Severity;
  readonly category: ThreatCategory;
  /** Why the threat counts as aimed at this place: proximity, vocative, hashtag, same clause… */
  readonly linkedBy: string;
}

/** The analyzer's full answer for one post: everything a reviewer needs to see why. */
export interface Analysis {
  readonly score: number;
  readonly severity: Severity;
  readonly category: ThreatCategory | null;
  readonly targets: readonly TargetedPlace[];
  readonly places: readonly PlaceMention[];
  readonly signals: readonly ThreatSignal[];
  readonly modifiers: readonly ModifierHit[];
  readonly configVersion: string;
  readonly modelVersion: string;
  /** One line, e.g. `death threat against Darat Izza ("slaughter" near "people of Darat Izza"); no modifiers`. */
  readonly explanation: string;
  /** Who the source speaks for, when config tags the feed or account (raises priority; shown to reviewers). */
  readonly affiliation?: string | null;
  /** Scores of the shadow model, when the config runs one: recorded for comparison, never alerted on. */
  readonly shadow?: ShadowScores;
}

/** A shadow model's scores of the monitored places a post names. */
export interface ShadowScores {
  readonly modelVersion: string;
  readonly targets: ReadonlyArray<{ readonly placeId: string; readonly score: number; readonly category: ThreatCategory }>;
}

/** What the analyzer reads of a post. */
export interface AnalyzerInput {
  readonly text: string;
  readonly lang?: string | null;
  /** Affiliation of the source or author (config), which raises priority. */
  readonly affiliation?: string | null;
}

/** Options of the analyzer: `anyTarget` scores threats with no monitored place (eval of plain sets). */
export interface AnalyzeOptions {
  readonly anyTarget?: boolean;
}
