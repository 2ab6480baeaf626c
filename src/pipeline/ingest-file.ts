import type { CanonicalPost } from '../feeds/index.js';
import { readPostsFromFile } from '../feeds/index.js';
import { enqueuePosts } from '../polling/index.js';
import { ANALYZE_BATCH_SIZE } from '../queue/index.js';
import type { Runtime } from '../runtime/index.js';
import type { AnalyzeBatchRef } from './analyze-wait.js';

export interface IngestReport {
  readonly posts: number;
  readonly skipped: Array<{ position: number; reason: string }>;
  readonly jobIds: string[];
  /** The same jobs with the number of posts each carries, for progress counted in posts. */
  readonly batches: AnalyzeBatchRef[];
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
  const batches: AnalyzeBatchRef[] = [];
  let batch: CanonicalPost[] = [];
  let posts = 0;
  const flush = async () => {
    if (batch.length === 0) return;
    // A flush never holds more than ANALYZE_BATCH_SIZE posts, so it becomes exactly one job.
    for (const jobId of await enqueuePosts(runtime.queues, `import:${file}`, batch)) batches.push({ jobId, posts: batch.length });
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
  return { posts, skipped, jobIds: batches.map((b) => b.jobId), batches };
}
