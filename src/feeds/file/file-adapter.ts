import { realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import type { FeedConfig } from '../../config/index.js';
import { PlacewatchError } from '../../errors.js';
import type { FeedAdapter, FeedCursorState, FetchContext, FetchPageResult, SkippedItem } from '../adapter.js';
import type { CanonicalPost } from '../canonical-post.js';
import { parseFilePayload } from './parse-file-payload.js';
import { readPostsFromFile } from './read-posts-from-file.js';

type FileFeed = Extract<FeedConfig, { kind: 'file' }>;

/** Records handed out per page when the caller sets no bound. */
export const DEFAULT_FILE_PAGE = 500;

/** Default of PLACEWATCH_IMPORT_DIR, the only directory file feeds read from. */
export const DEFAULT_IMPORT_DIR = './import';

/**
 * The file a feed names, inside the import directory. Config already refuses absolute paths and
 * "..", but a symlink inside the directory could still point anywhere: the real path must stay in.
 */
async function importedFile(feed: FileFeed, env: NodeJS.ProcessEnv): Promise<string> {
  const dir = path.resolve(env.PLACEWATCH_IMPORT_DIR || DEFAULT_IMPORT_DIR);
  const fail = (reason: string, cause?: unknown) =>
    new PlacewatchError(
      'FEED_FETCH_FAILED',
      `${feed.name}: cannot read ${feed.path}: ${reason}`,
      { feed: feed.name, path: feed.path },
      cause === undefined ? undefined : { cause },
    );
  let root: string;
  let file: string;
  try {
    root = await realpath(dir);
    file = await realpath(path.resolve(root, feed.path));
  } catch (error) {
    throw fail((error as Error).message, error);
  }
  if (!file.startsWith(root + path.sep)) throw fail(`it is outside the import directory ${dir}`);
  return file;
}

async function fingerprint(file: string, feed: string): Promise<{ size: number; mtimeMs: number }> {
  try {
    const info = await stat(file);
    return { size: info.size, mtimeMs: Math.trunc(info.mtimeMs) };
  } catch (error) {
    throw new PlacewatchError('FEED_FETCH_FAILED', `${feed}: cannot read ${file}: ${(error as Error).message}`, { feed, path: file }, { cause: error });
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
    const file = await importedFile(feed, ctx.env ?? process.env);
    const current = await fingerprint(file, feed.name);
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
    for await (const record of readPostsFromFile(file, { feed: feed.name, format: feed.format, langHint: feed.lang ?? null })) {
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
