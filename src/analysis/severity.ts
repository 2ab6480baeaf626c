import type { Severity, ThreatCategory } from '../config/index.js';
import type { CompiledAnalyzer } from './compiled-types.js';

/** The severity band of a score, from the config's cut-offs. */
export function severityOf(score: number, analyzer: CompiledAnalyzer): Severity {
  for (const [severity, cut] of analyzer.severityCuts) if (score >= cut) return severity;
  return 'none';
}

/** Human wording of a category for explanations ("death threat"). */
export function categoryLabel(category: ThreatCategory): string {
  return category.replaceAll('_', ' ');
}

/** Rounds scores so that explanations and JSON stay stable across platforms. */
export function roundScore(x: number): number {
  return Math.round(Math.min(1, Math.max(0, x)) * 1000) / 1000;
}
