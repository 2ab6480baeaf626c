import type { EvalRow } from './read-dataset.js';

/** Scenario-set category of a real threat against a place that is not monitored: it must not alert. */
export const UNMONITORED_CATEGORY = 'threat_unmonitored';

/**
 * The truth every metric scores against: a row should alert iff it is labelled a threat and is not a
 * threat against an unmonitored place (the scenario sets' alert rule; rows without a category are
 * judged by their label alone).
 */
export function shouldAlert(row: EvalRow): boolean {
  return row.label === 'threat' && !isUnmonitoredThreat(row);
}

/** A real threat against an unmonitored place: counted apart, neither a miss nor a non-threat. */
export function isUnmonitoredThreat(row: EvalRow): boolean {
  return row.label === 'threat' && row.category === UNMONITORED_CATEGORY;
}
