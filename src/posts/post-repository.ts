import { sql } from 'kysely';
import type { Analysis } from '../analysis/index.js';
import type { Db } from '../db/index.js';
import type { CanonicalPost } from '../feeds/index.js';
import { cleanRaw, cleanString } from '../feeds/index.js';

export interface StoredPost {
  readonly id: string;
  readonly clusterId: string | null;
  readonly post: CanonicalPost;
  readonly analysis: Analysis;
}

/**
 * Inserts posts with their analysis. A post already stored (same feed + external id) is left as it
 * is and not returned: that key is what makes a retried batch harmless. Posts are partitioned by
 * month (migration 0009), so the key lives in `post_keys`: the batch claims its keys first and stores
 * posts only for the keys it claimed, in one transaction (the caller's, or its own).
 */
export async function insertAnalyzedPosts(
  db: Db,
  items: ReadonlyArray<{ post: CanonicalPost; analysis: Analysis; fingerprint: string; clusterId: string | null }>,
): Promise<StoredPost[]> {
  if (items.length === 0) return [];
  // A claimed key without its post would hide the post for good: both or neither.
  if (!db.isTransaction) return db.transaction().execute((tx) => insertAnalyzedPosts(tx, items));
  // In key order: two batches in flight that share posts (a re-poll) then wait for each other on
  // the key instead of deadlocking.
  const ordered = [...items].sort((a, b) => compareKeys(postKey(a.post.feed, a.post.externalId), postKey(b.post.feed, b.post.externalId)));
  const claimed = await db
    .insertInto('post_keys')
    .values(ordered.map(({ post }) => ({ feed: post.feed, external_id: post.externalId })))
    .onConflict((oc) => oc.columns(['feed', 'external_id']).doNothing())
    .returning(['post_id', 'feed', 'external_id'])
    .execute();
  const ids = new Map(claimed.map((row) => [postKey(row.feed, row.external_id), row.post_id]));
  // A key twice in one batch is stored once, from its first copy (as the unique key did before).
  const mine: typeof ordered = [];
  const taken = new Set<string>();
  for (const item of ordered) {
    const key = postKey(item.post.feed, item.post.externalId);
    if (!ids.has(key) || taken.has(key)) continue;
    taken.add(key);
    mine.push(item);
  }
  if (mine.length > 0) {
    // Each post's key is ours: posts' own key check (a trigger for other writers) has nothing to add.
    await sql`set local placewatch.post_keys_claimed = 'on'`.execute(db);
    await db
      .insertInto('posts')
      .values(
        mine.map(({ post, analysis, fingerprint, clusterId }) => ({
          id: ids.get(postKey(post.feed, post.externalId))!,
          feed: post.feed,
          external_id: post.externalId,
          author_id: post.author.id,
          author_handle: post.author.handle,
          author_name: post.author.displayName,
          text: post.text,
          lang: post.lang,
          published_at: post.publishedAt,
          published_at_source: post.publishedAtSource ?? 'source',
          url: post.url,
          links: JSON.stringify(post.links),
          media: JSON.stringify(post.media),
          edited: post.edited,
          deleted: post.deleted,
          truncated: post.truncated,
          raw: post.raw === undefined ? null : JSON.stringify(post.raw),
          content_fingerprint: fingerprint,
          cluster_id: clusterId,
          score: analysis.score,
          severity: analysis.severity,
          analysis: JSON.stringify(analysis),
          config_version: analysis.configVersion,
          model_version: analysis.modelVersion,
          analyzed_at: new Date(),
        })),
      )
      .execute();
  }
  // Returned in the batch's order, whatever order they were written in.
  return items.flatMap((item) => {
    const id = ids.get(postKey(item.post.feed, item.post.externalId));
    return id === undefined ? [] : [{ id, clusterId: item.clusterId, post: item.post, analysis: item.analysis }];
  });
}

/** Records a post the analyzer failed on or the database refused, with its error, for operators to see and retry. */
export async function recordFailedPost(db: Db, post: Pick<CanonicalPost, 'feed' | 'externalId'> & Record<string, unknown>, error: string): Promise<void> {
  await db
    .insertInto('failed_posts')
    // Cleaned: the post may be here precisely because Postgres refused one of its strings.
    .values({
      feed: cleanString(post.feed),
      external_id: cleanString(post.externalId),
      post: JSON.stringify(cleanRaw(post)),
      error: cleanString(error.slice(0, 2000)),
    })
    .onConflict((oc) =>
      oc.columns(['feed', 'external_id']).doUpdateSet((eb) => ({
        error: eb.ref('excluded.error'),
        attempts: eb('failed_posts.attempts', '+', 1),
        failed_at: new Date(),
      })),
    )
    .execute();
}

/**
 * Which of these (feed, external id) pairs were already stored: their key is held, even when
 * retention has since dropped the post's month (a re-poll of it is not stored again).
 */
export async function findStoredKeys(db: Db, posts: readonly CanonicalPost[]): Promise<Set<string>> {
  if (posts.length === 0) return new Set();
  const rows = await db
    .selectFrom('post_keys')
    .select(['feed', 'external_id'])
    // Two array parameters, not one OR branch per post: the same index lookups, a plan made in a
    // fraction of the time, and a statement of the same size whatever the batch.
    .where(
      sql<boolean>`(feed, external_id) in (select f, e from unnest(${posts.map((p) => p.feed)}::text[], ${posts.map((p) => p.externalId)}::text[]) as k(f, e))`,
    )
    .execute();
  return new Set(rows.map((r) => postKey(r.feed, r.external_id)));
}

function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function postKey(feed: string, externalId: string): string {
  return `${feed}\u0000${externalId}`;
}

/**
 * Carries "edited" and "deleted at source" markers onto posts already stored (a re-poll or a
 * Jetstream delete event); the stored text and its analysis stay as evidence. Returns rows changed.
 */
export async function updateSourceMarkers(db: Db, posts: readonly CanonicalPost[]): Promise<number> {
  let changed = 0;
  for (const post of posts) {
    if (!post.edited && !post.deleted) continue;
    const result = await db
      .updateTable('posts')
      // Markers only ever turn on: a later copy without them does not undo what the source said.
      .set({ ...(post.edited ? { edited: true } : {}), ...(post.deleted ? { deleted: true } : {}) })
      // By id, found through the key: one partition's primary key instead of every partition.
      .where('id', '=', (eb) => eb.selectFrom('post_keys').select('post_id').where('feed', '=', post.feed).where('external_id', '=', post.externalId))
      .where((eb) => eb.or([...(post.edited ? [eb('edited', '=', false)] : []), ...(post.deleted ? [eb('deleted', '=', false)] : [])]))
      .executeTakeFirst();
    changed += Number(result.numUpdatedRows ?? 0);
  }
  return changed;
}
