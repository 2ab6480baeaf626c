import { z } from 'zod';
import { durationSchema } from './common.js';

/** A retention window: a duration, or "forever" to keep the data class indefinitely. */
const windowSchema = z.union([durationSchema, z.literal('forever')]);

/**
 * How long each class of data is kept. The scheduler role's sweep enforces it and reports what it
 * removed; `placewatch retention sweep --dry-run` shows the same report without changing anything.
 */
export const retentionFileSchema = z
  .object({
    /** Posts that matched nothing: after this, only ids, feed, times and fingerprints remain. */
    unmatched_posts: windowSchema.default('30d'),
    /** Evidence (post text, author, explanation) of alerts closed this long ago (resolved or false positive). */
    alert_evidence: windowSchema.default('365d'),
    /** Audit log entries and alert events older than this are deleted. */
    audit: windowSchema.default('730d'),
    /**
     * Posts are partitioned by month: a month's partition is dropped (no row by row delete) once the
     * whole month is older than this, unless an alert still holds evidence in it. "forever" (the
     * default) never drops one. A dropped post's feed and external id are kept, so it is never stored again.
     */
    drop_post_partitions_after: windowSchema.default('forever'),
    /** How often the scheduler sweeps. */
    sweep_every: durationSchema.default('1h'),
    /** Rows changed per statement, so a sweep never holds long locks. */
    batch_size: z.number().int().min(10).max(100_000).default(5_000),
  })
  .strict();
export type RetentionFile = z.infer<typeof retentionFileSchema>;

/** The defaults, for configs without a retention.yaml. */
export const DEFAULT_RETENTION: RetentionFile = retentionFileSchema.parse({});
