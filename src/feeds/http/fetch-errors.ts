import { PlacewatchError } from '../../errors.js';

/** Why a fetch failed, for logs, metrics and the poller's back-off decision. */
export type FetchFailureReason = 'bad-url' | 'http-status' | 'too-many-redirects' | 'timeout' | 'too-slow' | 'too-large' | 'decode' | 'network';

/** A server asked us to slow down (429 or 503); `retryAfterMs` is null when it did not say how long. */
export class FeedRateLimitedError extends PlacewatchError {
  readonly retryAfterMs: number | null;

  constructor(message: string, retryAfterMs: number | null, context: Record<string, unknown>) {
    super('FEED_RATE_LIMITED', message, { ...context, retryAfterMs });
    this.name = 'FeedRateLimitedError';
    this.retryAfterMs = retryAfterMs;
  }
}

/** A FEED_FETCH_FAILED error carrying the feed, URL and reason as context. */
export function fetchFailed(reason: FetchFailureReason, message: string, context: Record<string, unknown>, cause?: unknown): PlacewatchError {
  return new PlacewatchError('FEED_FETCH_FAILED', message, { ...context, reason }, cause === undefined ? undefined : { cause });
}

/** Finds a PlacewatchError anywhere in an error's cause chain (undici wraps connector errors). */
export function findPlacewatchError(error: unknown): PlacewatchError | null {
  let current: unknown = error;
  for (let depth = 0; depth < 8 && current; depth++) {
    if (current instanceof PlacewatchError) return current;
    current = current instanceof Error ? current.cause : undefined;
  }
  return null;
}
