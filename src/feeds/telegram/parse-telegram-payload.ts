import type { ParseOptions, ParseResult } from '../adapter.js';
import { collectPosts } from '../page-items.js';
import { readPreviewMessages } from './telegram-preview.js';

/** Largest preview page parsed (a real one is ~100 KB for 20 messages). */
export const MAX_PREVIEW_BYTES = 8 * 1024 * 1024;

/** Parses a saved t.me/s/NAME page; messages that cannot become posts are skipped with their position. */
export function parseTelegramPayload(body: string | Buffer, feed: string, options: ParseOptions = {}): ParseResult {
  const html = (typeof body === 'string' ? body : body.subarray(0, MAX_PREVIEW_BYTES).toString('utf8')).slice(0, MAX_PREVIEW_BYTES);
  const messages = readPreviewMessages(html, feed, options.langHint ?? null);
  return collectPosts(messages, feed, (m) => (m as (typeof messages)[number]).draft);
}
