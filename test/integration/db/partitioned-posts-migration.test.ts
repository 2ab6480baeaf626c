import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as partitionedPosts from '../../../migrations/0009_partitioned_posts.js';
import { DEFAULT_RETENTION, loadConfig } from '../../../src/config/index.js';
import { connectDatabase, migrateToLatest, type Database, type DatabaseHandle } from '../../../src/db/index.js';
import { commitScoredBatch } from '../../../src/pipeline/index.js';
import { ensurePostPartitions, listPostPartitions, monthStart, nextMonth } from '../../../src/posts/index.js';
import { sweepRetention } from '../../../src/retention/index.js';
import { SHIPPED_CONFIG } from '../../helpers/paths.js';
import { useEmbeddedDatabase } from '../../helpers/embedded-database.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/services.js';
import { syntheticThreat as threat } from '../../helpers/synthetic-threats.js';

/** Everything the migration must carry over: rows of posts, evidence and alerts, and the keys to posts. */
async function snapshot(db: Kysely<Database>) {
  const rows = async (query: string) => (await sql.raw<Record<string, unknown>>(query).execute(db)).rows;
  return {
    posts: await rows(`select to_jsonb(p) - 'tableoid' as row from posts p order by id`),
    evidence: await rows(`select to_jsonb(e) as row from alert_posts e order by alert_id, post_id`),
    alerts: await rows(`select id, representative_post_id, post_count from alerts order by id`),
    foreignKeys: await rows(
      `select conrelid::regclass::text as t, conname, pg_get_constraintdef(oid) as def from pg_constraint where contype = 'f' and confrelid = 'posts'::regclass and conparentid = 0 order by 1, 2`,
    ),
  };
}

/**
 * Seeds posts, alerts and evidence through the real write path, takes the database back to before
 * 0009 (a plain posts table) with posts ingested over four past months, and migrates it again.
 */
async function convertsWithoutLoss(db: Kysely<Database>): Promise<void> {
  const config = loadConfig(SHIPPED_CONFIG);
  await commitScoredBatch({ db, config, publicUrl: 'http://ui' }, [
    threat({ id: 't1', author: 'a', minute: 0, text: 'first threat' }),
    threat({ id: 't2', author: 'b', minute: 5, text: 'second threat' }),
    threat({ id: 't3', author: 'c', minute: 60 * 48, place: 'saraqib', text: 'third threat' }),
  ]);
  for (let i = 0; i < 5; i++) {
    await sql`insert into posts (feed, external_id, text, published_at) values ('plain', ${`u${i}`}, ${`unmatched ${i}`}, now())`.execute(db);
  }
  await partitionedPosts.down(db);
  expect((await sql<{ relkind: string }>`select relkind from pg_class where relname = 'posts'`.execute(db)).rows[0]!.relkind).toBe('r');
  // Ingested over four months, in id order, as a live database would have them: the threats in June,
  // the unmatched posts from July to September.
  await sql`update posts set ingested_at = case when feed = 'synthetic' then timestamptz '2026-06-10T00:00:00Z' + (id - (select min(id) from posts)) * interval '1 hour'
    else timestamptz '2026-07-05T00:00:00Z' + (id - (select min(id) from posts where feed = 'plain')) * interval '20 days' end`.execute(db);
  const before = await snapshot(db);
  expect(before.foreignKeys.map((f) => f.conname)).toEqual(['alert_posts_post_id_fkey', 'alerts_representative_post_id_fkey']);

  await partitionedPosts.up(db);

  expect((await sql<{ relkind: string }>`select relkind from pg_class where relname = 'posts'`.execute(db)).rows[0]!.relkind).toBe('p');
  expect(await snapshot(db)).toEqual(before);
  // Each post sits in the partition of the month it was ingested in.
  const { rows: misplaced } = await sql`
    select p.id from posts p join post_partitions pp on pp.table_name = p.tableoid::regclass::text
    where pp.month <> to_char(p.ingested_at at time zone 'UTC', 'YYYY-MM')`.execute(db);
  expect(misplaced).toEqual([]);
  const current = new Date().toISOString().slice(0, 7);
  expect((await listPostPartitions(db)).map((p) => p.month)).toEqual(['2026-06', '2026-07', '2026-08', '2026-09', current, nextMonth(current)]);
  const keys = await sql<{
    n: string;
  }>`select count(*) as n from post_keys k join posts p on p.id = k.post_id and p.feed = k.feed and p.external_id = k.external_id`.execute(db);
  expect(Number(keys.rows[0]!.n)).toBe(before.posts.length);
  // The foreign keys still hold: evidence keeps its post.
  const evidencePost = before.evidence[0]!.row as { post_id: string };
  await expect(sql`delete from posts where id = ${evidencePost.post_id}`.execute(db)).rejects.toMatchObject({ code: '23503' });

  // Writing goes on: a retry stores nothing, a new post lands in the current month.
  expect(
    await commitScoredBatch({ db, config, publicUrl: 'http://ui' }, [
      threat({ id: 't1', author: 'a', minute: 0 }),
      threat({ id: 't4', author: 'd', minute: 9 }),
    ]),
  ).toMatchObject({
    stored: 1,
  });
  const { rows: fresh } = await sql<{ month: string }>`
    select pp.month from posts p join post_partitions pp on pp.table_name = p.tableoid::regclass::text where p.external_id = 't4'`.execute(db);
  expect(fresh).toEqual([{ month: current }]);
  // Any other writer still meets the key.
  await expect(sql`insert into posts (feed, external_id, text, published_at) values ('synthetic', 't4', 'copy', now())`.execute(db)).rejects.toMatchObject({
    code: '23505',
  });

  // A month turn, then retention drops a past month no alert holds evidence in, and keeps the others.
  await ensurePostPartitions(db, { now: monthStart(nextMonth(current)) });
  const retention = { ...DEFAULT_RETENTION, unmatched_posts: 'forever', alert_evidence: 'forever', audit: 'forever', drop_post_partitions_after: '1d' };
  const report = await sweepRetention(db, retention, { now: new Date(monthStart(current).getTime() + 86_400_000 * 2) });
  // June holds t1-t3 (evidence of open alerts); July to September hold only unmatched posts.
  expect(report.postPartitions.dropped).toEqual(['2026-07', '2026-08', '2026-09']);
  expect(report.postPartitions.kept).toEqual([{ month: '2026-06', reason: 'holds evidence of 2 alert(s), 2 of them open' }]);
  expect((await snapshot(db)).evidence).toEqual(expect.arrayContaining(before.evidence));
  expect((await sql`select external_id from posts where feed = 'plain'`.execute(db)).rows).toEqual([]);

  // And back: one plain table with its unique key, nothing lost that was there.
  const after = await snapshot(db);
  await partitionedPosts.down(db);
  expect((await sql<{ relkind: string }>`select relkind from pg_class where relname = 'posts'`.execute(db)).rows[0]!.relkind).toBe('r');
  expect(await snapshot(db)).toEqual(after);
  await expect(sql`insert into posts (feed, external_id, text, published_at) values ('synthetic', 't4', 'copy', now())`.execute(db)).rejects.toMatchObject({
    constraint: 'posts_feed_external_id_key',
  });
  await partitionedPosts.up(db);
}

describe('migration 0009: posts partitioned by month', () => {
  describe('on Postgres', () => {
    let database: TestDatabase;
    let handle: DatabaseHandle;
    beforeAll(async () => {
      database = await createTestDatabase('partmig');
      handle = await connectDatabase({ databaseUrl: database.url, dataDir: '' });
      await migrateToLatest(handle.db);
    });
    afterAll(async () => {
      await handle?.close();
      await database?.drop();
    });

    it('moves posts, evidence and alerts into monthly partitions without losing a row or a foreign key, and back', async () => {
      await convertsWithoutLoss(handle.db);
    });
  });

  describe('on embedded PGlite', () => {
    const handle = useEmbeddedDatabase('pw-partitions-');

    it('moves posts, evidence and alerts into monthly partitions without losing a row or a foreign key, and back', async () => {
      expect(handle().kind).toBe('pglite');
      await convertsWithoutLoss(handle().db);
    });
  });
});
