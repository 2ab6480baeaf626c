import type { FeedConfigOf } from '../../config/index.js';
import type { FeedAdapter, FeedCursorState, FetchContext, FetchPageResult } from '../adapter.js';
import { fetchSource } from '../http/fetch-source.js';
import { compareKeys, isBelowMark, readWalkState, stepWalk, walkPageResult } from '../newest-first-walk.js';
import { collectPosts } from '../page-items.js';
import { MAX_PREVIEW_BYTES, parseTelegramPayload } from './parse-telegram-payload.js';
import { readPreviewMessages } from './telegram-preview.js';

type TelegramFeed = FeedConfigOf<'telegram'>;

/** The preview page URL; `before` asks for the messages older than that id. */
export function telegramPreviewUrl(feed: TelegramFeed, before: string | null): string {
  const url = new URL(`${feed.base_url.replace(/\/+$/, '')}/s/${encodeURIComponent(feed.channel)}`);
  if (before) url.searchParams.set('before', before);
  return url.href;
}

/**
 * A public Telegram channel through t.me/s/NAME. A page holds the latest ~20 messages; a poll walks
 * back with ?before=<oldest id on the page> until it meets the newest message read before.
 */
export const telegramAdapter: FeedAdapter<TelegramFeed> = {
  kind: 'telegram',
  async fetchPage(feed: TelegramFeed, state: FeedCursorState, ctx: FetchContext): Promise<FetchPageResult> {
    const fetched = await fetchSource(
      telegramPreviewUrl(feed, readWalkState(state).cursor),
      { feed: feed.name, accept: 'text/html,application/xhtml+xml;q=0.9,*/*;q=0.5' },
      ctx,
    );
    if (!fetched.ok) return { posts: [], skipped: [], nextState: state, retryAfterMs: fetched.retryAfterMs };
    const html = fetched.response.body.subarray(0, MAX_PREVIEW_BYTES).toString('utf8');
    const messages = readPreviewMessages(html, feed.name, feed.lang ?? null);
    const ids = messages.map((m) => m.id).filter((id) => id !== '');
    const parsed = collectPosts(messages, feed.name, (_, position) => {
      const m = messages[position - 1]!;
      return m.id && isBelowMark(state, m.id) ? null : m.draft;
    });
    const oldest = ids.reduce<string | null>((min, id) => (min === null || compareKeys(id, min) < 0 ? id : min), null);
    const step = stepWalk(state, ids, oldest && oldest !== '1' ? oldest : null);
    return walkPageResult(parsed, step, fetched.waitMs);
  },
  parsePayload(body, feedName, options) {
    return parseTelegramPayload(body, feedName, options);
  },
};
