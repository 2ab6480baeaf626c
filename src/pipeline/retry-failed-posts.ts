import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/index.js';
import type { SeenItems } from '../dedup/index.js';
import { canonicalPostSchema, type CanonicalPost } from '../feeds/index.js';
import { clearFailedPosts, readFailedPosts, findStoredKeys, postKey } from '../posts/index.js';
import { ANALYZE_BATCH_SIZE, analyzeJobOptions, type Queues } from '../queue/index.js';

/** Where retried batches say they came from, in logs. */
export const FAILED_RETRY_SOURCE = 'failed-posts:retry';

export interface RetryFailedReport {
  /** Posts put back on the analyze queue. */
  readonly enqueued: number;
  readonly jobIds: string[];
  /** Posts found stored already (a retry that finished before): taken out of the failed set. */
  readonly alreadyStored: number;
  /** Requested ids with no failed post. */
  readonly notFound: string[];
  /** Recorded posts that no longer read as a post, with the reason; they stay in the failed set. */
  readonly unreadable: ReadonlyArray<{ readonly id: string; readonly reason: string }>;
}

/**
 * Puts failed posts back on the analyze queue. A post leaves the failed set when a retry stores it
 * (see commitScoredBatch) and stays, with its new error and one more attempt, when it fails again.
 * The job id covers the posts and their attempt counts: retrying twice before the first retry ran
 * adds no second job, and a retry after a new failure is a new job.
 */
export async function retryFailedPosts(
  deps: { readonly db: Kysely<Database>; readonly queues: Queues; readonly seen?: SeenItems },
  ids: readonly string[] | 'all',
): Promise<RetryFailedReport> {
  const records = await readFailedPosts(deps.db, ids);
  const found = new Set(records.map((r) => r.id));
  const notFound = ids === 'all' ? [] : ids.filter((id) => !found.has(id));
  const unreadable: Array<{ id: string; reason: string }> = [];
  const posts: Array<{ post: CanonicalPost; key: string }> = [];
  for (const record of records) {
    const parsed = canonicalPostSchema.safeParse(record.post);
    if (parsed.success) posts.push({ post: parsed.data, key: `${record.id}:${record.attempts}` });
    else unreadable.push({ id: record.id, reason: parsed.error.issues[0]?.message ?? 'not a post' });
  }
  const stored = await findStoredKeys(
    deps.db,
    posts.map((p) => p.post),
  );
  const done = posts.filter((p) => stored.has(postKey(p.post.feed, p.post.externalId)));
  await clearFailedPosts(
    deps.db,
    done.map((p) => p.post),
  );
  const pending = posts.filter((p) => !stored.has(postKey(p.post.feed, p.post.externalId)));
  // Redis may remember a failed post as seen; forgotten, the retry is analysed instead of dropped.
  await deps.seen?.forget(pending.map((p) => p.post));
  const jobIds: string[] = [];
  for (let i = 0; i < pending.length; i += ANALYZE_BATCH_SIZE) {
    const batch = pending.slice(i, i + ANALYZE_BATCH_SIZE);
    const key = createHash('sha256')
      .update(`retry\u0001${batch.map((p) => p.key).join('\u0001')}`)
      .digest('hex')
      .slice(0, 32);
    const job = await deps.queues.analyze.add('batch', { posts: batch.map((p) => p.post), source: FAILED_RETRY_SOURCE }, analyzeJobOptions(key));
    if (job.id) jobIds.push(job.id);
  }
  return { enqueued: pending.length, jobIds, alreadyStored: done.length, notFound, unreadable };
}
