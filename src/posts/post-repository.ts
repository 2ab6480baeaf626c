import { sql } from 'kysely';
import type { Analysis } from '../analysis/index.js';
import type { Db } from '../db/index.js';
import type { CanonicalPost } from '../feeds/index.js';
import { cleanRaw, cleanString } from '../feeds/index.js';
import { arrayLiteral } from './array-literal.js';
import { isStoredAnalysis, postRowsJson, type PostRowSource } from './post-rows-json.js';

export interface StoredPost {
  readonly id: string;
  readonly clusterId: string | null;
  readonly post: CanonicalPost;
  readonly analysis: Analysis;
}

type AnalyzedPost = { post: CanonicalPost; analysis: Analysis; fingerprint: string; clusterId: string | null };

/**
 * Inserts posts with their analysis, and takes the batch's posts out of the failed set (a post is
 * in `posts` or in `failed_posts`, never both). A post already stored (same feed + external id) is
 * left as it is and not returned: that key is what makes a retried batch harmless. Posts are
 * partitioned by month (migration 0009), so the key lives in `post_keys`: the batch claims its keys
 * first and stores posts only for the keys it claimed, in one transaction (the caller's, or its own).
 */
export async function insertAnalyzedPosts(db: Db, items: readonly AnalyzedPost[]): Promise<StoredPost[]> {
  if (items.length === 0) return [];
  // A claimed key without its post would hide the post for good: both or neither.
  if (!db.isTransaction) return db.transaction().execute((tx) => insertAnalyzedPosts(tx, items));
  const ids = await claimPostKeys(
    db,
    items.map((item) => item.post),
  );
  return insertClaimedPosts(db, items, ids);
}

/**
 * The first half of insertAnalyzedPosts, for a caller with work to do between the halves (the
 * pipeline clusters only the posts not stored before): claims the posts' keys and returns the post
 * id of each key claimed now, by postKey. A key it does not return was held already: that post was
 * stored before (or by a batch in flight, which this statement waited for). Call it in the
 * transaction that then stores the claimed posts (insertClaimedPosts): both or neither.
 */
export async function claimPostKeys(tx: Db, posts: readonly CanonicalPost[]): Promise<Map<string, string>> {
  if (posts.length === 0) return new Map();
  // In key order: two batches in flight that share posts (a re-poll) then wait for each other on
  // the key instead of deadlocking.
  const ordered = posts.map((post) => ({ key: postKey(post.feed, post.externalId), post })).sort((a, b) => compareKeys(a.key, b.key));
  return claimKeys(
    tx,
    ordered.map((o) => o.post),
  );
}

/**
 * The second half of insertAnalyzedPosts: stores the posts whose keys `ids` holds (claimed in this
 * transaction by claimPostKeys) and returns them in the batch's order; any other post is skipped.
 */
export async function insertClaimedPosts(tx: Db, items: readonly AnalyzedPost[], ids: ReadonlyMap<string, string>): Promise<StoredPost[]> {
  const ordered = items.map((item) => ({ key: postKey(item.post.feed, item.post.externalId), item })).sort((a, b) => compareKeys(a.key, b.key));
  // A key twice in one batch is stored once, from its first copy (as the unique key did before).
  const mine: Array<AnalyzedPost & { id: string }> = [];
  const taken = new Set<string>();
  for (const { key, item } of ordered) {
    const id = ids.get(key);
    if (id === undefined || taken.has(key)) continue;
    taken.add(key);
    mine.push({ ...item, id });
  }
  if (mine.length > 0) await insertPostRows(tx, mine);
  // Returned in the batch's order, whatever order they were written in.
  return items.flatMap((item) => {
    const id = ids.get(postKey(item.post.feed, item.post.externalId));
    return id === undefined ? [] : [{ id, clusterId: item.clusterId, post: item.post, analysis: item.analysis }];
  });
}

/**
 * Claims the posts' keys (in the given order) and returns the post id of each key claimed now; in
 * the same statement, one round trip: the batch's posts leave the failed set, and, when a key was
 * claimed, the transaction says it claimed its keys, so posts' own key check (a trigger for other
 * writers, see migration 0009) has nothing to add to the posts' insert that follows.
 */
async function claimKeys(db: Db, posts: readonly CanonicalPost[]): Promise<Map<string, string>> {
  // Two array parameters whatever the batch size (not two per post): a statement planned once per
  // shape, and far less to build and parse for a batch of hundreds.
  const { rows } = await sql<{ post_id: string; feed: string; external_id: string }>`
    with batch as (
      select * from unnest(${arrayLiteral(posts.map((p) => p.feed))}::text[], ${arrayLiteral(posts.map((p) => p.externalId))}::text[]) as k(feed, external_id)
    ), claimed as (
      insert into post_keys (feed, external_id) select feed, external_id from batch
      on conflict (feed, external_id) do nothing
      returning post_id, feed, external_id
    ), cleared as (
      delete from failed_posts where (feed, external_id) in (select feed, external_id from batch)
    )
    select post_id, feed, external_id from claimed
    cross join (select set_config('placewatch.post_keys_claimed', 'on', true)) as flag`.execute(db);
  return new Map(rows.map((row) => [postKey(row.feed, row.external_id), row.post_id]));
}

/**
 * The posts' rows in one statement: one jsonb parameter of the whole batch (see postRowsJson),
 * expanded row by row. A batch whose JSON would carry a NUL or a lone surrogate is sent as one
 * array per column instead, as before, so those posts are stored or refused as they always were.
 */
async function insertPostRows(db: Db, rows: ReadonlyArray<PostRowSource>): Promise<void> {
  const json = postRowsJson(rows);
  if (json === null) return insertPostColumns(db, rows);
  // Element numbers as in POST_ROW_ELEMENTS; `r->23` is SQL null when the post has no raw item.
  await sql`
    insert into posts (
      id, feed, external_id, author_id, author_handle, author_name, text, lang, published_at, published_at_source,
      url, links, media, edited, deleted, truncated, content_fingerprint, cluster_id, score, severity, analysis,
      config_version, model_version, raw, analyzed_at)
    select (r->>0)::bigint, r->>1, r->>2, r->>3, r->>4, r->>5, r->>6, r->>7, (r->>8)::timestamptz, r->>9,
      r->>10, r->11, r->12, (r->>13)::boolean, (r->>14)::boolean, (r->>15)::boolean, r->>16, r->>17, (r->>18)::real, r->>19,
      nullif(r->20, 'null'::jsonb), r->>21, r->>22, r->23, ${new Date()}::timestamptz
    from jsonb_array_elements(${json}::jsonb) as batch(r)`.execute(db);
}

/**
 * The posts' rows as one array per column (25 parameters, not 25 per post). Each array is sent as a
 * literal built here (see arrayLiteral) rather than by the driver, which runs two regex replaces over
 * every element, JSON included.
 */
async function insertPostColumns(db: Db, rows: ReadonlyArray<PostRowSource>): Promise<void> {
  const column = (value: (row: (typeof rows)[number]) => string | null): string => arrayLiteral(rows.map(value));
  await sql`
    insert into posts (
      id, feed, external_id, author_id, author_handle, author_name, text, lang, published_at, published_at_source,
      url, links, media, edited, deleted, truncated, raw, content_fingerprint, cluster_id, score, severity, analysis,
      config_version, model_version, analyzed_at)
    select *, ${new Date()}::timestamptz from unnest(
      ${column((r) => r.id)}::bigint[],
      ${column((r) => r.post.feed)}::text[],
      ${column((r) => r.post.externalId)}::text[],
      ${column((r) => r.post.author.id)}::text[],
      ${column((r) => r.post.author.handle)}::text[],
      ${column((r) => r.post.author.displayName)}::text[],
      ${column((r) => r.post.text)}::text[],
      ${column((r) => r.post.lang)}::text[],
      ${column((r) => r.post.publishedAt)}::timestamptz[],
      ${column((r) => r.post.publishedAtSource ?? 'source')}::text[],
      ${column((r) => r.post.url)}::text[],
      ${column((r) => JSON.stringify(r.post.links))}::jsonb[],
      ${column((r) => JSON.stringify(r.post.media))}::jsonb[],
      ${column((r) => String(r.post.edited))}::boolean[],
      ${column((r) => String(r.post.deleted))}::boolean[],
      ${column((r) => String(r.post.truncated))}::boolean[],
      ${column((r) => (r.post.raw === undefined ? null : JSON.stringify(r.post.raw)))}::jsonb[],
      ${column((r) => r.fingerprint)}::text[],
      ${column((r) => r.clusterId)}::text[],
      ${column((r) => String(r.analysis.score))}::real[],
      ${column((r) => r.analysis.severity)}::text[],
      ${column((r) => (isStoredAnalysis(r.analysis) ? JSON.stringify(r.analysis) : null))}::jsonb[],
      ${column((r) => r.analysis.configVersion)}::text[],
      ${column((r) => r.analysis.modelVersion)}::text[])`.execute(db);
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
