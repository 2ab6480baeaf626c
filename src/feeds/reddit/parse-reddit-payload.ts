import type { ParseOptions, ParseResult } from '../adapter.js';
import { parseJsonPayload } from '../json/json-payload.js';
import { collectPosts } from '../page-items.js';
import { readRedditListing, redditChildToDraft } from './reddit-listing.js';

/** Parses a saved Reddit listing (/r/NAME/new.json); non-post children are skipped with their position. */
export function parseRedditPayload(body: string | Buffer, feed: string, options: ParseOptions = {}): ParseResult {
  const { children } = readRedditListing(parseJsonPayload(body, feed), feed);
  return collectPosts(children, feed, (item) => redditChildToDraft(item, options.langHint ?? null));
}
