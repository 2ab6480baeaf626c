import { Worker } from 'bullmq';
import { deliverNotification } from '../src/notify/deliver.js';
import { notifyJobSchema, parseJob, QUEUE, type NotifyJob } from '../src/queue/index.js';
import type { Runtime } from '../src/runtime/index.js';

/** The notifier role: delivers outbox notifications to their channels. */
export function startNotifier(runtime: Runtime, concurrency = 4): Worker<NotifyJob> {
  const worker = new Worker<NotifyJob>(
    QUEUE.notify,
    async (job) => {
      const { notificationId } = parseJob(notifyJobSchema, QUEUE.notify, job.data);
      return deliverNotification(
        { db: runtime.database.db, logger: runtime.logger.child({ job: job.id, notification: notificationId }), allowPrivate: runtime.env.PLACEWATCH_ALLOW_PRIVATE },
        notificationId,
      );
    },
    { connection: runtime.redis, prefix: runtime.queuePrefix, concurrency },
  );
  worker.on('error', (error) => runtime.logger.error({ err: error.message }, 'notifier worker error'));
  runtime.onClose(() => worker.close());
  return worker;
}
