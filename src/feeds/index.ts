/**
 * Feeds: adapters that turn sources (RSS/Atom/RDF, Mastodon, Bluesky, Telegram previews, Reddit, X,
 * any JSON API, webhook pushes, JSONL/CSV files) into canonical posts, and the safe HTTP client they share.
 */
import { PlacewatchError } from '../errors.js';
import type { FeedAdapter, FeedKind, ParseOptions, ParseResult } from './adapter.js';
import { blueskyAdapter } from './bluesky/bluesky-adapter.js';
import { fileAdapter } from './file/file-adapter.js';
import { jsonAdapter } from './json/json-adapter.js';
import { mastodonAdapter } from './mastodon/mastodon-adapter.js';
import { redditAdapter } from './reddit/reddit-adapter.js';
import { createRssAdapter } from './rss/rss-adapter.js';
import { telegramAdapter } from './telegram/telegram-adapter.js';
import { webhookAdapter } from './webhook/webhook-adapter.js';
import { xAdapter } from './x/x-adapter.js';

export type { FeedAdapter, FeedCursorState, FeedKind, FetchContext, FetchPageResult, JsonValue, ParseOptions, ParseResult, SkippedItem } from './adapter.js';
export { canonicalPostSchema, MAX_RAW_BYTES, MAX_TEXT_CHARS, type CanonicalPost, type CanonicalPostInput } from './canonical-post.js';
export { canonicalPostAsIs } from './canonical-post-as-is.js';
export { safeFetch, SAFE_FETCH_DEFAULTS, type SafeFetchOptions, type SafeFetchResult } from './http/safe-fetch.js';
export { FeedRateLimitedError } from './http/fetch-errors.js';
export { parseMappedJsonPayload } from './json/parse-json-payload.js';
export { readSecretEnv, optionalSecretEnv } from './secret-env.js';
export {
  bearerMatches,
  checkSignatureHeaders,
  signWebhook,
  verifyWebhookSignature,
  WEBHOOK_TOLERANCE_S,
  type SignatureVerdict,
} from './webhook/webhook-signature.js';
export { parseJsonPayload, MAX_JSON_BYTES } from './json/json-payload.js';
export { readPostsFromFile, formatOfPath, type FileFormat, type ReadFileOptions } from './file/read-posts-from-file.js';
export type { FileRecord } from './file/file-row.js';
export { hashExternalId, queueablePost } from './build-post.js';
export { cleanRaw, cleanString } from './post-sanitizer.js';
export { collectPosts } from './page-items.js';
export { feedFromUrl } from './feed-from-url.js';
export { eventTimeUs, jetstreamEventToDraft } from './bluesky/jetstream-event.js';
export { openJetstreamSocket } from './bluesky/jetstream-socket.js';

// Adapters are typed by their own config; the registry hands them out for any kind.
const ADAPTERS: { readonly [K in FeedKind]: FeedAdapter } = {
  rss: createRssAdapter('rss') as unknown as FeedAdapter,
  atom: createRssAdapter('atom') as unknown as FeedAdapter,
  file: fileAdapter as unknown as FeedAdapter,
  mastodon: mastodonAdapter as unknown as FeedAdapter,
  bluesky: blueskyAdapter as unknown as FeedAdapter,
  telegram: telegramAdapter as unknown as FeedAdapter,
  reddit: redditAdapter as unknown as FeedAdapter,
  x: xAdapter as unknown as FeedAdapter,
  json: jsonAdapter as unknown as FeedAdapter,
  webhook: webhookAdapter as unknown as FeedAdapter,
};

/** Kinds that are pushed to us or streamed, never polled on a schedule. */
export function isPolledFeed(feed: { readonly kind: FeedKind; readonly mode?: string }): boolean {
  return feed.kind !== 'webhook' && !(feed.kind === 'bluesky' && feed.mode === 'jetstream');
}

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
