import { sql, type Kysely } from 'kysely';
import { severityRankSql, type Database } from '../db/index.js';

/** Time to acknowledge, per severity, over alerts created since a date. */
export interface AckReportRow {
  readonly severity: string;
  readonly alerts: number;
  readonly acknowledged: number;
  /** Seconds from the alert's creation to its acknowledgement; null when none was acknowledged. */
  readonly p50_seconds: number | null;
  readonly p90_seconds: number | null;
  readonly max_seconds: number | null;
  /** Alerts still waiting, and for how long the oldest has waited. */
  readonly unacknowledged: number;
  readonly oldest_unacknowledged_seconds: number | null;
}

/**
 * Reports time to acknowledge from alerts.acknowledged_at (set by triage), most urgent severity
 * first; alerts closed without acknowledgement count as neither.
 */
export async function timeToAcknowledgeReport(db: Kysely<Database>, since: Date, now = new Date()): Promise<AckReportRow[]> {
  const result = await sql<AckReportRow>`
    select severity,
           count(*)::int as alerts,
           count(acknowledged_at)::int as acknowledged,
           percentile_cont(0.5) within group (order by extract(epoch from acknowledged_at - created_at))
             filter (where acknowledged_at is not null) as p50_seconds,
           percentile_cont(0.9) within group (order by extract(epoch from acknowledged_at - created_at))
             filter (where acknowledged_at is not null) as p90_seconds,
           max(extract(epoch from acknowledged_at - created_at)) as max_seconds,
           count(*) filter (where acknowledged_at is null and status in ('new', 'escalated'))::int as unacknowledged,
           max(extract(epoch from ${now}::timestamptz - created_at)) filter (where acknowledged_at is null and status in ('new', 'escalated'))
             as oldest_unacknowledged_seconds
    from alerts
    where created_at >= ${since}
    group by severity
    order by ${severityRankSql('severity')}`.execute(db);
  const round = (v: unknown) => (v === null || v === undefined ? null : Math.round(Number(v)));
  return result.rows.map((r) => ({
    ...r,
    p50_seconds: round(r.p50_seconds),
    p90_seconds: round(r.p90_seconds),
    max_seconds: round(r.max_seconds),
    oldest_unacknowledged_seconds: round(r.oldest_unacknowledged_seconds),
  }));
}
