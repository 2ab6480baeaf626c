import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alertFigures } from '../../../src/alerts/index.js';
import { computeEvidenceStats } from '../../../src/alerts/alert-repository.js';
import { loadConfig, type PlacewatchConfig, type Severity, type ThreatCategory } from '../../../src/config/index.js';
import { connectDatabase, migrateToLatest, type DatabaseHandle } from '../../../src/db/index.js';
import { commitScoredBatch, type ScoredPost } from '../../../src/pipeline/index.js';
import { SHIPPED_CONFIG } from '../../helpers/paths.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/services.js';
import { syntheticThreat as threat } from '../../helpers/synthetic-threats.js';

/**
 * A batch grows the figures of the alerts it adds to from what it adds (new authors and feeds by
 * index, the hours around its posts), not from all of their evidence. Whatever the batches, every
 * alert's written figures must equal those recomputed from all of its evidence, and an alert that
 * is a campaign must have said so once, when the post that made it one came.
 */
describe('alert figures grown batch by batch', () => {
  let database: TestDatabase;
  let handle: DatabaseHandle;
  let config: PlacewatchConfig;

  beforeAll(async () => {
    database = await createTestDatabase('figgrow');
    handle = await connectDatabase({ databaseUrl: database.url, dataDir: '' });
    await migrateToLatest(handle.db);
    // Low campaign bars, so that random posts cross them often, in windows old and new posts share.
    const shipped = loadConfig(SHIPPED_CONFIG);
    config = { ...shipped, thresholds: { ...shipped.thresholds, campaign: { distinct_authors_per_hour: 3, posts_per_hour: 4 } } };
  });
  afterAll(async () => {
    await handle?.close();
    await database?.drop();
  });

  const post = fc.record({
    // Few authors (some posts without one), feeds, scores and minutes: repeats and ties are common.
    author: fc.option(fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g'), { freq: 6 }),
    feed: fc.constantFrom('tg', 'rss', 'x'),
    minute: fc.integer({ min: 0, max: 5 * 60 }),
    place: fc.constantFrom('darat-izza', 'saraqib'),
    category: fc.constantFrom<ThreatCategory>('death_threat', 'call_to_attack', 'takfir'),
    severity: fc.constantFrom<Severity>('medium', 'high', 'critical'),
    score: fc.constantFrom(0.5, 0.6, 0.8, 0.9),
  });

  it('equal the figures recomputed from all of the evidence, for random posts in random batches', async () => {
    const policy = config.thresholds.campaign;
    await fc.assert(
      fc.asyncProperty(
        fc.array(post, { minLength: 1, maxLength: 40 }),
        fc.array(fc.integer({ min: 1, max: 12 }), { minLength: 1, maxLength: 8 }),
        async (posts, cuts) => {
          await sql`truncate posts, alerts, alert_posts, alert_events, notifications restart identity cascade`.execute(handle.db);
          const scored: ScoredPost[] = posts.map((p, i) => {
            const s = threat({
              id: `p${i}`,
              author: p.author ?? 'x',
              feed: p.feed,
              minute: p.minute,
              place: p.place,
              category: p.category,
              severity: p.severity,
              score: p.score,
              cluster: null,
            });
            return p.author === null ? { ...s, post: { ...s.post, author: { id: null, handle: null, displayName: null } } } : s;
          });
          for (let start = 0, k = 0; start < scored.length; k++) {
            const size = cuts[k % cuts.length]!;
            await commitScoredBatch({ db: handle.db, config, publicUrl: 'http://ui' }, scored.slice(start, start + size));
            start += size;
          }
          const alerts = await handle.db.selectFrom('alerts').selectAll().where('status', '<>', 'merged').execute();
          for (const alert of alerts) {
            const recomputed = alertFigures(await computeEvidenceStats(handle.db, alert.id), policy);
            const written = {
              category: alert.category,
              category_counts: alert.category_counts,
              severity: alert.severity,
              max_score: alert.max_score,
              post_count: alert.post_count,
              distinct_authors: alert.distinct_authors,
              distinct_sources: alert.distinct_sources,
              campaign: alert.campaign,
              first_seen: alert.first_seen,
              last_seen: alert.last_seen,
              representative_post_id: String(alert.representative_post_id),
            };
            expect(written).toEqual({ ...recomputed, representative_post_id: String(recomputed.representative_post_id) });
            // The post that made it a campaign was news when it came, not only in the batch's figures.
            if (alert.campaign) {
              const raised = await sql<{ n: number }>`
              select count(*)::int as n from alert_events
              where alert_id = ${alert.id} and action = 'severity_raised' and data->>'reason' = 'campaign'`.execute(handle.db);
              expect(raised.rows[0]!.n).toBe(1);
            }
          }
        },
      ),
      { numRuns: 40 },
    );
  });
});
