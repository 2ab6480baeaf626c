import type { Kysely } from 'kysely';
import type { FeedConfig } from '../config/index.js';
import type { Database } from '../db/index.js';
import { errorMessage, isPlacewatchError } from '../errors.js';
import { getAdapter, type FetchContext } from '../feeds/index.js';
import type { Queues } from '../queue/index.js';
import type { Logger } from '../runtime/index.js';
import { enqueuePosts } from './enqueue-posts.js';
import { loadFeedState, recordPollFailure, recordPollSuccess } from './feed-repository.js';
import { nextBackoffMs } from './backoff.js';
import { openFeedAlert, resolveFeedAlert } from './feed-health.js';
import { FAILING_AFTER_FAILURES } from './feed-health-rules.js';

export interface PollDeps {
  readonly db: Kysely<Database>;
  readonly queues: Queues;
  readonly logger: Logger;
  readonly allowPrivate: readonly string[];
  /** Pages fetched in one poll at most, so one busy feed cannot hold a poller forever. */
  readonly maxPages?: number;
  /** Where token_env variables are read (default process.env). */
  readonly env?: NodeJS.ProcessEnv;
  /** Overrides of safeFetch limits (size, deadlines); tests shorten them. */
  readonly http?: Omit<NonNullable<FetchContext['http']>, 'allowPrivate'>;
  readonly signal?: AbortSignal;
}

export interface PollOutcome {
  readonly feed: string;
  readonly status: 'ok' | 'not_modified' | 'backing_off' | 'failed';
  readonly pages: number;
  readonly posts: number;
  readonly skipped: number;
  readonly error?: string;
}

/**
 * Polls one feed: fetch a page, enqueue its posts, and only then save the cursor, so a crash
 * re-reads a page (dedup absorbs it) and never skips one. Failures back off exponentially with
 * jitter, or as long as the source's Retry-After asks.
 */
export async function pollFeed(deps: PollDeps, feed: FeedConfig): Promise<PollOutcome> {
  const log = deps.logger.child({ feed: feed.name });
  const state = await loadFeedState(deps.db, feed.name);
  if (state.backoff_until && state.backoff_until.getTime() > Date.now()) {
    return { feed: feed.name, status: 'backing_off', pages: 0, posts: 0, skipped: 0 };
  }
  const adapter = getAdapter(feed.kind);
  let cursor = state.cursor;
  let pages = 0;
  let posts = 0;
  let skipped = 0;
  try {
    for (;;) {
      const page = await adapter.fetchPage(feed as never, cursor, {
        http: { ...deps.http, allowPrivate: deps.allowPrivate },
        env: deps.env,
        signal: deps.signal,
      });
      pages += 1;
      for (const item of page.skipped) {
        log.warn({ position: item.position, reason: item.reason }, 'feed item skipped');
      }
      if (page.posts.length > 0) await enqueuePosts(deps.queues, feed.name, page.posts);
      const lastPostAt = page.posts.reduce<Date | null>((latest, p) => {
        const at = new Date(p.publishedAt);
        return !latest || at > latest ? at : latest;
      }, null);
      await recordPollSuccess(deps.db, feed.name, {
        cursor: page.nextState,
        posts: page.posts.length,
        skipped: page.skipped.length,
        lastPostAt,
        ...(page.retryAfterMs ? { retryAfterMs: page.retryAfterMs } : {}),
      });
      if (pages === 1) await resolveFeedAlert(deps.db, feed.name, 'failing');
      if (page.posts.length > 0) await resolveFeedAlert(deps.db, feed.name, 'silent');
      cursor = page.nextState;
      posts += page.posts.length;
      skipped += page.skipped.length;
      if (page.notModified) return { feed: feed.name, status: 'not_modified', pages, posts, skipped };
      if (!page.hasMore || pages >= (deps.maxPages ?? 20)) break;
    }
    log.info({ pages, posts, skipped }, 'feed polled');
    return { feed: feed.name, status: 'ok', pages, posts, skipped };
  } catch (error) {
    const message = errorMessage(error);
    const retryAfterMs = isPlacewatchError(error) ? Number(error.context.retryAfterMs ?? 0) : 0;
    const delay = Math.max(retryAfterMs, nextBackoffMs(state.consecutive_failures + 1));
    await recordPollFailure(deps.db, feed.name, message, new Date(Date.now() + delay));
    const failures = state.consecutive_failures + 1;
    if (failures >= FAILING_AFTER_FAILURES) {
      const opened = await openFeedAlert(deps.db, feed.name, 'failing', `${failures} polls failed in a row; last error: ${message.slice(0, 300)}`);
      if (opened) log.warn({ failures }, 'feed alert raised');
    }
    log.error({ err: message, retryInMs: delay, code: isPlacewatchError(error) ? error.code : undefined }, 'feed poll failed');
    return { feed: feed.name, status: 'failed', pages, posts, skipped, error: message };
  }
}
