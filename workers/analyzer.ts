import { Worker } from 'bullmq';
import { analyzeBatch } from '../src/pipeline/index.js';
import { analyzeJobSchema, parseJob, QUEUE, type AnalyzeJob } from '../src/queue/index.js';
import type { Runtime } from '../src/runtime/index.js';

/** The analyzer role: takes batches off the analyze queue and commits their posts and alerts. */
export function startAnalyzer(runtime: Runtime, concurrency = 1): Worker<AnalyzeJob> {
  const worker = new Worker<AnalyzeJob>(
    QUEUE.analyze,
    async (job) => {
      const { posts, source } = parseJob(analyzeJobSchema, QUEUE.analyze, job.data);
      // Read once per batch: a hot reload applies between batches, never inside one.
      const active = runtime.config.current;
      const log = runtime.logger.child({ job: job.id, source });
      const outcome = await analyzeBatch(
        { db: runtime.database.db, active, logger: log, seen: runtime.seen, nearDuplicates: runtime.nearDuplicates, publicUrl: runtime.publicUrl },
        posts,
      );
      log.info({ ...outcome, configVersion: active.config.version }, 'batch analyzed');
      return outcome;
    },
    { connection: runtime.redis, prefix: runtime.queuePrefix, concurrency, autorun: true },
  );
  worker.on('failed', (job, error) =>
    runtime.logger.error({ job: job?.id, attempts: job?.attemptsMade, err: error.message }, 'analyze job failed'),
  );
  worker.on('error', (error) => runtime.logger.error({ err: error.message }, 'analyzer worker error'));
  runtime.onClose(() => worker.close());
  return worker;
}
