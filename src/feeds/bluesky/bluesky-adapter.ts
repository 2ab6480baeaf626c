import type { FeedConfigOf } from '../../config/index.js';
import { PlacewatchError } from '../../errors.js';
import type { FeedAdapter, FeedCursorState, FetchContext, FetchPageResult } from '../adapter.js';
import { fetchSource } from '../http/fetch-source.js';
import { parseJsonPayload } from '../json/json-payload.js';
import { isBelowMark, readWalkState, stepWalk, walkPageResult } from '../newest-first-walk.js';
import { collectPosts } from '../page-items.js';
import { parsePublishedTime } from '../published-time.js';
import { optionalSecretEnv } from '../secret-env.js';
import { postViewToDraft } from './bluesky-post.js';
import { blueskyPageOf, parseBlueskyPayload } from './parse-bluesky-payload.js';

type BlueskyFeed = FeedConfigOf<'bluesky'>;

/** The XRPC URL of a search or author-feed page. */
export function blueskyXrpcUrl(feed: BlueskyFeed, cursor: string | null): string {
  const base = feed.service.replace(/\/+$/, '');
  const url = feed.mode === 'author' ? new URL(`${base}/xrpc/app.bsky.feed.getAuthorFeed`) : new URL(`${base}/xrpc/app.bsky.feed.searchPosts`);
  if (feed.mode === 'author') {
    url.searchParams.set('actor', feed.actor ?? '');
    url.searchParams.set('filter', 'posts_and_author_threads');
  } else {
    url.searchParams.set('q', feed.query ?? '');
    url.searchParams.set('sort', 'latest');
  }
  url.searchParams.set('limit', String(feed.limit));
  if (cursor) url.searchParams.set('cursor', cursor);
  return url.href;
}

/** Sort key of an item: when the AppView indexed it (authors can backdate createdAt, not indexedAt). */
function itemKey(item: unknown): string | null {
  const view = item as { indexedAt?: unknown; record?: { createdAt?: unknown } } | null;
  const at = typeof view?.indexedAt === 'string' ? view.indexedAt : view?.record?.createdAt;
  return typeof at === 'string' ? parsePublishedTime(at) : null;
}

/**
 * Bluesky searchPosts (sort=latest) and getAuthorFeed. Both list newest first with a cursor to older
 * pages; a poll walks back until it meets what the previous walk read. Jetstream feeds are not
 * polled: the poller role runs a subscriber for them (see jetstream-subscriber.ts).
 */
export const blueskyAdapter: FeedAdapter<BlueskyFeed> = {
  kind: 'bluesky',
  async fetchPage(feed: BlueskyFeed, state: FeedCursorState, ctx: FetchContext): Promise<FetchPageResult> {
    if (feed.mode === 'jetstream') {
      throw new PlacewatchError('INPUT_INVALID', `${feed.name}: a Jetstream feed is a subscription, run by the poller role; it has no pages`, {
        feed: feed.name,
      });
    }
    const token = optionalSecretEnv(feed.token_env, feed.name, ctx.env);
    const fetched = await fetchSource(
      blueskyXrpcUrl(feed, readWalkState(state).cursor),
      { feed: feed.name, headers: token ? { authorization: `Bearer ${token}` } : {} },
      ctx,
    );
    if (!fetched.ok) return { posts: [], skipped: [], nextState: state, retryAfterMs: fetched.retryAfterMs };
    const page = blueskyPageOf(parseJsonPayload(fetched.response.body, feed.name), feed.name);
    const keys = new Map<number, string>();
    page.items.forEach((item, i) => {
      const key = itemKey(item);
      if (key) keys.set(i + 1, key);
    });
    const parsed = collectPosts(page.items, feed.name, (item, position) => {
      const key = keys.get(position);
      return key && isBelowMark(state, key) ? null : postViewToDraft(item, feed.lang ?? null);
    });
    const step = stepWalk(state, [...keys.values()], page.cursor);
    return walkPageResult(parsed, step, fetched.waitMs);
  },
  parsePayload(body, feedName, options) {
    return parseBlueskyPayload(body, feedName, options);
  },
};
