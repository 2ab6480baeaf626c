import type { JsonMapping } from '../../config/index.js';
import type { ParseOptions, ParseResult } from '../adapter.js';
import { collectPosts } from '../page-items.js';
import { DEFAULT_ITEM_MAPPING, mappedItemToDraft, mappedItems } from './json-mapping.js';
import { parseJsonPayload } from './json-payload.js';

/**
 * Parses a JSON payload through a field mapping (json feeds, webhook bodies). Without a mapping the
 * file-import row format is read: {id, text, author, published_at, url, lang}.
 */
export function parseMappedJsonPayload(
  body: string | Buffer,
  feed: string,
  options: ParseOptions & { mapping?: JsonMapping; maxBytes?: number } = {},
): ParseResult {
  const mapping = options.mapping ?? DEFAULT_ITEM_MAPPING;
  const items = mappedItems(parseJsonPayload(body, feed, options.maxBytes), mapping, feed);
  return collectPosts(items, feed, (item) => mappedItemToDraft(item, mapping, options.langHint ?? null), options.now);
}
