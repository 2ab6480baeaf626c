import type { Kysely } from 'kysely';
import type { Database } from '../db/index.js';
import { errorMessage } from '../errors.js';
import type { CanonicalPost } from '../feeds/index.js';
import { recordFailedPost } from '../posts/index.js';
import type { Logger } from '../runtime/index.js';

/**
 * SQLSTATE classes that blame the rows, not the database: 22 data exception (a NUL, bad UTF-8, a value
 * out of range), 23 integrity constraint, 54 program limit (a row or index entry too large). The same
 * rows fail the same way on every retry; anything else (connection lost, deadlock, shutdown) may not.
 */
const DATA_ERROR_CLASSES = new Set(['22', '23', '54']);

/** True when Postgres refused the data itself, so retrying the same rows cannot succeed. */
export function isDataError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null | undefined)?.code;
  return typeof code === 'string' && code.length === 5 && DATA_ERROR_CLASSES.has(code.slice(0, 2));
}

export interface CommitOutcome {
  readonly stored: number;
  readonly alertsOpened: string[];
  readonly alertsTouched: string[];
}

/**
 * After a batch's one transaction was refused for its data: commits the posts one by one, each in a
 * transaction of its own, and records each post that is still refused in `failed_posts` with the
 * error, so that one poison post never costs its neighbours. Any other error is thrown for the queue
 * to retry the job; posts committed before it are skipped then (feed + external id key).
 */
export async function commitPostByPost<T extends { readonly post: CanonicalPost }>(
  deps: { readonly db: Kysely<Database>; readonly logger: Logger },
  scored: readonly T[],
  failures: ReadonlyArray<{ post: CanonicalPost; error: string }>,
  commit: (scored: readonly T[], failures: ReadonlyArray<{ post: CanonicalPost; error: string }>) => Promise<CommitOutcome>,
): Promise<CommitOutcome & { failed: number }> {
  let stored = 0;
  let failed = 0;
  const opened = new Set<string>();
  const touched = new Set<string>();
  for (const item of scored) {
    try {
      const outcome = await commit([item], []);
      stored += outcome.stored;
      for (const id of outcome.alertsOpened) opened.add(id);
      for (const id of outcome.alertsTouched) touched.add(id);
    } catch (error) {
      if (!isDataError(error)) throw error;
      failed += 1;
      deps.logger.error({ feed: item.post.feed, externalId: item.post.externalId, err: errorMessage(error) }, 'post could not be stored');
      await recordFailedPost(deps.db, item.post, `could not be stored: ${errorMessage(error)}`);
    }
  }
  // The analyzer's failures were logged when they happened; only their records are still to write.
  for (const failure of failures) await recordFailedPost(deps.db, failure.post, failure.error);
  failed += failures.length;
  return { stored, failed, alertsOpened: [...opened], alertsTouched: [...touched] };
}
