import { PlacewatchError } from '../../errors.js';
import type { ParseOptions, ParseResult } from '../adapter.js';
import { MAX_JSON_BYTES, parseJsonPayload, payloadShapeError } from '../json/json-payload.js';
import { collectPosts } from '../page-items.js';
import { postViewToDraft } from './bluesky-post.js';
import { jetstreamEventToDraft } from './jetstream-event.js';

/** The items of a Bluesky payload, and the cursor to the next (older) page when there is one. */
export interface BlueskyPage {
  readonly shape: 'search' | 'author' | 'posts' | 'jetstream';
  readonly items: readonly unknown[];
  readonly cursor: string | null;
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Finds the items in searchPosts ({posts}), getAuthorFeed ({feed: [{post}]}), getPosts, or Jetstream events. */
export function blueskyPageOf(json: unknown, feed: string): BlueskyPage {
  const cursor = isObj(json) && typeof json.cursor === 'string' && json.cursor !== '' ? json.cursor : null;
  if (isObj(json) && Array.isArray(json.posts)) return { shape: 'search', items: json.posts, cursor };
  if (isObj(json) && Array.isArray(json.feed)) {
    return { shape: 'author', items: json.feed.map((entry) => (isObj(entry) ? entry.post : entry)), cursor };
  }
  if (isObj(json) && typeof json.time_us === 'number') return { shape: 'jetstream', items: [json], cursor: null };
  if (Array.isArray(json)) {
    const first = json.find(isObj);
    return { shape: first && 'time_us' in first ? 'jetstream' : 'posts', items: json, cursor: null };
  }
  const error = isObj(json) && typeof json.message === 'string' ? json.message : undefined;
  throw payloadShapeError(feed, 'a Bluesky searchPosts/getAuthorFeed response or Jetstream events', error);
}

function parseJsonLines(text: string, feed: string): unknown[] {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      try {
        return JSON.parse(line) as unknown;
      } catch {
        return { unparseable: line.slice(0, 80) }; // becomes a skipped item with its position
      }
    })
    .map((item) => item ?? { empty: true, feed });
}

/**
 * Parses a Bluesky XRPC response or Jetstream events (JSON lines, as `websocat` saves them, or an
 * array). Throws FEED_PARSE_FAILED when the payload is none of those.
 */
export function parseBlueskyPayload(body: string | Buffer, feed: string, options: ParseOptions = {}): ParseResult {
  const langHint = options.langHint ?? null;
  let page: BlueskyPage;
  try {
    page = blueskyPageOf(parseJsonPayload(body, feed), feed);
  } catch (error) {
    const size = typeof body === 'string' ? Buffer.byteLength(body) : body.length;
    if (size > MAX_JSON_BYTES) throw error;
    const text = typeof body === 'string' ? body : body.toString('utf8');
    // Several JSON documents, one a line: a saved Jetstream stream.
    if (!(error instanceof PlacewatchError) || !/^\s*\{[^\n]*\}\s*\n\s*\{/.test(text.slice(0, 1 << 20))) throw error;
    page = { shape: 'jetstream', items: parseJsonLines(text, feed), cursor: null };
  }
  return collectPosts(page.items, feed, (item) => (page.shape === 'jetstream' ? jetstreamEventToDraft(item, langHint) : postViewToDraft(item, langHint)));
}
