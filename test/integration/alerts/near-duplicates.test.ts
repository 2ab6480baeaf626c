import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bandKeys, NearDuplicateIndex } from '../../../src/dedup/index.js';
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

  it('gives a retried batch the same clusters and stores nothing more', async () => {
    const retried = createTestRedisPrefix('nd-retry');
    try {
      const batch = new NearDuplicateIndex(redis, { prefix: retried.prefix, windowMs: 7 * 86_400_000, similarity: 0.75 });
      const items = [campaign, campaign.replace('dearly', 'very dearly'), 'Bread prices rose again in the market of Binnish today'].map((text, i) => ({
        text,
        at,
        ownId: `own-${i}`,
      }));
      const first = await batch.assignAll(items);
      const stored = await snapshot(retried.prefix);
      const again = await batch.assignAll(items);
      expect(again.map((a) => a.clusterId)).toEqual(first.map((a) => a.clusterId));
      expect(await snapshot(retried.prefix)).toEqual(stored);
    } finally {
      await retried.cleanup();
    }
  });

  it('does not match an entry older than the window, and prunes it from its band hash once later days are written there', async () => {
    const day = 86_400_000;
    const pruned = createTestRedisPrefix('nd-prune');
    try {
      const index = new NearDuplicateIndex(redis, { prefix: pruned.prefix, windowMs: 7 * day, similarity: 0.75 });
      // Dated from today: a hash is never swept past tomorrow (wall clock), whatever a post's date.
      const at = new Date(Date.now() - 12 * day);
      const old = randomSignature(1);
      // A signature whose band-0 key falls in the same hash as the old one's, in another field.
      const [oldKey] = bandKeys(old);
      let seed = 2;
      let later = randomSignature(seed);
      while (bandKeys(later)[0]!.slice(0, 4) !== oldKey!.slice(0, 4) || bandKeys(later)[0] === oldKey) later = randomSignature(++seed);
      await index.addSignatures([{ signature: old, clusterId: 'old' }], at);

      // Matched within the window (days are whole: the window's first day counts), not after it.
      expect(await index.lookupSignature(old, new Date(at.getTime() + 7 * day))).toMatchObject({ clusterId: 'old', matched: true });
      expect(await index.lookupSignature(old, new Date(at.getTime() + 8 * day + 3_600_000))).toBeUndefined();
      const [assigned] = await index.assignAll([{ text: campaign, at: new Date(at.getTime() + 9 * day), ownId: 'new' }]);
      expect(assigned).toMatchObject({ clusterId: 'new', matched: false });

      const hash = `${pruned.prefix}:nd:b0:${oldKey!.slice(0, 4)}`;
      expect(await redis.hexists(hash, oldKey!.slice(4))).toBe(1);
      // Written ten days later, the same hash is swept: the old entry goes, the new one stays.
      await index.addSignatures([{ signature: later, clusterId: 'later' }], new Date(at.getTime() + 10 * day));
      expect(await redis.hexists(hash, oldKey!.slice(4))).toBe(0);
      expect(await redis.hexists(hash, bandKeys(later)[0]!.slice(4))).toBe(1);
      // Every key expires: band hashes whose traffic stops, and the per-day records.
      for (const key of await redis.keys(`${pruned.prefix}:nd:*`)) {
        const ttl = await redis.ttl(key);
        expect(ttl).toBeGreaterThan(0);
        expect(ttl).toBeLessThanOrEqual(9 * 86_400);
      }
    } finally {
      await pruned.cleanup();
    }
  });

  it('is not swept by a post dated in the future: its hashes keep the entries of the window', async () => {
    const day = 86_400_000;
    const future = createTestRedisPrefix('nd-future');
    try {
      const index = new NearDuplicateIndex(redis, { prefix: future.prefix, windowMs: 7 * day, similarity: 0.75 });
      const now = new Date();
      const stored = randomSignature(1);
      const [storedKey] = bandKeys(stored);
      let seed = 2;
      let dated = randomSignature(seed);
      while (bandKeys(dated)[0]!.slice(0, 4) !== storedKey!.slice(0, 4) || bandKeys(dated)[0] === storedKey) dated = randomSignature(++seed);
      await index.addSignatures([{ signature: stored, clusterId: 'today' }], now);
      await index.addSignatures([{ signature: dated, clusterId: 'next-year' }], new Date(now.getTime() + 365 * day));
      expect(await redis.hexists(`${future.prefix}:nd:b0:${storedKey!.slice(0, 4)}`, storedKey!.slice(4))).toBe(1);
      expect(await index.lookupSignature(stored, now)).toMatchObject({ clusterId: 'today', matched: true });
    } finally {
      await future.cleanup();
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

/** A signature of random slots, the same for the same seed. */
function randomSignature(seed: number): Uint32Array {
  let state = (seed * 0x9e3779b9) | 1;
  const signature = new Uint32Array(48);
  for (let i = 0; i < signature.length; i++) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    signature[i] = state >>> 0;
  }
  return signature;
}
