import type { FeedConfigOf } from '../../config/index.js';
import type { FeedAdapter, FeedCursorState, FetchContext, FetchPageResult } from '../adapter.js';
import { fetchSource } from '../http/fetch-source.js';
import { parseJsonPayload } from '../json/json-payload.js';
import { isBelowMark, readWalkState, stepWalk, walkPageResult } from '../newest-first-walk.js';
import { collectPosts } from '../page-items.js';
import { parseRedditPayload } from './parse-reddit-payload.js';
import { readRedditListing, redditChildToDraft } from './reddit-listing.js';

type RedditFeed = FeedConfigOf<'reddit'>;

export function redditNewUrl(feed: RedditFeed, after: string | null): string {
  const url = new URL(`${feed.base_url.replace(/\/+$/, '')}/r/${encodeURIComponent(feed.subreddit)}/new.json`);
  url.searchParams.set('limit', String(feed.limit));
  url.searchParams.set('raw_json', '1');
  if (after) url.searchParams.set('after', after);
  return url.href;
}

function createdKey(child: unknown): string | null {
  const created = (child as { data?: { created_utc?: unknown } } | null)?.data?.created_utc;
  return typeof created === 'number' && Number.isFinite(created) ? String(Math.floor(created)).padStart(12, '0') : null;
}

/**
 * A subreddit's newest posts. Pages go back in time with `after`; a poll walks back until it meets
 * the newest post the previous walk read (`before` is unreliable once that post is deleted).
 */
export const redditAdapter: FeedAdapter<RedditFeed> = {
  kind: 'reddit',
  async fetchPage(feed: RedditFeed, state: FeedCursorState, ctx: FetchContext): Promise<FetchPageResult> {
    const fetched = await fetchSource(redditNewUrl(feed, readWalkState(state).cursor), { feed: feed.name }, ctx);
    if (!fetched.ok) return { posts: [], skipped: [], nextState: state, retryAfterMs: fetched.retryAfterMs };
    const { children, after } = readRedditListing(parseJsonPayload(fetched.response.body, feed.name), feed.name);
    const keys = children.map(createdKey);
    const parsed = collectPosts(children, feed.name, (child, position) => {
      const key = keys[position - 1];
      return key && isBelowMark(state, key) ? null : redditChildToDraft(child, feed.lang ?? null);
    });
    const step = stepWalk(
      state,
      keys.filter((k): k is string => k !== null),
      after,
    );
    return walkPageResult(parsed, step, fetched.waitMs);
  },
  parsePayload(body, feedName, options) {
    return parseRedditPayload(body, feedName, options);
  },
};
