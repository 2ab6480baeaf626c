import { sql, type RawBuilder, type Transaction } from 'kysely';
import { appendAlertEvent } from '../alert-events/index.js';
import type { Severity } from '../config/index.js';
import { severityRankSql, type Database, type Db } from '../db/index.js';
import type { AlertStatus } from '../vocabulary/index.js';
import type { AlertFigures, EvidenceStats } from './alert-figures.js';
import type { AlertRow } from './alert-row.js';

/**
 * Serialises writers of one incident key across processes for the rest of the transaction,
 * so two analyzers never open two alerts for the same place and window.
 */
export async function lockIncidentKey(tx: Transaction<Database>, key: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtextextended(${key}, 0))`.execute(tx);
}

/**
 * lockIncidentKey for several keys in one round trip, taken in sorted order (the inner ORDER BY
 * feeds the outer scan), so that two writers locking overlapping sets queue instead of deadlocking.
 */
export async function lockIncidentKeys(tx: Transaction<Database>, keys: readonly string[]): Promise<void> {
  if (keys.length === 0) return;
  const sorted = [...new Set(keys)].sort();
  await sql`select count(pg_advisory_xact_lock(hashtextextended(k, 0))) from (select k from unnest(${sorted}::text[]) with ordinality as t(k, n) order by n) as keys`.execute(
    tx,
  );
}

export interface CandidateQuery {
  readonly placeId: string;
  readonly at: Date;
  readonly windowMs: number;
  readonly clusterId: string | null;
  /** Whether resolved alerts may take new evidence (policy "reopen") or not ("open_linked"). */
  readonly includeResolved: boolean;
}

/**
 * Every live alert of this place that a post at `at` belongs with: one holding a post within the
 * window of it, whatever its threat category (officers think in incidents per place, and the
 * categories are the alert's facets), or a post of the same near-duplicate cluster.
 * Oldest first; more than one means the post bridges incidents that must be merged.
 */
export async function findCandidateAlerts(db: Db, q: CandidateQuery): Promise<AlertRow[]> {
  const from = new Date(q.at.getTime() - q.windowMs);
  const to = new Date(q.at.getTime() + q.windowMs);
  const excluded: AlertStatus[] = q.includeResolved ? ['merged'] : ['merged', 'resolved'];
  return db
    .selectFrom('alerts')
    .selectAll()
    .where('place_id', '=', q.placeId)
    .where('status', 'not in', excluded)
    .where((eb) => {
      // Linked through any one post of the alert: the relation is between posts, so the grouping is
      // the connected components of the posts and does not depend on the order they arrived in.
      const linked = eb
        .selectFrom('alert_posts')
        .innerJoin('posts', 'posts.id', 'alert_posts.post_id')
        .select(eb.lit(1).as('one'))
        .whereRef('alert_posts.alert_id', '=', 'alerts.id')
        .where((inner) => {
          const inWindow = inner.and([inner('posts.published_at', '>=', from), inner('posts.published_at', '<=', to)]);
          return q.clusterId ? inner.or([inWindow, inner('posts.cluster_id', '=', q.clusterId)]) : inWindow;
        });
      return eb.exists(linked);
    })
    .orderBy('first_seen')
    .orderBy('id')
    .execute();
}

/** The most recent resolved alert of a place in the window (for "open_linked"). */
export async function findResolvedAlert(db: Db, placeId: string, at: Date, windowMs: number): Promise<AlertRow | undefined> {
  return db
    .selectFrom('alerts')
    .selectAll()
    .where('place_id', '=', placeId)
    .where('status', '=', 'resolved')
    .where('last_seen', '>=', new Date(at.getTime() - windowMs))
    .where('first_seen', '<=', new Date(at.getTime() + windowMs))
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** Moves all evidence of `from` into `into` and marks `from` as merged into it. */
export async function mergeAlertInto(db: Db, from: AlertRow, into: AlertRow, actor: string): Promise<void> {
  await db.updateTable('alert_posts').set({ alert_id: into.id }).where('alert_id', '=', from.id).execute();
  await db.updateTable('alerts').set({ status: 'merged', linked_alert_id: into.id, updated_at: new Date() }).where('id', '=', from.id).execute();
  await appendAlertEvent(db, { alertId: from.id, actor, action: 'merged', fromStatus: from.status, toStatus: 'merged', data: { into: into.id } });
  await appendAlertEvent(db, { alertId: into.id, actor, action: 'merged_from', data: { from: from.id } });
}

export interface NewAlert {
  readonly placeId: string;
  readonly placeName: string;
  readonly category: string;
  readonly severity: Severity;
  readonly score: number;
  readonly seenAt: Date;
  readonly linkedAlertId?: string;
}

export async function insertAlert(db: Db, alert: NewAlert): Promise<AlertRow> {
  return db
    .insertInto('alerts')
    .values({
      place_id: alert.placeId,
      place_name: alert.placeName,
      category: alert.category,
      severity: alert.severity,
      max_score: alert.score,
      first_seen: alert.seenAt,
      last_seen: alert.seenAt,
      linked_alert_id: alert.linkedAlertId ?? null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export interface Evidence {
  readonly alertId: string;
  readonly postId: string;
  readonly placeId: string;
  readonly score: number;
  readonly severity: Severity;
  readonly category: string;
  readonly explanation: Record<string, unknown>;
}

/**
 * Adds a post to an alert's evidence; false when it was already there (a retry). The row copies the
 * post's published time, author and feed (see migration 0010): figures grow from them by index.
 */
export async function insertEvidence(db: Db, evidence: Evidence): Promise<boolean> {
  const result = await insertEvidenceRowsSql([evidence]).execute(db);
  return Number(result.numAffectedRows ?? 0) > 0;
}

/**
 * Recomputes an alert's figures from its evidence rather than incrementing counters, so the result
 * depends only on which posts are evidence, never on the order or number of times they arrived.
 */
export async function computeEvidenceStats(db: Db, alertId: string): Promise<EvidenceStats> {
  // One statement (one round trip): the analyzer runs this under the place's lock.
  return (await computeEvidenceStatsOf(db, [alertId])).get(alertId)!;
}

/** computeEvidenceStats for several alerts in one statement. */
export async function computeEvidenceStatsOf(db: Db, alertIds: readonly string[]): Promise<Map<string, EvidenceStats>> {
  if (alertIds.length === 0) return new Map();
  const ids = [...alertIds];
  const { rows } = await sql<{
    alert_id: string;
    post_count: number;
    distinct_authors: number;
    distinct_sources: number;
    first_seen: Date;
    last_seen: Date;
    max_score: number;
    severities: Severity[];
    representative_post_id: string;
    representative_category: string;
    categories: Array<[string, number]>;
    peak_posts: number;
    peak_authors: number;
  }>`
    with ev as materialized (
      select e.alert_id, e.post_id, e.score, e.severity, e.category, e.published_at as t, e.author, e.feed, p.external_id
      from alert_posts e join posts p on p.id = e.post_id
      where e.alert_id = any(${ids}::bigint[])),
    totals as (
      select alert_id, count(*)::int as post_count,
             count(distinct author)::int as distinct_authors,
             count(distinct feed)::int as distinct_sources,
             min(t) as first_seen, max(t) as last_seen, max(score) as max_score,
             array_agg(distinct severity) as severities
      from ev group by alert_id),
    representative as (
      select distinct on (alert_id) alert_id, post_id as representative_post_id, category as representative_category
      from ev order by alert_id, score desc, t asc, feed, external_id),
    per_category as (
      select alert_id, json_agg(json_build_array(category, n) order by category) as categories
      from (select alert_id, category, count(*)::int as n from ev group by alert_id, category) c group by alert_id),
    peaks as (${peaksPerHourOf(sql`ev`)})
    select t.alert_id::text as alert_id, t.post_count, t.distinct_authors, t.distinct_sources, t.first_seen, t.last_seen,
           t.max_score, t.severities, r.representative_post_id::text as representative_post_id, r.representative_category,
           c.categories, pk.peak_posts, pk.peak_authors
    from totals t join representative r using (alert_id) join per_category c using (alert_id) join peaks pk using (alert_id)`.execute(db);
  return new Map(
    rows.map((row) => [
      row.alert_id,
      {
        postCount: row.post_count,
        distinctAuthors: row.distinct_authors,
        distinctSources: row.distinct_sources,
        firstSeen: new Date(row.first_seen),
        lastSeen: new Date(row.last_seen),
        maxScore: Number(row.max_score),
        severities: row.severities,
        representativePostId: row.representative_post_id,
        representativeCategory: row.representative_category,
        categoryCounts: Object.fromEntries(row.categories),
        peakPostsPerHour: row.peak_posts,
        peakAuthorsPerHour: row.peak_authors,
      },
    ]),
  );
}

/**
 * Most posts and most distinct authors in any one-hour window of the alert's evidence (published
 * time); with `around`, in the windows that hold a post published in [from, to] (evidence an hour
 * either side is read, by index), which is all a post added at such a time can change.
 *
 * The sweep: for each evidence post p, the posts and distinct authors published in (p − 1 h, p]; the
 * largest of each. Every post adds one at its time and takes it back one hour later; for authors, a
 * post counts from its time until one hour later or the same author's next post, whichever is
 * first, so each author is counted once wherever its posts' hours overlap. The running sum over marks
 * at or before p is the count at p. A window that holds a post of [from, to] lies within an hour of
 * it, so every post it holds is read and its counts are exact; windows at the edges of what is read
 * may count less than they hold, which never raises a peak.
 */
export async function computePeakPerHour(
  db: Db,
  alertId: string,
  around?: { readonly from: Date; readonly to: Date },
): Promise<Pick<EvidenceStats, 'peakPostsPerHour' | 'peakAuthorsPerHour'>> {
  const span = around
    ? sql`and published_at >= ${around.from}::timestamptz - interval '1 hour' and published_at <= ${around.to}::timestamptz + interval '1 hour'`
    : sql``;
  const { rows } = await sql<{ peak_posts: number; peak_authors: number }>`
    with evidence as (select alert_id, published_at as t, author from alert_posts where alert_id = ${alertId} ${span})
    select peak_posts, peak_authors from (${peaksPerHourOf(sql`evidence`)}) peaks`.execute(db);
  return { peakPostsPerHour: rows[0]?.peak_posts ?? 0, peakAuthorsPerHour: rows[0]?.peak_authors ?? 0 };
}

/** computePeakPerHour's sweep, per alert, over a relation of (alert_id, t, author) rows; one row per alert that has some. */
function peaksPerHourOf(evidence: RawBuilder<unknown>) {
  return sql`
    select alert_id, coalesce(max(n_posts) filter (where is_post), 0)::int as peak_posts,
           coalesce(max(n_authors) filter (where is_post), 0)::int as peak_authors
    from (
      select alert_id, is_post, sum(posts_delta) over by_time as n_posts, sum(authors_delta) over by_time as n_authors
      from (
        select alert_id, t, true as is_post, 1 as posts_delta, case when author is null then 0 else 1 end as authors_delta from ${evidence}
        union all
        select alert_id, t + interval '1 hour', false, -1, 0 from ${evidence}
        union all
        select alert_id, least(t + interval '1 hour', lead(t) over (partition by alert_id, author order by t)), false, 0, -1
        from ${evidence} where author is not null) marks
      window by_time as (partition by alert_id order by t range between unbounded preceding and current row)) counts
    group by alert_id`;
}

/** Adds posts to alerts' evidence in one statement; rows already there (a retry) are left as they are. */
export async function insertEvidenceRows(db: Db, rows: readonly Evidence[]): Promise<void> {
  if (rows.length > 0) await insertEvidenceRowsSql(rows).execute(db);
}

function insertEvidenceRowsSql(rows: readonly Evidence[]) {
  const json = JSON.stringify(
    rows.map((e) => ({
      alert_id: e.alertId,
      post_id: e.postId,
      place_id: e.placeId,
      score: e.score,
      severity: e.severity,
      category: e.category,
      explanation: e.explanation,
    })),
  );
  return sql`
    insert into alert_posts (alert_id, post_id, place_id, score, severity, category, explanation, published_at, author, feed)
    select r.alert_id, r.post_id, r.place_id, r.score, r.severity, r.category, r.explanation,
           p.published_at, coalesce(p.author_id, p.author_handle), p.feed
    from jsonb_to_recordset(${json}::jsonb) as r(alert_id bigint, post_id bigint, place_id text, score real, severity text, category text, explanation jsonb)
    -- A left join: evidence of a post that is not stored fails on published_at, as the foreign key would.
    left join posts p on p.id = r.post_id
    on conflict do nothing`;
}

export type AlertUpdate = Partial<AlertFigures & Pick<AlertRow, 'status' | 'assignee' | 'acknowledged_at'>>;

export async function updateAlert(db: Db, alertId: string, update: AlertUpdate): Promise<void> {
  const { category_counts: counts, ...columns } = update;
  await db
    .updateTable('alerts')
    .set({ ...columns, ...(counts ? { category_counts: JSON.stringify(counts) } : {}), updated_at: new Date() })
    .where('id', '=', alertId)
    .execute();
}

/**
 * Writes the figures of several alerts in one statement (the end of a batch); the same columns
 * updateAlert writes for figures.
 */
export async function updateAlertFiguresOf(db: Db, updates: ReadonlyArray<{ readonly alertId: string; readonly figures: AlertFigures }>): Promise<void> {
  if (updates.length === 0) return;
  const updatedAt = new Date();
  const rows = updates.map(({ alertId, figures }) => ({ id: alertId, ...figures, updated_at: updatedAt }));
  await sql`
    update alerts a set
      category = f.category, category_counts = f.category_counts, severity = f.severity, max_score = f.max_score,
      post_count = f.post_count, distinct_authors = f.distinct_authors, distinct_sources = f.distinct_sources,
      campaign = f.campaign, first_seen = f.first_seen, last_seen = f.last_seen,
      representative_post_id = f.representative_post_id, updated_at = f.updated_at
    from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as f(
      id bigint, category text, category_counts jsonb, severity text, max_score real, post_count int,
      distinct_authors int, distinct_sources int, campaign boolean, first_seen timestamptz, last_seen timestamptz,
      representative_post_id bigint, updated_at timestamptz)
    where a.id = f.id`.execute(db);
}

export interface AlertListFilter {
  readonly status?: AlertStatus;
  readonly limit?: number;
}

/** Alerts, most urgent first (severity, then most recent). */
export async function listAlerts(db: Db, filter: AlertListFilter = {}): Promise<AlertRow[]> {
  let query = db.selectFrom('alerts').selectAll();
  query = filter.status ? query.where('status', '=', filter.status) : query.where('status', '<>', 'merged');
  return query
    .orderBy(severityRankSql('severity'))
    .orderBy('last_seen', 'desc')
    .orderBy('id', 'desc')
    .limit(filter.limit ?? 500)
    .execute();
}
