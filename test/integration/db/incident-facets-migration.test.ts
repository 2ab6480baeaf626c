import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/index.js';
import { connectDatabase, migrateToLatest, type DatabaseHandle } from '../../../src/db/index.js';
import { commitScoredBatch } from '../../../src/pipeline/index.js';
import * as incidentFacets from '../../../migrations/0007_incident_facets.js';
import { SHIPPED_CONFIG } from '../../helpers/paths.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/services.js';
import { syntheticThreat as threat } from '../../helpers/synthetic-threats.js';

describe('migration 0007: one alert per place and window', () => {
  let database: TestDatabase;
  let handle: DatabaseHandle;

  beforeAll(async () => {
    database = await createTestDatabase('facets');
    handle = await connectDatabase({ databaseUrl: database.url, dataDir: '' });
    await migrateToLatest(handle.db);
  });
  afterAll(async () => {
    await handle?.close();
    await database?.drop();
  });

  /** Files every post into an alert of its own place and category, as the grouping before 0007 did. */
  async function seedPerCategoryAlerts(): Promise<void> {
    const config = loadConfig(SHIPPED_CONFIG);
    await commitScoredBatch({ db: handle.db, config, publicUrl: 'http://ui' }, [
      threat({ id: 'm1', author: 'a', minute: 0, place: 'saraqib', category: 'call_to_attack', severity: 'high', text: 'storm it' }),
      threat({ id: 'm2', author: 'b', minute: 10, place: 'saraqib', category: 'death_threat', severity: 'critical', score: 0.95, text: 'kill them' }),
      threat({ id: 'm3', author: 'c', minute: 20, place: 'saraqib', category: 'takfir', severity: 'medium', score: 0.5, text: 'apostates' }),
      threat({ id: 'm4', author: 'd', minute: 25, place: 'saraqib', category: 'expulsion', severity: 'medium', score: 0.5, text: 'leave' }),
      threat({ id: 'm5', author: 'e', minute: 60 * 30, place: 'saraqib', category: 'death_threat', text: 'a day later' }),
    ]);
    await incidentFacets.down(handle.db);
    const [burst] = await sql<{ id: string }>`select id from alerts where post_count = 4`.execute(handle.db).then((r) => r.rows);
    for (const [externalId, category, severity, status] of [
      ['m1', 'call_to_attack', 'high', 'new'],
      ['m3', 'takfir', 'medium', 'acknowledged'],
      ['m4', 'expulsion', 'medium', 'resolved'],
    ]) {
      const { rows } = await sql<{ id: string }>`
        insert into alerts (place_id, place_name, category, status, severity, max_score, post_count, first_seen, last_seen)
        select 'saraqib', 'Saraqib', ${category}, ${status}, ${severity}, 0.5, 1, published_at, published_at from posts where external_id = ${externalId}
        returning id`.execute(handle.db);
      await sql`update alert_posts set alert_id = ${rows[0]!.id} where post_id = (select id from posts where external_id = ${externalId})`.execute(handle.db);
    }
    await sql`update alerts set post_count = 1, first_seen = p.published_at, last_seen = p.published_at
      from posts p where p.external_id = 'm2' and alerts.id = ${burst!.id}`.execute(handle.db);
  }

  it('merges open same-place alerts whose windows overlap, keeps closed and distant ones, and counts categories', async () => {
    await seedPerCategoryAlerts();
    expect((await sql`select id from alerts where place_id = 'saraqib' and status <> 'merged'`.execute(handle.db)).rows).toHaveLength(5);

    await incidentFacets.up(handle.db);

    const alerts = await handle.db.selectFrom('alerts').selectAll().orderBy('first_seen').orderBy('id').execute();
    const open = alerts.filter((a) => a.status !== 'merged');
    expect(open.map((a) => [a.status, a.post_count, a.category_counts])).toEqual([
      ['new', 3, { call_to_attack: 1, death_threat: 1, takfir: 1 }],
      ['resolved', 1, { expulsion: 1 }],
      ['new', 1, { death_threat: 1 }],
    ]);
    const merged = open[0]!;
    expect(merged).toMatchObject({ severity: 'critical', category: 'death_threat', distinct_authors: 3 });
    const takfir = alerts.find((a) => a.category === 'takfir')!;
    expect(takfir).toMatchObject({ status: 'merged', linked_alert_id: merged.id, post_count: 0 });
    // The acknowledged takfir alert joined too: its evidence now counts in the incident.
    expect(await handle.db.selectFrom('alert_posts').select('alert_id').where('category', '=', 'takfir').executeTakeFirst()).toEqual({ alert_id: merged.id });
    const trail = await handle.db.selectFrom('alert_events').select(['alert_id', 'action']).where('actor', '=', 'migration').orderBy('id').execute();
    expect(trail.filter((e) => e.action === 'merged_from').every((e) => e.alert_id === merged.id)).toBe(true);
  });
});
