import { sql, type Transaction } from 'kysely';
import type { Severity } from '../config/index.js';
import type { Database, Db } from '../db/index.js';
import type { AlertRow } from './alert-row.js';

/** One alert by id. */
export async function findAlert(db: Db, id: string): Promise<AlertRow | undefined> {
  if (!/^\d{1,19}$/.test(id)) return undefined;
  return db.selectFrom('alerts').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Locks an alert's row for the rest of the transaction, so two reviewers' actions apply in turn. */
export async function lockAlert(tx: Transaction<Database>, id: string): Promise<AlertRow | undefined> {
  if (!/^\d{1,19}$/.test(id)) return undefined;
  return tx.selectFrom('alerts').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export type TriageUpdate = Partial<Pick<AlertRow, 'status' | 'assignee' | 'acknowledged_at' | 'linked_alert_id'>>;

/** Writes triage fields and bumps updated_at (which live views poll). */
export async function updateTriageFields(db: Db, id: string, update: TriageUpdate): Promise<void> {
  await db
    .updateTable('alerts')
    .set({ ...update, updated_at: new Date() })
    .where('id', '=', id)
    .execute();
}

export interface EvidencePost {
  readonly post_id: string;
  readonly score: number;
  readonly severity: Severity;
  readonly category: string;
  readonly explanation: Record<string, unknown>;
  readonly added_at: Date;
  readonly feed: string;
  readonly external_id: string;
  readonly author_handle: string | null;
  readonly author_name: string | null;
  readonly text: string;
  readonly lang: string | null;
  readonly published_at: Date;
  readonly url: string | null;
  readonly edited: boolean;
  readonly deleted: boolean;
  /** The near-duplicate cluster the post belongs to, if any: copies share one. */
  readonly cluster_id: string | null;
}

/** An alert's evidence posts, strongest first, at most `limit`. */
export async function listEvidence(db: Db, alertId: string, limit = 200): Promise<EvidencePost[]> {
  return db
    .selectFrom('alert_posts as e')
    .innerJoin('posts as p', 'p.id', 'e.post_id')
    .select([
      'e.post_id',
      'e.score',
      'e.severity',
      'e.category',
      'e.explanation',
      'e.added_at',
      'p.feed',
      'p.external_id',
      'p.author_handle',
      'p.author_name',
      'p.text',
      'p.lang',
      'p.published_at',
      'p.url',
      'p.edited',
      'p.deleted',
      'p.cluster_id',
    ])
    .where('e.alert_id', '=', alertId)
    .orderBy('e.score', 'desc')
    .orderBy('p.published_at')
    .limit(limit)
    .execute();
}

/** Copies of one text inside an alert (a near-duplicate cluster): a copy-paste campaign at a glance. */
export interface EvidenceCluster {
  readonly cluster_id: string;
  readonly posts: number;
  readonly accounts: number;
  readonly sources: number;
  readonly first_seen: Date;
  readonly last_seen: Date;
  /** The cluster's strongest post, whose text stands for the copies. */
  readonly post_id: string;
  readonly text: string;
  readonly lang: string | null;
}

/** The alert's clusters of two or more posts, largest first, at most `limit`. */
export async function listEvidenceClusters(db: Db, alertId: string, limit = 20): Promise<EvidenceCluster[]> {
  const { rows } = await sql<EvidenceCluster>`
    select p.cluster_id, count(*)::int as posts,
           count(distinct coalesce(p.author_id, p.author_handle))::int as accounts,
           count(distinct p.feed)::int as sources,
           min(p.published_at) as first_seen, max(p.published_at) as last_seen,
           (array_agg(p.id::text order by e.score desc, p.published_at, p.id))[1] as post_id,
           left((array_agg(p.text order by e.score desc, p.published_at, p.id))[1], 600) as text,
           (array_agg(p.lang order by e.score desc, p.published_at, p.id))[1] as lang
    from alert_posts e join posts p on p.id = e.post_id
    where e.alert_id = ${alertId} and p.cluster_id is not null
    group by p.cluster_id having count(*) > 1
    order by count(*) desc, min(p.published_at), p.cluster_id
    limit ${limit}`.execute(db);
  return rows;
}

/** When each of an alert's posts was published, and its category: the alert page's timeline (all posts, not only those listed). */
export async function listEvidenceTimes(db: Db, alertId: string, limit = 20_000): Promise<Array<{ published_at: Date; category: string }>> {
  return db
    .selectFrom('alert_posts as e')
    .innerJoin('posts as p', 'p.id', 'e.post_id')
    .select(['p.published_at', 'e.category'])
    .where('e.alert_id', '=', alertId)
    .orderBy('p.published_at')
    .limit(limit)
    .execute();
}

/** Moves evidence rows from one alert to another (merge, split); returns how many moved. */
export async function moveEvidence(tx: Transaction<Database>, fromId: string, toId: string, postIds?: readonly string[]): Promise<number> {
  let query = tx.updateTable('alert_posts').set({ alert_id: toId }).where('alert_id', '=', fromId);
  if (postIds) query = query.where('post_id', 'in', [...postIds]);
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** When a person last acted on each alert (the analyzer's own events do not count). */
export async function lastHumanActions(db: Db, alertIds: readonly string[]): Promise<Map<string, Date>> {
  if (alertIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('alert_events')
    .select(['alert_id', sql<Date>`max(created_at)`.as('at')])
    .where('alert_id', 'in', [...alertIds])
    .where('actor', '!=', 'analyzer')
    .groupBy('alert_id')
    .execute();
  return new Map(rows.map((r) => [r.alert_id, new Date(r.at)]));
}

/** Alerts changed after `since` (by updated_at), oldest change first, for live views. */
export async function listAlertsChangedSince(db: Db, since: Date, limit = 500): Promise<AlertRow[]> {
  return db.selectFrom('alerts').selectAll().where('updated_at', '>', since).orderBy('updated_at').limit(limit).execute();
}
