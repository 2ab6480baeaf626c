import { sql } from 'kysely';
import type { AlertRow } from '../alerts/index.js';
import { severityRankSql } from '../db/index.js';
import type { Db } from '../db/index.js';

/** Alerts with at least one post from `feed` as evidence, most severe first, then most recent. */
export async function alertsWithEvidenceFrom(db: Db, feed: string): Promise<AlertRow[]> {
  const { rows } = await sql<AlertRow>`
    select * from alerts a where exists (
      select 1 from alert_posts e join posts p on p.id = e.post_id where e.alert_id = a.id and p.feed = ${feed})
    order by ${severityRankSql('a.severity')}, a.last_seen desc`.execute(db);
  return rows;
}

/** Posts stored from `feed`, and how many of them scored as a threat (severity other than none). */
export async function postCountsOf(db: Db, feed: string): Promise<{ posts: number; scored: number }> {
  const { rows } = await sql<{ posts: number; scored: number }>`
    select count(*)::int as posts, count(*) filter (where severity <> 'none')::int as scored
    from posts where feed = ${feed}`.execute(db);
  return rows[0]!;
}
