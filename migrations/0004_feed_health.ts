import { sql, type Kysely } from 'kysely';

/**
 * Feed health: operational alerts for feeds that fail or fall silent, and an index to read a feed's
 * recent post times (its usual rhythm) cheaply.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('feed_alerts')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('feed', 'text', (c) => c.notNull().references('feeds.name').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('detail', 'text', (c) => c.notNull())
    .addColumn('opened_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('last_checked_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('resolved_at', 'timestamptz')
    .execute();
  // At most one open alert per feed and kind: concurrent checkers (several pollers) insert it once.
  await sql`create unique index feed_alerts_open_idx on feed_alerts (feed, kind) where resolved_at is null`.execute(db);
  await db.schema.createIndex('posts_feed_published_idx').on('posts').columns(['feed', 'published_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('posts_feed_published_idx').ifExists().execute();
  await db.schema.dropTable('feed_alerts').ifExists().execute();
}
