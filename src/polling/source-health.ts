import { sql, type Kysely } from 'kysely';
import type { FeedConfig } from '../config/index.js';
import type { Database } from '../db/index.js';
import { DEMO_FEED, DEMO_REPLAY_FEED } from '../vocabulary/index.js';
import { listFeedHealth, type FeedHealth } from './feed-health.js';

/**
 * Where a source's posts come from: a configured feed (polled or pushed to the webhook), a file import
 * (`ingest`, default name `import-<file>`), or the demo sample (`demo` import, `start`'s replay).
 */
export type SourceOrigin = 'feed' | 'import' | 'demo';

/** One source of posts and how alive it is: configured feeds with their health, and every other name posts arrive under. */
export interface SourceHealth {
  readonly name: string;
  /** The configured kind (rss, webhook, …), or `import` / `demo` for sources outside feeds.yaml. */
  readonly kind: string;
  readonly origin: SourceOrigin;
  /** A feed's health status; `receiving` or `quiet` (no post in 24 h) for the other sources. */
  readonly status: FeedHealth['status'] | 'receiving' | 'quiet';
  readonly lastPostAt: Date | null;
  readonly lastSuccessAt: Date | null;
  readonly lastError: string | null;
  readonly lastErrorAt: Date | null;
  readonly postsLastHour: number;
  readonly postsPerHour24h: number;
  readonly openAlerts: FeedHealth['openAlerts'];
}

/** Whether posts are flowing from a source: only then does an empty queue mean "no threats", not "no data". */
export function isSourceAlive(source: SourceHealth): boolean {
  return source.status === 'ok' || source.status === 'receiving';
}

interface OtherSourceRow {
  feed: string;
  last_post_at: Date | null;
  hour: string;
  day: string;
}

/**
 * Names posts are stored under that feeds.yaml does not hold. A loose index scan over the posts'
 * (feed, external_id) key visits each name once, so its cost follows the number of sources, not posts.
 */
async function readOtherSources(db: Kysely<Database>, now: Date): Promise<OtherSourceRow[]> {
  const hourAgo = new Date(now.getTime() - 3_600_000);
  const dayAgo = new Date(now.getTime() - 86_400_000);
  const result = await sql<OtherSourceRow>`
    with recursive names(feed) as (
      (select feed from posts order by feed limit 1)
      union all
      select (select p.feed from posts p where p.feed > names.feed order by p.feed limit 1) from names where names.feed is not null
    )
    select n.feed,
      (select max(published_at) from posts where posts.feed = n.feed and published_at <= ${now}) as last_post_at,
      (select count(*) from posts where posts.feed = n.feed and published_at > ${hourAgo} and published_at <= ${now})::text as hour,
      (select count(*) from posts where posts.feed = n.feed and published_at > ${dayAgo} and published_at <= ${now})::text as day
    from names n
    where n.feed is not null and not exists (select 1 from feeds f where f.name = n.feed)
    order by n.feed`.execute(db);
  return result.rows;
}

function originOf(name: string): SourceOrigin {
  return name === DEMO_FEED || name === DEMO_REPLAY_FEED ? 'demo' : 'import';
}

/**
 * Every source of posts with its status, last post, posts per hour and last error: the configured
 * feeds (their health as `feeds status` judges it) first, then imports and the demo.
 *
 * @example const sources = await listSourceHealth(db, config.feeds.feeds);
 */
export async function listSourceHealth(db: Kysely<Database>, feeds: readonly FeedConfig[], now: Date = new Date()): Promise<SourceHealth[]> {
  const [configured, others] = await Promise.all([listFeedHealth(db, feeds, now), readOtherSources(db, now)]);
  const dayAgo = now.getTime() - 86_400_000;
  return [
    ...configured.map((f): SourceHealth => ({
      name: f.name,
      kind: f.kind,
      origin: 'feed',
      status: f.status,
      lastPostAt: f.lastPostAt,
      lastSuccessAt: f.lastSuccessAt,
      lastError: f.lastError,
      lastErrorAt: f.lastErrorAt,
      postsLastHour: f.postsLastHour,
      postsPerHour24h: f.postsPerHour24h,
      openAlerts: f.openAlerts,
    })),
    ...others.map((row): SourceHealth => {
      const lastPostAt = row.last_post_at ? new Date(row.last_post_at) : null;
      const origin = originOf(row.feed);
      return {
        name: row.feed,
        kind: origin,
        origin,
        status: lastPostAt && lastPostAt.getTime() > dayAgo ? 'receiving' : 'quiet',
        lastPostAt,
        lastSuccessAt: null,
        lastError: null,
        lastErrorAt: null,
        postsLastHour: Number(row.hour),
        postsPerHour24h: Math.round((Number(row.day) / 24) * 100) / 100,
        openAlerts: [],
      };
    }),
  ];
}
