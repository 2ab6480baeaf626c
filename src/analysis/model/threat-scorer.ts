import type { ThreatCategory } from '../../config/index.js';
import type { ScoredCandidate } from './place-candidates.js';
import type { PostReading } from './place-features.js';

/** A scorer's verdict on one candidate place of a post. */
export interface CandidateScore {
  /** Calibrated P(the post threatens this place or its people). */
  readonly probability: number;
  /** The kind of threat it would be (may be worked out when first read: read it before the next post is analysed). */
  readonly category: ThreatCategory;
}

/**
 * The seam between reading a post and judging it: a scorer turns the candidate places of a post into
 * calibrated probabilities. The shipped one is a hashed linear model ({@link PlaceThreatModel}); a
 * second scorer can run in shadow mode (its scores recorded in each analysis, never alerting) so that a
 * better model is compared on live traffic before it is switched on. Scorers are pure and synchronous:
 * one that needs I/O belongs behind src/pipeline, which may go async, never inside the analyzer.
 * A candidate's features are views valid only until the next post is read: a scorer copies what it keeps.
 */
export interface ThreatScorer {
  readonly version: string;
  /** One score per candidate, in order. */
  score(candidates: readonly ScoredCandidate[], post: PostReading): CandidateScore[];
  /** P(threat) of a post that names no place (any-target evaluation of place-less datasets). */
  scorePlaceless(features: Int32Array): CandidateScore;
}
