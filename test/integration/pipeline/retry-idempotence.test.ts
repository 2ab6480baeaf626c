import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../../src/db/index.js';
import type { CanonicalPost } from '../../../src/feeds/canonical-post.js';
import { analyzeBatch } from '../../../src/pipeline/index.js';
import { QUEUE } from '../../../src/queue/index.js';
import { startAnalyzer } from '../../../workers/analyzer.js';
import { openTestRuntime, type TestRuntime } from '../../helpers/test-runtime.js';

function post(id: string, author: string, text: string, minute: number): CanonicalPost {
  return {
    feed: 'retry-test',
    externalId: id,
    author: { id: author, handle: author, displayName: null },
    text,
    lang: null,
    publishedAt: new Date(Date.UTC(2026, 10, 20, 10, minute)).toISOString(),
    url: null,
    links: [],
    media: [],
    edited: false,
    deleted: false,
    truncated: false,
  };
}

const BATCH: CanonicalPost[] = [
  post('r-1', 'a1', 'We will kill the people of Darat Izza, storm the town tonight', 0),
  post('r-2', 'a2', 'اقتحموا دارة عزة واقتلوا أهلها الخونة', 5),
  post('r-3', 'a3', 'Olive harvest starts next week in Taftanaz', 7),
  post('r-4', 'a4', 'We will kill the people of Darat Izza, storm the town tonight', 9),
];

/** Every row the pipeline writes, in a stable order, without generated timestamps. */
async function snapshot(db: Kysely<Database>) {
  const q = async (query: ReturnType<typeof sql>) => (await query.execute(db)).rows;
  return {
    posts: await q(sql`select feed, external_id, score, severity from posts order by external_id`),
    alerts: await q(
      sql`select id, place_id, category, status, severity, post_count, distinct_authors, campaign, first_seen, last_seen from alerts order by id`,
    ),
    evidence: await q(sql`select alert_id, post_id, place_id, score from alert_posts order by alert_id, post_id`),
    events: await q(sql`select alert_id, action, actor from alert_events order by id`),
    notifications: await q(sql`select alert_id, route, event, idempotency_key from notifications order by id`),
    failed: await q(sql`select external_id from failed_posts order by external_id`),
  };
}

describe('retries are harmless', () => {
  let t: TestRuntime;
  beforeAll(async () => {
    t = await openTestRuntime({ label: 'retry' });
  });
  afterAll(async () => t?.dispose());

  it('the same batch analysed twice yields exactly the same rows', async () => {
    const deps = { db: t.runtime.database.db, active: t.runtime.config.current, logger: t.runtime.logger, publicUrl: 'http://x' };
    const first = await analyzeBatch(deps, BATCH);
    expect(first.stored).toBe(4);
    const once = await snapshot(t.runtime.database.db);
    expect(once.alerts.length).toBeGreaterThan(0);
    const second = await analyzeBatch(deps, BATCH);
    expect(second.stored).toBe(0);
    expect(second.duplicates).toBe(4);
    expect(await snapshot(t.runtime.database.db)).toEqual(once);
  });

  it('the same analyze job delivered twice by the queue yields the same rows', async () => {
    const worker = startAnalyzer(t.runtime);
    const batch = BATCH.map((p) => ({ ...p, feed: 'retry-queue' }));
    const events = await import('bullmq').then(
      ({ QueueEvents }) => new QueueEvents(QUEUE.analyze, { connection: t.runtime.redis.duplicate(), prefix: t.prefix }),
    );
    await events.waitUntilReady();
    try {
      const job1 = await t.runtime.queues.analyze.add('batch', { posts: batch, source: 'test' });
      await job1.waitUntilFinished(events, 30_000);
      const once = await snapshot(t.runtime.database.db);
      // At-least-once delivery: the same payload again, as after a worker crash before ack.
      const job2 = await t.runtime.queues.analyze.add('batch', { posts: batch, source: 'test' });
      await job2.waitUntilFinished(events, 30_000);
      expect(await snapshot(t.runtime.database.db)).toEqual(once);
    } finally {
      await events.close();
      await worker.close();
    }
  });

  it('a repeat that says the post was edited or deleted at source marks the stored post, and changes nothing else', async () => {
    const deps = { db: t.runtime.database.db, active: t.runtime.config.current, logger: t.runtime.logger, publicUrl: 'http://x', seen: t.runtime.seen };
    const original = post('m-1', 'a9', 'We will kill the people of Darat Izza, storm the town tonight', 30);
    await analyzeBatch(deps, [{ ...original, feed: 'markers' }]);
    const before = await snapshot(t.runtime.database.db);
    const outcome = await analyzeBatch(deps, [{ ...original, feed: 'markers', deleted: true, text: '' }]);
    expect(outcome.stored).toBe(0);
    const row = await t.runtime.database.db.selectFrom('posts').select(['deleted', 'edited', 'text']).where('feed', '=', 'markers').executeTakeFirstOrThrow();
    expect(row).toEqual({ deleted: true, edited: false, text: original.text });
    expect(await snapshot(t.runtime.database.db)).toEqual(before);
  });
  it('a post stored before that Redis forgot is found by its key claim: counted as a duplicate, marked, and kept out of the near-duplicate index', async () => {
    const deps = {
      db: t.runtime.database.db,
      active: t.runtime.config.current,
      logger: t.runtime.logger,
      publicUrl: 'http://x',
      seen: t.runtime.seen,
      nearDuplicates: t.runtime.nearDuplicates,
    };
    const original = { ...post('k-1', 'a7', 'We will kill the people of Darat Izza, storm the town tonight', 40), feed: 'forgotten' };
    const other = { ...post('k-2', 'a8', 'Storm Darat Izza and kill its traitors, all of them, at dawn', 41), feed: 'forgotten' };
    expect(await analyzeBatch(deps, [original])).toMatchObject({ stored: 1, duplicates: 0 });
    const index = await nearDuplicateEntries();
    // Redis forgot both (a seen TTL passed): only the key claim can tell the stored post from a new one.
    await t.runtime.seen.forget([original, other]);
    // The repeat says the post was edited, with a new text: a threat the analyzer reads, which must
    // not enter the index as a new post would (the stored post keeps its text, analysis and cluster).
    const edited = { ...original, edited: true, text: 'Burn every house in Darat Izza, leave nobody alive there' };
    const at = new Date(edited.publishedAt);
    expect(await t.runtime.nearDuplicates.lookup(edited.text, at)).toBeUndefined();
    const outcome = await analyzeBatch(deps, [edited, other]);
    expect(outcome).toMatchObject({ received: 2, duplicates: 1, stored: 1, failed: 0 });
    const rows = await t.runtime.database.db
      .selectFrom('posts')
      .select(['external_id', 'edited', 'text', 'cluster_id'])
      .where('feed', '=', 'forgotten')
      .orderBy('external_id')
      .execute();
    expect(rows.map((r) => [r.external_id, r.edited, r.text])).toEqual([
      ['k-1', true, original.text],
      ['k-2', false, other.text],
    ]);
    expect(await t.runtime.nearDuplicates.lookup(edited.text, at)).toBeUndefined();
    expect(await t.runtime.nearDuplicates.lookup(other.text, at)).toMatchObject({ clusterId: rows[1]!.cluster_id });
    expect(await nearDuplicateEntries()).not.toEqual(index);
    // Only the new post is marked seen by this batch, as when the repeat was dropped before analysis.
    expect([...(await t.runtime.seen.filterSeen([original, other]))]).toEqual([other]);
  });

  /** Every near-duplicate entry in Redis (band and record hashes), as sorted lines. */
  async function nearDuplicateEntries(): Promise<string[]> {
    const keys = await t.runtime.redis.keys(`${t.prefix}:nd:*`);
    const lines: string[] = [];
    for (const key of keys) {
      const fields = await t.runtime.redis.hgetallBuffer(key);
      for (const [field, value] of Object.entries(fields)) lines.push(`${key} ${field} ${value.toString('hex')}`);
    }
    return lines.sort();
  }
});
