import { z } from 'zod';

// The severity union and its order are shared vocabulary (db and alerts use them too); config re-exports them.
export {
  ALERT_SEVERITIES,
  SEVERITY_ORDER,
  maxSeverity,
  raiseSeverity,
  severityAtLeast,
  severityRank,
  severitySchema,
  type Severity,
} from '../../vocabulary/index.js';

/** Languages the analyzer knows; `arabizi` is Arabic written in Latin letters and digits. */
export const languageSchema = z.enum(['en', 'ar', 'arabizi']);
export type Language = z.infer<typeof languageSchema>;

/** Threat categories, from the most to the least direct. */
export const threatCategorySchema = z.enum(['death_threat', 'call_to_attack', 'punishment', 'expulsion', 'takfir', 'intimidation']);
export type ThreatCategory = z.infer<typeof threatCategorySchema>;

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
