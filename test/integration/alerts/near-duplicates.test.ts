import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NearDuplicateIndex } from '../../../src/dedup/index.js';
import { createTestRedisPrefix, TEST_REDIS_URL } from '../../helpers/services.js';

describe('near-duplicate index in Redis', () => {
  const keys = createTestRedisPrefix('nd');
  let redis: Redis;
  let index: NearDuplicateIndex;
  const at = new Date('2026-11-20T10:00:00Z');
  const campaign = 'To the people of Darat Izza: your protest will cost you dearly, the brigade that defected will be hunted down one by one';

  beforeAll(() => {
    redis = new Redis(TEST_REDIS_URL);
    index = new NearDuplicateIndex(redis, { prefix: keys.prefix, windowMs: 7 * 86_400_000, similarity: 0.75 });
  });
  afterAll(async () => {
    redis.disconnect();
    await keys.cleanup();
  });

  it('puts a lightly edited copy in the cluster of the original and an unrelated text in its own', async () => {
    expect(await index.assign(campaign, at, 'cluster-original')).toMatchObject({ clusterId: 'cluster-original', matched: false });
    const edited = campaign.replace('one by one', 'one after another');
    expect(await index.assign(edited, new Date(at.getTime() + 3_600_000), 'cluster-edited')).toMatchObject({ clusterId: 'cluster-original', matched: true });
    const unrelated = 'Water trucks reached the camps near Atmeh this morning, distribution continues tomorrow in Sarmada';
    expect(await index.assign(unrelated, at, 'cluster-other')).toMatchObject({ clusterId: 'cluster-other', matched: false });
  });

  it('forgets entries outside the window (measured on published time)', async () => {
    const later = new Date(at.getTime() + 30 * 86_400_000);
    expect(await index.lookup(campaign, later)).toBeUndefined();
  });

  it('keeps its keys under the queue prefix with an expiry', async () => {
    const stored = await redis.keys(`${keys.prefix}:nd:*`);
    expect(stored.length).toBeGreaterThan(0);
    for (const key of stored.slice(0, 5)) expect(await redis.ttl(key)).toBeGreaterThan(0);
  });
});
