import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, type PlacewatchConfig } from '../../../src/config/index.js';
import { routesFileSchema } from '../../../src/config/schema/routes.js';
import { connectDatabase, migrateToLatest, type DatabaseHandle } from '../../../src/db/index.js';
import { commitScoredBatch, type ScoredPost } from '../../../src/pipeline/index.js';
import { SHIPPED_CONFIG } from '../../helpers/paths.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/services.js';
import { syntheticThreat as threat } from '../../helpers/synthetic-threats.js';

/**
 * The analyzer writes an alert's figures once per batch; posts that are news (opened, severity
 * raised, campaign, merge) still refresh it at once. Proven here: one batch ends in the same alerts,
 * audit trail and notifications (payload figures included) as the same posts committed one by one.
 */
describe('alert figures once per batch', () => {
  let database: TestDatabase;
  let handle: DatabaseHandle;
  let config: PlacewatchConfig;

  beforeAll(async () => {
    database = await createTestDatabase('batchfig');
    handle = await connectDatabase({ databaseUrl: database.url, dataDir: '' });
    await migrateToLatest(handle.db);
    config = {
      ...loadConfig(SHIPPED_CONFIG),
      routes: routesFileSchema.parse({ routes: [{ name: 'all', places: 'all', min_severity: 'low', campaigns: true, channel: 'log' }] }),
    };
  });
  afterAll(async () => {
    await handle?.close();
    await database?.drop();
  });

  const commit = (posts: ScoredPost[]) => commitScoredBatch({ db: handle.db, config, publicUrl: 'http://ui' }, posts);

  /** Everything the analyzer wrote but the clock; posts by source id (a batch stores its posts in another order). */
  async function written() {
    const posts = await handle.db.selectFrom('posts').select(['id', 'external_id']).execute();
    const sourceId = new Map(posts.map((p) => [String(p.id), p.external_id]));
    const alerts = await sql<{ status: string; representative_post_id: string }>`
      select id, place_id, status, category, category_counts, severity, campaign, max_score, post_count, distinct_authors,
             distinct_sources, first_seen, last_seen, representative_post_id, linked_alert_id
      from alerts order by id`.execute(handle.db);
    const events = await sql<{ action: string; data: { postId?: string } }>`
      select alert_id, action, from_status, to_status, data from alert_events order by id`.execute(handle.db);
    const notifications = await sql`select alert_id, route, event, idempotency_key, payload from notifications order by id`.execute(handle.db);
    return {
      alerts: alerts.rows.map((a) => ({ ...a, representative_post_id: sourceId.get(String(a.representative_post_id)) })),
      events: events.rows.map((e) => ({ ...e, data: { ...e.data, postId: e.data.postId && sourceId.get(String(e.data.postId)) } })),
      notifications: notifications.rows,
    };
  }

  const earlier = [threat({ id: 'e1', author: 'a', minute: 0, severity: 'medium', score: 0.5, text: 'first' })];
  const batch = [
    threat({ id: 'b1', author: 'b', minute: 5, severity: 'medium', score: 0.5, text: 'second' }),
    threat({ id: 'b2', author: 'c', minute: 9, category: 'call_to_attack', severity: 'high', score: 0.7, text: 'third' }),
    threat({ id: 'b3', author: 'd', minute: 12, severity: 'medium', score: 0.55, text: 'fourth' }),
    threat({ id: 'b4', author: 'b', minute: 14, severity: 'medium', score: 0.5, text: 'fifth' }),
    // The fifth author within the hour: a campaign (high → critical).
    threat({ id: 'b5', author: 'e', minute: 20, category: 'takfir', severity: 'medium', score: 0.6, text: 'sixth' }),
    threat({ id: 'b6', author: 'f', minute: 25, severity: 'high', score: 0.9, text: 'seventh' }),
    threat({ id: 's1', author: 'g', minute: 30, place: 'saraqib', severity: 'medium', score: 0.5, text: 'elsewhere' }),
    threat({ id: 's2', author: 'h', minute: 31, place: 'saraqib', severity: 'medium', score: 0.5, text: 'elsewhere too' }),
    // Ten hours later a second incident, then a post between them that merges the two.
    threat({ id: 'l1', author: 'i', minute: 600, severity: 'medium', score: 0.5, text: 'late' }),
    threat({ id: 'l2', author: 'j', minute: 610, severity: 'medium', score: 0.5, text: 'late too' }),
    threat({ id: 'm1', author: 'k', minute: 300, severity: 'medium', score: 0.45, text: 'between' }),
    threat({ id: 'm2', author: 'k', minute: 301, severity: 'medium', score: 0.5, text: 'after the merge' }),
  ];

  it('one batch writes what the same posts committed one by one write', async () => {
    const reset = () => sql`truncate posts, alerts, alert_posts, alert_events, notifications restart identity cascade`.execute(handle.db);
    await reset();
    await commit(earlier);
    for (const post of batch) await commit([post]);
    const oneByOne = await written();
    expect(oneByOne.alerts.filter((a) => a.status === 'merged')).toHaveLength(1);
    expect(oneByOne.events.filter((e) => e.action === 'severity_raised').length).toBeGreaterThanOrEqual(2);

    await reset();
    await commit(earlier);
    await commit(batch);
    expect(await written()).toEqual(oneByOne);
  });
});
