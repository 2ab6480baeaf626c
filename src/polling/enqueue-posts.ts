import { createHash } from 'node:crypto';
import { queueablePost, type CanonicalPost } from '../feeds/index.js';
import { ANALYZE_BATCH_SIZE, analyzeJobOptions, type Queues } from '../queue/index.js';

/**
 * Enqueues posts as analyze batches of bounded size. The job id is a hash of the batch's items,
 * so enqueuing the same page twice (a poll retried after a crash) adds no second job while the
 * first is still known to the queue; past that, the Postgres unique key absorbs the repeat.
 * Each post is bounded first (queueablePost), so one too deep to serialise cannot lose its batch.
 */
export async function enqueuePosts(queues: Queues, source: string, posts: readonly CanonicalPost[]): Promise<string[]> {
  const jobIds: string[] = [];
  for (let i = 0; i < posts.length; i += ANALYZE_BATCH_SIZE) {
    const batch = posts.slice(i, i + ANALYZE_BATCH_SIZE).map(queueablePost);
    const key = createHash('sha256')
      .update(batch.map((p) => `${p.feed}\u0000${p.externalId}`).join('\u0001'))
      .digest('hex')
      .slice(0, 32);
    const job = await queues.analyze.add('batch', { posts: batch, source }, analyzeJobOptions(key));
    if (job.id) jobIds.push(job.id);
  }
  return jobIds;
}
