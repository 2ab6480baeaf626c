/** Longest wait we honour from a server; a larger value is clamped so a feed is never parked for days. */
export const MAX_RETRY_AFTER_MS = 6 * 3_600_000;

/**
 * Parses a Retry-After header (delta seconds or an HTTP date) into milliseconds from `now`;
 * null when absent or unreadable.
 */
export function parseRetryAfter(value: string | undefined, now: Date = new Date()): number | null {
  if (value === undefined) return null;
  const text = value.trim();
  if (text === '') return null;
  if (/^\d+$/.test(text)) return Math.min(Number(text) * 1000, MAX_RETRY_AFTER_MS);
  // HTTP dates are IMF-fixdate (or the obsolete RFC 850 / asctime forms); all carry a weekday name.
  if (!/^[A-Za-z]{3,9},?\s/.test(text)) return null;
  const at = Date.parse(text);
  if (Number.isNaN(at)) return null;
  return Math.min(Math.max(0, at - now.getTime()), MAX_RETRY_AFTER_MS);
}
