/** Consecutive failed polls before a feed is reported as failing (one blip is not an outage). */
export const FAILING_AFTER_FAILURES = 3;
/** Posts needed before a feed's rhythm (median gap) is trusted. */
export const MIN_POSTS_FOR_RHYTHM = 5;
/** A feed is silent after this many median gaps without a new post. */
export const SILENCE_GAP_FACTOR = 3;

/** Median gap between consecutive post times, in ms; null with fewer than MIN_POSTS_FOR_RHYTHM posts. */
export function medianGapMs(times: readonly Date[]): number | null {
  if (times.length < MIN_POSTS_FOR_RHYTHM) return null;
  const sorted = times.map((t) => t.getTime()).sort((a, b) => a - b);
  const gaps: number[] = [];
  for (let i = 1; i < sorted.length; i++) gaps.push(sorted[i]! - sorted[i - 1]!);
  gaps.sort((a, b) => a - b);
  const mid = Math.floor(gaps.length / 2);
  return gaps.length % 2 === 1 ? gaps[mid]! : Math.round((gaps[mid - 1]! + gaps[mid]!) / 2);
}

/**
 * How long a feed may go without a new post before it counts as silent: the configured
 * `silent_after`, else 3× its median gap but never under the floor; null while its rhythm is unknown.
 */
export function silenceThresholdMs(options: { silentAfterMs?: number | null; floorMs: number; medianGapMs: number | null }): number | null {
  if (options.silentAfterMs) return options.silentAfterMs;
  if (options.medianGapMs === null) return null;
  return Math.max(options.floorMs, SILENCE_GAP_FACTOR * options.medianGapMs);
}

export interface HealthFacts {
  readonly enabled: boolean;
  readonly consecutiveFailures: number;
  readonly lastError: string | null;
  readonly lastPostAt: Date | null;
  readonly silenceThresholdMs: number | null;
}

export interface AlertVerdict {
  /** Detail text when the alert should be open; null when it should be resolved. */
  readonly failing: string | null;
  readonly silent: string | null;
}

function humanMs(ms: number): string {
  if (ms >= 86_400_000) return `${(ms / 86_400_000).toFixed(1)} d`;
  if (ms >= 3_600_000) return `${(ms / 3_600_000).toFixed(1)} h`;
  return `${Math.round(ms / 60_000)} min`;
}

/** Which operational alerts a feed deserves now. A disabled feed deserves none. */
export function judgeFeedHealth(facts: HealthFacts, now: Date): AlertVerdict {
  if (!facts.enabled) return { failing: null, silent: null };
  const failing =
    facts.consecutiveFailures >= FAILING_AFTER_FAILURES
      ? `${facts.consecutiveFailures} polls failed in a row; last error: ${(facts.lastError ?? 'unknown').slice(0, 300)}`
      : null;
  let silent: string | null = null;
  if (facts.lastPostAt && facts.silenceThresholdMs !== null) {
    const quietMs = now.getTime() - facts.lastPostAt.getTime();
    if (quietMs > facts.silenceThresholdMs) {
      silent = `no new post for ${humanMs(quietMs)} (usual rhythm allows ${humanMs(facts.silenceThresholdMs)})`;
    }
  }
  return { failing, silent };
}
