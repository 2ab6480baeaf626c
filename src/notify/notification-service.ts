import type { Kysely } from 'kysely';
import { z } from 'zod';
import { appendAlertEvent } from '../alert-events/index.js';
import type { Database } from '../db/index.js';
import {
  findNotificationRow,
  listAttempts,
  listNotificationRows,
  NOTIFICATION_STATUSES,
  reviveDeadNotification,
  type NotificationRow,
} from './notification-repository.js';
import { NotifyError } from '../channels/index.js';

/** Query of "list notifications" (CLI and API). */
export const notificationQuerySchema = z
  .object({
    status: z.enum(NOTIFICATION_STATUSES).optional(),
    alert_id: z.string().regex(/^\d+$/).optional(),
    limit: z.coerce.number().int().min(1).max(1000).default(200),
  })
  .strict();
export type NotificationQuery = z.input<typeof notificationQuerySchema>;

/** The public shape of an outbox row: no payload, no target (a chat webhook URL is a credential). */
export const notificationViewSchema = z.object({
  id: z.string(),
  alert_id: z.string().nullable(),
  route: z.string(),
  channel: z.string(),
  event: z.string(),
  status: z.string(),
  attempts: z.number(),
  next_attempt_at: z.string(),
  last_error: z.string().nullable(),
  created_at: z.string(),
  delivered_at: z.string().nullable(),
  idempotency_key: z.string(),
});
export type NotificationView = z.infer<typeof notificationViewSchema>;

/** Outbox rows for operators, newest first; `status: 'dead'` is the dead-letter list. */
export async function listNotifications(db: Kysely<Database>, query: NotificationQuery = {}): Promise<NotificationView[]> {
  const q = notificationQuerySchema.parse(query);
  const rows = await listNotificationRows(db, { status: q.status, alertId: q.alert_id, limit: q.limit });
  return rows.map(toNotificationView);
}

/** One notification with its delivery attempts (the log of every try, throttles included). */
export async function getNotification(db: Kysely<Database>, id: string) {
  const row = /^\d+$/.test(id) ? await findNotificationRow(db, id) : undefined;
  if (!row) throw new NotifyError('NOTIFICATION_NOT_FOUND', `no notification ${id}`);
  const attempts = await listAttempts(db, id);
  return { ...toNotificationView(row), delivery_attempts: attempts.map((a) => ({ ...a, created_at: new Date(a.created_at).toISOString() })) };
}

/**
 * The operator's retry of a dead letter: back to pending with a fresh attempt budget, relayed at the
 * next scheduler tick under the same idempotency key. The retry is written to the alert's trail.
 */
export async function retryNotification(db: Kysely<Database>, id: string, actor: string): Promise<NotificationView> {
  return db.transaction().execute(async (tx) => {
    const row = /^\d+$/.test(id) ? await reviveDeadNotification(tx, id) : undefined;
    if (!row) {
      const existing = /^\d+$/.test(id) ? await findNotificationRow(tx, id) : undefined;
      if (!existing) throw new NotifyError('NOTIFICATION_NOT_FOUND', `no notification ${id}`);
      throw new NotifyError('NOTIFICATION_NOT_RETRYABLE', `notification ${id} is ${existing.status}; only dead notifications can be retried`);
    }
    if (row.alert_id) {
      await appendAlertEvent(tx, { alertId: row.alert_id, actor, action: 'notification_retried', data: { notificationId: row.id, route: row.route } });
    }
    return toNotificationView(row);
  });
}

export function toNotificationView(row: NotificationRow): NotificationView {
  const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);
  return {
    id: row.id,
    alert_id: row.alert_id,
    route: row.route,
    channel: row.channel,
    event: row.event,
    status: row.status,
    attempts: row.attempts,
    next_attempt_at: iso(row.next_attempt_at)!,
    last_error: row.last_error,
    created_at: iso(row.created_at)!,
    delivered_at: iso(row.delivered_at),
    idempotency_key: row.idempotency_key,
  };
}
