import { sql, type Kysely } from 'kysely';
import type { FeedConfig } from '../config/index.js';
import type { Database } from '../db/index.js';
import type { FeedCursorState } from '../feeds/index.js';

/** Mirrors config/feeds.yaml into the feeds table so state and health have a row to hang on. */
export async function syncFeeds(db: Kysely<Database>, feeds: readonly FeedConfig[]): Promise<void> {
  await db.transaction().execute(async (tx) => {
    for (const feed of feeds) {
      await tx
        .insertInto('feeds')
        .values({ name: feed.name, kind: feed.kind, config: JSON.stringify(feed), enabled: feed.enabled, affiliation: feed.affiliation ?? null })
        .onConflict((oc) =>
          oc.column('name').doUpdateSet({
            kind: feed.kind,
            config: JSON.stringify(feed),
            enabled: feed.enabled,
            affiliation: feed.affiliation ?? null,
            updated_at: new Date(),
          }),
        )
        .execute();
      await tx
        .insertInto('feed_state')
        .values({ feed: feed.name, cursor: '{}' })
        .onConflict((oc) => oc.column('feed').doNothing())
        .execute();
    }
    const names = feeds.map((f) => f.name);
    let disable = tx.updateTable('feeds').set({ enabled: false, updated_at: new Date() });
    if (names.length > 0) disable = disable.where('name', 'not in', names);
    await disable.execute();
  });
}

export interface FeedStateRow {
  readonly cursor: FeedCursorState;
  readonly backoff_until: Date | null;
  readonly consecutive_failures: number;
}

export async function loadFeedState(db: Kysely<Database>, feed: string): Promise<FeedStateRow> {
  const row = await db.selectFrom('feed_state').select(['cursor', 'backoff_until', 'consecutive_failures']).where('feed', '=', feed).executeTakeFirst();
  return {
    cursor: (row?.cursor ?? {}) as FeedCursorState,
    backoff_until: row?.backoff_until ? new Date(row.backoff_until) : null,
    consecutive_failures: row?.consecutive_failures ?? 0,
  };
}

/** Saves the cursor after its page is enqueued, and the feed's health figures. */
export async function recordPollSuccess(
  db: Kysely<Database>,
  feed: string,
  page: { cursor: FeedCursorState; posts: number; skipped: number; lastPostAt: Date | null; retryAfterMs?: number },
): Promise<void> {
  const now = new Date();
  await db
    .updateTable('feed_state')
    .set((eb) => ({
      cursor: JSON.stringify(page.cursor),
      last_poll_at: now,
      last_success_at: now,
      last_error: null,
      consecutive_failures: 0,
      backoff_until: page.retryAfterMs ? new Date(now.getTime() + page.retryAfterMs) : null,
      posts_total: eb('posts_total', '+', String(page.posts)),
      skipped_total: eb('skipped_total', '+', String(page.skipped)),
      ...(page.lastPostAt ? { last_post_at: sql<Date>`greatest(last_post_at, ${page.lastPostAt})` } : {}),
      updated_at: now,
    }))
    .where('feed', '=', feed)
    .execute();
}

/** Records a failed poll and when to try again (the cursor stays where it was: nothing is skipped). */
export async function recordPollFailure(db: Kysely<Database>, feed: string, error: string, backoffUntil: Date): Promise<void> {
  const now = new Date();
  await db
    .updateTable('feed_state')
    .set((eb) => ({
      last_poll_at: now,
      last_error: error.slice(0, 1000),
      last_error_at: now,
      consecutive_failures: eb('consecutive_failures', '+', 1),
      backoff_until: backoffUntil,
      updated_at: now,
    }))
    .where('feed', '=', feed)
    .execute();
}

export interface FeedStatus {
  readonly name: string;
  readonly kind: string;
  readonly enabled: boolean;
  readonly last_success_at: Date | null;
  readonly last_error: string | null;
  readonly last_error_at: Date | null;
  readonly consecutive_failures: number;
  readonly posts_total: string;
  readonly skipped_total: string;
  readonly last_post_at: Date | null;
}

/** Health of every feed, for `feeds status` and the API. */
export async function listFeedStatus(db: Kysely<Database>): Promise<FeedStatus[]> {
  return db
    .selectFrom('feeds')
    .leftJoin('feed_state', 'feed_state.feed', 'feeds.name')
    .select([
      'feeds.name',
      'feeds.kind',
      'feeds.enabled',
      'feed_state.last_success_at',
      'feed_state.last_error',
      'feed_state.last_error_at',
      'feed_state.last_post_at',
      (eb) => eb.fn.coalesce('feed_state.consecutive_failures', eb.lit(0)).as('consecutive_failures'),
      sql<string>`coalesce(feed_state.posts_total, 0)::text`.as('posts_total'),
      sql<string>`coalesce(feed_state.skipped_total, 0)::text`.as('skipped_total'),
    ])
    .orderBy('feeds.name')
    .execute() as Promise<FeedStatus[]>;
}
