import { z } from 'zod';

export const severitySchema = z.enum(['critical', 'high', 'medium', 'low', 'none']);
export type Severity = z.infer<typeof severitySchema>;

/** Severities from the most to the least urgent; index order is rank order. */
export const SEVERITY_ORDER: readonly Severity[] = ['critical', 'high', 'medium', 'low', 'none'];

/** The severities an alert or a subscription threshold can have (never `none`), most urgent first. */
export const ALERT_SEVERITIES: readonly Exclude<Severity, 'none'>[] = SEVERITY_ORDER.filter((s): s is Exclude<Severity, 'none'> => s !== 'none');

/** Rank of a severity: 0 is critical, 4 is none. */
export function severityRank(severity: Severity): number {
  return SEVERITY_ORDER.indexOf(severity);
}

/** The more urgent of two severities. */
export function maxSeverity(a: Severity, b: Severity): Severity {
  return severityRank(a) <= severityRank(b) ? a : b;
}

/** One step more urgent (a campaign raises an incident's severity); critical stays critical. */
export function raiseSeverity(severity: Severity): Severity {
  return SEVERITY_ORDER[Math.max(0, severityRank(severity) - 1)]!;
}

/** True when `severity` is at least as urgent as `minimum`. */
export function severityAtLeast(severity: Severity, minimum: Severity): boolean {
  return severityRank(severity) <= severityRank(minimum);
}
