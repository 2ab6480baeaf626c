import type { Severity, ThreatCategory } from '../config/index.js';
import type { CompiledAnalyzer } from './compiled-types.js';

/** Threats to life and calls to storm or kill: a confident one is critical, not merely high. */
const GRAVE_CATEGORIES: ReadonlySet<ThreatCategory> = new Set(['death_threat', 'call_to_attack', 'takfir']);

/**
 * The severity of a threat: the band of its calibrated score (how sure we are), raised one step
 * from high to critical for the gravest categories (what is threatened), so that a confident death
 * threat against a town's people is critical.
 */
export function severityOf(score: number, analyzer: CompiledAnalyzer, category: ThreatCategory | null = null): Severity {
  let band: Severity = 'none';
  for (const [severity, cut] of analyzer.severityCuts) {
    if (score >= cut) {
      band = severity;
      break;
    }
  }
  return band === 'high' && category && GRAVE_CATEGORIES.has(category) ? 'critical' : band;
}

/** Human wording of a category for explanations ("death threat"). */
export function categoryLabel(category: ThreatCategory): string {
  return category.replaceAll('_', ' ');
}

/** Rounds scores so that explanations and JSON stay stable across platforms. */
export function roundScore(x: number): number {
  return Math.round(Math.min(1, Math.max(0, x)) * 1000) / 1000;
}
