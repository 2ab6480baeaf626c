import { sql, type Kysely } from 'kysely';
import { durationToMs, type FeedConfig } from '../config/index.js';
import type { Database } from '../db/index.js';
import type { Logger } from '../runtime/index.js';
import { judgeFeedHealth, medianGapMs, silenceThresholdMs } from './feed-health-rules.js';

/** The kinds of operational alert a feed can have open. */
export type FeedAlertKind = 'failing' | 'silent';

export interface FeedAlert {
  readonly id: string;
  readonly feed: string;
  readonly kind: FeedAlertKind;
  readonly detail: string;
  readonly openedAt: Date;
  readonly lastCheckedAt: Date;
  readonly resolvedAt: Date | null;
}

/** Health of one feed, as `feeds status` and the API show it. */
export interface FeedHealth {
  readonly name: string;
  readonly kind: string;
  readonly enabled: boolean;
  /** ok, failing, silent, backing_off (a failure or Retry-After is being waited out), never_polled, disabled. */
  readonly status: 'ok' | 'failing' | 'silent' | 'backing_off' | 'never_polled' | 'disabled';
  readonly lastPollAt: Date | null;
  readonly lastSuccessAt: Date | null;
  readonly lastError: string | null;
  readonly lastErrorAt: Date | null;
  readonly consecutiveFailures: number;
  readonly backoffUntil: Date | null;
  readonly lastPostAt: Date | null;
  readonly postsTotal: number;
  readonly skippedTotal: number;
  /** Stored posts published in the last hour, and the hourly average over the last 24 h. */
  readonly postsLastHour: number;
  readonly postsPerHour24h: number;
  readonly medianGapMs: number | null;
  readonly silenceThresholdMs: number | null;
  readonly openAlerts: readonly FeedAlert[];
}

interface StateRow {
  name: string;
  kind: string;
  enabled: boolean;
  last_poll_at: Date | null;
  last_success_at: Date | null;
  last_error: string | null;
  last_error_at: Date | null;
  consecutive_failures: number | null;
  backoff_until: Date | null;
  last_post_at: Date | null;
  posts_total: string | null;
  skipped_total: string | null;
}

const RHYTHM_SAMPLE = 50;

async function readFacts(db: Kysely<Database>, now: Date) {
  const states = (await db
    .selectFrom('feeds')
    .leftJoin('feed_state', 'feed_state.feed', 'feeds.name')
    .select([
      'feeds.name',
      'feeds.kind',
      'feeds.enabled',
      'feed_state.last_poll_at',
      'feed_state.last_success_at',
      'feed_state.last_error',
      'feed_state.last_error_at',
      'feed_state.consecutive_failures',
      'feed_state.backoff_until',
      'feed_state.last_post_at',
      sql<string>`feed_state.posts_total::text`.as('posts_total'),
      sql<string>`feed_state.skipped_total::text`.as('skipped_total'),
    ])
    .orderBy('feeds.name')
    .execute()) as StateRow[];
  // The newest posts of each feed through the (feed, published_at) index, never a scan of all posts.
  const recent = await sql<{ feed: string; published_at: Date }>`
    select f.name as feed, p.published_at from feeds f
    cross join lateral (
      select published_at from posts where posts.feed = f.name and published_at <= ${now}
      order by published_at desc limit ${RHYTHM_SAMPLE}
    ) p`.execute(db);
  const times = new Map<string, Date[]>();
  for (const row of recent.rows) {
    const list = times.get(row.feed) ?? [];
    list.push(new Date(row.published_at));
    times.set(row.feed, list);
  }
  const hourAgo = new Date(now.getTime() - 3_600_000);
  const dayAgo = new Date(now.getTime() - 86_400_000);
  const counts = await sql<{ feed: string; hour: string; day: string }>`
    select f.name as feed,
      (select count(*) from posts where posts.feed = f.name and published_at > ${hourAgo} and published_at <= ${now})::text as hour,
      (select count(*) from posts where posts.feed = f.name and published_at > ${dayAgo} and published_at <= ${now})::text as day
    from feeds f`.execute(db);
  return { states, times, counts: new Map(counts.rows.map((r) => [r.feed, r])) };
}

function configOf(feeds: readonly FeedConfig[], name: string): FeedConfig | undefined {
  return feeds.find((f) => f.name === name);
}

function thresholdOf(feed: FeedConfig | undefined, gap: number | null): number | null {
  return silenceThresholdMs({
    silentAfterMs: feed?.silent_after ? durationToMs(feed.silent_after) : null,
    floorMs: durationToMs(feed?.silence_floor ?? '1h'),
    medianGapMs: gap,
  });
}

/**
 * Health of every feed: last success and error, failures in a row, posts per hour, its rhythm and
 * any open operational alerts. For `placewatch feeds status` and the API.
 *
 * @example const health = await listFeedHealth(db, config.feeds.feeds);
 */
export async function listFeedHealth(db: Kysely<Database>, feeds: readonly FeedConfig[], now: Date = new Date()): Promise<FeedHealth[]> {
  const { states, times, counts } = await readFacts(db, now);
  const open = await listFeedAlerts(db, { openOnly: true });
  return states.map((s) => {
    const gap = medianGapMs(times.get(s.name) ?? []);
    const newestStored = times.get(s.name)?.[0] ?? null;
    const lastPostAt = latest(s.last_post_at ? new Date(s.last_post_at) : null, newestStored);
    const alerts = open.filter((a) => a.feed === s.name);
    const failures = s.consecutive_failures ?? 0;
    const backoff = s.backoff_until ? new Date(s.backoff_until) : null;
    let status: FeedHealth['status'] = 'ok';
    if (!s.enabled) status = 'disabled';
    else if (alerts.some((a) => a.kind === 'failing')) status = 'failing';
    else if (alerts.some((a) => a.kind === 'silent')) status = 'silent';
    else if (backoff && backoff > now) status = 'backing_off';
    else if (!s.last_poll_at && !s.last_success_at) status = 'never_polled';
    const count = counts.get(s.name);
    return {
      name: s.name,
      kind: s.kind,
      enabled: s.enabled,
      status,
      lastPollAt: s.last_poll_at,
      lastSuccessAt: s.last_success_at,
      lastError: s.last_error,
      lastErrorAt: s.last_error_at,
      consecutiveFailures: failures,
      backoffUntil: backoff,
      lastPostAt,
      postsTotal: Number(s.posts_total ?? 0),
      skippedTotal: Number(s.skipped_total ?? 0),
      postsLastHour: Number(count?.hour ?? 0),
      postsPerHour24h: Math.round((Number(count?.day ?? 0) / 24) * 100) / 100,
      medianGapMs: gap,
      silenceThresholdMs: thresholdOf(configOf(feeds, s.name), gap),
      openAlerts: alerts,
    };
  });
}

function latest(a: Date | null, b: Date | null): Date | null {
  if (!a) return b;
  if (!b) return a;
  return a > b ? a : b;
}

/**
 * Opens and resolves the operational alerts of every feed (failing, silent) and logs each change;
 * safe to run from several processes at once (one open alert per feed and kind, by a unique index).
 */
export async function checkFeedAlerts(
  db: Kysely<Database>,
  feeds: readonly FeedConfig[],
  logger: Logger,
  now: Date = new Date(),
): Promise<{ opened: FeedAlert[]; resolved: FeedAlert[] }> {
  const health = await listFeedHealth(db, feeds, now);
  const opened: FeedAlert[] = [];
  const resolved: FeedAlert[] = [];
  for (const h of health) {
    const verdict = judgeFeedHealth(
      {
        enabled: h.enabled,
        consecutiveFailures: h.consecutiveFailures,
        lastError: h.lastError,
        lastPostAt: h.lastPostAt,
        silenceThresholdMs: h.silenceThresholdMs,
      },
      now,
    );
    for (const kind of ['failing', 'silent'] as const) {
      const detail = verdict[kind];
      const current = h.openAlerts.find((a) => a.kind === kind);
      if (detail && !current) {
        const alert = await openFeedAlert(db, h.name, kind, detail, now);
        if (alert) {
          opened.push(alert);
          logger.warn({ feed: h.name, kind, detail }, 'feed alert raised');
        }
      } else if (detail && current) {
        await db.updateTable('feed_alerts').set({ detail, last_checked_at: now }).where('id', '=', current.id).execute();
      } else if (!detail && current) {
        await db.updateTable('feed_alerts').set({ resolved_at: now, last_checked_at: now }).where('id', '=', current.id).execute();
        resolved.push({ ...current, resolvedAt: now });
        logger.info({ feed: h.name, kind }, 'feed alert resolved');
      }
    }
  }
  return { opened, resolved };
}

/** Opens an alert unless one of that kind is already open; returns it when this call opened it. */
export async function openFeedAlert(
  db: Kysely<Database>,
  feed: string,
  kind: FeedAlertKind,
  detail: string,
  now: Date = new Date(),
): Promise<FeedAlert | null> {
  const row = await sql<{ id: string; opened_at: Date }>`
    insert into feed_alerts (feed, kind, detail, opened_at, last_checked_at) values (${feed}, ${kind}, ${detail}, ${now}, ${now})
    on conflict (feed, kind) where resolved_at is null do nothing
    returning id::text as id, opened_at`.execute(db);
  const first = row.rows[0];
  return first ? { id: first.id, feed, kind, detail, openedAt: first.opened_at, lastCheckedAt: now, resolvedAt: null } : null;
}

/** Resolves a feed's open alert of one kind (a poll succeeded again), if any. */
export async function resolveFeedAlert(db: Kysely<Database>, feed: string, kind: FeedAlertKind, now: Date = new Date()): Promise<boolean> {
  const result = await db
    .updateTable('feed_alerts')
    .set({ resolved_at: now, last_checked_at: now })
    .where('feed', '=', feed)
    .where('kind', '=', kind)
    .where('resolved_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/**
 * Operational feed alerts, newest first: open ones only by default. For the API and reviewers'
 * banner ("feed X is silent": no data is not the same as no threats).
 */
export async function listFeedAlerts(db: Kysely<Database>, options: { openOnly?: boolean; limit?: number } = {}): Promise<FeedAlert[]> {
  let query = db
    .selectFrom('feed_alerts')
    .selectAll()
    .orderBy('opened_at', 'desc')
    .orderBy('id', 'desc')
    .limit(options.limit ?? 500);
  if (options.openOnly !== false) query = query.where('resolved_at', 'is', null);
  const rows = await query.execute();
  return rows.map((r) => ({
    id: String(r.id),
    feed: r.feed,
    kind: r.kind as FeedAlertKind,
    detail: r.detail,
    openedAt: r.opened_at,
    lastCheckedAt: r.last_checked_at,
    resolvedAt: r.resolved_at,
  }));
}
