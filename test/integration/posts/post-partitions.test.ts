import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/index.js';
import { connectDatabase, migrateToLatest, type DatabaseHandle } from '../../../src/db/index.js';
import { commitScoredBatch } from '../../../src/pipeline/index.js';
import { ensurePostPartitions, findStoredKeys, listPostPartitions, monthStart, nextMonth } from '../../../src/posts/index.js';
import { SHIPPED_CONFIG } from '../../helpers/paths.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/services.js';
import { syntheticThreat as threat } from '../../helpers/synthetic-threats.js';

describe('posts partitioned by month', () => {
  let database: TestDatabase;
  let handle: DatabaseHandle;
  const config = loadConfig(SHIPPED_CONFIG);
  const commit = (ids: string[]) =>
    commitScoredBatch(
      { db: handle.db, config, publicUrl: 'http://ui' },
      ids.map((id, i) => threat({ id, author: `a${i}`, minute: i })),
    );
  /** Which month's partition holds each post, by external id. */
  const homes = async () => {
    const { rows } = await sql<{ external_id: string; home: string }>`
      select p.external_id, pp.month as home from posts p join post_partitions pp on pp.table_name = p.tableoid::regclass::text`.execute(handle.db);
    return Object.fromEntries(rows.map((r) => [r.external_id, r.home]));
  };
  const copies = async (externalId: string) =>
    Number((await sql<{ n: string }>`select count(*) as n from posts where external_id = ${externalId}`.execute(handle.db)).rows[0]!.n);

  beforeAll(async () => {
    database = await createTestDatabase('partitions');
    handle = await connectDatabase({ databaseUrl: database.url, dataDir: '' });
    await migrateToLatest(handle.db);
  });
  afterAll(async () => {
    await handle?.close();
    await database?.drop();
  });

  it('is a partitioned table whose newest partition is the month after the current one', async () => {
    const { rows } = await sql<{ relkind: string }>`select relkind from pg_class where relname = 'posts'`.execute(handle.db);
    expect(rows[0]!.relkind).toBe('p');
    const months = (await listPostPartitions(handle.db)).map((p) => p.month);
    const current = new Date().toISOString().slice(0, 7);
    expect(months).toEqual([current, nextMonth(current)]);
  });

  it('files rows in the month the id sequence is in; a month turn opens the next month and a retried batch across it stores each post once', async () => {
    const before = await listPostPartitions(handle.db);
    const turn = before.at(-1)!.month; // the month after the current one: its partition already exists
    expect(await commit(['m1', 'm2'])).toMatchObject({ stored: 2 });

    // The clock reaches the next month: no new table for it (made in advance), the one after it is made.
    expect(await ensurePostPartitions(handle.db, { now: new Date(monthStart(turn).getTime() + 3_600_000) })).toEqual({ created: [nextMonth(turn)] });
    // The same batch retried after the turn, with one new post.
    expect(await commit(['m1', 'm2', 'm3'])).toMatchObject({ stored: 1 });
    expect([await copies('m1'), await copies('m2'), await copies('m3')]).toEqual([1, 1, 1]);
    const home = await homes();
    expect([home.m1, home.m2, home.m3]).toEqual([before[0]!.month, before[0]!.month, turn]);

    // Idempotent, and several processes may call it at the same time.
    const later = new Date(monthStart(nextMonth(turn)).getTime() + 60_000);
    const results = await Promise.all([ensurePostPartitions(handle.db, { now: later }), ensurePostPartitions(handle.db, { now: later })]);
    expect(results.flatMap((r) => r.created).sort()).toEqual([nextMonth(nextMonth(turn))]);
    expect(await ensurePostPartitions(handle.db, { now: later })).toEqual({ created: [] });
    expect(await commit(['m1', 'm4'])).toMatchObject({ stored: 1 });
    expect((await homes()).m4).toBe(nextMonth(turn));
    expect(await findStoredKeys(handle.db, [threat({ id: 'm1', author: 'x', minute: 0 }).post, threat({ id: 'never', author: 'x', minute: 0 }).post])).toEqual(
      new Set(['synthetic\u0000m1']),
    );
  });

  it('refuses a second post with the same feed and external id from any writer, whatever partition it would land in', async () => {
    const { rows } = await sql<{ id: string }>`select id from posts where external_id = 'm1'`.execute(handle.db);
    const write = (id: bigint | null) =>
      sql`insert into posts (id, feed, external_id, text, published_at) values (coalesce(${id === null ? null : String(id)}::bigint, nextval('posts_id_seq')), 'synthetic', 'm1', 'copy', now())`.execute(
        handle.db,
      );
    await expect(write(null)).rejects.toMatchObject({ code: '23505', constraint: 'posts_feed_external_id_key' });
    // Even under an id the key does not own, in the oldest partition.
    await expect(write(BigInt(rows[0]!.id) - 1n)).rejects.toMatchObject({ code: '23505', constraint: 'posts_feed_external_id_key' });
    expect(await copies('m1')).toBe(1);
    // Twice in one batch: stored once.
    await commit(['d1', 'd1']);
    expect(await copies('d1')).toBe(1);
  });

  it('forgets the key of a deleted or truncated post, so it can be stored again', async () => {
    const plain = () => sql`insert into posts (feed, external_id, text, published_at) values ('plain', 'p1', 'text', now())`.execute(handle.db);
    await plain();
    await expect(plain()).rejects.toMatchObject({ code: '23505' });
    await sql`delete from posts where external_id = 'p1'`.execute(handle.db);
    await plain();
    await sql`truncate posts, alerts, alert_posts, alert_events, notifications cascade`.execute(handle.db);
    expect(await commit(['m1', 'm4'])).toMatchObject({ stored: 2 });
  });
});
