import { sql } from 'kysely';
import type { Severity } from '../config/index.js';
import type { Db } from '../db/index.js';
import type { AddedEvidence, AlertFigures } from './alert-figures.js';

/** An alert's figures as written, and what evidence written since adds to them. */
export interface EvidenceGrowth {
  readonly before: Pick<
    AlertFigures,
    'severity' | 'campaign' | 'max_score' | 'post_count' | 'distinct_authors' | 'distinct_sources' | 'first_seen' | 'last_seen' | 'category_counts'
  >;
  readonly added: AddedEvidence;
}

/**
 * For each alert, what its evidence posts `added` (written already, and not yet counted in the
 * alert's figures) add to them, in one statement: the new posts themselves, and index lookups on
 * the rest of the evidence (is this author or feed new to the alert; the current representative).
 * Its cost follows the batch, not the size of the alert, unlike computeEvidenceStatsOf, which reads
 * all of an alert's evidence.
 */
export async function evidenceGrowthOf(db: Db, added: ReadonlyMap<string, readonly string[]>): Promise<Map<string, EvidenceGrowth>> {
  const alertIds: string[] = [];
  const postIds: string[] = [];
  for (const [alertId, posts] of added) {
    for (const postId of posts) {
      alertIds.push(alertId);
      postIds.push(postId);
    }
  }
  if (alertIds.length === 0) return new Map();
  const { rows } = await sql<{
    alert_id: string;
    severity: Severity;
    campaign: boolean;
    max_score: number;
    post_count: number;
    distinct_authors: number;
    distinct_sources: number;
    first_seen: Date;
    last_seen: Date;
    category_counts: Record<string, number>;
    posts: number;
    new_authors: number;
    new_sources: number;
    added_first_seen: Date;
    added_last_seen: Date;
    added_max_score: number;
    severities: Severity[];
    representative_post_id: string;
    representative_category: string;
    categories: Array<[string, number]>;
  }>`
    with new_keys as (
      select * from unnest(${alertIds}::bigint[], ${postIds}::bigint[]) as k(alert_id, post_id)),
    new_ev as materialized (
      select e.alert_id, e.post_id, e.score, e.severity, e.category, e.published_at as t, e.author, e.feed,
             e.author is not null and not exists (
               select 1 from alert_posts o where o.alert_id = e.alert_id and o.author = e.author
                 and not exists (select 1 from new_keys n where n.alert_id = o.alert_id and n.post_id = o.post_id)) as new_author,
             not exists (
               select 1 from alert_posts o where o.alert_id = e.alert_id and o.feed = e.feed
                 and not exists (select 1 from new_keys n where n.alert_id = o.alert_id and n.post_id = o.post_id)) as new_source
      from new_keys k join alert_posts e on e.alert_id = k.alert_id and e.post_id = k.post_id),
    totals as (
      select alert_id, count(*)::int as posts,
             count(distinct author) filter (where new_author)::int as new_authors,
             count(distinct feed) filter (where new_source)::int as new_sources,
             min(t) as first_seen, max(t) as last_seen, max(score) as max_score,
             array_agg(distinct severity) as severities
      from new_ev group by alert_id),
    representative as (
      -- Ordered as computeEvidenceStatsOf orders all of the evidence: the current representative or a new post.
      select distinct on (alert_id) alert_id, post_id, category from (
        select f.alert_id, f.post_id, f.score, f.t, f.feed, p.external_id, f.category
        from new_ev f join posts p on p.id = f.post_id
        union all
        select e.alert_id, e.post_id, e.score, e.published_at, e.feed, p.external_id, e.category
        from alerts a join alert_posts e on e.alert_id = a.id and e.post_id = a.representative_post_id join posts p on p.id = e.post_id
        where a.id in (select alert_id from totals)) c
      order by alert_id, score desc, t asc, feed, external_id),
    per_category as (
      select alert_id, json_agg(json_build_array(category, n) order by category) as categories
      from (select alert_id, category, count(*)::int as n from new_ev group by alert_id, category) c group by alert_id)
    select a.id::text as alert_id, a.severity, a.campaign, a.max_score, a.post_count, a.distinct_authors, a.distinct_sources,
           a.first_seen, a.last_seen, a.category_counts,
           t.posts, t.new_authors, t.new_sources, t.first_seen as added_first_seen, t.last_seen as added_last_seen,
           t.max_score as added_max_score, t.severities, r.post_id::text as representative_post_id,
           r.category as representative_category, c.categories
    from totals t join alerts a on a.id = t.alert_id join representative r using (alert_id)
      join per_category c using (alert_id)`.execute(db);
  return new Map(
    rows.map((row) => [
      row.alert_id,
      {
        before: {
          severity: row.severity,
          campaign: row.campaign,
          max_score: Number(row.max_score),
          post_count: row.post_count,
          distinct_authors: row.distinct_authors,
          distinct_sources: row.distinct_sources,
          first_seen: new Date(row.first_seen),
          last_seen: new Date(row.last_seen),
          category_counts: row.category_counts,
        },
        added: {
          postCount: row.posts,
          newAuthors: row.new_authors,
          newSources: row.new_sources,
          firstSeen: new Date(row.added_first_seen),
          lastSeen: new Date(row.added_last_seen),
          maxScore: Number(row.added_max_score),
          severities: row.severities,
          representativePostId: row.representative_post_id,
          representativeCategory: row.representative_category,
          categoryCounts: Object.fromEntries(row.categories),
        },
      },
    ]),
  );
}
