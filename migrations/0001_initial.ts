import { sql, type Kysely } from 'kysely';

/**
 * The first schema: feeds and their polling state, posts, alerts with evidence and an append-only
 * audit trail, config versions, users, and the notification outbox.
 * Retry safety lives in the keys: (feed, external_id) on posts, (alert_id, post_id) and
 * (post_id, place_id) on evidence, idempotency_key on notifications.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('feeds')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('config', 'jsonb', (c) => c.notNull())
    .addColumn('enabled', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('affiliation', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('feed_state')
    .addColumn('feed', 'text', (c) => c.primaryKey().references('feeds.name').onDelete('cascade'))
    .addColumn('cursor', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('last_poll_at', 'timestamptz')
    .addColumn('last_success_at', 'timestamptz')
    .addColumn('last_post_at', 'timestamptz')
    .addColumn('last_error', 'text')
    .addColumn('last_error_at', 'timestamptz')
    .addColumn('consecutive_failures', 'integer', (c) => c.notNull().defaultTo(0))
    // Polls before this time are skipped: exponential backoff with jitter, or the source's Retry-After.
    .addColumn('backoff_until', 'timestamptz')
    .addColumn('posts_total', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('skipped_total', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('posts')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('feed', 'text', (c) => c.notNull())
    .addColumn('external_id', 'text', (c) => c.notNull())
    .addColumn('author_id', 'text')
    .addColumn('author_handle', 'text')
    .addColumn('author_name', 'text')
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('lang', 'text')
    .addColumn('published_at', 'timestamptz', (c) => c.notNull())
    .addColumn('url', 'text')
    .addColumn('links', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('media', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('edited', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('deleted', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('raw', 'jsonb')
    .addColumn('content_fingerprint', 'text')
    // Near-duplicate cluster (copy-paste campaigns, retweets, lightly edited copies).
    .addColumn('cluster_id', 'text')
    .addColumn('score', 'real')
    .addColumn('severity', 'text')
    .addColumn('analysis', 'jsonb')
    .addColumn('config_version', 'text')
    .addColumn('model_version', 'text')
    .addColumn('ingested_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('analyzed_at', 'timestamptz')
    // Guards re-polls and job retries: a source item is stored once.
    .addUniqueConstraint('posts_feed_external_id_key', ['feed', 'external_id'])
    .execute();
  await db.schema.createIndex('posts_published_at_idx').on('posts').column('published_at').execute();
  await db.schema.createIndex('posts_fingerprint_idx').on('posts').column('content_fingerprint').execute();
  await db.schema.createIndex('posts_cluster_idx').on('posts').column('cluster_id').execute();

  await db.schema
    .createTable('failed_posts')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('feed', 'text', (c) => c.notNull())
    .addColumn('external_id', 'text', (c) => c.notNull())
    .addColumn('post', 'jsonb', (c) => c.notNull())
    .addColumn('error', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('failed_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('resolved_at', 'timestamptz')
    .addUniqueConstraint('failed_posts_feed_external_id_key', ['feed', 'external_id'])
    .execute();

  await db.schema
    .createTable('config_versions')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('version', 'text', (c) => c.notNull().unique())
    .addColumn('content', 'jsonb', (c) => c.notNull())
    .addColumn('author', 'text', (c) => c.notNull())
    .addColumn('comment', 'text')
    .addColumn('parent_id', 'integer', (c) => c.references('config_versions.id'))
    .addColumn('active', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  // Exactly one active version: a partial unique index makes a second one impossible.
  await sql`create unique index config_versions_one_active on config_versions (active) where active`.execute(db);

  await db.schema
    .createTable('alerts')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('place_id', 'text', (c) => c.notNull())
    .addColumn('place_name', 'text', (c) => c.notNull())
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('new'))
    .addColumn('severity', 'text', (c) => c.notNull())
    .addColumn('max_score', 'real', (c) => c.notNull())
    .addColumn('post_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('distinct_authors', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('distinct_sources', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('campaign', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('first_seen', 'timestamptz', (c) => c.notNull())
    .addColumn('last_seen', 'timestamptz', (c) => c.notNull())
    .addColumn('representative_post_id', 'bigint', (c) => c.references('posts.id'))
    .addColumn('assignee', 'text')
    .addColumn('linked_alert_id', 'bigint', (c) => c.references('alerts.id'))
    .addColumn('acknowledged_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('alerts_place_category_idx').on('alerts').columns(['place_id', 'category', 'last_seen']).execute();
  await db.schema.createIndex('alerts_status_idx').on('alerts').columns(['status', 'severity', 'last_seen']).execute();

  await db.schema
    .createTable('alert_posts')
    .addColumn('alert_id', 'bigint', (c) => c.notNull().references('alerts.id').onDelete('cascade'))
    .addColumn('post_id', 'bigint', (c) => c.notNull().references('posts.id'))
    .addColumn('place_id', 'text', (c) => c.notNull())
    .addColumn('score', 'real', (c) => c.notNull())
    .addColumn('severity', 'text', (c) => c.notNull())
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('explanation', 'jsonb', (c) => c.notNull())
    .addColumn('added_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    // Guards retries: a post is evidence once per alert, and once per targeted place.
    .addPrimaryKeyConstraint('alert_posts_pkey', ['alert_id', 'post_id'])
    .addUniqueConstraint('alert_posts_post_place_key', ['post_id', 'place_id'])
    .execute();

  await db.schema
    .createTable('alert_events')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('alert_id', 'bigint', (c) => c.notNull().references('alerts.id').onDelete('cascade'))
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('from_status', 'text')
    .addColumn('to_status', 'text')
    .addColumn('note', 'text')
    .addColumn('data', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('alert_events_alert_idx').on('alert_events').columns(['alert_id', 'id']).execute();
  // The audit trail is append-only: the database itself refuses edits.
  await sql`
    create function alert_events_append_only() returns trigger language plpgsql as $$
    begin
      raise exception 'alert_events is append-only';
    end $$`.execute(db);
  await sql`
    create trigger alert_events_no_update before update on alert_events
    for each row execute function alert_events_append_only()`.execute(db);

  await db.schema
    .createTable('users')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('password_hash', 'text')
    .addColumn('totp_secret', 'text')
    .addColumn('places', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('disabled', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`create unique index users_email_key on users (lower(email))`.execute(db);

  await db.schema
    .createTable('notifications')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('alert_id', 'bigint', (c) => c.notNull().references('alerts.id').onDelete('cascade'))
    .addColumn('route', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('target', 'text')
    .addColumn('event', 'text', (c) => c.notNull())
    .addColumn('payload', 'jsonb', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('pending'))
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('delivered_at', 'timestamptz')
    // Guards re-running the transaction that created it and lets receivers drop duplicates.
    .addColumn('idempotency_key', 'text', (c) => c.notNull().unique())
    .execute();
  await db.schema.createIndex('notifications_pending_idx').on('notifications').columns(['status', 'next_attempt_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['notifications', 'users', 'alert_events', 'alert_posts', 'alerts', 'config_versions', 'failed_posts', 'posts', 'feed_state', 'feeds']) {
    await db.schema.dropTable(table).ifExists().cascade().execute();
  }
  await sql`drop function if exists alert_events_append_only`.execute(db);
}
