import type { Kysely } from 'kysely';
import type { Database } from '../db/index.js';
import { errorMessage } from '../errors.js';
import type { CanonicalPost, SkippedItem } from '../feeds/index.js';
import type { Queues } from '../queue/index.js';
import { enqueuePosts } from './enqueue-posts.js';
import { resolveFeedAlert } from './feed-health.js';
import { recordPollSuccess } from './feed-repository.js';

export interface PushDeps {
  readonly db: Kysely<Database>;
  readonly queues: Queues;
}

/** Posts a partner pushed to a feed, parsed, and the items left out with their reasons. */
export interface PushedBatch {
  readonly posts: readonly CanonicalPost[];
  readonly skipped: readonly SkippedItem[];
}

/** `queued: false` means nothing was taken or recorded: the sender may retry the same batch. */
export type PushOutcome = { readonly queued: true } | { readonly queued: false; readonly error: string };

/**
 * Takes a batch pushed to a webhook feed as a polled page is taken: its posts are enqueued for
 * analysis, then the feed's state records a successful fetch, and a feed that received posts is no
 * longer silent (its silent alert resolves).
 */
export async function acceptPushedPosts(deps: PushDeps, feed: string, batch: PushedBatch): Promise<PushOutcome> {
  try {
    if (batch.posts.length > 0) await enqueuePosts(deps.queues, feed, batch.posts);
  } catch (error) {
    return { queued: false, error: errorMessage(error) };
  }
  const lastPostAt = batch.posts.reduce<Date | null>((max, p) => {
    const at = new Date(p.publishedAt);
    return !max || at > max ? at : max;
  }, null);
  await recordPollSuccess(deps.db, feed, { cursor: {}, posts: batch.posts.length, skipped: batch.skipped.length, lastPostAt });
  if (batch.posts.length > 0) await resolveFeedAlert(deps.db, feed, 'silent');
  return { queued: true };
}
