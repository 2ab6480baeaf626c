import type { Worker } from 'bullmq';
import { startNotifier as startNotifyWorker } from '../notify/index.js';
import type { NotifyJob } from '../queue/index.js';
import type { Runtime } from '../runtime/index.js';

/**
 * The notifier role: delivers outbox notifications to their channels. Routes and places are read
 * per delivery, so a config reload applies without restart; secrets come from the environment.
 */
export function startNotifier(runtime: Runtime, concurrency = 8): Worker<NotifyJob> {
  const notifier = startNotifyWorker({
    db: runtime.database.db,
    redis: runtime.redis,
    queuePrefix: runtime.queuePrefix,
    logger: runtime.logger.child({ role: 'notifier' }),
    routes: () => runtime.config.current.config.routes,
    places: () => runtime.config.current.config.places.places,
    allowPrivate: runtime.env.PLACEWATCH_ALLOW_PRIVATE,
    env: process.env,
    concurrency,
    readiness: runtime.readiness,
    signal: runtime.shutdown,
  });
  runtime.onClose(() => notifier.close());
  return notifier.worker;
}
