import type { Bar } from './bar-chart.js';
import { isoMinute } from './time-text.js';

const MINUTE = 60_000;
/** Bucket widths to choose from, smallest first: a burst reads in minutes, a slow campaign in days. */
const BUCKETS = [MINUTE, 5 * MINUTE, 15 * MINUTE, 30 * MINUTE, 60 * MINUTE, 3 * 60 * MINUTE, 6 * 60 * MINUTE, 24 * 60 * MINUTE, 7 * 24 * 60 * MINUTE];
/** At most this many bars: enough to see a shape, few enough to stay readable on a phone. */
const MAX_BARS = 60;
/** At least this many: a burst of two posts is not drawn as two page-wide slabs. */
const MIN_BARS = 12;

export interface Timeline {
  readonly bars: Bar[];
  /** Bucket width in ms. */
  readonly bucketMs: number;
  readonly from: Date;
  readonly to: Date;
}

/**
 * An alert's posts counted per time bucket and category, from its first post to its last, the
 * bucket the smallest that keeps the bars under MAX_BARS. Bars carry their bucket's start as label.
 *
 * @example postTimeline([{ published_at: new Date(), category: 'takfir' }]).bars.length // 1
 */
export function postTimeline(posts: ReadonlyArray<{ published_at: Date | string; category: string }>): Timeline {
  const times = posts.map((p) => new Date(p.published_at).getTime());
  const first = times.length ? Math.min(...times) : Date.now();
  const last = times.length ? Math.max(...times) : first;
  const bucketMs = BUCKETS.find((b) => Math.floor(last / b) - Math.floor(first / b) + 1 <= MAX_BARS) ?? BUCKETS.at(-1)!;
  const start = Math.floor(first / bucketMs);
  const count = Math.max(MIN_BARS, Math.floor(last / bucketMs) - start + 1);
  const buckets = Array.from({ length: count }, () => new Map<string, number>());
  posts.forEach((p, i) => {
    const bucket = buckets[Math.floor(times[i]! / bucketMs) - start]!;
    bucket.set(p.category, (bucket.get(p.category) ?? 0) + 1);
  });
  const bars = buckets.map((bucket, i) => ({
    label: isoMinute(new Date((start + i) * bucketMs)),
    segments: [...bucket.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([key, value]) => ({ key, value })),
  }));
  return { bars, bucketMs, from: new Date(start * bucketMs), to: new Date((start + count) * bucketMs) };
}

/** "5 min", "1 h", "1 day": a bucket's width in words. */
export function bucketText(ms: number): string {
  if (ms < 60 * MINUTE) return `${ms / MINUTE} min`;
  if (ms < 24 * 60 * MINUTE) return `${ms / (60 * MINUTE)} h`;
  return ms === 24 * 60 * MINUTE ? '1 day' : `${ms / (24 * 60 * MINUTE)} days`;
}
