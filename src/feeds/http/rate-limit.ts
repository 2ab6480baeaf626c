import { MAX_RETRY_AFTER_MS } from '../../net/index.js';

type HeaderBag = Readonly<Record<string, string | undefined>>;

/**
 * Time until a rate-limit window resets, read from the headers APIs use: Mastodon
 * (X-RateLimit-Reset as an ISO time), X (x-rate-limit-reset as epoch seconds) and Reddit
 * (x-ratelimit-reset as seconds from now). Null when no reset is announced.
 */
export function rateLimitResetMs(headers: HeaderBag, now: Date = new Date()): number | null {
  const reset = (headers['x-ratelimit-reset'] ?? headers['x-rate-limit-reset'])?.trim();
  if (!reset) return null;
  let ms: number;
  if (/^\d+(?:\.\d+)?$/.test(reset)) {
    const value = Number(reset);
    // Epoch seconds are ~1.7e9; a window is at most hours long.
    ms = value > 1e9 ? value * 1000 - now.getTime() : value * 1000;
  } else {
    const at = Date.parse(reset);
    if (Number.isNaN(at)) return null;
    ms = at - now.getTime();
  }
  return Math.min(Math.max(0, Math.ceil(ms)), MAX_RETRY_AFTER_MS);
}

/**
 * How long to wait before the next call because the window is used up (remaining < 1); null when
 * calls remain or the source does not say.
 */
export function rateLimitWaitMs(headers: HeaderBag, now: Date = new Date()): number | null {
  const remaining = (headers['x-ratelimit-remaining'] ?? headers['x-rate-limit-remaining'])?.trim();
  if (!remaining || !/^\d+(?:\.\d+)?$/.test(remaining) || Number(remaining) >= 1) return null;
  return rateLimitResetMs(headers, now);
}
