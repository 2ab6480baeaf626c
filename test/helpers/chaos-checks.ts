import { sql, type Kysely } from 'kysely';
import type { Queue } from 'bullmq';
import type { Database } from '../../src/db/index.js';
import type { CanonicalPost } from '../../src/feeds/canonical-post.js';
import { analyzeBatch } from '../../src/pipeline/index.js';
import type { Runtime } from '../../src/runtime/index.js';
import { finalAlerts } from './alert-snapshot.js';

/**
 * The alerts of a clean run: the posts analysed in-process, in batches of `batchSize` in order,
 * with nothing killed. Chaos runs of the same posts are compared with this.
 */
export async function cleanRunAlerts(runtime: Runtime, posts: readonly CanonicalPost[], batchSize: number) {
  const deps = {
    db: runtime.database.db,
    active: runtime.config.current,
    logger: runtime.logger,
    publicUrl: 'http://x',
    nearDuplicates: runtime.nearDuplicates,
  };
  for (let i = 0; i < posts.length; i += batchSize) await analyzeBatch(deps, posts.slice(i, i + batchSize));
  return finalAlerts(runtime.database.db);
}

/** Rows in `posts` and distinct (feed, external id) among them: equal when nothing is duplicated. */
export async function storedPostCounts(db: Kysely<Database>): Promise<{ n: number; distinct: number }> {
  return db
    .selectFrom('posts')
    .select([sql<number>`count(*)::int`.as('n'), sql<number>`count(distinct (feed, external_id))::int`.as('distinct')])
    .executeTakeFirstOrThrow();
}

/** No job left to run: none waiting, active, delayed or prioritized. */
export async function queueDrained(queue: Queue): Promise<boolean> {
  const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized');
  return Object.values(counts).every((n) => n === 0);
}
