import { sql, type Kysely } from 'kysely';

/**
 * Alerts become incidents per place and grouping window, whatever mix of threat categories they
 * hold: each alert counts its evidence per category (`category_counts`, the facets), and open
 * alerts of one place that the new grouping would have joined are merged into the oldest.
 *
 * The window is the shipped default (thresholds.yaml `grouping.window`, 6 h): a migration runs
 * before any config is loaded. Only open alerts merge, so a reviewer's resolved or false-positive
 * verdict stays where it was made.
 */
const WINDOW_MS = 6 * 3_600_000;

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('alerts')
    .addColumn('category_counts', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .execute();
  // Grouping is no longer by category: the candidate search narrows by place and time.
  await db.schema.dropIndex('alerts_place_category_idx').ifExists().execute();
  await db.schema.createIndex('alerts_place_seen_idx').on('alerts').columns(['place_id', 'last_seen']).execute();

  await mergeOverlappingAlerts(db);
  await sql`
    update alerts a set category_counts = coalesce((
      select jsonb_object_agg(category, n) from (
        select category, count(*)::int as n from alert_posts where alert_id = a.id group by category) c), '{}'::jsonb)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  // Merges are not undone: the merged alerts keep their link and audit entries, as after a reviewer's merge.
  await db.schema.dropIndex('alerts_place_seen_idx').ifExists().execute();
  await db.schema.createIndex('alerts_place_category_idx').on('alerts').columns(['place_id', 'category', 'last_seen']).execute();
  await db.schema.alterTable('alerts').dropColumn('category_counts').execute();
}

interface OpenAlert {
  id: string;
  place_id: string;
  status: string;
  severity: string;
  campaign: boolean;
  first_seen: Date;
  last_seen: Date;
}

/** Same-place open alerts whose spans come within the window of each other join the oldest. */
async function mergeOverlappingAlerts(db: Kysely<any>): Promise<void> {
  const { rows } = await sql<OpenAlert>`
    select id, place_id, status, severity, campaign, first_seen, last_seen from alerts
    where status in ('new', 'acknowledged', 'escalated')
    order by place_id, first_seen, id`.execute(db);
  let target: OpenAlert | undefined;
  let reach = 0;
  // The strongest severity among each target and the alerts merged into it (campaign raises included).
  const strongest = new Map<string, string>();
  const campaigns = new Set<string>();
  for (const alert of rows) {
    const first = new Date(alert.first_seen).getTime();
    if (!target || target.place_id !== alert.place_id || first > reach + WINDOW_MS) {
      target = alert;
      reach = new Date(alert.last_seen).getTime();
      continue;
    }
    await sql`update alert_posts set alert_id = ${target.id} where alert_id = ${alert.id}`.execute(db);
    await sql`update alerts set status = 'merged', linked_alert_id = ${target.id}, post_count = 0, distinct_authors = 0,
      distinct_sources = 0, campaign = false, updated_at = now() where id = ${alert.id}`.execute(db);
    await sql`insert into alert_events (alert_id, actor, action, from_status, to_status, data) values
      (${alert.id}, 'migration', 'merged', ${alert.status}, 'merged', ${JSON.stringify({ into: target.id, reason: 'one alert per place and window' })}),
      (${target.id}, 'migration', 'merged_from', null, null, ${JSON.stringify({ from: alert.id })})`.execute(db);
    reach = Math.max(reach, new Date(alert.last_seen).getTime());
    const before = strongest.get(target.id) ?? target.severity;
    strongest.set(target.id, RANK.indexOf(alert.severity) < RANK.indexOf(before) ? alert.severity : before);
    if (alert.campaign) campaigns.add(target.id);
  }
  for (const [id, severity] of strongest) await recountAlert(db, id, severity, campaigns.has(id));
}

/** Severities, most urgent first (as src/db/severity-rank-sql.ts; a migration keeps its own copy). */
const RANK = ['critical', 'high', 'medium', 'low', 'none'];

/**
 * The merged alert's figures from its evidence. Severity is the strongest of the merged alerts'
 * (each already held its evidence's strongest and any campaign raise); the campaign thresholds live
 * in config, so the next post recomputes campaign and severity exactly.
 */
async function recountAlert(db: Kysely<any>, id: string, severity: string, campaign: boolean): Promise<void> {
  await sql`
    update alerts a set
      post_count = s.post_count, distinct_authors = s.distinct_authors, distinct_sources = s.distinct_sources,
      first_seen = s.first_seen, last_seen = s.last_seen, max_score = s.max_score,
      severity = ${severity}, campaign = a.campaign or ${campaign}, updated_at = now(),
      representative_post_id = s.representative, category = s.representative_category
    from (
      select count(*)::int as post_count,
             count(distinct coalesce(p.author_id, p.author_handle))::int as distinct_authors,
             count(distinct p.feed)::int as distinct_sources,
             min(p.published_at) as first_seen, max(p.published_at) as last_seen, max(e.score) as max_score,
             (array_agg(e.post_id order by e.score desc, p.published_at, p.feed, p.external_id))[1] as representative,
             (array_agg(e.category order by e.score desc, p.published_at, p.feed, p.external_id))[1] as representative_category
      from alert_posts e join posts p on p.id = e.post_id where e.alert_id = ${id}) s
    where a.id = ${id} and s.post_count > 0`.execute(db);
}
