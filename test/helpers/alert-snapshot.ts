import { sql, type Kysely } from 'kysely';
import type { Database } from '../../src/db/index.js';

/** Alerts as a reviewer sees them, comparable across two databases: no row ids, evidence by source id. */
export async function finalAlerts(db: Kysely<Database>) {
  const { rows } = await sql<{ place_id: string; severity: string; campaign: boolean; post_count: number; distinct_authors: number; evidence: string[] }>`
    select a.place_id, a.severity, a.campaign, a.post_count, a.distinct_authors,
           array_agg(p.external_id order by p.external_id) as evidence
    from alerts a join alert_posts e on e.alert_id = a.id join posts p on p.id = e.post_id
    where a.status <> 'merged' group by a.id`.execute(db);
  return rows.sort((a, b) => a.evidence[0]!.localeCompare(b.evidence[0]!));
}
