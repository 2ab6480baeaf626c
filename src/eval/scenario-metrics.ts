import type { EvalItem, Rate } from './metrics.js';
import type { EvalRow } from './read-dataset.js';

/** Recall on rows labelled with a severity (scenario sets): flagged at all, and flagged at that severity. */
export interface SeverityRecall {
  readonly n: number;
  readonly flagged: number;
  readonly recall: number;
  /** Flagged with exactly the labelled severity. */
  readonly same_severity: number;
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

/** Recall per labelled severity (threat rows only); empty when the dataset labels none. */
export function severityRecall(rows: readonly EvalRow[], items: readonly EvalItem[]): Record<string, SeverityRecall> {
  const acc = new Map<string, { n: number; flagged: number; same: number }>();
  rows.forEach((row, i) => {
    const severity = labelledSeverity(row);
    if (row.label !== 'threat' || !severity) return;
    const entry = acc.get(severity) ?? { n: 0, flagged: 0, same: 0 };
    const item = items[i]!;
    entry.n++;
    if (item.predicted === 'threat') entry.flagged++;
    if (item.predicted === 'threat' && item.severity === severity) entry.same++;
    acc.set(severity, entry);
  });
  return Object.fromEntries(
    [...acc.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([k, e]) => [k, { n: e.n, flagged: e.flagged, recall: round(e.n ? e.flagged / e.n : 0), same_severity: e.same }]),
  );
}

/** Flag rate among hard negatives per language; null when no row is marked. */
export function hardNegativeRates(rows: readonly EvalRow[], items: readonly EvalItem[]): Record<string, Rate> | null {
  const acc = new Map<string, { flagged: number; n: number }>();
  rows.forEach((row, i) => {
    if (!isHardNegative(row)) return;
    const lang = row.lang ?? 'unknown';
    const entry = acc.get(lang) ?? { flagged: 0, n: 0 };
    entry.n++;
    if (items[i]!.predicted === 'threat') entry.flagged++;
    acc.set(lang, entry);
  });
  if (acc.size === 0) return null;
  return Object.fromEntries([...acc.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([k, e]) => [k, { flagged: e.flagged, n: e.n, rate: round(e.flagged / e.n) }]));
}
