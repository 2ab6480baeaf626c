import { QueueEvents, type Job } from 'bullmq';
import type { CanonicalPost } from '../feeds/canonical-post.js';
import { readPostsFromFile } from '../feeds/index.js';
import { enqueuePosts } from '../polling/index.js';
import { ANALYZE_BATCH_SIZE, QUEUE } from '../queue/index.js';
import type { Runtime } from '../runtime/index.js';

export interface IngestReport {
  readonly posts: number;
  readonly skipped: Array<{ position: number; reason: string }>;
  readonly jobIds: string[];
}

/**
 * Streams a JSONL or CSV file into the analyze queue in bounded batches; bad lines are reported
 * with their line number and the rest goes on. Memory stays flat whatever the file size.
 */
export async function ingestFile(
  runtime: Runtime,
  file: string,
  options: { feed: string; transform?: (post: CanonicalPost) => CanonicalPost },
): Promise<IngestReport> {
  const skipped: IngestReport['skipped'] = [];
  const jobIds: string[] = [];
  let batch: CanonicalPost[] = [];
  let posts = 0;
  const flush = async () => {
    if (batch.length === 0) return;
    jobIds.push(...(await enqueuePosts(runtime.queues, `import:${file}`, batch)));
    batch = [];
  };
  for await (const item of readPostsFromFile(file, { feed: options.feed })) {
    if (item.skipped) skipped.push(item.skipped);
    if (!item.post) continue;
    batch.push(options.transform ? options.transform(item.post) : item.post);
    posts += 1;
    if (batch.length >= ANALYZE_BATCH_SIZE) await flush();
  }
  await flush();
  return { posts, skipped, jobIds };
}

/** Waits until every job has finished; resolves with the ids of those that failed for good. */
export async function waitForAnalyzeJobs(runtime: Runtime, jobIds: readonly string[], timeoutMs = 300_000): Promise<string[]> {
  // QueueEvents blocks its connection, so it gets its own; BullMQ leaves a passed-in one open.
  const connection = runtime.redis.duplicate();
  connection.on('error', () => undefined);
  const events = new QueueEvents(QUEUE.analyze, { connection, prefix: runtime.queuePrefix });
  events.on('error', () => undefined);
  try {
    await events.waitUntilReady();
    const failed: string[] = [];
    for (const id of jobIds) {
      const job = (await runtime.queues.analyze.getJob(id)) as Job | undefined;
      if (!job) continue; // already finished and trimmed
      try {
        await job.waitUntilFinished(events, timeoutMs);
      } catch {
        failed.push(id);
      }
    }
    return failed;
  } finally {
    await events.close();
    connection.disconnect();
  }
}
