import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SeenItems } from '../../../src/dedup/index.js';
import type { CanonicalPost } from '../../../src/feeds/index.js';
import { createTestRedisPrefix, TEST_REDIS_URL } from '../../helpers/services.js';

const posts = (count: number, feed = 'seen-test') => Array.from({ length: count }, (_, i) => ({ feed, externalId: `p-${i}` }) as CanonicalPost);

describe('seen items', () => {
  const space = createTestRedisPrefix('seen');
  let redis: Redis;
  beforeAll(() => {
    redis = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: 1 });
  });
  afterAll(async () => {
    redis.disconnect();
    await space.cleanup();
  });

  it('marks every post of a batch larger than one script call, each key set to 1 with the TTL', async () => {
    const seen = new SeenItems(redis, space.prefix, 3600);
    const batch = posts(2500);
    await seen.markSeen(batch);
    expect((await seen.filterSeen(batch)).size).toBe(2500);
    expect((await seen.filterSeen(posts(3, 'other-feed'))).size).toBe(0);
    for (const post of [batch[0]!, batch[1499]!, batch[2499]!]) {
      const key = `${space.prefix}:seen:${post.feed}:${post.externalId}`;
      expect(await redis.get(key)).toBe('1');
      const ttl = await redis.ttl(key);
      expect(ttl).toBeGreaterThan(3500);
      expect(ttl).toBeLessThanOrEqual(3600);
    }
  });

  it('refreshes the TTL of a post marked again, reading a hot-reloaded TTL at each marking', async () => {
    let ttl = 60;
    const seen = new SeenItems(redis, space.prefix, () => ttl);
    const [post] = posts(1, 'refresh');
    await seen.markSeen([post!]);
    expect(await redis.ttl(`${space.prefix}:seen:refresh:p-0`)).toBeLessThanOrEqual(60);
    ttl = 7200;
    await seen.markSeen([post!]);
    expect(await redis.ttl(`${space.prefix}:seen:refresh:p-0`)).toBeGreaterThan(7000);
  });
});
