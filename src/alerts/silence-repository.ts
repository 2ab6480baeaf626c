import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../db/index.js';

export interface SilenceRow {
  readonly id: string;
  readonly kind: string;
  readonly place_id: string | null;
  readonly phrase: string | null;
  readonly reason: string;
  readonly owner: string;
  readonly created_by: string;
  readonly created_at: Date;
  readonly expires_at: Date;
  readonly ended_at: Date | null;
  readonly ended_by: string | null;
}

export interface NewSilence {
  readonly kind: 'place' | 'phrase';
  readonly placeId?: string | null;
  readonly phrase?: string | null;
  readonly reason: string;
  readonly owner: string;
  readonly createdBy: string;
  readonly expiresAt: Date;
}

export async function insertSilence(db: Db, silence: NewSilence): Promise<SilenceRow> {
  return db
    .insertInto('silences')
    .values({
      kind: silence.kind,
      place_id: silence.kind === 'place' ? (silence.placeId ?? null) : null,
      phrase: silence.kind === 'phrase' ? (silence.phrase ?? null) : null,
      reason: silence.reason,
      owner: silence.owner,
      created_by: silence.createdBy,
      expires_at: silence.expiresAt,
    })
    .returningAll()
    .executeTakeFirstOrThrow() as Promise<SilenceRow>;
}

/** Silences in force at `now` (or all of them, newest first, with `includeEnded`). */
export async function listSilences(db: Db, options: { now?: Date; includeEnded?: boolean } = {}): Promise<SilenceRow[]> {
  let query = db.selectFrom('silences').selectAll();
  if (!options.includeEnded) {
    query = query.where('ended_at', 'is', null).where('expires_at', '>', options.now ?? new Date());
  }
  return query.orderBy('id', 'desc').limit(500).execute() as Promise<SilenceRow[]>;
}

export async function findSilence(db: Db, id: string): Promise<SilenceRow | undefined> {
  return db.selectFrom('silences').selectAll().where('id', '=', id).executeTakeFirst() as Promise<SilenceRow | undefined>;
}

/** Ends a silence early; false when it had already ended. */
export async function endSilence(db: Db, id: string, by: string): Promise<boolean> {
  const result = await db
    .updateTable('silences')
    .set({ ended_at: new Date(), ended_by: by })
    .where('id', '=', id)
    .where('ended_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Silences whose expiry fell in (from, to]: live views show their alerts again. */
export async function listSilencesExpiredBetween(db: Db, from: Date, to: Date): Promise<string[]> {
  const rows = await db.selectFrom('silences').select('id').where('expires_at', '>', from).where('expires_at', '<=', to).execute();
  return rows.map((r) => r.id);
}

/**
 * SQL that is true when an active silence covers the alert in scope as `alerts`: a place silence for
 * its place, or a phrase silence whose phrase occurs in one of its posts. Evaluated when read, so an
 * alert still firing when the silence ends is simply shown again.
 */
export function silencedCondition(now: Date): RawBuilder<boolean> {
  return sql<boolean>`exists (
    select 1 from silences s
    where s.ended_at is null and s.expires_at > ${now}
      and ((s.kind = 'place' and s.place_id = alerts.place_id)
        or (s.kind = 'phrase' and exists (
              select 1 from alert_posts se join posts sp on sp.id = se.post_id
              where se.alert_id = alerts.id and strpos(lower(sp.text), lower(s.phrase)) > 0))))`;
}

/** Whether an active silence covers this alert now (the same rule the queue applies when it hides it). */
export async function isAlertSilenced(db: Db, alertId: string, now: Date = new Date()): Promise<boolean> {
  const row = await db.selectFrom('alerts').select(silencedCondition(now).as('silenced')).where('id', '=', alertId).executeTakeFirst();
  return Boolean(row?.silenced);
}
