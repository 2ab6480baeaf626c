import type { FeedConfigOf } from '../../config/index.js';
import type { FeedAdapter, FeedCursorState, FetchContext, FetchPageResult } from '../adapter.js';
import { fetchSource } from '../http/fetch-source.js';
import { parseJsonPayload } from '../json/json-payload.js';
import { compareKeys, readWalkState, stepWalk, walkPageResult } from '../newest-first-walk.js';
import { collectPosts } from '../page-items.js';
import { readSecretEnv } from '../secret-env.js';
import { parseXPayload } from './parse-x-payload.js';
import { readXSearchPage, tweetToDraft } from './x-search-response.js';

type XFeed = FeedConfigOf<'x'>;

/** The recent-search URL: since_id = the newest tweet a finished walk read; next_token pages older. */
export function xSearchUrl(feed: XFeed, sinceId: string | null, nextToken: string | null): string {
  const url = new URL(`${feed.base_url.replace(/\/+$/, '')}/2/tweets/search/recent`);
  url.searchParams.set('query', feed.query);
  url.searchParams.set('max_results', String(feed.max_results));
  url.searchParams.set('tweet.fields', 'created_at,lang,author_id,entities,attachments,edit_history_tweet_ids,note_tweet');
  url.searchParams.set('expansions', 'author_id,attachments.media_keys');
  url.searchParams.set('user.fields', 'username,name');
  url.searchParams.set('media.fields', 'url,preview_image_url,type');
  if (sinceId) url.searchParams.set('since_id', sinceId);
  if (nextToken) url.searchParams.set('next_token', nextToken);
  return url.href;
}

/** X API v2 recent search with a bearer token; x-rate-limit-* headers are honoured. */
export const xAdapter: FeedAdapter<XFeed> = {
  kind: 'x',
  async fetchPage(feed: XFeed, state: FeedCursorState, ctx: FetchContext): Promise<FetchPageResult> {
    const token = readSecretEnv(feed.token_env, feed.name, ctx.env);
    const walk = readWalkState(state);
    const fetched = await fetchSource(xSearchUrl(feed, walk.mark, walk.cursor), { feed: feed.name, headers: { authorization: `Bearer ${token}` } }, ctx);
    if (!fetched.ok) return { posts: [], skipped: [], nextState: state, retryAfterMs: fetched.retryAfterMs };
    const page = readXSearchPage(parseJsonPayload(fetched.response.body, feed.name), feed.name);
    const parsed = collectPosts(page.tweets, feed.name, (tweet) => tweetToDraft(tweet, page, feed.lang ?? null), ctx.now?.());
    const ids = page.tweets.map((t) => (t as { id?: unknown } | null)?.id).filter((id): id is string => typeof id === 'string' && /^\d+$/.test(id));
    if (page.newestId && /^\d+$/.test(page.newestId) && !ids.some((id) => compareKeys(id, page.newestId!) >= 0)) ids.push(page.newestId);
    const step = stepWalk(state, ids, page.nextToken);
    return walkPageResult(parsed, step, fetched.waitMs);
  },
  parsePayload(body, feedName, options) {
    return parseXPayload(body, feedName, options);
  },
};
