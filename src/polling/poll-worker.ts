import { Worker } from 'bullmq';
import type { Kysely } from 'kysely';
import type { FeedConfig } from '../config/index.js';
import type { Database } from '../db/index.js';
import { parseJob, pollJobSchema, QUEUE, type PollJob, type Queues, type RedisClient } from '../queue/index.js';
import type { Logger } from '../runtime/index.js';
import { startFeedWatch, type FeedWatchOptions } from './feed-watch.js';
import { pollFeed } from './poll-feed.js';

export interface PollWorkerOptions {
  readonly db: Kysely<Database>;
  readonly queues: Queues;
  readonly redis: RedisClient;
  readonly queuePrefix: string;
  readonly logger: Logger;
  readonly allowPrivate: readonly string[];
  /** The feeds of the active config, read per job so a hot reload applies without restart. */
  readonly feeds: () => readonly FeedConfig[];
  /** Poll jobs run at once (I/O bound); one feed never polls twice at once (one scheduler each). */
  readonly concurrency?: number;
  readonly feedWatchIntervalMs?: FeedWatchOptions['intervalMs'];
}

/** A running poll worker and its feed watch. */
export interface PollWorker {
  readonly worker: Worker<PollJob>;
  close(): Promise<void>;
}

/**
 * Starts this process's poll-queue worker, which runs the poll jobs the feed schedulers emit (a feed
 * missing from the active config, or disabled, is skipped), and its feed watch (Jetstream
 * subscriptions and feed-health alerts, see {@link startFeedWatch}).
 */
export function startPollWorker(options: PollWorkerOptions): PollWorker {
  const { logger } = options;
  const worker = new Worker<PollJob>(
    QUEUE.poll,
    async (job) => {
      const { feed: name } = parseJob(pollJobSchema, QUEUE.poll, job.data);
      const feed = options.feeds().find((f) => f.name === name);
      if (!feed || !feed.enabled) return { feed: name, status: 'skipped' };
      return pollFeed({ db: options.db, queues: options.queues, logger: logger.child({ job: job.id }), allowPrivate: options.allowPrivate }, feed);
    },
    { connection: options.redis, prefix: options.queuePrefix, concurrency: options.concurrency ?? 4 },
  );
  worker.on('error', (error) => logger.error({ err: error.message }, 'poller worker error'));
  const watch = startFeedWatch({ ...options, intervalMs: options.feedWatchIntervalMs });
  return {
    worker,
    close: async () => {
      await watch.close();
      await worker.close();
    },
  };
}
