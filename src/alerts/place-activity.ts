import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/index.js';

/** Threat posts against one place on one UTC day, per threat category. */
export interface PlaceDay {
  /** yyyy-mm-dd (UTC). */
  readonly day: string;
  readonly byCategory: Readonly<Record<string, number>>;
  readonly total: number;
}

/** What an officer needs to see of one place at a glance. */
export interface PlaceActivity {
  readonly placeId: string;
  readonly openAlerts: number;
  /** One entry per day, oldest first, days without posts included (total 0). */
  readonly days: readonly PlaceDay[];
  /** Sources its threat posts came from in the period, with the newest such post of each. */
  readonly feeds: ReadonlyArray<{ readonly feed: string; readonly lastThreatAt: Date }>;
}

const OPEN_STATUSES = ['new', 'acknowledged', 'escalated'] as const;
const DAY_MS = 86_400_000;

/** The UTC days of the window, oldest first, ending with `now`'s day. */
export function dayKeys(now: Date, days: number): string[] {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  return Array.from({ length: days }, (_, i) => new Date(today - (days - 1 - i) * DAY_MS).toISOString().slice(0, 10));
}

/**
 * Open alerts, threat posts per day and category, and contributing sources of each place, over the
 * last `days` UTC days. A post counts once per place and category however many alerts hold it.
 *
 * @example const [saraqib] = await placeActivity(db, ['saraqib'], { days: 30 });
 */
export async function placeActivity(db: Kysely<Database>, placeIds: readonly string[], options: { days?: number; now?: Date } = {}): Promise<PlaceActivity[]> {
  if (placeIds.length === 0) return [];
  const now = options.now ?? new Date();
  const keys = dayKeys(now, options.days ?? 30);
  const since = new Date(`${keys[0]}T00:00:00Z`);
  const ids = [...placeIds];
  const [open, daily, feeds] = await Promise.all([
    db
      .selectFrom('alerts')
      .select(['place_id', (eb) => eb.fn.countAll<string>().as('n')])
      .where('place_id', 'in', ids)
      .where('status', 'in', [...OPEN_STATUSES])
      .groupBy('place_id')
      .execute(),
    sql<{ place_id: string; day: string; category: string; n: string }>`
      select a.place_id, to_char(p.published_at at time zone 'UTC', 'YYYY-MM-DD') as day, e.category, count(distinct p.id)::text as n
      from alert_posts e join alerts a on a.id = e.alert_id join posts p on p.id = e.post_id
      where a.place_id in (${sql.join(ids)}) and p.published_at >= ${since} and p.published_at <= ${now}
      group by 1, 2, 3`.execute(db),
    sql<{ place_id: string; feed: string; last_at: Date }>`
      select a.place_id, p.feed, max(p.published_at) as last_at
      from alert_posts e join alerts a on a.id = e.alert_id join posts p on p.id = e.post_id
      where a.place_id in (${sql.join(ids)}) and p.published_at >= ${since} and p.published_at <= ${now}
      group by 1, 2 order by 3 desc`.execute(db),
  ]);
  return ids.map((placeId) => {
    const counts = new Map<string, Record<string, number>>();
    for (const row of daily.rows.filter((r) => r.place_id === placeId)) {
      const day = counts.get(row.day) ?? {};
      day[row.category] = (day[row.category] ?? 0) + Number(row.n);
      counts.set(row.day, day);
    }
    return {
      placeId,
      openAlerts: Number(open.find((r) => r.place_id === placeId)?.n ?? 0),
      days: keys.map((day) => {
        const byCategory = counts.get(day) ?? {};
        return { day, byCategory, total: Object.values(byCategory).reduce((sum, n) => sum + n, 0) };
      }),
      feeds: feeds.rows.filter((r) => r.place_id === placeId).map((r) => ({ feed: r.feed, lastThreatAt: new Date(r.last_at) })),
    };
  });
}
