import type { FeedsFile } from './schema/feeds.js';

/** What the pipeline knows of a post's source: its feed and its author's handle and id. */
export interface PostSource {
  readonly feed: string;
  readonly authorHandle?: string | null;
  readonly authorId?: string | null;
}

/**
 * Who a post's source speaks for, from config: an account listed under `accounts` (handle without
 * "@", or id; optionally only on one feed) wins over its feed's `affiliation`. Null when neither is known.
 *
 * @example sourceAffiliation(config.feeds, { feed: 'tg-x', authorHandle: 'brigade_media' }) // "armed group media wing"
 */
export function sourceAffiliation(feeds: FeedsFile, source: PostSource): string | null {
  const handle = source.authorHandle?.replace(/^@/, '').toLowerCase() ?? null;
  const id = source.authorId ?? null;
  const account = (feeds.accounts ?? []).find((a) => {
    if (a.feed !== undefined && a.feed !== source.feed) return false;
    const author = a.author.replace(/^@/, '');
    return author.toLowerCase() === handle || author === id;
  });
  if (account) return account.affiliation;
  return feeds.feeds.find((f) => f.name === source.feed)?.affiliation ?? null;
}
