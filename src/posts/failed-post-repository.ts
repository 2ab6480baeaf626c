import { sql } from 'kysely';
import type { Db } from '../db/index.js';
import type { CanonicalPost } from '../feeds/index.js';

/** A post in the failed set, as operators see it. */
export interface FailedPostView {
  readonly id: string;
  readonly feed: string;
  readonly externalId: string;
  readonly error: string;
  readonly attempts: number;
  readonly failedAt: string;
  /** The start of the post's text, for recognising it in a list. */
  readonly textStart: string;
}

/** A failed post with the post as it was recorded, for a retry. */
export interface FailedPostRecord {
  readonly id: string;
  readonly feed: string;
  readonly externalId: string;
  readonly attempts: number;
  readonly post: unknown;
}

/** Failed posts, most recently failed first; `offset` skips that many, for paging. */
export async function listFailedPosts(db: Db, options: { readonly limit?: number; readonly offset?: number } = {}): Promise<FailedPostView[]> {
  const rows = await db
    .selectFrom('failed_posts')
    .select(['id', 'feed', 'external_id', 'error', 'attempts', 'failed_at', 'post'])
    .orderBy('failed_at', 'desc')
    .orderBy('id', 'desc')
    .limit(options.limit ?? 200)
    .offset(options.offset ?? 0)
    .execute();
  return rows.map((row) => {
    const text = (row.post as { text?: unknown }).text;
    return {
      id: String(row.id),
      feed: row.feed,
      externalId: row.external_id,
      error: row.error,
      attempts: row.attempts,
      failedAt: new Date(row.failed_at).toISOString(),
      textStart: typeof text === 'string' ? text.slice(0, 120) : '',
    };
  });
}

/** How many posts are in the failed set, in all and per feed. */
export async function countFailedPosts(db: Db): Promise<{ total: number; byFeed: Map<string, number> }> {
  const rows = await db
    .selectFrom('failed_posts')
    .select(['feed', (eb) => eb.fn.countAll<string>().as('n')])
    .groupBy('feed')
    .execute();
  const byFeed = new Map(rows.map((r) => [r.feed, Number(r.n)]));
  return { total: [...byFeed.values()].reduce((a, b) => a + b, 0), byFeed };
}

/** The failed posts with these ids (or every one when `ids` is 'all'), oldest failure first. */
export async function readFailedPosts(db: Db, ids: readonly string[] | 'all'): Promise<FailedPostRecord[]> {
  if (ids !== 'all' && ids.length === 0) return [];
  let query = db.selectFrom('failed_posts').select(['id', 'feed', 'external_id', 'attempts', 'post']).orderBy('failed_at').orderBy('id');
  if (ids !== 'all') query = query.where('id', 'in', [...ids]);
  const rows = await query.execute();
  return rows.map((row) => ({ id: String(row.id), feed: row.feed, externalId: row.external_id, attempts: row.attempts, post: row.post }));
}

/**
 * Takes posts out of the failed set: called in the transaction that stores them, so a post is in
 * `posts` or in `failed_posts`, never both. Returns how many left it.
 */
export async function clearFailedPosts(db: Db, posts: ReadonlyArray<Pick<CanonicalPost, 'feed' | 'externalId'>>): Promise<number> {
  if (posts.length === 0) return 0;
  const result = await db
    .deleteFrom('failed_posts')
    // Two array parameters rather than one OR branch per post (see findStoredKeys).
    .where(
      sql<boolean>`(feed, external_id) in (select f, e from unnest(${posts.map((p) => p.feed)}::text[], ${posts.map((p) => p.externalId)}::text[]) as k(f, e))`,
    )
    .executeTakeFirst();
  return Number(result.numDeletedRows ?? 0);
}
