import type { ParseOptions, ParseResult } from '../adapter.js';
import { parseJsonPayload, payloadShapeError } from '../json/json-payload.js';
import { collectPosts } from '../page-items.js';
import { mastodonStatusToDraft } from './mastodon-status.js';

/**
 * The statuses of a Mastodon response: a timeline (an array of statuses), a single status, or a
 * /api/v2/search result ({accounts, statuses, hashtags}), whose statuses are the posts; null otherwise.
 */
function statusesOf(json: unknown): unknown[] | null {
  if (Array.isArray(json)) return json;
  if (json === null || typeof json !== 'object') return null;
  if ('statuses' in json && Array.isArray(json.statuses)) return json.statuses;
  return 'id' in json ? [json] : null;
}

/**
 * Parses a Mastodon timeline or search response. Throws FEED_PARSE_FAILED when the payload is not
 * JSON or holds no statuses at all.
 */
export function parseMastodonPayload(body: string | Buffer, feed: string, options: ParseOptions = {}): ParseResult {
  const json = parseJsonPayload(body, feed);
  const items = statusesOf(json);
  if (!items) {
    const error = json !== null && typeof json === 'object' && 'error' in json ? String((json as { error: unknown }).error) : undefined;
    throw payloadShapeError(feed, 'a Mastodon timeline (an array of statuses) or search result ({statuses})', error);
  }
  return collectPosts(items, feed, (item) => mastodonStatusToDraft(item, options.langHint ?? null), options.now);
}
