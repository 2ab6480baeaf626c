import type { FeedConfigOf } from '../../config/index.js';
import type { FeedAdapter, FeedCursorState, FetchContext, FetchPageResult } from '../adapter.js';
import { fetchSource, stateString } from '../http/fetch-source.js';
import { collectPosts } from '../page-items.js';
import { optionalSecretEnv } from '../secret-env.js';
import { readDottedText } from './dotted-path.js';
import { mappedItemToDraft, mappedItems } from './json-mapping.js';
import { parseJsonPayload } from './json-payload.js';
import { parseMappedJsonPayload } from './parse-json-payload.js';

type JsonFeed = FeedConfigOf<'json'>;

/** The page URL: the feed URL, plus the saved cursor in `next_cursor.param` when the feed pages. */
export function jsonPageUrl(feed: JsonFeed, cursor: string | null): string {
  const url = new URL(feed.url);
  if (feed.next_cursor && cursor) url.searchParams.set(feed.next_cursor.param, cursor);
  return url.href;
}

/**
 * Any HTTP JSON API through a field mapping. Conditional GET with ETag/Last-Modified; when the feed
 * names a cursor, each page's cursor is saved (after enqueue) and sent with the next request.
 */
export const jsonAdapter: FeedAdapter<JsonFeed> = {
  kind: 'json',
  async fetchPage(feed: JsonFeed, state: FeedCursorState, ctx: FetchContext): Promise<FetchPageResult> {
    const cursor = stateString(state.next);
    const token = optionalSecretEnv(feed.token_env, feed.name, ctx.env);
    const fetched = await fetchSource(
      jsonPageUrl(feed, cursor),
      {
        feed: feed.name,
        headers: token ? { authorization: `Bearer ${token}` } : {},
        etag: stateString(state.etag),
        lastModified: stateString(state.lastModified),
      },
      ctx,
    );
    if (!fetched.ok) return { posts: [], skipped: [], nextState: state, retryAfterMs: fetched.retryAfterMs };
    const { response } = fetched;
    const validators = { etag: response.etag ?? stateString(state.etag), lastModified: response.lastModified ?? stateString(state.lastModified) };
    if (response.notModified) return { posts: [], skipped: [], nextState: { ...state, ...validators }, notModified: true };
    const json = parseJsonPayload(response.body, feed.name);
    const items = mappedItems(json, feed.mapping, feed.name);
    const parsed = collectPosts(items, feed.name, (item) => mappedItemToDraft(item, feed.mapping, feed.lang ?? null), ctx.now?.());
    const next = feed.next_cursor ? readDottedText(json, feed.next_cursor.path) : null;
    const moved = next !== null && next !== '' && next !== cursor;
    return {
      ...parsed,
      nextState: { ...state, ...validators, next: moved ? next : cursor },
      hasMore: moved && items.length > 0 && fetched.waitMs === null,
      ...(fetched.waitMs !== null ? { retryAfterMs: fetched.waitMs } : {}),
    };
  },
  parsePayload(body, feedName, options) {
    return parseMappedJsonPayload(body, feedName, options);
  },
};
