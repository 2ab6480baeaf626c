import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentOf, loadConfig, type ConfigContent } from '../../../src/config/index.js';
import { activateVersion, createVersion } from '../../../src/config-versions/index.js';
import { estimateSimilarity, minhashSignature } from '../../../src/dedup/index.js';
import { openTestRuntime, type TestRuntime } from '../../helpers/test-runtime.js';
import { waitUntil } from '../../helpers/wait-until.js';
import { CONFIG_TEST_DIR, post } from './config-fixtures.js';

type DedupSettings = ConfigContent['thresholds']['dedup'];

const ORIGINAL = 'To the people of Darat Izza: your protest will cost you dearly, the brigade that defected will be hunted down one by one';
/** A looser rewrite: similar, but below the default 0.85 threshold. */
const REWRITE = 'People of Darat Izza: your protest will cost you, the brigade that defected will be hunted down one after another';
const DAY_MS = 86_400_000;

describe('dedup settings follow hot reload', () => {
  let t: TestRuntime;
  const threeDaysAgo = new Date(Date.now() - 3 * DAY_MS);

  /** Stores a version whose dedup settings differ from the fixture's, activates it, and waits for this process to switch. */
  const activateDedup = async (dedup: Partial<DedupSettings>) => {
    const db = t.runtime.database.db;
    const content = structuredClone(contentOf(loadConfig(CONFIG_TEST_DIR))) as ConfigContent;
    const current = t.runtime.config.current.config.thresholds.dedup;
    (content.thresholds as { dedup: DedupSettings }).dedup = { ...current, ...dedup };
    const draft = await createVersion(db, { content, author: 'test', comment: `dedup ${JSON.stringify(dedup)}`, source: 'api' });
    expect(draft.validation.ok).toBe(true);
    await activateVersion(db, draft.id, { actor: 'test', announce: { redis: t.runtime.redis, prefix: t.prefix } });
    await waitUntil(() => t.runtime.config.current.config.version === String(draft.id), 10_000, `runtime to reload version ${draft.id}`, { intervalMs: 50 });
  };

  beforeAll(async () => {
    t = await openTestRuntime({ configDir: CONFIG_TEST_DIR, label: 'dedupreload' });
  }, 60_000);

  afterAll(async () => {
    await t?.dispose();
  });

  it('starts from the defaults: the rewrite is no near-duplicate, a seen item is kept 7 days', async () => {
    const similarity = estimateSimilarity(minhashSignature(ORIGINAL), minhashSignature(REWRITE));
    // The texts must sit between the old and the new threshold, or the test below proves nothing.
    expect(similarity).toBeGreaterThan(0.55);
    expect(similarity).toBeLessThan(0.85);
    expect(t.runtime.config.current.config.thresholds.dedup).toMatchObject({ near_duplicate_similarity: 0.85, near_duplicate_window: '7d', seen_ttl: '7d' });

    await t.runtime.nearDuplicates.assign(ORIGINAL, threeDaysAgo, 'cluster-original');
    expect(await t.runtime.nearDuplicates.lookup(REWRITE, new Date())).toBeUndefined();

    await t.runtime.seen.markSeen([post('dedup', 'before', 'x')]);
    expect(await t.runtime.redis.ttl(`${t.prefix}:seen:dedup:before`)).toBeGreaterThan(6 * 86_400);
  });

  it('applies a lower similarity threshold and a shorter seen TTL from a newly activated version, without restart', async () => {
    await activateDedup({ near_duplicate_similarity: 0.55, seen_ttl: '1h' });

    expect(await t.runtime.nearDuplicates.lookup(REWRITE, new Date())).toMatchObject({ clusterId: 'cluster-original', matched: true });
    await t.runtime.seen.markSeen([post('dedup', 'after', 'x')]);
    const ttl = await t.runtime.redis.ttl(`${t.prefix}:seen:dedup:after`);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(3_600);
  }, 30_000);

  it('applies a shorter near-duplicate window: a text stored 3 days ago falls out of it', async () => {
    expect(await t.runtime.nearDuplicates.lookup(ORIGINAL, new Date())).toMatchObject({ clusterId: 'cluster-original' });
    await activateDedup({ near_duplicate_window: '1d' });
    expect(await t.runtime.nearDuplicates.lookup(ORIGINAL, new Date())).toBeUndefined();
  }, 30_000);
});
