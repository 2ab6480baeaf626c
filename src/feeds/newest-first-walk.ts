import type { FeedCursorState, FetchPageResult, ParseResult } from './adapter.js';

/**
 * Cursor state for sources that list newest first and page towards older items with an opaque
 * cursor (Reddit `after`, Bluesky `cursor`, Telegram `before`, X `next_token`).
 *
 * - `mark`: the newest key fully read by a finished walk; the next walk stops once it reaches it.
 * - `cursor` / `top`: a walk in progress (the next older page, and the newest key seen so far).
 */
export interface WalkState {
  readonly mark: string | null;
  readonly cursor: string | null;
  readonly top: string | null;
}

export function readWalkState(state: FeedCursorState): WalkState {
  const str = (v: unknown) => (typeof v === 'string' && v !== '' ? v : null);
  return { mark: str(state.mark), cursor: str(state.cursor), top: str(state.top) };
}

export interface WalkStep {
  readonly nextState: FeedCursorState;
  readonly hasMore: boolean;
}

/** Compares keys of equal kind: numeric strings by value, others (ISO times) as text. */
export function compareKeys(a: string, b: string): number {
  if (/^\d+$/.test(a) && /^\d+$/.test(b)) {
    const x = a.replace(/^0+(?=\d)/, '');
    const y = b.replace(/^0+(?=\d)/, '');
    return x.length !== y.length ? x.length - y.length : x < y ? -1 : x > y ? 1 : 0;
  }
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Decides the next step of a walk after reading one page whose items have `keys`. The walk goes on
 * (hasMore) while the page is full of items newer than the mark and the source offers an older page;
 * when it ends, the mark moves to the newest key seen. The very first poll of a feed reads one page
 * only: history before the feed was added is not backfilled.
 */
export function stepWalk(state: FeedCursorState, keys: readonly string[], olderCursor: string | null): WalkStep {
  const walk = readWalkState(state);
  let top = walk.top;
  for (const key of keys) if (top === null || compareKeys(key, top) > 0) top = key;
  const firstEver = walk.mark === null && walk.cursor === null;
  const reachedMark = walk.mark !== null && keys.some((k) => compareKeys(k, walk.mark!) <= 0);
  const rest = Object.fromEntries(Object.entries(state).filter(([k]) => k !== 'mark' && k !== 'cursor' && k !== 'top'));
  if (!firstEver && !reachedMark && olderCursor && keys.length > 0) {
    return { hasMore: true, nextState: { ...rest, mark: walk.mark, cursor: olderCursor, top } };
  }
  return { hasMore: false, nextState: { ...rest, mark: top ?? walk.mark } };
}

/** True when an item is already covered by the mark and need not be enqueued again. */
export function isBelowMark(state: FeedCursorState, key: string): boolean {
  const { mark } = readWalkState(state);
  return mark !== null && compareKeys(key, mark) < 0;
}

/**
 * The page result of a newest-first walk: the parsed posts, the walk's next state, and whether to
 * fetch again now (not when the source asked us to wait, which `retryAfterMs` carries).
 */
export function walkPageResult(parsed: ParseResult, step: WalkStep, waitMs: number | null): FetchPageResult {
  return {
    ...parsed,
    nextState: step.nextState,
    hasMore: step.hasMore && waitMs === null,
    ...(waitMs !== null ? { retryAfterMs: waitMs } : {}),
  };
}
