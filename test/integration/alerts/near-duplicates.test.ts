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

  it('assigns a batch as one by one: the same clusters (a copy joins an earlier text of the same batch) and the same stored entries', async () => {
    const day = 86_400_000;
    const texts = [
      campaign,
      'Water trucks reached the camps near Atmeh this morning, distribution continues tomorrow in Sarmada',
      campaign.replace('one by one', 'one after another'),
      campaign.replace('dearly', 'very dearly').replace('one by one', 'one after another'),
      'Water trucks reached the camps near Atmeh this morning, distribution continues on Friday in Sarmada',
      'A different text entirely about bread prices in the market of Binnish today',
    ];
    const items = texts.map((text, i) => ({ text, at: new Date(at.getTime() + (i % 3) * day), ownId: `own-${i}` }));
    const oneByOne = createTestRedisPrefix('nd-one');
    const batched = createTestRedisPrefix('nd-batch');
    try {
      const options = { windowMs: 7 * day, similarity: 0.75 };
      const single = new NearDuplicateIndex(redis, { ...options, prefix: oneByOne.prefix });
      const batch = new NearDuplicateIndex(redis, { ...options, prefix: batched.prefix });
      // Something stored before the batch, which its texts find as one by one would.
      await single.assign(texts[1]!, at, 'stored-before');
      await batch.assign(texts[1]!, at, 'stored-before');
      const expected = [];
      for (const item of items) expected.push(await single.assign(item.text, item.at, item.ownId));
      const actual = await batch.assignAll(items);
      expect(actual).toEqual(expected);
      expect(new Set(actual.map((a) => a.clusterId))).toEqual(new Set(['own-0', 'stored-before', 'own-5']));
      expect(await snapshot(batched.prefix)).toEqual(await snapshot(oneByOne.prefix));
    } finally {
      await oneByOne.cleanup();
      await batched.cleanup();
    }
  });

  /** Every stored field of the index, its prefix removed, with whether its key expires. */
  async function snapshot(prefix: string): Promise<Record<string, string>> {
    const out: Record<string, string> = {};
    for (const key of await redis.keys(`${prefix}:nd:*`)) {
      const fields = await redis.hgetallBuffer(key);
      const expires = (await redis.ttl(key)) > 0;
      for (const [field, value] of Object.entries(fields)) out[`${key.slice(prefix.length)}/${field}`] = `${value.toString('hex')} ${expires}`;
    }
    return out;
  }

  it('keeps its keys under the queue prefix with an expiry', async () => {
    const stored = await redis.keys(`${keys.prefix}:nd:*`);
    expect(stored.length).toBeGreaterThan(0);
    for (const key of stored.slice(0, 5)) expect(await redis.ttl(key)).toBeGreaterThan(0);
  });
});
