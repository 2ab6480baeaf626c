import type { Selectable } from 'kysely';
import type { Database, Db } from '../db/index.js';
import type { AlertStatus } from '../vocabulary/index.js';

/** One entry of an alert's audit trail, as stored. */
export type AlertEventRow = Readonly<Selectable<Database['alert_events']>>;

export interface AlertEvent {
  readonly alertId: string;
  readonly actor: string;
  readonly action: string;
  readonly fromStatus?: AlertStatus | null;
  readonly toStatus?: AlertStatus | null;
  readonly note?: string | null;
  readonly data?: Record<string, unknown>;
}

/** Appends to an alert's audit trail (the table refuses updates). */
export async function appendAlertEvent(db: Db, event: AlertEvent): Promise<void> {
  await db
    .insertInto('alert_events')
    .values({
      alert_id: event.alertId,
      actor: event.actor,
      action: event.action,
      from_status: event.fromStatus ?? null,
      to_status: event.toStatus ?? null,
      note: event.note ?? null,
      data: JSON.stringify(event.data ?? {}),
    })
    .execute();
}

/** An alert's audit trail, oldest first. */
export async function listAlertEvents(db: Db, alertId: string): Promise<AlertEventRow[]> {
  return db.selectFrom('alert_events').selectAll().where('alert_id', '=', alertId).orderBy('id').execute();
}
