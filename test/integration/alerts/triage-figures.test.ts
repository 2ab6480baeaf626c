import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { mergeAlerts, splitPost, type TriageActor } from '../../../src/alerts/index.js';
import { loadConfig, type PlacewatchConfig } from '../../../src/config/index.js';
import { connectDatabase, migrateToLatest, type DatabaseHandle } from '../../../src/db/index.js';
import { commitScoredBatch, type ScoredPost } from '../../../src/pipeline/index.js';
import { SHIPPED_CONFIG } from '../../helpers/paths.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/services.js';
import { syntheticThreat as threat } from '../../helpers/synthetic-threats.js';

/** A reviewer's split or merge recomputes figures exactly as the analyzer does when evidence arrives. */
describe('figures after split and merge', () => {
  let database: TestDatabase;
  let handle: DatabaseHandle;
  let config: PlacewatchConfig;
  const reviewer: TriageActor = { email: 'lead@example.org', scope: { places: null } };

  beforeAll(async () => {
    database = await createTestDatabase('triage_figures');
    handle = await connectDatabase({ databaseUrl: database.url, dataDir: '' });
    await migrateToLatest(handle.db);
    config = loadConfig(SHIPPED_CONFIG);
  });
  afterAll(async () => {
    await handle?.close();
    await database?.drop();
  });
  beforeEach(async () => {
    await sql`truncate posts, alerts, alert_posts, alert_events, notifications, failed_posts, silences restart identity cascade`.execute(handle.db);
  });

  const commit = (posts: ScoredPost[]) => commitScoredBatch({ db: handle.db, config, publicUrl: 'http://ui' }, posts);
  const alert = (id: string) => handle.db.selectFrom('alerts').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const postId = (externalId: string) =>
    handle.db
      .selectFrom('posts')
      .select('id')
      .where('external_id', '=', externalId)
      .executeTakeFirstOrThrow()
      .then((r) => r.id);

  it('splitting one of five campaign authors off drops the campaign and its severity raise together', async () => {
    await commit([1, 2, 3, 4, 5].map((i) => threat({ id: `k${i}`, author: `acct${i}`, minute: 100 + i, severity: 'medium', score: 0.6, text: `t${i}` })));
    const [campaign] = await handle.db.selectFrom('alerts').selectAll().execute();
    expect(campaign).toMatchObject({ campaign: true, severity: 'high', distinct_authors: 5 });

    const { source, created } = await splitPost(handle.db, {
      alertId: campaign!.id,
      postId: await postId('k5'),
      actor: reviewer,
      campaign: config.thresholds.campaign,
    });

    expect(source).toMatchObject({ campaign: false, severity: 'medium', distinct_authors: 4, post_count: 4 });
    expect(created).toMatchObject({ campaign: false, severity: 'medium', distinct_authors: 1, post_count: 1, linked_alert_id: campaign!.id });
  });

  it('merging two alerts whose authors together make a campaign raises the severity and marks the campaign', async () => {
    // Two alerts of one place that the analyzer keeps apart: the first was resolved before the second
    // burst arrived, under a policy that opens a linked alert for new evidence.
    const openLinked = { ...config, thresholds: { ...config.thresholds, after_triage: { resolved: 'open_linked' as const } } };
    const commitLinked = (posts: ScoredPost[]) => commitScoredBatch({ db: handle.db, config: openLinked, publicUrl: 'http://ui' }, posts);
    await commitLinked([1, 2, 3].map((i) => threat({ id: `d${i}`, author: `d${i}`, minute: 10 + i, severity: 'medium', score: 0.6, text: `death ${i}` })));
    await handle.db.updateTable('alerts').set({ status: 'resolved' }).execute();
    await commitLinked(
      [1, 2, 3].map((i) => threat({ id: `e${i}`, author: `e${i}`, minute: 20 + i, severity: 'medium', score: 0.5, category: 'expulsion', text: `leave ${i}` })),
    );
    const rows = await handle.db.selectFrom('alerts').selectAll().orderBy('id').execute();
    expect(rows.map((r) => [r.category, r.campaign, r.severity])).toEqual([
      ['death_threat', false, 'medium'],
      ['expulsion', false, 'medium'],
    ]);

    await mergeAlerts(handle.db, { sourceId: rows[1]!.id, targetId: rows[0]!.id, actor: reviewer, campaign: config.thresholds.campaign });

    expect(await alert(rows[0]!.id)).toMatchObject({ campaign: true, severity: 'high', distinct_authors: 6, post_count: 6, category: 'death_threat' });
    expect(await alert(rows[1]!.id)).toMatchObject({ status: 'merged', post_count: 0, linked_alert_id: rows[0]!.id });
  });
});
