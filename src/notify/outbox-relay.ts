import type { Kysely } from 'kysely';
import type { Database } from '../db/index.js';
import type { Queues } from '../queue/index.js';
import { duePendingNotifications } from './notification-repository.js';

/** Rows relayed per tick; a backlog drains over several ticks instead of one huge Redis call. */
export const RELAY_BATCH = 500;

/**
 * The queue job id of one delivery try. Attempts and claims only grow, so every try is a new job,
 * while relaying the same unchanged row twice (two ticks, two schedulers) queues it once.
 */
export function notifyJobId(row: { id: string; attempts: number; claims: number }): string {
  return `notification-${row.id}-${row.attempts}-${row.claims}`;
}

/** Relays due, unleased outbox rows to the notify queue; returns how many were offered. */
export async function relayDueNotifications(db: Kysely<Database>, queues: Pick<Queues, 'notify'>, limit = RELAY_BATCH): Promise<number> {
  const due = await duePendingNotifications(db, limit);
  if (due.length === 0) return 0;
  // String(): embedded PGlite returns bigint ids as numbers, the job schema wants the text form.
  await queues.notify.addBulk(due.map((row) => ({ name: 'deliver', data: { notificationId: String(row.id) }, opts: { jobId: notifyJobId(row) } })));
  return due.length;
}
