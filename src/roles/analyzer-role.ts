import { Worker, type Job } from 'bullmq';
import { sql } from 'kysely';
import { publishAlertChanges } from '../alerts/index.js';
import { hashVocabulary } from '../analysis/index.js';
import { relayDueNotifications } from '../notify/index.js';
import { analyzeJob, failedBatchRecorder } from '../pipeline/index.js';
import { analyzeJobSchema, parseJob, QUEUE, type AnalyzeJob } from '../queue/index.js';
import { retryThroughOutage, type Runtime } from '../runtime/index.js';

/**
 * A worker that completes a batch without fetching the next one in the same call. BullMQ's
 * completion (moveToFinished with fetchNext) compares the script's reply with `< 0`, and that reply
 * is an array holding the next job's whole payload: JavaScript joins 1,000 posts into one string and
 * reads it as a number, ~15-50 ms of CPU per batch for nothing. Without fetchNext the worker's loop
 * takes the next batch by moveToActive, whose reply is read as it is, at one more Redis round trip.
 */
class BatchWorker<T> extends Worker<T> {
  override processJob(job: Job<T>, token: string): ReturnType<Worker<T>['processJob']> {
    return super.processJob(job, token, () => false);
  }
}

/** The analyzer role: takes batches off the analyze queue and commits their posts and alerts. */
export function startAnalyzer(runtime: Runtime, concurrency = runtime.env.PLACEWATCH_ANALYZER_CONCURRENCY): Worker<AnalyzeJob> {
  // Ready before the first batch: it would otherwise hash the cached vocabulary mid-batch (~0.4 s).
  hashVocabulary(runtime.config.current.analyzer);
  const worker = new BatchWorker<AnalyzeJob>(
    QUEUE.analyze,
    async (job) => {
      const { posts, source } = parseJob(analyzeJobSchema, QUEUE.analyze, job.data);
      // Read once per batch: a hot reload applies between batches, never inside one.
      const active = runtime.config.current;
      const log = runtime.logger.child({ job: job.id, source });
      const deps = { db: runtime.database.db, active, logger: log, seen: runtime.seen, nearDuplicates: runtime.nearDuplicates, publicUrl: runtime.publicUrl };
      // Each post is checked on its own inside analyzeJob: one that breaks the format goes to failed_posts alone.
      // A lost Postgres is waited for, not counted as a failed attempt: the batch is one
      // transaction keyed by (feed, external id), so running it again after a reconnect is harmless.
      const outcome = await retryThroughOutage(() => analyzeJob(deps, posts, source), {
        readiness: runtime.readiness,
        dependency: 'postgres',
        probe: () => sql`select 1`.execute(runtime.database.db),
        signal: runtime.shutdown,
      });
      log.info({ ...outcome, configVersion: active.config.version }, 'batch analyzed');
      if (outcome.alertsTouched.length > 0) {
        // Officers hear within milliseconds: relay the outbox rows this batch wrote now instead of
        // waiting for the scheduler's poll (which stays as the fallback; relaying twice is harmless).
        await relayDueNotifications(runtime.database.db, runtime.queues).catch((error) =>
          log.warn({ err: (error as Error).message }, 'outbox relay after batch failed; the scheduler will relay'),
        );
        // Live UI updates; the API also polls, so a lost message only delays the update.
        await publishAlertChanges(runtime.redis, runtime.queuePrefix, outcome.alertsTouched).catch(() => undefined);
      }
      return outcome;
    },
    {
      connection: runtime.redis,
      prefix: runtime.queuePrefix,
      concurrency,
      lockDuration: runtime.env.PLACEWATCH_JOB_LOCK_MS,
      stalledInterval: runtime.env.PLACEWATCH_JOB_LOCK_MS,
      // A batch that keeps killing its worker fails for good after this, visible to operators.
      maxStalledCount: 3,
    },
  );
  // A batch BullMQ gives up on (attempts used, stalled too often, unreadable payload) puts its posts in
  // failed_posts for `placewatch failed retry`; registered before the worker's close, so it settles after it.
  const failedBatches = failedBatchRecorder({
    db: runtime.database.db,
    logger: runtime.logger,
    outage: { readiness: runtime.readiness, signal: runtime.shutdown },
  });
  runtime.onClose(() => failedBatches.settled());
  worker.on('failed', (job, error) => {
    runtime.logger.error({ job: job?.id, attempts: job?.attemptsMade, err: error.message }, 'analyze job failed');
    failedBatches.record(job, error);
  });
  worker.on('error', (error) => runtime.logger.error({ err: error.message }, 'analyzer worker error'));
  runtime.onClose(() => worker.close());
  return worker;
}
