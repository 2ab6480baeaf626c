import { sql, type Selectable } from 'kysely';
import type { NotificationsTable, Db } from '../db/index.js';

export type NotificationRow = Selectable<NotificationsTable>;

/** Outbox states: `held` waits for a digest, `digested` went out inside one. */
export const NOTIFICATION_STATUSES = ['pending', 'held', 'delivered', 'dead', 'digested'] as const;
export type NotificationStatus = (typeof NOTIFICATION_STATUSES)[number];

/** Pending rows whose time has come and that no notifier holds, oldest first. */
export async function duePendingNotifications(db: Db, limit: number, now = new Date()): Promise<Array<{ id: string; attempts: number; claims: number }>> {
  return db
    .selectFrom('notifications')
    .select(['id', 'attempts', 'claims'])
    .where('status', '=', 'pending')
    .where('next_attempt_at', '<=', now)
    .where((eb) => eb.or([eb('leased_until', 'is', null), eb('leased_until', '<', now)]))
    .orderBy('next_attempt_at')
    .orderBy('id')
    .limit(limit)
    .execute();
}

/**
 * Takes the row for one delivery: only a pending, due, unleased row is claimed, atomically, so two
 * notifiers (a stalled job re-run beside the original) never send it at the same time. The lease
 * expires by itself when the holder dies; `claims` makes the next relay a fresh queue job.
 */
export async function claimNotification(db: Db, id: string, leaseMs: number, now = new Date()): Promise<NotificationRow | undefined> {
  return db
    .updateTable('notifications')
    .set((eb) => ({ leased_until: new Date(now.getTime() + leaseMs), claims: eb('claims', '+', 1) }))
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .where('next_attempt_at', '<=', now)
    .where((eb) => eb.or([eb('leased_until', 'is', null), eb('leased_until', '<', now)]))
    .returningAll()
    .executeTakeFirst();
}

/**
 * Re-checks, just before sending, that the claim `claims` still holds the row (pending, lease not
 * lapsed, nobody claimed it since) and extends the lease over the send; false means send nothing.
 */
export async function renewLease(db: Db, id: string, claims: number, leaseMs: number, now = new Date()): Promise<boolean> {
  const renewed = await db
    .updateTable('notifications')
    .set({ leased_until: new Date(now.getTime() + leaseMs) })
    .where('id', '=', id)
    .where('claims', '=', claims)
    .where('status', '=', 'pending')
    .where('leased_until', '>', now)
    .returning('id')
    .executeTakeFirst();
  return renewed !== undefined;
}

/**
 * Records a send the receiver accepted. Whoever sent it records it, even after its lease lapsed:
 * a delivered row is final, so no relay, lapsed lease or late failure report sends it again.
 */
export async function markDelivered(db: Db, id: string, attempts: number): Promise<void> {
  await db
    .updateTable('notifications')
    .set({ status: 'delivered', delivered_at: new Date(), attempts, last_error: null, leased_until: null })
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .execute();
}

/**
 * Records a failed attempt: back to pending at `nextAttemptAt`, or dead. Only a pending row changes
 * (never a delivered one), and with `claim` only while that claim is the latest (a notifier whose
 * lease lapsed does not overwrite the row another notifier now holds).
 */
export async function markFailed(
  db: Db,
  id: string,
  update: { attempts: number; dead: boolean; error: string; nextAttemptAt: Date; claim?: number },
): Promise<void> {
  let query = db
    .updateTable('notifications')
    .set({
      attempts: update.attempts,
      status: update.dead ? 'dead' : 'pending',
      last_error: update.error.slice(0, 1000),
      next_attempt_at: update.nextAttemptAt,
      leased_until: null,
    })
    .where('id', '=', id)
    .where('status', '=', 'pending');
  if (update.claim !== undefined) query = query.where('claims', '=', update.claim);
  await query.execute();
}

/** Puts a row back without spending an attempt (the channel's rate limit was reached). */
export async function postpone(db: Db, id: string, until: Date, claim?: number): Promise<void> {
  let query = db.updateTable('notifications').set({ next_attempt_at: until, leased_until: null }).where('id', '=', id).where('status', '=', 'pending');
  if (claim !== undefined) query = query.where('claims', '=', claim);
  await query.execute();
}

export interface AttemptRecord {
  readonly notificationId: string;
  readonly attempt: number;
  readonly outcome: 'delivered' | 'failed' | 'dead' | 'throttled';
  readonly statusCode: number | null;
  readonly error: string | null;
  readonly retryAfterMs: number | null;
  readonly durationMs: number;
}

/** Appends to the delivery log operators read when a receiver misbehaves. */
export async function recordAttempt(db: Db, record: AttemptRecord): Promise<void> {
  await db
    .insertInto('notification_attempts')
    .values({
      notification_id: record.notificationId,
      attempt: record.attempt,
      outcome: record.outcome,
      status_code: record.statusCode,
      error: record.error?.slice(0, 1000) ?? null,
      retry_after_ms: record.retryAfterMs === null ? null : Math.min(record.retryAfterMs, 2_147_483_647),
      duration_ms: Math.round(record.durationMs),
    })
    .execute();
}

export interface NotificationFilter {
  readonly status?: string;
  readonly alertId?: string;
  readonly limit?: number;
}

/** Notifications, newest first. */
export async function listNotificationRows(db: Db, filter: NotificationFilter = {}): Promise<NotificationRow[]> {
  let query = db.selectFrom('notifications').selectAll();
  if (filter.status) query = query.where('status', '=', filter.status);
  if (filter.alertId) query = query.where('alert_id', '=', filter.alertId);
  return query
    .orderBy('id', 'desc')
    .limit(filter.limit ?? 200)
    .execute();
}

export async function findNotificationRow(db: Db, id: string): Promise<NotificationRow | undefined> {
  return db.selectFrom('notifications').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Gives a dead letter a fresh retry budget; false when it was not dead (or is gone). */
export async function reviveDeadNotification(db: Db, id: string): Promise<NotificationRow | undefined> {
  return db
    .updateTable('notifications')
    .set({ status: 'pending', attempts: 0, next_attempt_at: new Date(), leased_until: null })
    .where('id', '=', id)
    .where('status', '=', 'dead')
    .returningAll()
    .executeTakeFirst();
}

export async function listAttempts(db: Db, notificationId: string) {
  return db.selectFrom('notification_attempts').selectAll().where('notification_id', '=', notificationId).orderBy('id').execute();
}

/** Counts by status, for the operators' overview. */
export async function countByStatus(db: Db): Promise<Record<string, number>> {
  const rows = await db
    .selectFrom('notifications')
    .select(['status', sql<number>`count(*)::int`.as('n')])
    .groupBy('status')
    .execute();
  return Object.fromEntries(rows.map((r) => [r.status, r.n]));
}
