import { analyzePost, wouldAlert, type CompiledAnalyzer } from '../analysis/index.js';
import type { ThresholdsFile } from '../config/index.js';
import { computeMetrics, type EvalItem, type EvalMetrics } from './metrics.js';
import type { EvalRow } from './read-dataset.js';

/** Options of an eval run. */
export interface EvalOptions {
  /** Score threats whatever their target (for datasets that name no place). */
  readonly anyTarget?: boolean;
}

/** The one JSON document `eval --json` prints. */
export interface EvalResult {
  readonly metrics: EvalMetrics;
  readonly items: readonly EvalItem[];
}

/**
 * Runs the analyzer over labelled rows. Predicted threat = would raise an alert for a monitored place
 * (severity ≥ alert_min_severity with a target), or any threat at that severity with `anyTarget`.
 */
export function runEval(rows: readonly EvalRow[], analyzer: CompiledAnalyzer, thresholds: ThresholdsFile, options: EvalOptions = {}): EvalResult {
  const anyTarget = options.anyTarget ?? false;
  const items: EvalItem[] = rows.map((row) => {
    const analysis = analyzePost({ text: row.text, lang: row.lang ?? null }, analyzer, { anyTarget });
    const alert = wouldAlert(analysis, thresholds, anyTarget);
    return {
      id: row.id,
      predicted: alert ? 'threat' : 'not_threat',
      score: analysis.score,
      severity: analysis.severity,
      target_places: analysis.targets.map((t) => t.placeId),
    };
  });
  return { metrics: computeMetrics(rows, items), items };
}
