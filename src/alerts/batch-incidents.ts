import { sql, type Transaction } from 'kysely';
import type { Database } from '../db/index.js';
import type { AlertRow } from './alert-row.js';
import { insertEvidenceRows, type CandidateQuery, type Evidence } from './alert-repository.js';

/** One evidence post of an alert as the candidate search sees it: published time (µs) and cluster. */
interface EvidenceMark {
  readonly t: number;
  readonly cluster: string | null;
}

/** What a batch's threats need to find their incidents: place, published time and cluster. */
export interface BatchThreat {
  readonly placeId: string;
  readonly at: Date;
  readonly clusterId: string | null;
}

/**
 * The incidents of a batch's places as the batch's transaction sees them, held in memory while the
 * batch holds those places' locks (no other writer can change them meanwhile): loaded in two
 * statements instead of one candidate search per threat, and the batch's evidence written in one
 * statement when something reads it back (figures, merges, silences) instead of one per post.
 *
 * It answers findCandidateAlerts exactly: only evidence that a threat of this batch can link to is
 * loaded (published within the window of the batch's earliest and latest threat, and for each of
 * its clusters one post per alert that holds it), every later change by this batch is applied to
 * it, and alert rows are read back from the database after each write to them.
 */
export class BatchIncidents {
  private readonly rows = new Map<string, AlertRow>();
  private readonly marks = new Map<string, EvidenceMark[]>();
  /** post id + place id of evidence this batch attached: the unique key insertEvidence would hit. */
  private readonly attached = new Set<string>();
  private unwritten: Evidence[] = [];

  private constructor() {}

  /** Loads every live incident of the threats' places that one of them can link to. */
  static async load(tx: Transaction<Database>, threats: readonly BatchThreat[], windowMs: number): Promise<BatchIncidents> {
    const view = new BatchIncidents();
    if (threats.length === 0) return view;
    const places = [...new Set(threats.map((t) => t.placeId))];
    const times = threats.map((t) => t.at.getTime());
    const from = new Date(Math.min(...times) - windowMs);
    const to = new Date(Math.max(...times) + windowMs);
    const clusters = [...new Set(threats.flatMap((t) => (t.clusterId ? [t.clusterId] : [])))];
    // Evidence in the window by its own time (index on alert_id, published_at), and for each of the
    // batch's clusters one post per alert that holds it (one is all a cluster link needs): both by
    // index, so the cost follows the window and the clusters, not all of a place's evidence.
    const { rows: marks } = await sql<{ alert_id: string; t: string; cluster_id: string | null }>`
      select a.id::text as alert_id, (extract(epoch from e.published_at) * 1000000)::bigint::text as t, p.cluster_id
      from alerts a
      join alert_posts e on e.alert_id = a.id and e.published_at >= ${from} and e.published_at <= ${to}
      join posts p on p.id = e.post_id
      where a.place_id = any(${places}::text[]) and a.status <> 'merged'
      union all
      select distinct on (e.alert_id, p.cluster_id)
             a.id::text, (extract(epoch from e.published_at) * 1000000)::bigint::text, p.cluster_id
      from posts p
      join alert_posts e on e.post_id = p.id
      join alerts a on a.id = e.alert_id
      where p.cluster_id = any(${clusters}::text[]) and a.place_id = any(${places}::text[]) and a.status <> 'merged'`.execute(tx);
    for (const mark of marks) view.mark(mark.alert_id, { t: Number(mark.t), cluster: mark.cluster_id });
    await view.reload(tx, [...view.marks.keys()]);
    return view;
  }

  /** findCandidateAlerts, answered from memory (same alerts; their order is the caller's, see asIfWritten). */
  candidates(q: CandidateQuery): AlertRow[] {
    const from = (q.at.getTime() - q.windowMs) * 1000;
    const to = (q.at.getTime() + q.windowMs) * 1000;
    const found: AlertRow[] = [];
    for (const [alertId, marks] of this.marks) {
      const row = this.rows.get(alertId)!;
      if (row.place_id !== q.placeId || row.status === 'merged' || (!q.includeResolved && row.status === 'resolved')) continue;
      if (marks.some((m) => (m.t >= from && m.t <= to) || (q.clusterId ? m.cluster === q.clusterId : false))) found.push(row);
    }
    return found.sort((a, b) => a.first_seen.getTime() - b.first_seen.getTime() || compareIds(a.id, b.id));
  }

  /** A new alert this batch opened. */
  opened(row: AlertRow): void {
    this.rows.set(row.id, row);
    if (!this.marks.has(row.id)) this.marks.set(row.id, []);
  }

  /**
   * insertEvidence, deferred until flush: false when the post is already evidence for this place
   * (the only evidence a post stored by this batch can have is this batch's).
   */
  attach(evidence: Evidence, publishedAtMicros: number, clusterId: string | null): boolean {
    const key = `${evidence.postId}\u0000${evidence.placeId}`;
    if (this.attached.has(key)) return false;
    this.attached.add(key);
    this.unwritten.push(evidence);
    this.mark(evidence.alertId, { t: publishedAtMicros, cluster: clusterId });
    return true;
  }

  /** mergeAlertInto moved `fromId`'s evidence to `intoId`. */
  merged(fromId: string, intoId: string): void {
    const moved = this.marks.get(fromId) ?? [];
    this.marks.set(fromId, []);
    for (const mark of moved) this.mark(intoId, mark);
  }

  /** Reads these alerts' rows again after this batch wrote to them. */
  async reload(tx: Transaction<Database>, alertIds: readonly string[]): Promise<void> {
    if (alertIds.length === 0) return;
    const rows = await tx.selectFrom('alerts').selectAll().where('id', 'in', alertIds).execute();
    for (const row of rows) this.rows.set(row.id, row);
  }

  /** Writes the evidence attached since the last flush, in one statement; before anything reads alert_posts. */
  async flush(tx: Transaction<Database>): Promise<void> {
    const rows = this.unwritten;
    this.unwritten = [];
    await insertEvidenceRows(tx, rows);
  }

  private mark(alertId: string, mark: EvidenceMark): void {
    const marks = this.marks.get(alertId);
    if (marks) marks.push(mark);
    else this.marks.set(alertId, [mark]);
  }
}

function compareIds(a: string, b: string): number {
  const x = BigInt(a);
  const y = BigInt(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/**
 * An ISO 8601 time in microseconds since the epoch, as Postgres stores it in a timestamptz (a Date
 * keeps milliseconds only, and a feed's time may carry more).
 */
export function isoMicros(iso: string): number {
  const match = /^(.*T\d\d:\d\d(?::\d\d)?)(\.\d+)?(.*)$/.exec(iso);
  if (!match) return Date.parse(iso) * 1000;
  const fraction = match[2] ? Math.round(Number(`0${match[2]}`) * 1e6) : 0;
  return Date.parse(`${match[1]}${match[3]}`) * 1000 + fraction;
}
