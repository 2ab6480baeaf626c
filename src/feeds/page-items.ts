import { describeIssues } from '../config/index.js';
import type { ParseResult, SkippedItem } from './adapter.js';
import { buildPost, type PostDraft } from './build-post.js';
import type { CanonicalPost } from './canonical-post.js';

/** What an item mapper returns: a draft, or the reason the item cannot be one. */
export type DraftOrReason = PostDraft | { readonly reason: string };

/**
 * Turns a page's items into posts, one at a time: an item that fails its schema, its mapper or the
 * post bounds is skipped with its 1-based position, and the rest of the page goes on. `fetchedAt`
 * stands in for the time of an item that carries none (see buildPost).
 */
export function collectPosts(
  items: readonly unknown[],
  feed: string,
  toDraft: (item: unknown, position: number) => DraftOrReason | null,
  fetchedAt: Date = new Date(),
): ParseResult {
  const posts: CanonicalPost[] = [];
  const skipped: SkippedItem[] = [];
  items.forEach((item, index) => {
    const position = index + 1;
    try {
      const draft = toDraft(item, position);
      if (draft === null) return; // not a post by design (e.g. an account event on a stream)
      if ('reason' in draft) return void skipped.push({ position, reason: draft.reason });
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

/** The first zod issue of a failed item, as "path: message". */
export function issueReason(issues: readonly { path: readonly PropertyKey[]; message: string }[]): string {
  return issues.length === 0 ? 'invalid item' : describeIssues(issues, 'item', 1);
}
