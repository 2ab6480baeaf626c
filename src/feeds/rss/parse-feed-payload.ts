import type { ParseOptions, ParseResult, SkippedItem } from '../adapter.js';
import { buildPost } from '../build-post.js';
import type { CanonicalPost } from '../canonical-post.js';
import { atomEntryToDraft } from './atom-entry.js';
import { rssItemToDraft } from './rss-item.js';
import { decodeXmlBytes, parseFeedDocument } from './xml-document.js';

/**
 * Parses an RSS 2.0 / Atom 1.0 / RDF payload into posts; items that cannot become posts are
 * skipped with their 1-based position. Throws FEED_PARSE_FAILED only when the whole document is bad.
 */
export function parseFeedPayload(body: string | Buffer, feed: string, options: ParseOptions & { charset?: string | null } = {}): ParseResult {
  const doc = parseFeedDocument(decodeXmlBytes(body, options.charset), feed);
  const langHint = options.langHint ?? null;
  const fetchedAt = options.now ?? new Date();
  const posts: CanonicalPost[] = [];
  const skipped: SkippedItem[] = [];
  doc.items.forEach((node, index) => {
    const position = index + 1;
    try {
      const draft = doc.format === 'atom' ? atomEntryToDraft(node, doc.channel, langHint) : rssItemToDraft(node, doc.channel, langHint);
      if (!draft) return void skipped.push({ position, reason: 'item is not an element' });
      const result = buildPost(feed, draft, fetchedAt);
      if ('post' in result) posts.push(result.post);
      else skipped.push({ position, reason: result.reason });
    } catch (error) {
      // A mapper bug on one odd item must not cost the rest of the page.
      skipped.push({ position, reason: `unreadable item: ${(error as Error).message}` });
    }
  });
  return { posts, skipped };
}
