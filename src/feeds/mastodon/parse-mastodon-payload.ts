import type { ParseOptions, ParseResult } from '../adapter.js';
import { parseJsonPayload, payloadShapeError } from '../json/json-payload.js';
import { collectPosts } from '../page-items.js';
import { mastodonStatusToDraft } from './mastodon-status.js';

/**
 * Parses a Mastodon timeline response (an array of Status entities; a single Status is accepted too).
 * Throws FEED_PARSE_FAILED when the payload is not JSON or not statuses at all.
 */
export function parseMastodonPayload(body: string | Buffer, feed: string, options: ParseOptions = {}): ParseResult {
  const json = parseJsonPayload(body, feed);
  const items = Array.isArray(json) ? json : json !== null && typeof json === 'object' && 'id' in json ? [json] : null;
  if (!items) {
    const error = json !== null && typeof json === 'object' && 'error' in json ? String((json as { error: unknown }).error) : undefined;
    throw payloadShapeError(feed, 'a Mastodon timeline (an array of statuses)', error);
  }
  return collectPosts(items, feed, (item) => mastodonStatusToDraft(item, options.langHint ?? null));
}
