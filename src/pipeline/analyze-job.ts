import { canonicalPostAsIs, canonicalPostSchema, hashExternalId, type CanonicalPost } from '../feeds/index.js';
import { describeIssues } from '../config/index.js';
import { recordFailedPost } from '../posts/index.js';
import { analyzeBatch, type AnalyzeBatchDeps, type BatchOutcome } from './analyze-batch.js';

/** A post of a job that does not read as a canonical post: what identifies it, as recorded, and why. */
export interface RejectedPost {
  readonly post: { readonly feed: string; readonly externalId: string; readonly [field: string]: unknown };
  readonly error: string;
}

/**
 * Checks each post of an analyze job on its own. An invalid one is keyed by its own feed and id when
 * they are usable, else by the job's source and a hash of the item (stable across retries of the job).
 */
export function validateJobPosts(items: readonly unknown[], source: string): { valid: CanonicalPost[]; rejected: RejectedPost[] } {
  const valid: CanonicalPost[] = [];
  const rejected: RejectedPost[] = [];
  for (const item of items) {
    // A post our producers queued is taken as it is (the schema would return an equal copy); any other goes through the schema.
    const asIs = canonicalPostAsIs(item);
    if (asIs) {
      valid.push(asIs);
      continue;
    }
    const parsed = canonicalPostSchema.safeParse(item);
    if (parsed.success) {
      valid.push(parsed.data);
      continue;
    }

    const fields: Record<string, unknown> = typeof item === 'object' && item !== null && !Array.isArray(item) ? { ...item } : { item };
    const usable = (value: unknown, max: number) => (typeof value === 'string' && value.length > 0 && value.length <= max ? value : null);
    const feed = usable(fields.feed, 120) ?? source;
    const externalId = usable(fields.externalId, 512) ?? hashExternalId([JSON.stringify(item) ?? '']);
    rejected.push({ post: { ...fields, feed, externalId }, error: `invalid post in analyze job: ${describeIssues(parsed.error.issues, 'post')}` });
  }
  return { valid, rejected };
}

/**
 * One analyze job: the valid posts run through analyzeBatch, each invalid one goes to `failed_posts`
 * with its fields and reasons, so a post that breaks the format never fails its neighbours' job.
 * Run again (a retry), the stored posts are skipped and each invalid one counts one more attempt.
 */
export async function analyzeJob(deps: AnalyzeBatchDeps, items: readonly unknown[], source: string): Promise<BatchOutcome> {
  const { valid, rejected } = validateJobPosts(items, source);
  for (const { post, error } of rejected) {
    deps.logger.error({ feed: post.feed, externalId: post.externalId, err: error }, 'invalid post in analyze job');
    await recordFailedPost(deps.db, post, error);
  }
  if (valid.length === 0) return { received: items.length, duplicates: 0, stored: 0, failed: rejected.length, alertsOpened: [], alertsTouched: [] };
  const outcome = await analyzeBatch(deps, valid);
  return { ...outcome, received: items.length, failed: outcome.failed + rejected.length };
}
