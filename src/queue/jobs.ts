import { UnrecoverableError } from 'bullmq';
import { z } from 'zod';
import type { CanonicalPost } from '../feeds/index.js';

/** Queue names; one queue per kind of I/O or failure domain (DESIGN principle 1). */
export const QUEUE = { poll: 'poll', analyze: 'analyze', notify: 'notify' } as const;
export type QueueName = (typeof QUEUE)[keyof typeof QUEUE];

/**
 * Posts per analyze job: bounds job payloads and transaction size. Each batch takes its places'
 * incident locks once and writes each touched alert's figures once, so larger batches file the
 * same threats with fewer statements under those locks: at 1,000 rather than 500 the end-to-end
 * bench stores ~19 % more posts a second. A typical post is ~1.5 KB on the queue (~1.5 MB a job);
 * the bounds on text and raw items (canonical-post.ts) cap the worst case.
 */
export const ANALYZE_BATCH_SIZE = 1000;

export const pollJobSchema = z.object({ feed: z.string().min(1) }).strict();
export type PollJob = z.infer<typeof pollJobSchema>;

/**
 * The envelope of an analyze job. Its posts are checked one by one by the analyzer (see
 * validateJobPosts), so a post that breaks the format costs only itself, never its batch.
 */
export const analyzeJobSchema = z
  .object({
    posts: z.array(z.unknown()).min(1).max(ANALYZE_BATCH_SIZE),
    /** Where the batch came from, for logs: a feed name or "import:<file>". */
    source: z.string().max(300),
  })
  .strict();
/** What producers queue; the analyzer trusts none of it until checked. */
export interface AnalyzeJob {
  readonly posts: CanonicalPost[];
  readonly source: string;
}

export const notifyJobSchema = z.object({ notificationId: z.string().regex(/^\d+$/) }).strict();
export type NotifyJob = z.infer<typeof notifyJobSchema>;

/** Validates a job payload at the worker boundary; a bad payload fails the job with the reason. */
export function parseJob<S extends z.ZodType>(schema: S, queue: string, data: unknown): z.infer<S> {
  const result = schema.safeParse(data);
  if (!result.success) {
    const reasons = result.error.issues.slice(0, 5).map((i) => `${i.path.join('.')}: ${i.message}`);
    // A payload that breaks the format will break it on every attempt: fail the job at once (an
    // analyze batch then goes to failed_posts) instead of retrying it through the whole backoff.
    throw new UnrecoverableError(`invalid ${queue} job payload: ${reasons.join('; ')}`);
  }
  return result.data;
}
