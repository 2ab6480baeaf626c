import { startNotifyScheduler } from '../notify/index.js';
import { scheduleFeeds, syncFeeds } from '../polling/index.js';
import { startRetentionSweeper } from '../retention/index.js';
import type { Runtime } from '../runtime/index.js';

/**
 * The scheduler role: mirrors feeds.yaml into the database and into one job scheduler per feed,
 * relays the notification outbox to the notify queue, and runs escalation and digest timers
 * (all by due-time scans of Postgres, so they survive restarts).
 */
export async function startScheduler(runtime: Runtime): Promise<void> {
  const { feeds } = runtime.config.current.config.feeds;
  await syncFeeds(runtime.database.db, feeds);
  await scheduleFeeds(runtime.queues, feeds);
  const notify = startNotifyScheduler({
    db: runtime.database.db,
    queues: runtime.queues,
    logger: runtime.logger.child({ role: 'scheduler' }),
    routes: () => runtime.config.current.config.routes,
    publicUrl: runtime.publicUrl,
  });
  runtime.onClose(() => notify.close());
  // Hot reload: a new active version re-mirrors its feeds (enabled, interval) into the schedulers.
  runtime.config.onReplace(async (next) => {
    try {
      await syncFeeds(runtime.database.db, next.config.feeds.feeds);
      await scheduleFeeds(runtime.queues, next.config.feeds.feeds);
    } catch (error) {
      runtime.logger.error({ err: (error as Error).message }, 'feed re-sync after config reload failed');
    }
  });
  const retention = startRetentionSweeper(runtime);
  runtime.onClose(() => retention.close());
}
