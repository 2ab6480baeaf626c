import { SEVERITY_ORDER, type Severity, type ThreatCategory } from '../config/index.js';
import type { CompiledAnalyzer } from './compiled-types.js';

/**
 * The least severity of each kind of threat once it is flagged at all: threats to life, calls to storm
 * or massacre and takfir that licenses killing are critical; collective punishment, siege and
 * expulsion high; veiled intimidation medium.
 */
const CONSTRUCT_SEVERITY: Readonly<Record<ThreatCategory, Severity>> = {
  death_threat: 'critical',
  call_to_attack: 'critical',
  takfir: 'critical',
  punishment: 'high',
  expulsion: 'high',
  intimidation: 'medium',
};

/**
 * The severity of a threat: none below the lowest cut; above it, the more severe of what is threatened
 * (its category's construct severity) and how sure we are (the band of the calibrated score, which
 * alone reaches at most high: only the kind of threat makes it critical).
 */
export function severityOf(score: number, analyzer: CompiledAnalyzer, category: ThreatCategory | null = null): Severity {
  let band: Severity = 'none';
  for (const [severity, cut] of analyzer.severityCuts) {
    if (score >= cut) {
      band = severity;
      break;
    }
  }
  if (band === 'none') return band;
  if (band === 'critical') band = 'high';
  if (!category) return band;
  const floor = CONSTRUCT_SEVERITY[category];
  return SEVERITY_ORDER.indexOf(floor) < SEVERITY_ORDER.indexOf(band) ? floor : band;
}

/** Human wording of a category for explanations ("death threat"). */
export function categoryLabel(category: ThreatCategory): string {
  return category.replaceAll('_', ' ');
}

/** Rounds scores so that explanations and JSON stay stable across platforms. */
export function roundScore(x: number): number {
  return Math.round(Math.min(1, Math.max(0, x)) * 1000) / 1000;
}
