import { Queue, QueueEvents, type DefaultJobOptions, type JobsOptions } from 'bullmq';
import type { RedisClient } from './redis-connection.js';
import { QUEUE, type AnalyzeJob, type NotifyJob, type PollJob } from './jobs.js';

/**
 * Finished jobs are trimmed so Redis memory stays bounded; failed ones are kept longer
 * (operators inspect them) but bounded too. Retries back off exponentially.
 */
export const DEFAULT_JOB_OPTIONS: DefaultJobOptions = {
  attempts: 8,
  backoff: { type: 'exponential', delay: 1_000 },
  removeOnComplete: { count: 1_000, age: 24 * 3600 },
  removeOnFail: { count: 10_000, age: 14 * 24 * 3600 },
};

/**
 * Completed analyze jobs carry their whole batch (~1.2 MB at 1,000 posts): the thousand the default
 * keeps held ~1.2 GB of Redis after an import. A hundred, for an hour, still let `ingest --wait` and a
 * re-polled page find their job (no second job while it is known); past that the seen set and the
 * posts' unique key absorb a repeat, as they always did beyond the kept jobs.
 */
export const ANALYZE_KEEP_COMPLETED = { count: 100, age: 3600 } as const;

export interface Queues {
  readonly poll: Queue<PollJob>;
  readonly analyze: Queue<AnalyzeJob>;
  readonly notify: Queue<NotifyJob>;
  close(): Promise<void>;
}

/** Opens the three queues on one connection; `prefix` carries a hash tag for Redis Cluster. */
export function openQueues(connection: RedisClient, prefix: string): Queues {
  const options = { connection, prefix, defaultJobOptions: DEFAULT_JOB_OPTIONS };
  const poll = new Queue<PollJob>(QUEUE.poll, { ...options, defaultJobOptions: { ...DEFAULT_JOB_OPTIONS, attempts: 1 } });
  const analyze = new Queue<AnalyzeJob>(QUEUE.analyze, { ...options, defaultJobOptions: { ...DEFAULT_JOB_OPTIONS, removeOnComplete: ANALYZE_KEEP_COMPLETED } });
  const notify = new Queue<NotifyJob>(QUEUE.notify, options);
  for (const queue of [poll, analyze, notify]) queue.on('error', () => undefined);
  return {
    poll,
    analyze,
    notify,
    close: async () => {
      await Promise.all([poll.close(), analyze.close(), notify.close()]);
    },
  };
}

/** Job id of an analyze batch: the same batch enqueued twice (a re-poll) becomes one job. */
export function analyzeJobOptions(batchKey: string): JobsOptions {
  return { jobId: `batch-${batchKey}` };
}

export { QueueEvents };
