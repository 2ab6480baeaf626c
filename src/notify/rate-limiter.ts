import type { RedisClient } from '../queue/index.js';
import { durationToMs } from '../config/index.js';
import type { Channel, DeliveryConfig } from '../config/index.js';

/** Decides whether a channel may send now; answers 0, or how long to wait. */
export interface RateLimiter {
  acquire(channel: Channel, now?: number): Promise<number>;
}

/**
 * Per-channel limits shared by every notifier process: a fixed-window counter in Redis, keyed under
 * the queue prefix (its hash tag keeps it in the queues' Cluster slot). A notification over the
 * limit is postponed to the next window without spending an attempt.
 */
export function createRateLimiter(redis: RedisClient, prefix: string, limits: () => DeliveryConfig['rate_limits']): RateLimiter {
  return {
    acquire: async (channel, now = Date.now()) => {
      const limit = limits()[channel];
      if (!limit) return 0;
      const windowMs = durationToMs(limit.per);
      const window = Math.floor(now / windowMs);
      const key = `${prefix}:notify-rate:${channel}:${window}`;
      const result = await redis
        .multi()
        .incr(key)
        .pexpire(key, windowMs * 2)
        .exec();
      const count = Number(result?.[0]?.[1] ?? 0);
      return count <= limit.max ? 0 : (window + 1) * windowMs - now;
    },
  };
}
