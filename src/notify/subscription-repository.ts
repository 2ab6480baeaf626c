import type { Insertable, Selectable, Updateable } from 'kysely';
import type { Severity, ThreatCategory, Channel, Detail, DigestConfig } from '../config/index.js';
import type { SubscriptionsTable, Db } from '../db/index.js';
import { defaultDetail, subscriptionKey, type Subscription } from './subscription.js';

export type SubscriptionRow = Selectable<SubscriptionsTable>;

/** Enabled database subscriptions, as the router sees them (secrets stay encrypted). */
export async function listEnabledSubscriptions(db: Db): Promise<Subscription[]> {
  const rows = await db.selectFrom('subscriptions').selectAll().where('enabled', '=', true).orderBy('id').execute();
  return rows.map(subscriptionFromRow);
}

/** A stored subscription row as a Subscription. */
export function subscriptionFromRow(row: SubscriptionRow): Subscription {
  const channel: Channel = row.channel;
  return {
    key: subscriptionKey(row.id),
    name: row.name,
    subscriptionId: row.id,
    places: row.places,
    minSeverity: row.min_severity as Severity,
    categories: (row.categories ?? undefined) as ThreatCategory[] | undefined,
    campaigns: row.campaigns,
    channel,
    target: row.target,
    detail: (row.detail as Detail | null) ?? defaultDetail(channel),
    language: row.language === 'ar' ? 'ar' : 'en',
    digest: (row.digest ?? undefined) as DigestConfig | undefined,
    escalationOnly: false,
    secret: {
      kind: 'encrypted',
      current: row.secret_encrypted,
      // An expired previous secret no longer signs: rotation has finished.
      previous: row.previous_secret_expires_at && new Date(row.previous_secret_expires_at) > new Date() ? row.previous_secret_encrypted : null,
    },
    // Channel settings are routes.yaml fields; API subscriptions take each channel's defaults.
    settings: {},
  };
}

/** Subscriptions, optionally only one officer's, oldest first. */
export async function listSubscriptionRows(db: Db, filter: { ownerUserId?: number } = {}): Promise<SubscriptionRow[]> {
  let query = db.selectFrom('subscriptions').selectAll();
  if (filter.ownerUserId !== undefined) query = query.where('owner_user_id', '=', filter.ownerUserId);
  return query.orderBy('id').execute();
}

export async function findSubscriptionRow(db: Db, id: string): Promise<SubscriptionRow | undefined> {
  return db.selectFrom('subscriptions').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertSubscriptionRow(db: Db, values: Insertable<SubscriptionsTable>): Promise<SubscriptionRow> {
  return db.insertInto('subscriptions').values(values).returningAll().executeTakeFirstOrThrow();
}

export async function updateSubscriptionRow(db: Db, id: string, patch: Updateable<SubscriptionsTable>): Promise<SubscriptionRow | undefined> {
  return db
    .updateTable('subscriptions')
    .set({ ...patch, updated_at: new Date() })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
}

export async function deleteSubscriptionRow(db: Db, id: string): Promise<boolean> {
  const result = await db.deleteFrom('subscriptions').where('id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}
