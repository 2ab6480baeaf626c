import { sql, type Kysely } from 'kysely';
import type { RouteConfig, RoutesFile } from '../config/index.js';
import { deliveryOf, durationToMs } from '../config/index.js';
import type { Database } from '../db/index.js';
import { errorMessage } from '../errors.js';
import type { Logger } from '../runtime/index.js';
import { retryThroughOutage, Readiness } from '../runtime/index.js';
import { type ChannelContext, type Notice, NotifyError, parseNotice, sendNotification } from '../channels/index.js';
import { claimNotification, markDelivered, markFailed, postpone, recordAttempt, renewLease, type NotificationRow } from './notification-repository.js';
import type { RateLimiter } from './rate-limiter.js';
import { retryDelayMs, retryTimingOf } from './retry-policy.js';
import { findSubscriptionRow, subscriptionFromRow } from './subscription-repository.js';
import { subscriptionFromRoute, subscriptionIdOfKey, type Subscription } from './subscription.js';

export interface DeliverDeps {
  readonly db: Kysely<Database>;
  readonly logger: Logger;
  /** Built once per notifier process (HTTP agent, channel resources such as the SMTP pool, secrets environment). */
  readonly channels: Omit<ChannelContext, 'timeoutMs' | 'routes'>;
  /** The routes file in force now (hot reload swaps it between deliveries). */
  readonly routes: () => RoutesFile;
  readonly rateLimiter?: RateLimiter;
  readonly random?: () => number;
  /** The process's readiness, marked not ready while a delivery waits for a lost Postgres. */
  readonly readiness?: Readiness;
  /** Aborted at shutdown: a wait for Postgres ends. */
  readonly signal?: AbortSignal;
}

/** Time beyond the send timeout for the database writes around a send. */
const LEASE_MARGIN_MS = 2_000;

export type DeliveryStatus = 'delivered' | 'retrying' | 'dead' | 'throttled' | 'skipped';

/**
 * Delivers one outbox notification. It claims the row first (a lease), so a repeated or stalled job
 * is a no-op while another delivery holds it or after it was delivered, and re-checks the claim just
 * before sending. Subscription settings are read at send time, so an operator's fix (a corrected
 * URL, a rotated secret) applies to retries. A failure is recorded with the next attempt time; the
 * outbox relay re-queues it then. A send whose result was never recorded (the process died) is sent
 * again with the same idempotency key: at-least-once, and receivers drop the repeat by webhook-id.
 */
export async function deliverNotification(deps: DeliverDeps, notificationId: string): Promise<{ status: DeliveryStatus }> {
  const routes = deps.routes();
  const delivery = deliveryOf(routes);
  const timeoutMs = durationToMs(delivery.timeout);
  // The lease outlives the slowest honest attempt (sends are cut at timeoutMs), so it only lapses
  // when the holder is gone; then the relay hands the row to another notifier.
  const leaseMs = timeoutMs + LEASE_MARGIN_MS;
  const row = await claimNotification(deps.db, notificationId, leaseMs);
  if (!row) return { status: 'skipped' };
  const started = performance.now();
  const attempt = row.attempts + 1;
  const log = deps.logger.child({ notification: row.id, alert: row.alert_id, route: row.route, attempt });
  let statusCode: number | null;
  try {
    const subscription = await resolveSubscription(deps.db, row, routes.routes);
    if (deps.rateLimiter) {
      const waitMs = await deps.rateLimiter.acquire(subscription.channel);
      if (waitMs > 0) {
        await postpone(deps.db, row.id, new Date(Date.now() + waitMs), row.claims);
        await recordAttempt(deps.db, {
          notificationId: row.id,
          attempt: row.attempts,
          outcome: 'throttled',
          statusCode: null,
          error: null,
          retryAfterMs: waitMs,
          durationMs: 0,
        });
        return { status: 'throttled' };
      }
    }
    const notice = parsePayload(row);
    // The work above may have outlasted the lease; if another notifier took the row meanwhile
    // (or it was delivered), this one sends nothing. Renewing covers the send itself.
    if (!(await renewLease(deps.db, row.id, row.claims, leaseMs))) {
      log.warn('lease lost before sending; another delivery holds the notification');
      return { status: 'skipped' };
    }
    const outcome = await sendNotification(
      { idempotencyKey: row.idempotency_key, event: row.event, notice, subscription, createdAt: new Date(row.created_at) },
      { ...deps.channels, timeoutMs, routes },
    );
    statusCode = outcome.statusCode;
  } catch (error) {
    return recordFailure(deps, row, delivery, { attempt, error, started, log });
  }
  await recordDelivered(deps, row, { attempt, statusCode, started, log });
  return { status: 'delivered' };
}

interface AttemptContext {
  readonly attempt: number;
  readonly started: number;
  readonly log: Logger;
}

/**
 * The receiver accepted it. Recording that is waited through a Postgres outage (bounded backoff):
 * a row left pending would be sent again once its lease lapsed. A failure to append to the attempt
 * log afterwards is only logged; it must not turn a delivered row back into a failed one.
 */
async function recordDelivered(deps: DeliverDeps, row: NotificationRow, context: AttemptContext & { statusCode: number | null }): Promise<void> {
  await retryThroughOutage(() => markDelivered(deps.db, row.id, context.attempt), {
    readiness: deps.readiness ?? new Readiness(deps.logger),
    dependency: 'postgres',
    probe: () => sql`select 1`.execute(deps.db),
    signal: deps.signal,
  });
  await recordAttempt(deps.db, {
    notificationId: row.id,
    attempt: context.attempt,
    outcome: 'delivered',
    statusCode: context.statusCode,
    error: null,
    retryAfterMs: null,
    durationMs: performance.now() - context.started,
  }).catch((error) => context.log.warn({ err: errorMessage(error) }, 'delivered, but the attempt log could not be written'));
  context.log.debug('notification delivered');
}

/** Records a failed attempt by this claim: retry later, or dead when permanent or out of attempts. */
async function recordFailure(
  deps: DeliverDeps,
  row: NotificationRow,
  delivery: ReturnType<typeof deliveryOf>,
  context: AttemptContext & { error: unknown },
): Promise<{ status: DeliveryStatus }> {
  const { attempt, error, log } = context;
  const failure = error instanceof NotifyError ? error : new NotifyError('NOTIFY_NETWORK', errorMessage(error), { cause: error });
  const timing = retryTimingOf(delivery);
  const dead = failure.permanent || attempt >= timing.maxAttempts;
  const delay = retryDelayMs(attempt, timing, failure.retryAfterMs, deps.random);
  const message = `${failure.code}: ${failure.message}`;
  await markFailed(deps.db, row.id, { attempts: attempt, dead, error: message, nextAttemptAt: new Date(Date.now() + delay), claim: row.claims });
  await recordAttempt(deps.db, {
    notificationId: row.id,
    attempt,
    outcome: dead ? 'dead' : 'failed',
    statusCode: failure.statusCode,
    error: message,
    retryAfterMs: failure.retryAfterMs,
    durationMs: performance.now() - context.started,
  });
  log.warn({ code: failure.code, err: failure.message, dead, retryInMs: dead ? null : delay }, 'notification delivery failed');
  return { status: dead ? 'dead' : 'retrying' };
}

/** The subscription as it stands now; one that was removed or disabled sends nothing more. */
async function resolveSubscription(db: Kysely<Database>, row: NotificationRow, routes: readonly RouteConfig[]): Promise<Subscription> {
  const id = subscriptionIdOfKey(row.route);
  if (id === null) {
    const route = routes.find((r) => r.name === row.route);
    if (!route) throw new NotifyError('NOTIFY_MISCONFIGURED', `route "${row.route}" is no longer in routes.yaml`, { permanent: true });
    return subscriptionFromRoute(route);
  }
  const stored = await findSubscriptionRow(db, id);
  if (!stored || !stored.enabled) throw new NotifyError('NOTIFY_MISCONFIGURED', `subscription ${id} was removed or disabled`, { permanent: true });
  return subscriptionFromRow(stored);
}

function parsePayload(row: NotificationRow): Notice {
  try {
    return parseNotice(row.event, row.payload);
  } catch (error) {
    throw new NotifyError('NOTIFY_MISCONFIGURED', `notification payload is malformed: ${errorMessage(error).slice(0, 200)}`, { permanent: true });
  }
}
