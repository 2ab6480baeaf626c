import type { Kysely } from 'kysely';
import type { RouteConfig } from '../config/index.js';
import { deliveryOf, type RoutesFile } from '../config/schema/routes.js';
import { durationToMs } from '../config/index.js';
import type { Database } from '../db/schema.js';
import { errorMessage } from '../errors.js';
import type { Logger } from '../runtime/logger.js';
import type { ChannelContext } from './channels/channel-context.js';
import { sendNotification } from './channels/send-notification.js';
import { parseNotice, type Notice } from './notice.js';
import {
  claimNotification,
  markDelivered,
  markFailed,
  postpone,
  recordAttempt,
  type NotificationRow,
} from './notification-repository.js';
import { NotifyError } from './notify-error.js';
import type { RateLimiter } from './rate-limiter.js';
import { retryDelayMs, retryTimingOf } from './retry-policy.js';
import { findSubscriptionRow, subscriptionFromRow } from './subscription-repository.js';
import { subscriptionFromRoute, subscriptionIdOfKey, type Subscription } from './subscription.js';

export interface DeliverDeps {
  readonly db: Kysely<Database>;
  readonly logger: Logger;
  /** Built once per notifier process (HTTP agent, SMTP pool, secrets environment). */
  readonly channels: Omit<ChannelContext, 'timeoutMs' | 'telegramApi'>;
  /** The routes file in force now (hot reload swaps it between deliveries). */
  readonly routes: () => RoutesFile;
  readonly rateLimiter?: RateLimiter;
  readonly random?: () => number;
}

/** Time beyond the send timeout for the database writes around a send. */
const LEASE_MARGIN_MS = 2_000;

export type DeliveryStatus = 'delivered' | 'retrying' | 'dead' | 'throttled' | 'skipped';

/**
 * Delivers one outbox notification. It claims the row first (a lease), so a repeated or stalled job
 * is a no-op while another delivery holds it or after it was delivered. Subscription settings are
 * read at send time, so an operator's fix (a corrected URL, a rotated secret) applies to retries.
 * A failure is recorded with the next attempt time; the outbox relay re-queues it then.
 */
export async function deliverNotification(deps: DeliverDeps, notificationId: string): Promise<{ status: DeliveryStatus }> {
  const routes = deps.routes();
  const delivery = deliveryOf(routes);
  const timeoutMs = durationToMs(delivery.timeout);
  // The lease outlives the slowest honest attempt (sends are cut at timeoutMs), so it only lapses
  // when the holder is gone; then the relay hands the row to another notifier.
  const row = await claimNotification(deps.db, notificationId, timeoutMs + LEASE_MARGIN_MS);
  if (!row) return { status: 'skipped' };
  const started = performance.now();
  const attempt = row.attempts + 1;
  const log = deps.logger.child({ notification: row.id, alert: row.alert_id, route: row.route, attempt });
  try {
    const subscription = await resolveSubscription(deps.db, row, routes.routes);
    if (deps.rateLimiter) {
      const waitMs = await deps.rateLimiter.acquire(subscription.channel);
      if (waitMs > 0) {
        await postpone(deps.db, row.id, new Date(Date.now() + waitMs));
        await recordAttempt(deps.db, { notificationId: row.id, attempt: row.attempts, outcome: 'throttled', statusCode: null, error: null, retryAfterMs: waitMs, durationMs: 0 });
        return { status: 'throttled' };
      }
    }
    const notice = parsePayload(row);
    const outcome = await sendNotification(
      { idempotencyKey: row.idempotency_key, event: row.event, notice, subscription, createdAt: new Date(row.created_at) },
      { ...deps.channels, timeoutMs, telegramApi: delivery.telegram_api },
    );
    await markDelivered(deps.db, row.id, attempt);
    await recordAttempt(deps.db, { notificationId: row.id, attempt, outcome: 'delivered', statusCode: outcome.statusCode, error: null, retryAfterMs: null, durationMs: performance.now() - started });
    log.debug('notification delivered');
    return { status: 'delivered' };
  } catch (error) {
    const failure = error instanceof NotifyError ? error : new NotifyError('NOTIFY_NETWORK', errorMessage(error), { cause: error });
    const timing = retryTimingOf(delivery);
    const dead = failure.permanent || attempt >= timing.maxAttempts;
    const delay = retryDelayMs(attempt, timing, failure.retryAfterMs, deps.random);
    const message = `${failure.code}: ${failure.message}`;
    await markFailed(deps.db, row.id, { attempts: attempt, dead, error: message, nextAttemptAt: new Date(Date.now() + delay) });
    await recordAttempt(deps.db, {
      notificationId: row.id, attempt, outcome: dead ? 'dead' : 'failed', statusCode: failure.statusCode, error: message,
      retryAfterMs: failure.retryAfterMs, durationMs: performance.now() - started,
    });
    log.warn({ code: failure.code, err: failure.message, dead, retryInMs: dead ? null : delay }, 'notification delivery failed');
    return { status: dead ? 'dead' : 'retrying' };
  }
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
