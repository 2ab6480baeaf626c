import type { Worker } from 'bullmq';
import { startPollWorker } from '../polling/index.js';
import type { PollJob } from '../queue/index.js';
import type { Runtime } from '../runtime/index.js';

/**
 * The poller role: runs the poll jobs the feed schedulers emit, holds the Jetstream subscriptions
 * (one process in the fleet per feed, by lease), and raises operational alerts for feeds that fail
 * or fall silent. Feeds are read from the active config at each use, so a reload applies without restart.
 */
export function startPoller(runtime: Runtime, concurrency = 4): Worker<PollJob> {
  const poller = startPollWorker({
    db: runtime.database.db,
    queues: runtime.queues,
    redis: runtime.redis,
    queuePrefix: runtime.queuePrefix,
    logger: runtime.logger,
    allowPrivate: runtime.env.PLACEWATCH_ALLOW_PRIVATE,
    feeds: () => runtime.config.current.config.feeds.feeds,
    concurrency,
  });
  runtime.onClose(() => poller.close());
  return poller.worker;
}
