import type { Kysely } from 'kysely';

/**
 * What a stored post says about itself: `truncated` when its text was cut to the stored bound (the
 * reviewer sees the start of a longer post), and `published_at_source` when its time is a stand-in
 * (`snowflake`, `fallback`, `fetched`) rather than the source's own timestamp (`source`).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('posts')
    .addColumn('truncated', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('published_at_source', 'text', (c) => c.notNull().defaultTo('source'))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('posts').dropColumn('published_at_source').dropColumn('truncated').execute();
}
