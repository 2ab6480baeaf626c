import type { Kysely } from 'kysely';
import type { Database } from '../db/index.js';
import { type AlertNotice, alertNoticeSchema, type DigestNotice } from '../channels/index.js';

/** Most alerts listed in one digest; the rest are counted. */
export const DIGEST_MAX_ALERTS = 100;

/**
 * Turns held notifications whose period has ended into one digest row per subscription and
 * period, in one transaction each: the held rows become `digested` exactly when the digest exists.
 * Row locks (skip locked) keep two schedulers from digesting the same rows.
 */
export async function flushDueDigests(db: Kysely<Database>, now = new Date()): Promise<number> {
  const keys = await db
    .selectFrom('notifications')
    .select('digest_key')
    .distinct()
    .where('status', '=', 'held')
    .where('next_attempt_at', '<=', now)
    .limit(50)
    .execute();
  let written = 0;
  for (const { digest_key: key } of keys) {
    if (key) written += await flushOne(db, key);
  }
  return written;
}

async function flushOne(db: Kysely<Database>, key: string): Promise<number> {
  return db.transaction().execute(async (tx) => {
    const held = await tx
      .selectFrom('notifications')
      .selectAll()
      .where('status', '=', 'held')
      .where('digest_key', '=', key)
      .orderBy('id')
      .forUpdate()
      .skipLocked()
      .execute();
    const first = held[0];
    if (!first) return 0;
    const latest = new Map<string, AlertNotice>();
    for (const row of held) {
      const parsed = alertNoticeSchema.safeParse(row.payload);
      if (parsed.success) latest.set(parsed.data.alertId, parsed.data);
    }
    const alerts = [...latest.values()];
    const [, every, start] = key.split('|');
    const periodStart = new Date(start!);
    const periodEnd = new Date(periodStart.getTime() + (every === 'daily' ? 86_400_000 : 3_600_000));
    const firstLink = alerts[0]?.link;
    const payload: DigestNotice = {
      every: every === 'daily' ? 'daily' : 'hourly',
      periodStart: periodStart.toISOString(),
      periodEnd: periodEnd.toISOString(),
      link: firstLink ? firstLink.replace(/\/alerts\/[^/]*$/, '/alerts') : '',
      alerts: alerts.slice(0, DIGEST_MAX_ALERTS),
      more: Math.max(0, alerts.length - DIGEST_MAX_ALERTS),
    };
    await tx
      .insertInto('notifications')
      .values({
        alert_id: null,
        route: first.route,
        subscription_id: first.subscription_id,
        channel: first.channel,
        target: first.target,
        event: 'digest',
        payload: JSON.stringify(payload),
        // The first held row names the digest: a straggler held after a flush gets a digest of its own.
        idempotency_key: `digest-${key}-${first.id}`,
      })
      .onConflict((oc) => oc.column('idempotency_key').doNothing())
      .execute();
    await tx
      .updateTable('notifications')
      .set({ status: 'digested' })
      .where(
        'id',
        'in',
        held.map((r) => r.id),
      )
      .execute();
    return 1;
  });
}
