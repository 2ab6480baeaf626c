import type { FeedConfigOf } from '../../config/index.js';
import type { FeedAdapter, FeedCursorState, FetchContext, FetchPageResult } from '../adapter.js';
import { compareKeys } from '../newest-first-walk.js';
import { fetchSource, stateString } from '../http/fetch-source.js';
import { parseLinkHeader, queryParam } from '../http/link-header.js';
import { optionalSecretEnv } from '../secret-env.js';
import { parseMastodonPayload } from './parse-mastodon-payload.js';

type MastodonFeed = FeedConfigOf<'mastodon'>;

/** The REST URL of a feed's timeline (or, for timeline search, of its status search). */
export function mastodonTimelineUrl(feed: MastodonFeed, minId: string | null): string {
  const base = feed.instance.replace(/\/+$/, '');
  const paths: Record<MastodonFeed['timeline'], string> = {
    public: '/api/v1/timelines/public',
    local: '/api/v1/timelines/public',
    hashtag: `/api/v1/timelines/tag/${encodeURIComponent(feed.hashtag ?? '')}`,
    account: `/api/v1/accounts/${feed.account_id ?? ''}/statuses`,
    list: `/api/v1/timelines/list/${feed.list_id ?? ''}`,
    search: '/api/v2/search',
  };
  const url = new URL(base + paths[feed.timeline]);
  if (feed.timeline === 'search') {
    url.searchParams.set('type', 'statuses');
    url.searchParams.set('q', feed.query ?? '');
  }
  url.searchParams.set('limit', String(feed.limit));
  if (feed.timeline === 'local') url.searchParams.set('local', 'true');
  // min_id pages forward from the cursor: the page right after it, so no status is ever jumped over.
  if (minId) url.searchParams.set('min_id', minId);
  return url.href;
}

/**
 * Mastodon timelines and status search. The first poll reads the newest page; later polls page forward with min_id
 * (taken from the Link rel="prev" header, else the newest id seen) until caught up.
 */
export const mastodonAdapter: FeedAdapter<MastodonFeed> = {
  kind: 'mastodon',
  async fetchPage(feed: MastodonFeed, state: FeedCursorState, ctx: FetchContext): Promise<FetchPageResult> {
    const minId = stateString(state.minId);
    const token = optionalSecretEnv(feed.token_env, feed.name, ctx.env);
    const fetched = await fetchSource(mastodonTimelineUrl(feed, minId), { feed: feed.name, headers: token ? { authorization: `Bearer ${token}` } : {} }, ctx);
    if (!fetched.ok) return { posts: [], skipped: [], nextState: state, retryAfterMs: fetched.retryAfterMs };
    const parsed = parseMastodonPayload(fetched.response.body, feed.name, { langHint: feed.lang ?? null, now: ctx.now?.() });
    let newest = minId;
    for (const post of parsed.posts) if (newest === null || compareKeys(post.externalId, newest) > 0) newest = post.externalId;
    const prev = queryParam(parseLinkHeader(fetched.response.headers.link).prev, 'min_id');
    const next = prev && (newest === null || compareKeys(prev, newest) >= 0) ? prev : newest;
    const count = parsed.posts.length + parsed.skipped.length;
    return {
      ...parsed,
      nextState: { ...state, minId: next },
      hasMore: minId !== null && count >= feed.limit && fetched.waitMs === null,
      ...(fetched.waitMs !== null ? { retryAfterMs: fetched.waitMs } : {}),
    };
  },
  parsePayload(body, feedName, options) {
    return parseMastodonPayload(body, feedName, options);
  },
};
