import { startNotifyScheduler } from '../src/notify/index.js';
import { scheduleFeeds, syncFeeds } from '../src/polling/index.js';
import type { Runtime } from '../src/runtime/index.js';

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
}
