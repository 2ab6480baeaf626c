import { calibrationReport, type CalibrationReport } from '../analysis/index.js';
import { shouldAlert } from './alert-rule.js';
import type { EvalItem, Rate } from './eval-item.js';
import type { EvalRow } from './read-dataset.js';
import {
  byCategory,
  byPhenomenon,
  criticalFigures,
  hardNegativeRates,
  severityRecall,
  unmonitoredFlagged,
  type CriticalFigures,
  type SeverityRecall,
  type ThreatSplit,
} from './scenario-metrics.js';

export type { EvalItem, Rate };

/** Precision, recall and F1 of the "should alert" class (see {@link shouldAlert}) with their counts. */
export interface Prf {
  readonly n: number;
  readonly tp: number;
  readonly fp: number;
  readonly fn: number;
  readonly tn: number;
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
  /** Share of rows that should not alert that were flagged (non-threats, and threats against unmonitored places). */
  readonly flag_rate_non_threat: number;
}

/** Everything `eval` reports. */
export interface EvalMetrics {
  readonly overall: Prf;
  readonly by_language: Record<string, Prf>;
  readonly by_functionality: Record<string, Prf>;
  /** Predicted-threat rows per severity, and how many of them should alert. */
  readonly by_severity: Record<string, { readonly flagged: number; readonly true_threats: number; readonly precision: number }>;
  /** `threat` holds the rows that should alert, `not_threat` the rest. */
  readonly confusion: {
    readonly threat: { predicted_threat: number; predicted_not_threat: number };
    readonly not_threat: { predicted_threat: number; predicted_not_threat: number };
  };
  /** Per language: flag rate among non-threats contrasting a threat template, and among all non-threats. */
  readonly flag_rates: Record<string, { readonly contrast_of_threat: Rate; readonly all_non_threats: Rate }>;
  readonly worst_misses: { readonly false_negatives: readonly Miss[]; readonly false_positives: readonly Miss[] };
  /** How well scores read as P(threat): ECE over 10 bins, Brier score, reliability table. */
  readonly calibration: CalibrationReport;
  /** Threats that should alert with a labelled severity (scenario sets): recall per severity. Empty otherwise. */
  readonly severity_recall: Record<string, SeverityRecall>;
  /** Flag rate among rows marked as hard negatives, per language; null when none are marked. */
  readonly hard_negatives: Record<string, Rate> | null;
  /** Critical threats that should alert: flagged, and rated high or critical; null when none is labelled critical. */
  readonly critical: CriticalFigures | null;
  /** Threats against unmonitored places (category threat_unmonitored) flagged: they must not alert. */
  readonly unmonitored_flagged: Rate;
  /** Recall per category over alerting threats, flag rate per category over non-threats; empty without categories. */
  readonly by_category: ThreatSplit;
  /** The same split per tag of `phenomena`; empty without phenomena. */
  readonly by_phenomenon: ThreatSplit;
  /** P/R/F1 per `target_place` (how linking holds up place by place, added places included); empty without places. */
  readonly by_target_place: Record<string, Prf>;
}

/** A misclassified row, for the report. */
export interface Miss {
  readonly id: string;
  readonly lang: string;
  readonly functionality: string;
  readonly score: number;
  readonly text: string;
}

const round = (x: number): number => Math.round(x * 10000) / 10000;

/** Computes every metric of an eval run from the rows and the analyzer's items (same order). */
export function computeMetrics(rows: readonly EvalRow[], items: readonly EvalItem[]): EvalMetrics {
  const pairs = rows.map((row, i) => ({ row, item: items[i]! }));
  /** Rows whose key is null are left out. */
  const group = (key: (r: EvalRow) => string | null): Record<string, Prf> => {
    const groups = new Map<string, typeof pairs>();
    for (const p of pairs) {
      const k = key(p.row);
      if (k === null) continue;
      const list = groups.get(k);
      if (list) list.push(p);
      else groups.set(k, [p]);
    }
    return Object.fromEntries([...groups.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([k, list]) => [k, prf(list)]));
  };
  const overall = prf(pairs);
  const bySeverity: EvalMetrics['by_severity'] = {};
  for (const p of pairs) {
    if (p.item.predicted !== 'threat') continue;
    const entry = (bySeverity[p.item.severity] ??= { flagged: 0, true_threats: 0, precision: 0 }) as {
      flagged: number;
      true_threats: number;
      precision: number;
    };
    entry.flagged++;
    if (shouldAlert(p.row)) entry.true_threats++;
    entry.precision = round(entry.true_threats / entry.flagged);
  }
  const flagRates: EvalMetrics['flag_rates'] = {};
  for (const lang of [...new Set(rows.map(langOf))].sort()) {
    const non = pairs.filter((p) => langOf(p.row) === lang && p.row.label === 'not_threat');
    flagRates[lang] = { contrast_of_threat: rate(non.filter((p) => p.row.contrast_of === 'threat')), all_non_threats: rate(non) };
  }
  const miss = (p: (typeof pairs)[number]): Miss => ({
    id: p.row.id,
    lang: langOf(p.row),
    functionality: p.row.functionality_or_source_label ?? p.row.category ?? '',
    score: p.item.score,
    text: p.row.text.length > 160 ? `${p.row.text.slice(0, 157)}...` : p.row.text,
  });
  const fns = pairs
    .filter((p) => shouldAlert(p.row) && p.item.predicted !== 'threat')
    .sort((a, b) => a.item.score - b.item.score || a.row.id.localeCompare(b.row.id));
  const fps = pairs
    .filter((p) => !shouldAlert(p.row) && p.item.predicted === 'threat')
    .sort((a, b) => b.item.score - a.item.score || a.row.id.localeCompare(b.row.id));
  return {
    overall,
    by_language: group(langOf),
    by_functionality: group((r) => `${langOf(r)}/${r.functionality_or_source_label ?? 'none'}`),
    by_severity: bySeverity,
    confusion: {
      threat: { predicted_threat: overall.tp, predicted_not_threat: overall.fn },
      not_threat: { predicted_threat: overall.fp, predicted_not_threat: overall.tn },
    },
    flag_rates: flagRates,
    worst_misses: { false_negatives: fns.slice(0, 15).map(miss), false_positives: fps.slice(0, 15).map(miss) },
    calibration: calibrationReport(
      items.map((i) => i.score),
      rows.map((r) => (shouldAlert(r) ? 1 : 0)),
    ),
    severity_recall: severityRecall(rows, items),
    hard_negatives: hardNegativeRates(rows, items),
    critical: criticalFigures(rows, items),
    unmonitored_flagged: unmonitoredFlagged(rows, items),
    by_category: byCategory(rows, items),
    by_phenomenon: byPhenomenon(rows, items),
    by_target_place: group((r) => r.target_place ?? null),
  };
}

function langOf(row: EvalRow): string {
  return row.lang ?? 'unknown';
}

function prf(pairs: ReadonlyArray<{ row: EvalRow; item: EvalItem }>): Prf {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let tn = 0;
  for (const { row, item } of pairs) {
    const actual = shouldAlert(row);
    const predicted = item.predicted === 'threat';
    if (actual && predicted) tp++;
    else if (actual) fn++;
    else if (predicted) fp++;
    else tn++;
  }
  const precision = tp + fp === 0 ? 0 : tp / (tp + fp);
  const recall = tp + fn === 0 ? 0 : tp / (tp + fn);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return {
    n: pairs.length,
    tp,
    fp,
    fn,
    tn,
    precision: round(precision),
    recall: round(recall),
    f1: round(f1),
    flag_rate_non_threat: round(fp + tn === 0 ? 0 : fp / (fp + tn)),
  };
}

function rate(pairs: ReadonlyArray<{ row: EvalRow; item: EvalItem }>): Rate {
  const flagged = pairs.filter((p) => p.item.predicted === 'threat').length;
  return { flagged, n: pairs.length, rate: round(pairs.length === 0 ? 0 : flagged / pairs.length) };
}
