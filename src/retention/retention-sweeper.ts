import { durationToMs, retentionOf } from '../config/index.js';
import { errorMessage } from '../errors.js';
import { ensurePostPartitions } from '../posts/index.js';
import type { Runtime } from '../runtime/index.js';
import { sweepRetention } from './retention-sweep.js';

/**
 * The scheduler role's periodic retention sweep. Every scheduler process runs the timer; a Redis
 * lock lets one of them sweep per period, and the window follows the active config version.
 */
export function startRetentionSweeper(runtime: Runtime): { close(): Promise<void> } {
  const key = `${runtime.queuePrefix}:retention:lock`;
  let running: Promise<void> = Promise.resolve();
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;
  const log = runtime.logger.child({ role: 'retention' });

  const sweepOnce = async () => {
    const retention = retentionOf(runtime.config.current.config);
    const every = durationToMs(retention.sweep_every);
    // Held for most of the period: a second scheduler skips this round instead of sweeping twice.
    const got = await runtime.redis.set(key, String(process.pid), 'PX', Math.max(1_000, every - 1_000), 'NX');
    if (got !== 'OK') return;
    // Next month's partition of posts is created here, well before the month begins, so the month's
    // first batch only has to move the id sequence (analyzers also ensure it, once per month).
    await ensurePostPartitions(runtime.database.db).catch((error) => log.warn({ err: errorMessage(error) }, 'could not open the next month of posts'));
    try {
      const report = await sweepRetention(runtime.database.db, retention);
      log.info({ report }, 'retention sweep done');
    } catch (error) {
      log.error({ err: errorMessage(error) }, 'retention sweep failed; will retry next period');
    }
  };
  const schedule = () => {
    if (stopped) return;
    const every = durationToMs(retentionOf(runtime.config.current.config).sweep_every);
    timer = setTimeout(() => {
      running = running
        .then(sweepOnce)
        .catch(() => undefined)
        .then(schedule);
    }, every);
    timer.unref();
  };
  running = running.then(sweepOnce).catch(() => undefined);
  schedule();
  return {
    close: async () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
