import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, type PlacewatchConfig } from '../../../src/config/index.js';
import { connectDatabase, migrateToLatest, type DatabaseHandle } from '../../../src/db/index.js';
import { commitScoredBatch, type ScoredPost } from '../../../src/pipeline/index.js';
import { SHIPPED_CONFIG } from '../../helpers/paths.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/services.js';
import { syntheticThreat } from '../../helpers/synthetic-threats.js';

/** The alerts as a reviewer sees them, independent of row ids and arrival order. */
async function finalAlerts(handle: DatabaseHandle) {
  const { rows } = await sql<{
    place_id: string;
    status: string;
    severity: string;
    campaign: boolean;
    post_count: number;
    distinct_authors: number;
    first_seen: Date;
    last_seen: Date;
    evidence: string[];
  }>`
    select a.place_id, a.status, a.severity, a.campaign, a.post_count, a.distinct_authors, a.first_seen, a.last_seen,
           array_agg(p.external_id order by p.external_id) as evidence
    from alerts a join alert_posts e on e.alert_id = a.id join posts p on p.id = e.post_id
    where a.status <> 'merged'
    group by a.id`.execute(handle.db);
  return rows
    .map((r) => ({ ...r, first_seen: new Date(r.first_seen).toISOString(), last_seen: new Date(r.last_seen).toISOString() }))
    .sort((a, b) => a.evidence[0]!.localeCompare(b.evidence[0]!));
}

const postArbitrary = fc.record({
  place: fc.constantFrom('darat-izza', 'saraqib'),
  category: fc.constantFrom('death_threat' as const, 'call_to_attack' as const),
  author: fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f'),
  minute: fc.integer({ min: 0, max: 60 * 20 }),
  text: fc.constantFrom('copy one', 'copy two', 'unique'),
  severity: fc.constantFrom('high' as const, 'medium' as const, 'critical' as const),
});

describe('incident grouping does not depend on arrival order, duplicates or retries', () => {
  let database: TestDatabase;
  let handle: DatabaseHandle;
  let config: PlacewatchConfig;

  beforeAll(async () => {
    database = await createTestDatabase('prop');
    handle = await connectDatabase({ databaseUrl: database.url, dataDir: '', poolSize: 2 });
    await migrateToLatest(handle.db);
    config = loadConfig(SHIPPED_CONFIG);
  });
  afterAll(async () => {
    await handle?.close();
    await database?.drop();
  });

  it('random interleavings, repeats and retried batches end in the same alerts as one clean pass', async () => {
    const reset = () => sql`truncate posts, alerts, alert_posts, alert_events, notifications restart identity cascade`.execute(handle.db);
    const commit = (batch: ScoredPost[]) => commitScoredBatch({ db: handle.db, config, publicUrl: 'http://ui' }, batch);
    await fc.assert(
      fc.asyncProperty(
        fc.array(postArbitrary, { minLength: 3, maxLength: 14 }),
        fc.array(fc.nat(), { minLength: 30, maxLength: 30 }),
        fc.integer({ min: 1, max: 4 }),
        async (drafts, noise, batchSize) => {
          const posts = drafts.map((d, i) =>
            syntheticThreat({ id: `p${String(i).padStart(2, '0')}`, ...d, text: d.text === 'unique' ? `unique ${i}` : d.text }),
          );
          // The clean pass: every post once, in published order, one transaction.
          await reset();
          await commit([...posts].sort((a, b) => a.post.publishedAt.localeCompare(b.post.publishedAt)));
          const clean = await finalAlerts(handle);

          // A messy pass: shuffled, some posts repeated, batches of random size, some batches retried.
          await reset();
          const stream = posts.map((p, i) => ({ p, key: noise[i % noise.length]! + i * 7919 }));
          for (let i = 0; i < noise.length / 3; i++) stream.push({ p: posts[noise[i]! % posts.length]!, key: noise[(i * 7) % noise.length]! });
          stream.sort((a, b) => a.key - b.key);
          for (let i = 0; i < stream.length; i += batchSize) {
            const batch = stream.slice(i, i + batchSize).map((s) => s.p);
            await commit(batch);
            if (noise[i % noise.length]! % 3 === 0) await commit(batch); // a retry of the same job
          }
          expect(await finalAlerts(handle)).toEqual(clean);
        },
      ),
      { numRuns: 25, seed: 20261125 },
    );
  }, 180_000);
});
