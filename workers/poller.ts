import { Worker } from 'bullmq';
import { errorMessage } from '../src/errors.js';
import { checkFeedAlerts, pollFeed } from '../src/polling/index.js';
import { JetstreamSubscriptions } from '../src/polling/jetstream-subscriptions.js';
import { parseJob, pollJobSchema, QUEUE, type PollJob } from '../src/queue/index.js';
import type { Runtime } from '../src/runtime/index.js';

/** How often the poller role re-checks feed health (failing/silent alerts) and Jetstream subscriptions. */
const HEALTH_INTERVAL_MS = 60_000;

/**
 * The poller role: runs the poll jobs the feed schedulers emit, holds the Jetstream subscriptions
 * (one process in the fleet per feed, by lease), and raises operational alerts for feeds that fail
 * or fall silent.
 */
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

  const subscriptions = new JetstreamSubscriptions({
    db: runtime.database.db,
    queues: runtime.queues,
    redis: runtime.redis,
    prefix: runtime.queuePrefix,
    logger: runtime.logger,
    allowPrivate: runtime.env.PLACEWATCH_ALLOW_PRIVATE,
  });
  let stopped = false;
  let running: Promise<void> = Promise.resolve();
  const tick = async () => {
    const feeds = runtime.config.current.config.feeds.feeds;
    try {
      await subscriptions.reconcile(feeds);
      await checkFeedAlerts(runtime.database.db, feeds, runtime.logger);
    } catch (error) {
      runtime.logger.warn({ err: errorMessage(error) }, 'feed health check failed; will retry');
    }
  };
  running = running.then(tick);
  const timer = setInterval(() => {
    if (!stopped) running = running.then(tick);
  }, HEALTH_INTERVAL_MS);
  timer.unref();

  runtime.onClose(async () => {
    stopped = true;
    clearInterval(timer);
    await running;
    await subscriptions.stopAll();
    await worker.close();
  });
  return worker;
}
