import { sql, type Kysely } from 'kysely';

/**
 * Each evidence row carries its post's published time, author and feed (copied when the row is
 * written; a post's time, author and feed never change). An alert's figures then grow with each
 * batch from what the batch adds — is this author new to the alert, what did the hours around the
 * new posts hold — by index lookups on (alert_id, …), instead of a pass over all of the alert's
 * evidence joined to posts, which grew with every post and ran under the place's lock.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table alert_posts add column published_at timestamptz, add column author text, add column feed text`.execute(db);
  await sql`
    update alert_posts e set published_at = p.published_at, author = coalesce(p.author_id, p.author_handle), feed = p.feed
    from posts p where p.id = e.post_id`.execute(db);
  await sql`alter table alert_posts alter column published_at set not null, alter column feed set not null`.execute(db);
  await sql`create index alert_posts_alert_time_idx on alert_posts (alert_id, published_at)`.execute(db);
  await sql`create index alert_posts_alert_author_idx on alert_posts (alert_id, author) where author is not null`.execute(db);
  await sql`create index alert_posts_alert_feed_idx on alert_posts (alert_id, feed)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table alert_posts drop column published_at, drop column author, drop column feed`.execute(db);
}
