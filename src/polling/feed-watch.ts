import type { Queues, RedisClient } from '../queue/index.js';
import type { Kysely } from 'kysely';
import type { FeedConfig } from '../config/index.js';
import type { Database } from '../db/index.js';
import { errorMessage } from '../errors.js';
import type { Logger } from '../runtime/index.js';
import { checkFeedAlerts } from './feed-health.js';
import { JetstreamSubscriptions } from './jetstream-subscriptions.js';

/** How often a poller process re-checks feed health (failing/silent alerts) and Jetstream subscriptions. */
export const FEED_WATCH_INTERVAL_MS = 60_000;

export interface FeedWatchOptions {
  readonly db: Kysely<Database>;
  readonly queues: Queues;
  readonly redis: RedisClient;
  readonly queuePrefix: string;
  readonly logger: Logger;
  readonly allowPrivate: readonly string[];
  /** The feeds of the active config, read at every tick so a hot reload applies without restart. */
  readonly feeds: () => readonly FeedConfig[];
  readonly intervalMs?: number;
}

/** A running feed watch; `close` waits for the tick in hand, then stops every subscription. */
export interface FeedWatch {
  close(): Promise<void>;
}

/**
 * Keeps a poller process's Jetstream subscriptions in line with the config (one process in the fleet
 * per feed, by lease) and raises operational alerts for feeds that fail or fall silent: once now,
 * then every `intervalMs`. Ticks never overlap; a failed tick is logged and retried at the next one.
 */
export function startFeedWatch(options: FeedWatchOptions): FeedWatch {
  const subscriptions = new JetstreamSubscriptions({
    db: options.db,
    queues: options.queues,
    redis: options.redis,
    prefix: options.queuePrefix,
    logger: options.logger,
    allowPrivate: options.allowPrivate,
  });
  let stopped = false;
  let running: Promise<void> = Promise.resolve();
  const tick = async () => {
    const feeds = options.feeds();
    try {
      await subscriptions.reconcile(feeds);
      await checkFeedAlerts(options.db, feeds, options.logger);
    } catch (error) {
      options.logger.warn({ err: errorMessage(error) }, 'feed health check failed; will retry');
    }
  };
  running = running.then(tick);
  const timer = setInterval(() => {
    if (!stopped) running = running.then(tick);
  }, options.intervalMs ?? FEED_WATCH_INTERVAL_MS);
  timer.unref();

  return {
    close: async () => {
      stopped = true;
      clearInterval(timer);
      await running;
      await subscriptions.stopAll();
    },
  };
}
