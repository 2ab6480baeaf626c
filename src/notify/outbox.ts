import type { Kysely, Transaction } from 'kysely';
import type { RouteConfig } from '../config/index.js';
import type { Database } from '../db/schema.js';
import type { AlertChange } from './route-matching.js';

type Db = Kysely<Database> | Transaction<Database>;

export interface OutboxMessage {
  readonly alertId: string;
  readonly change: AlertChange;
  /** Distinguishes repeated changes of one kind (the n-th reopening); part of the idempotency key. */
  readonly sequence: string;
  readonly payload: Record<string, unknown>;
}

/**
 * Writes notification rows in the caller's transaction (the transactional outbox): they exist if
 * and only if the alert change that caused them was committed. The idempotency key makes a retried
 * transaction write nothing twice, and receivers use it to drop duplicates.
 */
export async function enqueueNotifications(db: Db, routes: readonly RouteConfig[], message: OutboxMessage): Promise<number> {
  if (routes.length === 0) return 0;
  const result = await db
    .insertInto('notifications')
    .values(
      routes.map((route) => ({
        alert_id: message.alertId,
        route: route.name,
        channel: route.channel,
        target: route.target ?? null,
        event: message.change,
        payload: JSON.stringify(message.payload),
        idempotency_key: `alert-${message.alertId}-${message.change}-${message.sequence}-${route.name}`,
      })),
    )
    .onConflict((oc) => oc.column('idempotency_key').doNothing())
    .execute();
  return result.reduce((n, r) => n + Number(r.numInsertedOrUpdatedRows ?? 0), 0);
}

/** Pending notifications whose time has come, oldest first. */
export async function duePendingNotifications(db: Db, limit: number): Promise<Array<{ id: string; attempts: number }>> {
  return db
    .selectFrom('notifications')
    .select(['id', 'attempts'])
    .where('status', '=', 'pending')
    .where('next_attempt_at', '<=', new Date())
    .orderBy('id')
    .limit(limit)
    .execute();
}
