import path from 'node:path';
import { Cluster } from 'ioredis';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAlerts } from '../../../src/alerts/index.js';
import type { CanonicalPost } from '../../../src/feeds/index.js';
import { createRateLimiter } from '../../../src/notify/rate-limiter.js';
import { ingestFile, waitForAnalyzeJobs } from '../../../src/pipeline/index.js';
import { connectRedis, deleteKeysWithPrefix, type RedisClient } from '../../../src/queue/index.js';
import { startAnalyzer } from '../../../workers/analyzer.js';
import { PROJECT_ROOT } from '../../helpers/paths.js';
import { hasRedisClusterTools, startPrivateRedisCluster, type PrivateRedisCluster } from '../../helpers/private-redis-cluster.js';
import { openTestRuntime, type TestRuntime } from '../../helpers/test-runtime.js';

const FIXTURE = path.join(PROJECT_ROOT, 'test/fixtures/posts/mixed-small.jsonl');

const tools = hasRedisClusterTools();
const missing = 'redis-server or redis-cli not found on the PATH: the Redis Cluster test starts a cluster of its own';
if (!tools && process.env.CI !== 'true') console.warn(`skipping the Redis Cluster test: ${missing}`);

/** Every key on every master of the cluster, with the port of the master that holds it. */
async function keysByMaster(redis: RedisClient): Promise<Map<number, string[]>> {
  const byMaster = new Map<number, string[]>();
  for (const node of (redis as Cluster).nodes('master')) {
    const keys: string[] = [];
    let cursor = '0';
    do {
      const [next, found] = await node.scan(cursor, 'COUNT', 1000);
      cursor = next;
      keys.push(...found);
    } while (cursor !== '0');
    if (keys.length > 0) byMaster.set(node.options.port!, keys);
  }
  return byMaster;
}

describe.skipIf(!tools && process.env.CI !== 'true')('the pipeline on a 3-master Redis Cluster (REDIS_URL=redis+cluster://…)', () => {
  let cluster: PrivateRedisCluster | undefined;
  let t: TestRuntime | undefined;

  beforeAll(async () => {
    if (!tools) throw new Error(`${missing} (CI=true, so this is a failure, not a skip)`);
    cluster = await startPrivateRedisCluster();
    t = await openTestRuntime({ label: 'redis_cluster', env: { REDIS_URL: cluster.url } });
    startAnalyzer(t.runtime);
  }, 60_000);

  afterAll(async () => {
    await t?.dispose();
    await cluster?.destroy();
  });

  it('ingests, analyses and raises the alert with no job failing (no CROSSSLOT anywhere)', async () => {
    const { runtime } = t!;
    expect(runtime.redis).toBeInstanceOf(Cluster);
    expect((runtime.redis as Cluster).nodes('master')).toHaveLength(3);

    const report = await ingestFile(runtime, FIXTURE, { feed: 'cluster-import' });
    expect(report.posts).toBe(6);
    // A cross-slot script, pipeline or MULTI would fail the analyze job and be listed here.
    expect(await waitForAnalyzeJobs(runtime, report.jobIds)).toEqual([]);

    const db = runtime.database.db;
    const posts = await db.selectFrom('posts').select(['external_id', 'config_version']).execute();
    expect(posts.map((p) => p.external_id).sort()).toEqual(['n-1', 'o-1', 'o-2', 't-1', 't-2', 't-3']);
    expect(new Set(posts.map((p) => p.config_version))).toEqual(new Set([runtime.config.current.config.version]));
    const darat = (await listAlerts(db)).filter((a) => a.place_id === 'darat-izza');
    expect(darat).toHaveLength(1);
    expect(darat[0]!.post_count).toBe(3);
    const evidence = await sql<{ external_id: string }>`
      select p.external_id from alert_posts e join posts p on p.id = e.post_id order by p.external_id`.execute(db);
    expect(evidence.rows.map((r) => r.external_id)).toEqual(['t-1', 't-2', 't-3']);
  });

  it('remembers the stored posts as seen (one script of SETs, then MGET) and stores nothing twice on a re-import', async () => {
    const { runtime } = t!;
    // The seen check is best effort in the pipeline (errors only logged), so it is asked directly here.
    const stored = ['n-1', 'o-1', 'o-2', 't-1', 't-2', 't-3'].map((externalId) => ({ feed: 'cluster-import', externalId }) as CanonicalPost);
    expect((await runtime.seen.filterSeen(stored)).size).toBe(6);

    const report = await ingestFile(runtime, FIXTURE, { feed: 'cluster-import' });
    expect(await waitForAnalyzeJobs(runtime, report.jobIds)).toEqual([]);
    const counted = await sql<{ posts: number; evidence: number }>`
      select (select count(*)::int from posts) as posts, (select count(*)::int from alert_posts) as evidence`.execute(runtime.database.db);
    expect(counted.rows[0]).toEqual({ posts: 6, evidence: 3 });
  });

  it('counts notification rate limits in one MULTI on the cluster', async () => {
    const { runtime, prefix } = t!;
    const limiter = createRateLimiter(runtime.redis, prefix, () => ({ webhook: { max: 1, per: '1h' } }));
    const now = Date.now();
    expect(await limiter.acquire('webhook', now)).toBe(0);
    expect(await limiter.acquire('webhook', now)).toBeGreaterThan(0);
  });

  it("keeps every key it writes under the prefix's hash tag, so all of them live on one master", async () => {
    const { runtime, prefix } = t!;
    const byMaster = await keysByMaster(runtime.redis);
    const keys = [...byMaster.values()].flat();
    expect(keys.length).toBeGreaterThan(0);
    expect(keys.filter((key) => !key.startsWith(prefix))).toEqual([]);
    // The queue's, the seen check's, the near-duplicate index's and the rate limiter's keys are all there.
    for (const kind of [':analyze:', ':seen:', ':nd:', ':notify-rate:'])
      expect(
        keys.some((key) => key.startsWith(prefix + kind)),
        kind,
      ).toBe(true);
    expect(byMaster.size).toBe(1);
  });

  it('deletes every key under a prefix on a cluster, scanning every master', async () => {
    // A second connection, as the test clean-up and the benches open one after the runtime closes.
    const redis = await connectRedis(cluster!.url);
    try {
      // No hash tag here on purpose: these keys spread over the masters, as a careless prefix's would.
      const spread = `${t!.prefix.slice(1, -1)}_spread:`;
      await Promise.all(Array.from({ length: 30 }, (_, i) => redis.set(`${spread}${i}`, '1')));
      await redis.set('kept-key', '1');
      const holders = [...(await keysByMaster(redis)).values()].filter((keys) => keys.some((key) => key.startsWith(spread)));
      expect(holders.length).toBeGreaterThan(1);

      await deleteKeysWithPrefix(redis, spread);
      const left = [...(await keysByMaster(redis)).values()].flat();
      expect(left.filter((key) => key.startsWith(spread))).toEqual([]);
      expect(left).toContain('kept-key');
    } finally {
      redis.disconnect();
    }
  });
});
