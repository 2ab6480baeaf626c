import type { RouteConfig } from '../config/index.js';
import type { Db } from '../db/index.js';
import { digestKeyOf, digestPeriod } from './digest-period.js';
import { matchSubscriptions, type AlertChange, type RoutableAlert, type RouteMatch } from './route-matching.js';
import { subscriptionFromRoute } from './subscription.js';
import { listEnabledSubscriptions } from './subscription-repository.js';

/** Kinds of notification rows: alert changes, escalation steps, and digests. */
export type NotificationEvent = AlertChange | 'escalation' | 'digest';

export interface OutboxMessage {
  readonly alertId: string;
  readonly change: AlertChange | 'escalation';
  /** Distinguishes repeated changes of one kind (the n-th reopening); part of the idempotency key. */
  readonly sequence: string;
  readonly payload: Record<string, unknown>;
}

/**
 * Writes the outbox rows for one alert change in the caller's transaction, for every subscription
 * that wants it: routes from config and enabled subscriptions from the database (read in the same
 * transaction, so the set matches the moment of the change).
 */
export async function notifyAlertChange(
  tx: Db,
  routes: readonly RouteConfig[],
  alert: RoutableAlert,
  change: AlertChange,
  message: Omit<OutboxMessage, 'change'>,
): Promise<number> {
  const subscriptions = [...routes.map(subscriptionFromRoute), ...(await listEnabledSubscriptions(tx))];
  const matches = matchSubscriptions(subscriptions, alert, change);
  return enqueueNotifications(tx, matches, { ...message, change });
}

/**
 * Writes notification rows in the caller's transaction (the transactional outbox): they exist if
 * and only if the alert change that caused them was committed. The idempotency key makes a retried
 * transaction write nothing twice, and receivers use it (the webhook-id) to drop duplicates.
 * A digest match is written `held` until its period ends.
 */
export async function enqueueNotifications(db: Db, matches: readonly RouteMatch[], message: OutboxMessage, now = new Date()): Promise<number> {
  if (matches.length === 0) return 0;
  const rows = matches.map(({ subscription, digest }) => {
    const period = digest && subscription.digest ? digestPeriod(subscription.digest.every, now) : null;
    return {
      alert_id: message.alertId,
      route: subscription.key,
      subscription_id: subscription.subscriptionId,
      channel: subscription.channel,
      target: subscription.target,
      event: message.change,
      payload: JSON.stringify(message.payload),
      status: period ? 'held' : 'pending',
      digest_key: period ? digestKeyOf(subscription.key, subscription.digest!.every, period) : null,
      next_attempt_at: period ? period.end : now,
      idempotency_key: `alert-${message.alertId}-${message.change}-${message.sequence}-${subscription.key}`,
    };
  });
  const result = await db
    .insertInto('notifications')
    .values(rows)
    // Guards a retried transaction (a re-run analyze job): the same change notifies once.
    .onConflict((oc) => oc.column('idempotency_key').doNothing())
    .execute();
  return result.reduce((n, r) => n + Number(r.numInsertedOrUpdatedRows ?? 0), 0);
}
