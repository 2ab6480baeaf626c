import { sql, type Kysely } from 'kysely';

/**
 * Notifications grow up: subscriptions officers manage (secrets encrypted at rest), a lease on each
 * outbox row so two notifiers never send it at once, digest holding, a log of delivery attempts,
 * and escalation state that survives restarts because the scheduler scans it by due time.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('subscriptions')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('owner_user_id', 'integer', (c) => c.references('users.id').onDelete('cascade'))
    .addColumn('places', 'jsonb', (c) => c.notNull())
    .addColumn('min_severity', 'text', (c) => c.notNull())
    .addColumn('categories', 'jsonb')
    .addColumn('campaigns', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('target', 'text')
    .addColumn('detail', 'text')
    .addColumn('language', 'text', (c) => c.notNull().defaultTo('en'))
    .addColumn('digest', 'jsonb')
    // AES-256-GCM under PLACEWATCH_SECRET_KEY; a stolen database yields no signing secrets.
    .addColumn('secret_encrypted', 'text')
    .addColumn('previous_secret_encrypted', 'text')
    .addColumn('previous_secret_expires_at', 'timestamptz')
    .addColumn('enabled', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('subscriptions_owner_idx').on('subscriptions').column('owner_user_id').execute();

  // Digests cover many alerts, so a digest row has none of its own.
  await sql`alter table notifications alter column alert_id drop not null`.execute(db);
  await db.schema
    .alterTable('notifications')
    // A delivery in flight holds the row until this time; after a crash it simply expires.
    .addColumn('leased_until', 'timestamptz')
    // Bumped by every claim; part of the queue job id so a re-relay after a crash is a new job.
    .addColumn('claims', 'integer', (c) => c.notNull().defaultTo(0))
    // Held rows (status 'held') wait for the digest of this subscription and period.
    .addColumn('digest_key', 'text')
    .addColumn('subscription_id', 'bigint', (c) => c.references('subscriptions.id').onDelete('set null'))
    .execute();
  await db.schema.createIndex('notifications_digest_idx').on('notifications').columns(['status', 'digest_key']).execute();
  await db.schema.createIndex('notifications_alert_idx').on('notifications').column('alert_id').execute();

  await db.schema
    .createTable('notification_attempts')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('notification_id', 'bigint', (c) => c.notNull().references('notifications.id').onDelete('cascade'))
    .addColumn('attempt', 'integer', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('status_code', 'integer')
    .addColumn('error', 'text')
    .addColumn('retry_after_ms', 'integer')
    .addColumn('duration_ms', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('notification_attempts_notification_idx').on('notification_attempts').column('notification_id').execute();

  await db.schema
    .createTable('alert_escalations')
    .addColumn('alert_id', 'bigint', (c) => c.notNull().references('alerts.id').onDelete('cascade'))
    .addColumn('policy', 'text', (c) => c.notNull())
    // Index of the next tier to notify (counts repeats of the last tier too).
    .addColumn('step', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('active'))
    .addColumn('next_at', 'timestamptz', (c) => c.notNull())
    .addColumn('started_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    // Guards the scan running twice (two schedulers, a retry): one escalation per alert and policy.
    .addPrimaryKeyConstraint('alert_escalations_pkey', ['alert_id', 'policy'])
    .execute();
  await db.schema.createIndex('alert_escalations_due_idx').on('alert_escalations').columns(['status', 'next_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('alert_escalations').ifExists().execute();
  await db.schema.dropTable('notification_attempts').ifExists().execute();
  await db.schema.dropIndex('notifications_alert_idx').ifExists().execute();
  await db.schema.dropIndex('notifications_digest_idx').ifExists().execute();
  await db.schema.alterTable('notifications').dropColumn('subscription_id').dropColumn('digest_key').dropColumn('claims').dropColumn('leased_until').execute();
  await db.schema.dropTable('subscriptions').ifExists().execute();
}
