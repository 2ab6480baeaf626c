import { Worker } from 'bullmq';
import { sql, type Kysely } from 'kysely';
import { durationToMs, deliveryOf } from '../config/index.js';
import type { PlaceConfig, RoutesFile } from '../config/index.js';
import type { Database } from '../db/index.js';
import { errorMessage } from '../errors.js';
import { createSafeAgent, parseAllowList } from '../net/index.js';
import { notifyJobSchema, parseJob, QUEUE, type NotifyJob, type RedisClient } from '../queue/index.js';
import type { Logger } from '../runtime/index.js';
import { retryThroughOutage, Readiness } from '../runtime/index.js';
import { createResourceCache } from '../channels/index.js';
import { deliverNotification, type DeliveryStatus } from './deliver.js';
import { createRateLimiter } from './rate-limiter.js';

export interface NotifierOptions {
  readonly db: Kysely<Database>;
  readonly redis: RedisClient;
  readonly queuePrefix: string;
  readonly logger: Logger;
  readonly routes: () => RoutesFile;
  readonly places: () => readonly PlaceConfig[];
  /** PLACEWATCH_ALLOW_PRIVATE: hosts/CIDRs webhooks may reach although private (as for feeds). */
  readonly allowPrivate: readonly string[];
  /** Where secrets and tokens are read from (process.env in production). */
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly concurrency?: number;
  /** The process's readiness and shutdown signal, for waits through a Postgres outage. */
  readonly readiness?: Readiness;
  readonly signal?: AbortSignal;
}

/** A running notify worker. */
export interface Notifier {
  readonly worker: Worker<NotifyJob>;
  close(): Promise<void>;
}

/**
 * Starts the notify-queue worker of this process: one connection-checked HTTP agent, the channels'
 * resources (an SMTP pool, rebuilt when the smtp section changes), and the shared per-channel rate limiter.
 */
export function startNotifier(options: NotifierOptions): Notifier {
  const allow = parseAllowList(options.allowPrivate);
  const timeoutMs = () => durationToMs(deliveryOf(options.routes()).timeout);
  const agent = createSafeAgent({ allow, connectTimeoutMs: 5_000, headersTimeoutMs: timeoutMs(), bodyTimeoutMs: timeoutMs() });
  const resources = createResourceCache();
  const readiness = options.readiness ?? new Readiness(options.logger);
  const rateLimiter = createRateLimiter(options.redis, options.queuePrefix, () => deliveryOf(options.routes()).rate_limits);
  const deliver = (id: string, logger: Logger): Promise<{ status: DeliveryStatus }> => {
    const places = options.places();
    return deliverNotification(
      {
        db: options.db,
        logger,
        routes: options.routes,
        rateLimiter,
        readiness,
        signal: options.signal,
        channels: {
          agent,
          allow,
          env: options.env,
          resources,
          logger,
          now: () => new Date(),
          arabicPlaceName: (id) => places.find((p) => p.id === id)?.name_ar,
        },
      },
      id,
    );
  };
  const worker = new Worker<NotifyJob>(
    QUEUE.notify,
    async (job) => {
      const { notificationId } = parseJob(notifyJobSchema, QUEUE.notify, job.data);
      // A lost Postgres is waited for rather than spending the job's attempts (once they are spent,
      // the relay could not queue the row again under the same job id). Safe to run again: the
      // claim makes a repeat a no-op, and a sent notification is recorded before this returns.
      return retryThroughOutage(() => deliver(notificationId, options.logger.child({ job: job.id })), {
        readiness,
        dependency: 'postgres',
        probe: () => sql`select 1`.execute(options.db),
        signal: options.signal,
      });
    },
    { connection: options.redis, prefix: options.queuePrefix, concurrency: options.concurrency ?? 8 },
  );
  worker.on('error', (error) => options.logger.error({ err: errorMessage(error) }, 'notifier worker error'));
  return {
    worker,
    close: async () => {
      await worker.close();
      resources.closeAll();
      await agent.close();
    },
  };
}
