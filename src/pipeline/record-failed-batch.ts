import { sql, type Kysely } from 'kysely';
import { describeIssues } from '../config/index.js';
import type { Database } from '../db/index.js';
import { errorMessage } from '../errors.js';
import type { CanonicalPost } from '../feeds/index.js';
import { findStoredKeys, postKey, recordFailedPost } from '../posts/index.js';
import { analyzeJobSchema } from '../queue/index.js';
import { retryThroughOutage, type Logger, type OutageWaitOptions } from '../runtime/index.js';
import { validateJobPosts } from './analyze-job.js';

/** What the recorder reads of a BullMQ job (a `Job` fits). */
export interface FailedBatchJob {
  readonly id?: string;
  readonly data: unknown;
  /** Attempts that ended in an error or a result; BullMQ counts the failing one before 'failed' fires. */
  readonly attemptsMade: number;
  /** Times a worker took the job, stalls included. */
  readonly attemptsStarted?: number;
  readonly opts: { readonly attempts?: number };
}

export interface FailedBatchDeps {
  readonly db: Kysely<Database>;
  readonly logger: Logger;
  /** When given, a write that meets a lost Postgres waits for it (as the analyzer's jobs do). */
  readonly outage?: Omit<OutageWaitOptions, 'dependency' | 'probe'>;
}

export interface FailedBatchReport {
  readonly jobId: string;
  /** Posts of the batch now in failed_posts (new there, or with one more attempt). */
  readonly recorded: number;
  /** Posts the batch had stored before it failed (a worker killed after its commit): not failed. */
  readonly alreadyStored: number;
  /** Why the payload does not read as an analyze job, when it does not. */
  readonly unreadablePayload: string | null;
}

/** The reason BullMQ 5 gives a job that stalled more than `maxStalledCount` times. */
const STALLED_LIMIT = 'job stalled more than allowable limit';

/**
 * Whether BullMQ gives up on the job with this 'failed' event: every attempt is used, or the error
 * is unrecoverable. BullMQ 5 fails a job past the stalled limit lazily: the next worker that takes
 * it (often another process) fails it at once with an UnrecoverableError, without running it.
 */
export function isFinalFailure(job: FailedBatchJob, error: Error): boolean {
  if (error.name === 'UnrecoverableError' || error.message === STALLED_LIMIT) return true;
  return job.attemptsMade >= (job.opts.attempts ?? 1);
}

/**
 * Records every post of an analyze job BullMQ gave up on in `failed_posts`, with the job's id,
 * attempts and error, so that `placewatch failed retry` can replay them. Idempotent: the
 * (feed, external id) key makes a second record of a post update its error and count one more
 * attempt. A payload that does not read as an analyze job is salvaged: the posts it holds, or
 * else the whole payload as one item under a hash of it.
 */
export async function recordFailedBatch(deps: FailedBatchDeps, job: FailedBatchJob, error: Error): Promise<FailedBatchReport> {
  const jobId = job.id ?? 'unknown';
  const reason = failureReason(jobId, job, error);
  const contents = batchContents(job.data);
  if (contents.unreadable) {
    deps.logger.error({ job: jobId, err: contents.unreadable }, 'analyze job payload unreadable; recording what identifies its posts');
  }
  const { valid, rejected } = validateJobPosts(contents.items, contents.source);
  const write = () =>
    // One transaction: the batch is recorded whole or not at all (then the log says so).
    deps.db.transaction().execute(async (tx) => {
      const stored = await findStoredKeys(tx, valid);
      const isStored = (post: CanonicalPost) => stored.has(postKey(post.feed, post.externalId));
      const failed = uniqueByKey(valid.filter((post) => !isStored(post)));
      for (const post of failed) await recordFailedPost(tx, post, reason);
      // Already recorded by analyzeJob when the envelope was readable; this keeps their reason and adds the job's.
      for (const item of rejected) await recordFailedPost(tx, item.post, `${reason}; ${item.error}`);
      return { recorded: failed.length + rejected.length, alreadyStored: valid.filter(isStored).length };
    });
  const counts = deps.outage
    ? await retryThroughOutage(write, { ...deps.outage, dependency: 'postgres', probe: () => sql`select 1`.execute(deps.db) })
    : await write();
  return { jobId, ...counts, unreadablePayload: contents.unreadable };
}

/**
 * The analyzer's 'failed' listener. On a job's last failure it records the job's posts; it never
 * throws (an event listener must not): when Postgres cannot take them, the error is logged and the
 * job stays in the queue's failed set (kept 14 days, see DEFAULT_JOB_OPTIONS) as the fallback.
 * `settled` waits for the records under way, so that shutdown closes the database after them.
 */
export function failedBatchRecorder(deps: FailedBatchDeps): {
  record(job: FailedBatchJob | undefined, error: Error): void;
  settled(): Promise<void>;
} {
  const pending = new Set<Promise<void>>();
  return {
    record(job, error) {
      if (!job) {
        // Older BullMQ releases failed stalled jobs with no job in hand; nothing here identifies the posts.
        deps.logger.error({ err: error.message }, 'analyze job failed with no job to read; look for it in the queue failed set');
        return;
      }
      if (!isFinalFailure(job, error)) return;
      const recording = recordFailedBatch(deps, job, error).then(
        (report) =>
          deps.logger.error({ ...report, job: report.jobId, err: error.message }, 'analyze job failed for good; its posts not stored are in failed_posts'),
        (writeError: unknown) =>
          deps.logger.error(
            { job: job.id, err: errorMessage(writeError), jobError: error.message },
            'could not record the posts of a failed analyze job; the job stays in the queue failed set',
          ),
      );
      pending.add(recording);
      void recording.finally(() => pending.delete(recording));
    },
    async settled() {
      await Promise.all(pending);
    },
  };
}

function failureReason(jobId: string, job: FailedBatchJob, error: Error): string {
  const started = job.attemptsStarted !== undefined && job.attemptsStarted !== job.attemptsMade ? `, started ${job.attemptsStarted} times` : '';
  return `analyze job ${jobId} failed for good after ${job.attemptsMade} of ${job.opts.attempts ?? 1} attempts${started}: ${error.message}`;
}

/** The items and source of a job's payload; an unreadable payload gives what can be identified. */
function batchContents(data: unknown): { items: readonly unknown[]; source: string; unreadable: string | null } {
  const envelope = analyzeJobSchema.safeParse(data);
  if (envelope.success) return { items: envelope.data.posts, source: envelope.data.source, unreadable: null };
  const unreadable = describeIssues(envelope.error.issues, 'payload');
  const fields = typeof data === 'object' && data !== null && !Array.isArray(data) ? (data as Record<string, unknown>) : {};
  const source = typeof fields.source === 'string' && fields.source.length > 0 && fields.source.length <= 300 ? fields.source : 'analyze-job';
  if (Array.isArray(fields.posts) && fields.posts.length > 0) return { items: fields.posts, source, unreadable };
  // Nothing shaped like posts: the payload itself is kept, as one item keyed by a hash of it.
  return { items: [data ?? null], source, unreadable };
}

/** One post per (feed, external id): the same post twice in a batch is one failed post. */
function uniqueByKey(posts: readonly CanonicalPost[]): CanonicalPost[] {
  return [...new Map(posts.map((post) => [postKey(post.feed, post.externalId), post])).values()];
}
