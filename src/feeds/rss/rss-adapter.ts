import type { FeedConfig } from '../../config/index.js';
import type { FeedAdapter, FeedCursorState, FetchContext, FetchPageResult } from '../adapter.js';
import { FeedRateLimitedError } from '../http/fetch-errors.js';
import { safeFetch } from '../http/safe-fetch.js';
import { parseFeedPayload } from './parse-feed-payload.js';

type RssFeed = Extract<FeedConfig, { kind: 'rss' | 'atom' }>;

function stringOrNull(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

function charsetOf(contentType: string | null): string | null {
  return contentType ? (/charset\s*=\s*"?([\w.-]+)/i.exec(contentType)?.[1] ?? null) : null;
}

/**
 * One adapter for RSS 2.0, Atom 1.0 and RDF: the document says which it is, so `kind` in feeds.yaml
 * is a label and a mislabelled feed still parses.
 */
export function createRssAdapter(kind: RssFeed['kind']): FeedAdapter<RssFeed> {
  return {
    kind,
    async fetchPage(feed: RssFeed, state: FeedCursorState, ctx: FetchContext): Promise<FetchPageResult> {
      let response;
      try {
        response = await safeFetch(feed.url, {
          ...ctx.http,
          feed: feed.name,
          etag: stringOrNull(state.etag),
          lastModified: stringOrNull(state.lastModified),
          signal: ctx.signal,
        });
      } catch (error) {
        // A server that says when to come back is not a failure; one that does not is.
        if (error instanceof FeedRateLimitedError && error.retryAfterMs !== null) {
          return { posts: [], skipped: [], nextState: state, retryAfterMs: error.retryAfterMs };
        }
        throw error;
      }
      const nextState: FeedCursorState = {
        ...state,
        etag: response.etag ?? stringOrNull(state.etag),
        lastModified: response.lastModified ?? stringOrNull(state.lastModified),
      };
      if (response.notModified) return { posts: [], skipped: [], nextState, notModified: true };
      const parsed = parseFeedPayload(response.body, feed.name, {
        langHint: feed.lang ?? null,
        now: ctx.now?.(),
        charset: charsetOf(response.contentType),
      });
      return { ...parsed, nextState };
    },
    parsePayload(body, feedName, options) {
      return parseFeedPayload(body, feedName, options);
    },
  };
}
