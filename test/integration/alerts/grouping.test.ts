import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig, type PlacewatchConfig } from '../../../src/config/index.js';
import { routesFileSchema } from '../../../src/config/schema/routes.js';
import { commitScoredBatch, type ScoredPost } from '../../../src/pipeline/index.js';
import { SHIPPED_CONFIG } from '../../helpers/paths.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/services.js';
import { syntheticThreat as threat } from '../../helpers/synthetic-threats.js';
import { connectDatabase, migrateToLatest, type DatabaseHandle } from '../../../src/db/index.js';
import { insertSilence } from '../../../src/alerts/silence-repository.js';

describe('incident grouping', () => {
  let database: TestDatabase;
  let handle: DatabaseHandle;
  let config: PlacewatchConfig;

  beforeAll(async () => {
    database = await createTestDatabase('grouping');
    handle = await connectDatabase({ databaseUrl: database.url, dataDir: '' });
    await migrateToLatest(handle.db);
    const shipped = loadConfig(SHIPPED_CONFIG);
    config = {
      ...shipped,
      routes: routesFileSchema.parse({ routes: [{ name: 'all', places: 'all', min_severity: 'low', campaigns: true, channel: 'log' }] }),
    };
  });
  afterAll(async () => {
    await handle?.close();
    await database?.drop();
  });
  beforeEach(async () => {
    await sql`truncate posts, alerts, alert_posts, alert_events, notifications, failed_posts, silences restart identity cascade`.execute(handle.db);
  });

  const commit = (posts: ScoredPost[], cfg = config) => commitScoredBatch({ db: handle.db, config: cfg, publicUrl: 'http://ui' }, posts);
  const alerts = () => handle.db.selectFrom('alerts').selectAll().where('status', '<>', 'merged').orderBy('id').execute();
  const events = (alertId: string) =>
    handle.db
      .selectFrom('alert_events')
      .select(['action'])
      .where('alert_id', '=', alertId)
      .orderBy('id')
      .execute()
      .then((r) => r.map((e) => e.action));

  it('a burst of different threats against one town within an hour is one alert with every post', async () => {
    await commit([1, 2, 3].map((i) => threat({ id: `b${i}`, author: `u${i}`, minute: 600 + i * 10, text: `different threat number ${i}` })));
    const rows = await alerts();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ place_id: 'darat-izza', post_count: 3, distinct_authors: 3, campaign: false, severity: 'high' });
    expect(
      await handle.db
        .selectFrom('alert_posts')
        .select(sql<number>`count(*)::int`.as('n'))
        .executeTakeFirstOrThrow(),
    ).toEqual({ n: 3 });
  });

  it('different places make different alerts; different categories against one place are facets of one alert', async () => {
    await commit([
      threat({ id: 'p1', author: 'a', minute: 0, text: 'one' }),
      threat({ id: 'p2', author: 'b', minute: 5, place: 'saraqib', text: 'two' }),
      threat({ id: 'p3', author: 'c', minute: 10, category: 'expulsion', text: 'three' }),
    ]);
    const rows = await alerts();
    expect(rows.map((r) => [r.place_id, r.category_counts])).toEqual([
      ['darat-izza', { death_threat: 1, expulsion: 1 }],
      ['saraqib', { death_threat: 1 }],
    ]);
  });

  it('a 30-minute burst of mixed categories against one place from 4 accounts is ONE alert with per-category counts, notified once and escalated once', async () => {
    const burst = [
      threat({ id: 's1', author: 'acct1', minute: 0, place: 'saraqib', category: 'call_to_attack', severity: 'high', text: 'storm saraqib tonight' }),
      threat({
        id: 's2',
        author: 'acct2',
        minute: 8,
        place: 'saraqib',
        category: 'death_threat',
        severity: 'critical',
        score: 0.95,
        text: 'we will kill them in saraqib',
      }),
      threat({
        id: 's3',
        author: 'acct3',
        minute: 15,
        place: 'saraqib',
        category: 'takfir',
        severity: 'medium',
        score: 0.6,
        text: 'saraqib people are apostates',
      }),
      threat({ id: 's4', author: 'acct4', minute: 22, place: 'saraqib', category: 'death_threat', severity: 'high', text: 'death to saraqib' }),
      threat({ id: 's5', author: 'acct1', minute: 30, place: 'saraqib', category: 'call_to_attack', severity: 'high', text: 'march on saraqib' }),
    ];
    await commit(burst.slice(0, 2));
    await commit(burst.slice(2));
    const rows = await alerts();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      place_id: 'saraqib',
      post_count: 5,
      distinct_authors: 4,
      severity: 'critical',
      category: 'death_threat',
      category_counts: { call_to_attack: 2, death_threat: 2, takfir: 1 },
    });
    // The incident is announced when it opens (high) and once more when the death threat makes it critical.
    const notified = await handle.db.selectFrom('notifications').select('event').where('alert_id', '=', rows[0]!.id).orderBy('id').execute();
    expect(notified.map((n) => n.event)).toEqual(['opened', 'escalated']);
  });

  it('stronger evidence raises the severity: one severity_raised event and one escalation notification per level reached', async () => {
    await commit([threat({ id: 'v1', author: 'a', minute: 0, severity: 'medium', score: 0.5, text: 'v one' })]);
    await commit([threat({ id: 'v2', author: 'b', minute: 10, category: 'call_to_attack', severity: 'high', score: 0.7, text: 'v two' })]);
    await commit([threat({ id: 'v3', author: 'c', minute: 20, severity: 'medium', score: 0.5, text: 'v three' })]);
    await commit([threat({ id: 'v4', author: 'd', minute: 30, category: 'takfir', severity: 'critical', score: 0.9, text: 'v four' })]);
    const [alert] = await alerts();
    expect(alert).toMatchObject({ severity: 'critical', post_count: 4 });
    expect(await events(alert!.id)).toEqual(['opened', 'severity_raised', 'severity_raised']);
    const notified = await handle.db.selectFrom('notifications').select('event').where('alert_id', '=', alert!.id).orderBy('id').execute();
    expect(notified.map((n) => n.event)).toEqual(['opened', 'escalated', 'escalated']);
  });

  it('copies of one text join one alert even across categories and beyond the window', async () => {
    await commit([
      threat({ id: 'c1', author: 'a', minute: 0, text: 'the same campaign text' }),
      threat({ id: 'c2', author: 'b', minute: 60 * 20, category: 'call_to_attack', text: 'RT @a: the same campaign text' }),
    ]);
    const rows = await alerts();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.post_count).toBe(2);
  });

  it('posts further apart than the window open a second alert; a post between them merges both', async () => {
    await commit([threat({ id: 'w1', author: 'a', minute: 0, text: 'early' }), threat({ id: 'w2', author: 'b', minute: 60 * 10, text: 'late' })]);
    expect(await alerts()).toHaveLength(2);
    await commit([threat({ id: 'w3', author: 'c', minute: 60 * 5, text: 'bridge' })]);
    const rows = await alerts();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ post_count: 3, distinct_authors: 3 });
    expect(await events(rows[0]!.id)).toContain('merged_from');
    const merged = await handle.db.selectFrom('alerts').select(['status', 'linked_alert_id']).where('status', '=', 'merged').execute();
    expect(merged).toEqual([{ status: 'merged', linked_alert_id: rows[0]!.id }]);
  });

  it('five distinct accounts within an hour make a campaign: severity rises and a severity_raised event is recorded', async () => {
    await commit([1, 2, 3, 4].map((i) => threat({ id: `k${i}`, author: `acct${i}`, minute: 100 + i, severity: 'medium', score: 0.6, text: `t${i}` })));
    let [alert] = await alerts();
    expect(alert).toMatchObject({ campaign: false, severity: 'medium', distinct_authors: 4 });
    await commit([threat({ id: 'k5', author: 'acct5', minute: 130, severity: 'medium', score: 0.6, text: 't5' })]);
    [alert] = await alerts();
    expect(alert).toMatchObject({ campaign: true, severity: 'high', distinct_authors: 5, post_count: 5 });
    expect((await events(alert!.id)).filter((a) => a === 'severity_raised')).toHaveLength(1);
    const notified = await handle.db.selectFrom('notifications').select('event').where('alert_id', '=', alert!.id).execute();
    expect(notified.map((n) => n.event).sort()).toEqual(['escalated', 'opened']);
  });

  it('ten posts within an hour from few accounts also make a campaign; the same spread over a day does not', async () => {
    await commit(Array.from({ length: 10 }, (_, i) => threat({ id: `f${i}`, author: `x${i % 2}`, minute: i * 5, text: `fast ${i}` })));
    await commit(
      Array.from({ length: 10 }, (_, i) => threat({ id: `s${i}`, author: `y${i % 2}`, minute: 3000 + i * 70, place: 'saraqib', text: `slow ${i}` })),
    );
    const rows = await alerts();
    expect(rows.find((r) => r.place_id === 'darat-izza')).toMatchObject({ campaign: true, post_count: 10, distinct_authors: 2 });
    expect(rows.find((r) => r.place_id === 'saraqib')).toMatchObject({ campaign: false, post_count: 10 });
  });

  it('windows use published time: a backfill from 2017 groups as live traffic would', async () => {
    const backfill = [0, 30, 90].map((m, i) => ({ ...threat({ id: `h${i}`, author: `h${i}`, minute: m, text: `old ${i}` }) }));
    for (const scored of backfill)
      (scored.post as { publishedAt: string }).publishedAt = new Date(Date.UTC(2017, 6, 10, 8, Number(scored.post.externalId.slice(1)) * 30)).toISOString();
    await commit(backfill);
    const rows = await alerts();
    expect(rows).toHaveLength(1);
    expect(new Date(rows[0]!.first_seen).toISOString()).toBe('2017-07-10T08:00:00.000Z');
  });

  it('new evidence reopens a resolved alert and is recorded in the audit trail', async () => {
    await commit([threat({ id: 'r1', author: 'a', minute: 0, text: 'r one' })]);
    const [alert] = await alerts();
    await handle.db.updateTable('alerts').set({ status: 'resolved' }).where('id', '=', alert!.id).execute();
    await commit([threat({ id: 'r2', author: 'b', minute: 30, text: 'r two' })]);
    const [after] = await alerts();
    expect(after).toMatchObject({ id: alert!.id, status: 'new', post_count: 2 });
    expect(await events(alert!.id)).toEqual(['opened', 'reopened']);
  });

  it('with after_triage.resolved = open_linked, new evidence opens a linked alert instead', async () => {
    const linked = { ...config, thresholds: { ...config.thresholds, after_triage: { resolved: 'open_linked' as const } } };
    await commit([threat({ id: 'l1', author: 'a', minute: 0, text: 'l one' })], linked);
    const [first] = await alerts();
    await handle.db.updateTable('alerts').set({ status: 'resolved' }).where('id', '=', first!.id).execute();
    await commit([threat({ id: 'l2', author: 'b', minute: 30, text: 'l two' }), threat({ id: 'l3', author: 'c', minute: 40, text: 'l three' })], linked);
    const rows = await alerts();
    expect(rows).toHaveLength(2);
    expect(rows[1]).toMatchObject({ linked_alert_id: first!.id, status: 'new', post_count: 2 });
    expect(rows[0]).toMatchObject({ status: 'resolved', post_count: 1 });
  });

  it('evidence for a false-positive alert attaches quietly: no reopening, no notification, but audited', async () => {
    await commit([threat({ id: 'q1', author: 'a', minute: 0, text: 'q one' })]);
    const [alert] = await alerts();
    await handle.db.updateTable('alerts').set({ status: 'false_positive' }).where('id', '=', alert!.id).execute();
    const before = await handle.db
      .selectFrom('notifications')
      .select(sql<number>`count(*)::int`.as('n'))
      .executeTakeFirstOrThrow();
    await commit([threat({ id: 'q2', author: 'b', minute: 20, text: 'q two' })]);
    const [after] = await alerts();
    expect(after).toMatchObject({ status: 'false_positive', post_count: 2 });
    expect(await events(alert!.id)).toEqual(['opened', 'evidence_added']);
    const now = await handle.db
      .selectFrom('notifications')
      .select(sql<number>`count(*)::int`.as('n'))
      .executeTakeFirstOrThrow();
    expect(now.n).toBe(before.n);
  });

  it('a silenced place still gets its alert, but no notification, and the trail says what was held back', async () => {
    await insertSilence(handle.db, {
      kind: 'place',
      placeId: 'saraqib',
      reason: 'known hoax wave',
      owner: 'lead@example.org',
      createdBy: 'lead@example.org',
      expiresAt: new Date(Date.now() + 3_600_000),
    });
    await commit([threat({ id: 'z1', author: 'a', minute: 0, place: 'saraqib', text: 'silenced one' })]);
    await commit([threat({ id: 'z2', author: 'b', minute: 5, place: 'darat-izza', text: 'not silenced' })]);
    const rows = await alerts();
    const silenced = rows.find((r) => r.place_id === 'saraqib')!;
    const loud = rows.find((r) => r.place_id === 'darat-izza')!;
    expect(await events(silenced.id)).toEqual(['opened', 'notification_silenced']);
    const notified = await handle.db.selectFrom('notifications').select('alert_id').execute();
    expect(notified.map((n) => n.alert_id)).toEqual([loud.id]);
  });
});
