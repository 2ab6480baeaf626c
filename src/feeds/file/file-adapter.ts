import { stat } from 'node:fs/promises';
import type { FeedConfig } from '../../config/schema/feeds.js';
import { PlacewatchError } from '../../errors.js';
import type { FeedAdapter, FeedCursorState, FetchContext, FetchPageResult, SkippedItem } from '../adapter.js';
import type { CanonicalPost } from '../canonical-post.js';
import { parseFilePayload } from './parse-file-payload.js';
import { readPostsFromFile } from './read-posts-from-file.js';

type FileFeed = Extract<FeedConfig, { kind: 'file' }>;

/** Records handed out per page when the caller sets no bound. */
export const DEFAULT_FILE_PAGE = 500;

async function fingerprint(path: string, feed: string): Promise<{ size: number; mtimeMs: number }> {
  try {
    const info = await stat(path);
    return { size: info.size, mtimeMs: Math.trunc(info.mtimeMs) };
  } catch (error) {
    throw new PlacewatchError('FEED_FETCH_FAILED', `${feed}: cannot read ${path}: ${(error as Error).message}`, { feed, path }, { cause: error });
  }
}

/**
 * Imports a JSONL/CSV file page by page. The cursor counts records consumed from the current
 * version of the file; when the file changes it is read again from the start (the feed + id key
 * makes the repeats harmless), and an unchanged, fully read file is reported not modified.
 */
export const fileAdapter: FeedAdapter<FileFeed> = {
  kind: 'file',
  async fetchPage(feed: FileFeed, state: FeedCursorState, ctx: FetchContext): Promise<FetchPageResult> {
    const current = await fingerprint(feed.path, feed.name);
    const same = state.size === current.size && state.mtimeMs === current.mtimeMs;
    if (same && state.done === true) return { posts: [], skipped: [], nextState: state, notModified: true };
    const start = same && typeof state.consumed === 'number' ? state.consumed : 0;
    const limit = ctx.maxPosts ?? DEFAULT_FILE_PAGE;
    const posts: CanonicalPost[] = [];
    const skipped: SkippedItem[] = [];
    let index = 0;
    let hasMore = false;
    // Records before the cursor are re-streamed and dropped: cheap next to analysing them, and
    // it needs no byte offsets (which CSV quoting makes fragile).
    for await (const record of readPostsFromFile(feed.path, { feed: feed.name, format: feed.format, langHint: feed.lang ?? null })) {
      if (ctx.signal?.aborted) throw ctx.signal.reason;
      if (index++ < start) continue;
      if (posts.length + skipped.length >= limit) {
        hasMore = true;
        break;
      }
      if (record.post) posts.push(record.post);
      else skipped.push(record.skipped);
    }
    const consumed = start + posts.length + skipped.length;
    return { posts, skipped, hasMore, nextState: { ...current, consumed, done: !hasMore } };
  },
  parsePayload(body, feedName, options) {
    return parseFilePayload(body, feedName, options);
  },
};
