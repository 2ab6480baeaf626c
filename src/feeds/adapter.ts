import type { FeedConfig, JsonMapping } from '../config/index.js';
import type { CanonicalPost } from './canonical-post.js';
import type { SafeFetchOptions } from './http/safe-fetch.js';

/** Any JSON value; cursor state is stored as JSON by the poller. */
export type JsonValue = string | number | boolean | null | readonly JsonValue[] | { readonly [key: string]: JsonValue };

/**
 * Opaque per-feed cursor (page cursor, ETag, Last-Modified, file offset...). Only the adapter that
 * wrote it reads it; the poller persists `nextState` only after the page's posts are enqueued.
 */
export type FeedCursorState = { readonly [key: string]: JsonValue };

/** An item that could not become a post: where it was in the page and why. */
export interface SkippedItem {
  /** 1-based item index in a page, or line number in a file. */
  readonly position: number;
  readonly reason: string;
}

/** What parsing one payload yields; one bad item never stops the rest. */
export interface ParseResult {
  readonly posts: CanonicalPost[];
  readonly skipped: SkippedItem[];
}

/** Hints a payload does not always carry. */
export interface ParseOptions {
  /** Language when neither item nor channel says (from the feed config). */
  readonly langHint?: string | null;
  /** Stands in for a missing publication time; defaults to now. */
  readonly now?: Date;
  /** json and webhook kinds: where the items and their fields are (default: the file row format). */
  readonly mapping?: JsonMapping;
}

/** What a poll needs besides the feed config and its cursor. */
export interface FetchContext {
  readonly signal?: AbortSignal;
  /** Limits and allowlist forwarded to safeFetch (allowPrivate for on-premise sources). */
  readonly http?: Omit<SafeFetchOptions, 'feed' | 'etag' | 'lastModified' | 'signal'>;
  readonly now?: () => Date;
  /** Upper bound on posts returned by one fetchPage call (file imports, paged APIs). */
  readonly maxPosts?: number;
  /** Where `token_env` / `secret_env` variables are read; defaults to process.env. */
  readonly env?: NodeJS.ProcessEnv;
}

/** One page of a poll. */
export interface FetchPageResult {
  readonly posts: CanonicalPost[];
  readonly skipped: SkippedItem[];
  /** Persist after `posts` are enqueued; pass back unchanged on the next call. */
  readonly nextState: FeedCursorState;
  /** The source said nothing changed (HTTP 304, file untouched). */
  readonly notModified?: boolean;
  /** The source asked to wait this long before the next call. */
  readonly retryAfterMs?: number;
  /** More pages are ready now; call again with `nextState` without waiting for the interval. */
  readonly hasMore?: boolean;
}

/** The kinds of feed the config accepts; each has exactly one adapter. */
export type FeedKind = FeedConfig['kind'];

/**
 * A source of posts. Adapters are stateless: everything a poll must remember lives in the cursor
 * state, so any poller process can take the next poll of any feed.
 */
export interface FeedAdapter<F extends FeedConfig = FeedConfig> {
  readonly kind: F['kind'];
  /** Fetches the next page; throws PlacewatchError (FEED_FETCH_FAILED, FEED_RATE_LIMITED...) when the source fails. */
  fetchPage(feed: F, state: FeedCursorState, ctx: FetchContext): Promise<FetchPageResult>;
  /** Parses a saved payload of this kind; throws FEED_PARSE_FAILED when the payload as a whole is unreadable. */
  parsePayload(body: string | Buffer, feedName: string, options?: ParseOptions): ParseResult;
}
