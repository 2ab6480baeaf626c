import { sql, type Expression, type ExpressionBuilder, type Kysely, type SqlBool } from 'kysely';
import type { Severity } from '../config/index.js';
import { severityRankSql, type Database } from '../db/index.js';
import type { AlertRow } from './alert-row.js';
import type { AlertStatus } from '../vocabulary/index.js';
import { silencedCondition } from './silence-repository.js';

/** Which alerts a person may see: every place (null) or only these place ids (officers). */
export interface PlaceScope {
  readonly places: readonly string[] | null;
}

export type AlertSort = 'severity' | 'recent';

/** Filters of the triage queue; every field narrows, none is required. */
export interface AlertQuery {
  readonly status?: readonly AlertStatus[];
  readonly severity?: readonly Severity[];
  readonly place?: readonly string[];
  readonly language?: string;
  readonly feed?: string;
  readonly from?: Date;
  readonly to?: Date;
  /** An email, or 'none' for unassigned alerts. */
  readonly assignee?: string;
  readonly text?: string;
  /** exclude (default): hide silenced alerts; only: show only them; include: both. */
  readonly silenced?: 'exclude' | 'include' | 'only';
  readonly sort?: AlertSort;
  readonly cursor?: string;
  readonly limit?: number;
}

/** A queue item: the alert, and its representative post's text (cut to fit a row) in its own language. */
export type QueuedAlert = AlertRow & { silenced: boolean; representative_text: string | null; representative_lang: string | null };

/** Characters of the representative post a queue row carries; the row clamps it to two lines. */
const ROW_TEXT_CHARS = 600;

export interface AlertPage {
  readonly items: QueuedAlert[];
  readonly nextCursor: string | null;
}

const SEVERITY_RANK = severityRankSql('alerts.severity');

interface Cursor {
  readonly s: AlertSort;
  readonly r: number;
  readonly t: string;
  readonly id: string;
}

/** The queue's page: filtered, scoped, sorted (severity then recency by default), keyset-paged. */
export async function queryAlerts(db: Kysely<Database>, query: AlertQuery, scope: PlaceScope, now = new Date()): Promise<AlertPage> {
  const sort = query.sort ?? 'severity';
  const limit = Math.min(Math.max(query.limit ?? 50, 1), 200);
  const cursor = decodeCursor(query.cursor, sort);
  let q = db
    .selectFrom('alerts')
    .selectAll('alerts')
    .select([SEVERITY_RANK.as('rank'), silencedCondition(now).as('silenced')])
    .where((eb) => filterExpression(eb, { ...query, status: query.status }, scope, now))
    .leftJoin('posts as rep', 'rep.id', 'alerts.representative_post_id')
    .select([sql<string | null>`left(rep.text, ${ROW_TEXT_CHARS})`.as('representative_text'), 'rep.lang as representative_lang']);
  if (cursor) {
    q = q.where(({ eb, or, and }) => {
      const recencyAfter = or([
        eb('alerts.last_seen', '<', new Date(cursor.t)),
        and([eb('alerts.last_seen', '=', new Date(cursor.t)), eb('alerts.id', '<', cursor.id)]),
      ]);
      if (sort === 'recent') return recencyAfter;
      return or([eb(SEVERITY_RANK, '>', cursor.r), and([eb(SEVERITY_RANK, '=', cursor.r), recencyAfter])]);
    });
  }
  if (sort === 'severity') q = q.orderBy(SEVERITY_RANK);
  const rows = await q
    .orderBy('alerts.last_seen', 'desc')
    .orderBy('alerts.id', 'desc')
    .limit(limit + 1)
    .execute();
  const items = rows.slice(0, limit).map(({ rank: _rank, ...row }) => row);
  const last = rows[limit - 1];
  const nextCursor =
    rows.length > limit && last ? encodeCursor({ s: sort, r: Number(last.rank), t: new Date(last.last_seen).toISOString(), id: last.id }) : null;
  return { items, nextCursor };
}

/** How many alerts each status holds under the same filters (status itself ignored). */
export async function countAlertsByStatus(db: Kysely<Database>, query: AlertQuery, scope: PlaceScope, now = new Date()): Promise<Record<string, number>> {
  const rows = await db
    .selectFrom('alerts')
    .select(['alerts.status', (eb) => eb.fn.countAll<string>().as('n')])
    .where((eb) => filterExpression(eb, { ...query, status: undefined }, scope, now))
    .groupBy('alerts.status')
    .execute();
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
}

/** True when the alert is inside the scope (officers see only their places). */
export function inScope(alert: { place_id: string }, scope: PlaceScope): boolean {
  return scope.places === null || scope.places.includes(alert.place_id);
}

function filterExpression(eb: ExpressionBuilder<Database, 'alerts'>, query: AlertQuery, scope: PlaceScope, now: Date): Expression<SqlBool> {
  const parts: Expression<SqlBool>[] = [];
  if (scope.places !== null) parts.push(scope.places.length > 0 ? eb('alerts.place_id', 'in', [...scope.places]) : sql<boolean>`false`);
  if (query.status?.length) parts.push(eb('alerts.status', 'in', [...query.status]));
  else parts.push(eb('alerts.status', '<>', 'merged')); // merged alerts live on in the alert they joined
  if (query.severity?.length) parts.push(eb('alerts.severity', 'in', [...query.severity]));
  if (query.place?.length) parts.push(eb('alerts.place_id', 'in', [...query.place]));
  if (query.from) parts.push(eb('alerts.last_seen', '>=', query.from));
  if (query.to) parts.push(eb('alerts.first_seen', '<=', query.to));
  if (query.assignee === 'none') parts.push(eb('alerts.assignee', 'is', null));
  else if (query.assignee) parts.push(sql<boolean>`lower(alerts.assignee) = ${query.assignee.toLowerCase()}`);
  if (query.language) parts.push(evidenceWhere(sql`p.lang = ${query.language}`));
  if (query.feed) parts.push(evidenceWhere(sql`p.feed = ${query.feed}`));
  if (query.text) {
    const needle = query.text.toLowerCase();
    parts.push(sql<boolean>`(strpos(lower(alerts.place_name), ${needle}) > 0 or alerts.category = ${needle}
      or ${evidenceWhere(sql`strpos(lower(p.text), ${needle}) > 0`)})`);
  }
  const silenced = query.silenced ?? 'exclude';
  if (silenced === 'exclude') parts.push(sql<boolean>`not ${silencedCondition(now)}`);
  if (silenced === 'only') parts.push(silencedCondition(now));
  return eb.and(parts);
}

function evidenceWhere(condition: ReturnType<typeof sql>): Expression<SqlBool> {
  return sql<boolean>`exists (select 1 from alert_posts e join posts p on p.id = e.post_id where e.alert_id = alerts.id and ${condition})`;
}

function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

/** A cursor from another sort order, or one that does not parse, restarts from the top. */
function decodeCursor(text: string | undefined, sort: AlertSort): Cursor | undefined {
  if (!text) return undefined;
  try {
    const value = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as Partial<Cursor>;
    if (value.s !== sort || typeof value.r !== 'number' || typeof value.t !== 'string' || !/^\d{1,19}$/.test(String(value.id))) return undefined;
    if (Number.isNaN(Date.parse(value.t))) return undefined;
    return value as Cursor;
  } catch {
    return undefined;
  }
}
