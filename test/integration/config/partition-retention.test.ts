import { rmSync } from 'node:fs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_RETENTION, loadConfig, type RetentionFile } from '../../../src/config/index.js';
import { connectDatabase, migrateToLatest, type DatabaseHandle } from '../../../src/db/index.js';
import { commitScoredBatch } from '../../../src/pipeline/index.js';
import { ensurePostPartitions, findStoredKeys, listPostPartitions, monthStart, nextMonth } from '../../../src/posts/index.js';
import { sweepRetention } from '../../../src/retention/index.js';
import { SHIPPED_CONFIG } from '../../helpers/paths.js';
import { runCli } from '../../helpers/run-cli.js';
import { createTestDatabase, testEnv, type TestDatabase } from '../../helpers/services.js';
import { syntheticThreat as threat } from '../../helpers/synthetic-threats.js';
import { tempConfig } from '../../helpers/temp-config.js';

const DAY = 86_400_000;
const RETENTION: RetentionFile = {
  ...DEFAULT_RETENTION,
  unmatched_posts: 'forever',
  alert_evidence: 'forever',
  audit: 'forever',
  drop_post_partitions_after: '1d',
};

describe('retention by dropping partitions of posts', () => {
  let database: TestDatabase;
  let handle: DatabaseHandle;
  const config = loadConfig(SHIPPED_CONFIG);
  const current = new Date().toISOString().slice(0, 7);
  const turn = nextMonth(current);
  const afterTurn = nextMonth(turn);
  const tableOf = (month: string) => `posts_y${month.replace('-', 'm')}`;
  const exists = async (table: string) => (await sql<{ t: string | null }>`select to_regclass(${table})::text as t`.execute(handle.db)).rows[0]!.t !== null;
  const plain = (id: string) =>
    sql`insert into posts (feed, external_id, text, published_at) values ('plain', ${id}, ${`unmatched ${id}`}, now())`.execute(handle.db);
  const externalIds = async () => (await handle.db.selectFrom('posts').select('external_id').orderBy('external_id').execute()).map((r) => r.external_id);

  beforeAll(async () => {
    database = await createTestDatabase('partret');
    handle = await connectDatabase({ databaseUrl: database.url, dataDir: '' });
    await migrateToLatest(handle.db);
    // This month: two unmatched posts. Next month: evidence of an open alert. The month after: one more post.
    await plain('a1');
    await plain('a2');
    await ensurePostPartitions(handle.db, { now: monthStart(turn) });
    await commitScoredBatch({ db: handle.db, config, publicUrl: 'http://ui' }, [threat({ id: 'e1', author: 'x', minute: 0 })]);
    await ensurePostPartitions(handle.db, { now: monthStart(afterTurn) });
    await plain('b1');
  });
  afterAll(async () => {
    await handle?.close();
    await database?.drop();
  });

  const sweepAt = new Date(monthStart(afterTurn).getTime() + 2 * DAY);

  it('reports in a dry run what it would drop and keep, and changes nothing', async () => {
    const report = await sweepRetention(handle.db, RETENTION, { dryRun: true, now: sweepAt });
    expect(report.postPartitions).toEqual({
      cutoff: new Date(sweepAt.getTime() - DAY).toISOString(),
      dropped: [current],
      kept: [{ month: turn, reason: 'holds evidence of 1 alert(s), 1 of them open' }],
    });
    expect(await exists(tableOf(current))).toBe(true);
    expect(await externalIds()).toEqual(['a1', 'a2', 'b1', 'e1']);
    expect((await listPostPartitions(handle.db)).map((p) => p.month)).toContain(current);
  });

  it('drops a month past the window that no alert needs, keeps the month holding open-alert evidence and says why, and still knows the dropped posts', async () => {
    const report = await sweepRetention(handle.db, RETENTION, { now: sweepAt });
    expect(report.postPartitions).toMatchObject({ dropped: [current], kept: [{ month: turn, reason: 'holds evidence of 1 alert(s), 1 of them open' }] });
    expect(await exists(tableOf(current))).toBe(false);
    expect(await externalIds()).toEqual(['b1', 'e1']);
    const record = await handle.db.selectFrom('post_partitions').select(['month', 'dropped_at']).where('month', '=', current).executeTakeFirstOrThrow();
    expect(record.dropped_at).not.toBeNull();
    // A re-poll of a dropped post is still seen: it is not stored again.
    const repoll = threat({ id: 'a1', author: 'y', minute: 1, feed: 'plain' });
    expect(await findStoredKeys(handle.db, [repoll.post])).toEqual(new Set(['plain\u0000a1']));
    expect(await commitScoredBatch({ db: handle.db, config, publicUrl: 'http://ui' }, [repoll])).toMatchObject({ stored: 0 });
    // Sweeping again drops nothing more.
    expect((await sweepRetention(handle.db, RETENTION, { now: sweepAt })).postPartitions.dropped).toEqual([]);
  });

  it('keeps a past month that new posts still go to (no analyzer moved the ids on since)', async () => {
    const late = monthStart(nextMonth(nextMonth(afterTurn)));
    const report = await sweepRetention(handle.db, RETENTION, { dryRun: true, now: late });
    expect(report.postPartitions.kept).toContainEqual({ month: afterTurn, reason: expect.stringMatching(/^new posts are still stored in it/) });
    expect(report.postPartitions.dropped).toEqual([]);
  });

  it('prints the partitions in `placewatch retention sweep`', async () => {
    const dir = tempConfig({ 'retention.yaml': 'drop_post_partitions_after: 1d\n' });
    try {
      const result = await runCli(['--config', dir, 'retention', 'sweep', '--dry-run'], testEnv(database.url, '{pw_partret_cli}'));
      expect(result.stderr).toBe('');
      // Against the real clock no month has ended a day ago yet: this month is the oldest left.
      expect(result.stdout).toMatch(/post partitions \(months ended before \d{4}-\d\d-\d\d \d\d:\d\d\): none would be dropped/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
