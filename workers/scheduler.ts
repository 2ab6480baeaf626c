import { duePendingNotifications } from '../src/notify/index.js';
import { scheduleFeeds, syncFeeds } from '../src/polling/index.js';
import type { Runtime } from '../src/runtime/index.js';

const OUTBOX_INTERVAL_MS = 500;

/**
 * The scheduler role: mirrors feeds.yaml into the database and into one job scheduler per feed,
 * and relays the notification outbox to the notify queue (job id = notification id, so relaying
 * the same row twice queues it once).
 */
export async function startScheduler(runtime: Runtime): Promise<void> {
  const { feeds } = runtime.config.current.config.feeds;
  await syncFeeds(runtime.database.db, feeds);
  await scheduleFeeds(runtime.queues, feeds);
  let stopped = false;
  let running: Promise<void> = Promise.resolve();
  const tick = async () => {
    try {
      const due = await duePendingNotifications(runtime.database.db, 200);
      for (const { id, attempts } of due) {
        // One job per attempt: relaying the same row twice before it is delivered queues it once.
        await runtime.queues.notify.add('deliver', { notificationId: id }, { jobId: `notification-${id}-${attempts}` });
      }
    } catch (error) {
      runtime.logger.warn({ err: (error as Error).message }, 'outbox relay failed; will retry');
    }
  };
  const timer = setInterval(() => {
    if (!stopped) running = running.then(tick);
  }, OUTBOX_INTERVAL_MS);
  runtime.onClose(async () => {
    stopped = true;
    clearInterval(timer);
    await running;
  });
}
