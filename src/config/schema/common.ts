import { z } from 'zod';

/** Languages the analyzer knows; `arabizi` is Arabic written in Latin letters and digits. */
export const languageSchema = z.enum(['en', 'ar', 'arabizi']);
export type Language = z.infer<typeof languageSchema>;

/** Threat categories, from the most to the least direct. */
export const threatCategorySchema = z.enum(['death_threat', 'call_to_attack', 'punishment', 'expulsion', 'takfir', 'intimidation']);
export type ThreatCategory = z.infer<typeof threatCategorySchema>;

export const severitySchema = z.enum(['critical', 'high', 'medium', 'low', 'none']);
export type Severity = z.infer<typeof severitySchema>;

/** Severities from the most to the least urgent; index order is rank order. */
export const SEVERITY_ORDER: readonly Severity[] = ['critical', 'high', 'medium', 'low', 'none'];

/** The severities an alert or a subscription threshold can have (never `none`), most urgent first. */
export const ALERT_SEVERITIES: readonly Exclude<Severity, 'none'>[] = SEVERITY_ORDER.filter((s): s is Exclude<Severity, 'none'> => s !== 'none');

/** An identifier operators write in YAML: lower-case words joined by dashes. */
export const slugSchema = z.string().regex(/^[a-z0-9]+(?:[-_][a-z0-9]+)*$/, 'expected a lower-case id like "darat-izza"');

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/**
 * Longest duration anything accepts: a century. Beyond it "now minus the duration" falls outside
 * what a Date or a Postgres timestamp holds, and no window, retention or delay needs more.
 */
export const MAX_DURATION_MS = 36_500 * UNIT_MS.d!;

const DURATION = /^(\d+)(ms|s|m|h|d)$/;

/** A duration such as "90s", "15m", "6h", "7d"; at most 100 years. */
export const durationSchema = z
  .string()
  .regex(DURATION, 'expected a duration like "30s", "15m", "6h" or "7d"')
  // Zod runs this check even when the pattern failed; only a well-formed duration is measured.
  .refine((value) => !DURATION.test(value) || durationToMs(value) <= MAX_DURATION_MS, 'at most 100 years ("36500d")');

/** Converts a validated duration string to milliseconds. */
export function durationToMs(duration: string): number {
  const match = DURATION.exec(duration);
  if (!match) throw new Error(`invalid duration: ${duration}`);
  return Number(match[1]) * UNIT_MS[match[2]!]!;
}

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
