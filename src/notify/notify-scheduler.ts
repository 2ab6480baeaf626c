import type { Kysely } from 'kysely';
import { durationToMs } from '../config/index.js';
import { deliveryOf, type RoutesFile } from '../config/index.js';
import type { Database } from '../db/index.js';
import { errorMessage } from '../errors.js';
import type { Queues } from '../queue/index.js';
import type { Logger } from '../runtime/index.js';
import { flushDueDigests } from './digest-flush.js';
import { runEscalations } from './escalation-runner.js';
import { relayDueNotifications } from './outbox-relay.js';

export interface NotifySchedulerOptions {
  readonly db: Kysely<Database>;
  readonly queues: Pick<Queues, 'notify'>;
  readonly logger: Logger;
  readonly routes: () => RoutesFile;
  readonly publicUrl: string;
}

/**
 * The scheduler role's notification duties, each on its own timer read from routes.yaml: relay due
 * outbox rows to the notify queue, and scan escalations and digests by due time. Every duty is a
 * database scan, so nothing is lost when this process (or any other) restarts.
 */
export function startNotifyScheduler(options: NotifySchedulerOptions): { close(): Promise<void> } {
  const delivery = () => deliveryOf(options.routes());
  const loops = [
    loop(
      'outbox relay',
      () => durationToMs(delivery().relay_interval),
      () => relayDueNotifications(options.db, options.queues),
      options.logger,
    ),
    loop(
      'escalations',
      () => durationToMs(delivery().escalation_interval),
      async () => {
        await runEscalations({ db: options.db, routes: options.routes(), publicUrl: options.publicUrl });
        await flushDueDigests(options.db);
      },
      options.logger,
    ),
  ];
  return { close: async () => void (await Promise.all(loops.map((l) => l.stop()))) };
}

/** Runs `tick` forever, one at a time, `intervalMs()` apart; a failed tick is logged and retried. */
function loop(name: string, intervalMs: () => number, tick: () => Promise<unknown>, logger: Logger): { stop(): Promise<void> } {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      running = tick()
        .then(() => undefined)
        .catch((error) => logger.warn({ err: errorMessage(error), duty: name }, 'notification duty failed; will retry'))
        .finally(schedule);
    }, intervalMs());
  };
  schedule();
  return {
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
