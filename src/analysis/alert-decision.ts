import { SEVERITY_ORDER, type Severity, type ThresholdsFile } from '../config/index.js';
import type { Analysis } from './types.js';

/**
 * Whether an analysis raises an alert: a monitored target at or above `alert_min_severity`, or, with
 * `anyTarget`, any threat at that severity whether or not a place is named.
 */
export function wouldAlert(analysis: Analysis, thresholds: ThresholdsFile, anyTarget = false): boolean {
  const min = SEVERITY_ORDER.indexOf(thresholds.alert_min_severity);
  const atLeast = (s: Severity): boolean => s !== 'none' && SEVERITY_ORDER.indexOf(s) <= min;
  if (analysis.targets.some((t) => atLeast(t.severity))) return true;
  return anyTarget && atLeast(analysis.severity);
}
