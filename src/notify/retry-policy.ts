import { durationToMs } from '../config/index.js';
import type { DeliveryConfig } from '../config/index.js';

/** Retry timing in milliseconds, read from routes.yaml `delivery`. */
export interface RetryTiming {
  readonly maxAttempts: number;
  readonly baseMs: number;
  readonly maxMs: number;
}

/** The retry timing of a delivery section. */
export function retryTimingOf(delivery: DeliveryConfig): RetryTiming {
  return { maxAttempts: delivery.max_attempts, baseMs: durationToMs(delivery.backoff_base), maxMs: durationToMs(delivery.backoff_max) };
}

/**
 * Wait before the next try after `failures` failed attempts (pure). The receiver's Retry-After wins
 * (the parser already caps it at 6 h), even beyond backoff_max: it knows its own capacity; otherwise exponential backoff with "equal jitter": half the step is fixed so a
 * retry never comes instantly, half is random so receivers recovering from an outage are not hit by
 * every notifier at the same instant.
 */
export function retryDelayMs(failures: number, timing: RetryTiming, retryAfterMs: number | null, random: () => number = Math.random): number {
  if (retryAfterMs !== null) return Math.max(0, retryAfterMs);
  const step = Math.min(timing.maxMs, timing.baseMs * 2 ** Math.max(0, failures - 1));
  return Math.round(step / 2 + (random() * step) / 2);
}
