import type { CompiledAnalyzer } from '../compiled-types.js';
import type { ThreatScorer } from './threat-scorer.js';

/** The scorers compiled into each analyzer. WeakMaps keep CompiledAnalyzer's shape plain data. */
const scorers = new WeakMap<CompiledAnalyzer, ThreatScorer>();
const shadows = new WeakMap<CompiledAnalyzer, ThreatScorer>();

/** Attaches the scorer that decides, and optionally one that runs in shadow, at compile time. */
export function attachScorers(analyzer: CompiledAnalyzer, scorer: ThreatScorer | null, shadow: ThreatScorer | null = null): void {
  if (scorer) scorers.set(analyzer, scorer);
  if (shadow) shadows.set(analyzer, shadow);
}

/** The analyzer's scorer, or undefined when it scores with the rules alone. */
export function scorerOf(analyzer: CompiledAnalyzer): ThreatScorer | undefined {
  return scorers.get(analyzer);
}

/** The scorer running in shadow mode (recorded, never alerting), if the config names one. */
export function shadowOf(analyzer: CompiledAnalyzer): ThreatScorer | undefined {
  return shadows.get(analyzer);
}
