import { Worker } from 'bullmq';
import { pollFeed } from '../src/polling/index.js';
import { parseJob, pollJobSchema, QUEUE, type PollJob } from '../src/queue/index.js';
import type { Runtime } from '../src/runtime/index.js';

/** The poller role: runs the poll jobs the feed schedulers emit. */
export function startPoller(runtime: Runtime, concurrency = 4): Worker<PollJob> {
  const worker = new Worker<PollJob>(
    QUEUE.poll,
    async (job) => {
      const { feed: name } = parseJob(pollJobSchema, QUEUE.poll, job.data);
      const feed = runtime.config.current.config.feeds.feeds.find((f) => f.name === name);
      if (!feed || !feed.enabled) return { feed: name, status: 'skipped' };
      return pollFeed(
        { db: runtime.database.db, queues: runtime.queues, logger: runtime.logger.child({ job: job.id }), allowPrivate: runtime.env.PLACEWATCH_ALLOW_PRIVATE },
        feed,
      );
    },
    // Several feeds poll at once (I/O bound); one feed never polls twice at once (one scheduler each).
    { connection: runtime.redis, prefix: runtime.queuePrefix, concurrency },
  );
  worker.on('error', (error) => runtime.logger.error({ err: error.message }, 'poller worker error'));
  runtime.onClose(() => worker.close());
  return worker;
}
