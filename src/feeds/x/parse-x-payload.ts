import type { ParseOptions, ParseResult } from '../adapter.js';
import { parseJsonPayload } from '../json/json-payload.js';
import { collectPosts } from '../page-items.js';
import { readXSearchPage, tweetToDraft } from './x-search-response.js';

/** Parses a saved X API v2 recent-search response (tweets, with includes.users when expanded). */
export function parseXPayload(body: string | Buffer, feed: string, options: ParseOptions = {}): ParseResult {
  const page = readXSearchPage(parseJsonPayload(body, feed), feed);
  return collectPosts(page.tweets, feed, (tweet) => tweetToDraft(tweet, page, options.langHint ?? null), options.now);
}
