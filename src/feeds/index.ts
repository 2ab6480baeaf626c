/**
 * Feeds: adapters that turn sources (RSS/Atom/RDF over HTTP, JSONL/CSV files; more kinds later)
 * into canonical posts, and the safe HTTP client they share.
 */
import { PlacewatchError } from '../errors.js';
import type { FeedAdapter, FeedKind, ParseOptions, ParseResult } from './adapter.js';
import { fileAdapter } from './file/file-adapter.js';
import { createRssAdapter } from './rss/rss-adapter.js';

export type {
  FeedAdapter,
  FeedCursorState,
  FeedKind,
  FetchContext,
  FetchPageResult,
  JsonValue,
  ParseOptions,
  ParseResult,
  SkippedItem,
} from './adapter.js';
export { canonicalPostSchema, MAX_RAW_BYTES, MAX_TEXT_CHARS, type CanonicalPost, type CanonicalPostInput } from './canonical-post.js';
export { safeFetch, SAFE_FETCH_DEFAULTS, type SafeFetchOptions, type SafeFetchResult } from './http/safe-fetch.js';
export { createSafeAgent, type SafeAgentOptions } from './http/safe-agent.js';
export { parseAllowList, checkAddress, classifyAddress, type AllowList, type AddressVerdict } from './http/address-policy.js';
export { FeedRateLimitedError } from './http/fetch-errors.js';
export { readPostsFromFile, formatOfPath, type FileFormat, type ReadFileOptions } from './file/read-posts-from-file.js';
export type { FileRecord } from './file/file-row.js';

// Adapters are typed by their own config; the registry hands them out for any kind.
const ADAPTERS: { readonly [K in FeedKind]: FeedAdapter } = {
  rss: createRssAdapter('rss') as unknown as FeedAdapter,
  atom: createRssAdapter('atom') as unknown as FeedAdapter,
  file: fileAdapter as unknown as FeedAdapter,
};

/** Every feed kind with an adapter. */
export const FEED_KINDS = Object.keys(ADAPTERS) as FeedKind[];

/** The adapter for a feed kind; throws INPUT_INVALID for an unknown kind. */
export function getAdapter(kind: string): FeedAdapter {
  const adapter = (ADAPTERS as Record<string, FeedAdapter | undefined>)[kind];
  if (!adapter) {
    throw new PlacewatchError('INPUT_INVALID', `unknown feed kind "${kind}" (known: ${FEED_KINDS.join(', ')})`, { kind });
  }
  return adapter;
}

/** Parses a saved payload of a given kind (see FeedAdapter.parsePayload). */
export function parsePayload(kind: string, body: string | Buffer, feedName: string, options?: ParseOptions): ParseResult {
  return getAdapter(kind).parsePayload(body, feedName, options);
}
