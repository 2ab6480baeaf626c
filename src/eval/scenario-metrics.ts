import { severityAtLeast, severitySchema } from '../config/index.js';
import { isUnmonitoredThreat, shouldAlert } from './alert-rule.js';
import type { EvalItem, Rate } from './eval-item.js';
import type { EvalRow } from './read-dataset.js';

/** Recall on rows labelled with a severity (scenario sets): flagged at all, and flagged at that severity. */
export interface SeverityRecall {
  readonly n: number;
  readonly flagged: number;
  readonly recall: number;
  /** Flagged with exactly the labelled severity. */
  readonly same_severity: number;
}

/** One breakdown (by category, by phenomenon) split the way the scenario README scores it. */
export interface ThreatSplit {
  /** Per key, threats that should alert: `rate` is recall. */
  readonly alerting_threats: Record<string, Rate>;
  /** Per key, rows labelled not_threat: `rate` is the share flagged. */
  readonly non_threats: Record<string, Rate>;
}

/** Headline figures on threats labelled critical that should alert. */
export interface CriticalFigures {
  readonly n: number;
  /** Predicted threat at any severity. */
  readonly flagged: number;
  readonly flagged_rate: number;
  /** Predicted threat at severity high or critical: flagged, and urgent enough to be read first. */
  readonly rated_high_or_critical: number;
  readonly rated_high_or_critical_rate: number;
}

/** Field names scenario sets may use for the expected severity of a threat. */
const SEVERITY_FIELDS = ['severity', 'expected_severity', 'expect_severity'] as const;

const round = (x: number): number => Math.round(x * 10000) / 10000;

/** The labelled severity of a row, when the dataset gives one. */
export function labelledSeverity(row: EvalRow): string | null {
  for (const field of SEVERITY_FIELDS) {
    const value = (row as Record<string, unknown>)[field];
    if (typeof value === 'string' && value !== '') return value.toLowerCase();
  }
  return null;
}

/**
 * Whether a row is marked as a hard negative: `hard_negative: true`, `hard: true`, `difficulty: "hard"`,
 * or "hard_negative" among its `tags` or as its `phenomenon`/`kind`. Datasets mark them in one of these ways.
 */
export function isHardNegative(row: EvalRow): boolean {
  const r = row as Record<string, unknown>;
  if (row.label !== 'not_threat') return false;
  if (r.hard_negative === true || r.hard === true || r.difficulty === 'hard') return true;
  const tags = r.tags;
  if (Array.isArray(tags) && tags.some((t) => t === 'hard_negative' || t === 'hard')) return true;
  return r.phenomenon === 'hard_negative' || r.kind === 'hard_negative';
}

/** Recall per labelled severity over threats that should alert; empty when the dataset labels none. */
export function severityRecall(rows: readonly EvalRow[], items: readonly EvalItem[]): Record<string, SeverityRecall> {
  const acc = new Map<string, { n: number; flagged: number; same: number }>();
  rows.forEach((row, i) => {
    const severity = labelledSeverity(row);
    if (!shouldAlert(row) || !severity) return;
    const entry = acc.get(severity) ?? { n: 0, flagged: 0, same: 0 };
    const item = items[i]!;
    entry.n++;
    if (item.predicted === 'threat') entry.flagged++;
    if (item.predicted === 'threat' && item.severity === severity) entry.same++;
    acc.set(severity, entry);
  });
  return Object.fromEntries(
    [...acc.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([k, e]) => [k, { n: e.n, flagged: e.flagged, recall: round(e.n ? e.flagged / e.n : 0), same_severity: e.same }]),
  );
}

/** Critical threats that should alert: how many were flagged, and how many rated high or critical; null when none is labelled. */
export function criticalFigures(rows: readonly EvalRow[], items: readonly EvalItem[]): CriticalFigures | null {
  let n = 0;
  let flagged = 0;
  let urgent = 0;
  rows.forEach((row, i) => {
    if (!shouldAlert(row) || labelledSeverity(row) !== 'critical') return;
    const item = items[i]!;
    n++;
    if (item.predicted !== 'threat') return;
    flagged++;
    const predicted = severitySchema.safeParse(item.severity);
    if (predicted.success && severityAtLeast(predicted.data, 'high')) urgent++;
  });
  if (n === 0) return null;
  return { n, flagged, flagged_rate: round(flagged / n), rated_high_or_critical: urgent, rated_high_or_critical_rate: round(urgent / n) };
}

/** Threats against unmonitored places that were flagged anyway: each one is an alert that must not happen. */
export function unmonitoredFlagged(rows: readonly EvalRow[], items: readonly EvalItem[]): Rate {
  const tally = new Tally();
  rows.forEach((row, i) => {
    if (isUnmonitoredThreat(row)) tally.add('all', items[i]!);
  });
  return tally.rates().all ?? { flagged: 0, n: 0, rate: 0 };
}

/** Recall per `category` over threats that should alert, flag rate per `category` over non-threats. */
export function byCategory(rows: readonly EvalRow[], items: readonly EvalItem[]): ThreatSplit {
  return splitBy(rows, items, (row) => (row.category ? [row.category] : []));
}

/** Recall per tag of `phenomena` over threats that should alert, flag rate per tag over non-threats. */
export function byPhenomenon(rows: readonly EvalRow[], items: readonly EvalItem[]): ThreatSplit {
  return splitBy(rows, items, (row) => row.phenomena ?? []);
}

/** Flag rate among hard negatives per language; null when no row is marked. */
export function hardNegativeRates(rows: readonly EvalRow[], items: readonly EvalItem[]): Record<string, Rate> | null {
  const tally = new Tally();
  rows.forEach((row, i) => {
    if (isHardNegative(row)) tally.add(row.lang ?? 'unknown', items[i]!);
  });
  return tally.size === 0 ? null : tally.rates();
}

/** Threat_unmonitored rows belong to neither side: they are reported by {@link unmonitoredFlagged}. */
function splitBy(rows: readonly EvalRow[], items: readonly EvalItem[], keysOf: (row: EvalRow) => readonly string[]): ThreatSplit {
  const threats = new Tally();
  const nonThreats = new Tally();
  rows.forEach((row, i) => {
    const side = shouldAlert(row) ? threats : row.label === 'not_threat' ? nonThreats : null;
    if (!side) return;
    for (const key of keysOf(row)) side.add(key, items[i]!);
  });
  return { alerting_threats: threats.rates(), non_threats: nonThreats.rates() };
}

/** Counts rows and flagged rows per key. */
class Tally {
  private readonly counts = new Map<string, { flagged: number; n: number }>();

  get size(): number {
    return this.counts.size;
  }

  add(key: string, item: EvalItem): void {
    const entry = this.counts.get(key) ?? { flagged: 0, n: 0 };
    entry.n++;
    if (item.predicted === 'threat') entry.flagged++;
    this.counts.set(key, entry);
  }

  /** Rates sorted by key. */
  rates(): Record<string, Rate> {
    return Object.fromEntries(
      [...this.counts.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([k, e]) => [k, { flagged: e.flagged, n: e.n, rate: round(e.flagged / e.n) }]),
    );
  }
}
