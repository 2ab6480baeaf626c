import { z } from 'zod';
import { durationSchema } from './common.js';

/** Score cut-offs, linking distances, grouping windows and escalation triggers. */
export const thresholdsFileSchema = z
  .object({
    severity: z
      .object({
        critical: z.number().min(0).max(1).default(0.85),
        high: z.number().min(0).max(1).default(0.7),
        medium: z.number().min(0).max(1).default(0.55),
        low: z.number().min(0).max(1).default(0.4),
        /**
         * A post in which the grammar found no harm phrase and no frame cue reaches a reviewer only from
         * this probability (`low` when lower): raise it where ordinary talk about a town alerts too often.
         */
        without_grammar: z.number().min(0).max(1).default(0.4),
        /**
         * A place that a grave harm phrase (kill, storm, takfir) is aimed at with intent (future,
         * imperative, obligation) and no frame cue against it scores at least this, so that an explicit
         * threat the model has not seen the like of still reaches a reviewer. null: the model alone.
         */
        explicit_threat: z.number().min(0).max(1).nullable().default(null),
      })
      .strict()
      .default({ critical: 0.85, high: 0.7, medium: 0.55, low: 0.4, without_grammar: 0.4, explicit_threat: null }),
    /** Lowest severity that raises an alert. */
    alert_min_severity: z.enum(['critical', 'high', 'medium', 'low']).default('low'),
    linking: z
      .object({
        /** Words between a threat signal and a place mention for them to count as linked. */
        max_word_distance: z.number().int().min(1).max(100).default(12),
      })
      .strict()
      .default({ max_word_distance: 12 }),
    grouping: z
      .object({
        /** Evidence about one place and category within this window joins one alert. */
        window: durationSchema.default('6h'),
      })
      .strict()
      .default({ window: '6h' }),
    dedup: z
      .object({
        /** How long a seen source item is remembered for cheap exact-duplicate dropping. */
        seen_ttl: durationSchema.default('7d'),
        near_duplicate_window: durationSchema.default('7d'),
        near_duplicate_similarity: z.number().min(0.5).max(1).default(0.85),
      })
      .strict()
      .default({ seen_ttl: '7d', near_duplicate_window: '7d', near_duplicate_similarity: 0.85 }),
    campaign: z
      .object({
        distinct_authors_per_hour: z.number().int().min(2).default(5),
        posts_per_hour: z.number().int().min(2).default(10),
      })
      .strict()
      .default({ distinct_authors_per_hour: 5, posts_per_hour: 10 }),
    /**
     * The statistical model that turns the text, the rule signals and how a place is named into a
     * calibrated P(threat) per place. Absent: the model shipped in models/threat-model.json.
     * `file: null` scores with the rules alone.
     */
    model: z
      .object({
        /** JSON model file from `placewatch model train`, relative to the config directory. */
        file: z.string().min(1).nullable().optional(),
        /** Share of the model in the score: weight · P(threat) + (1 − weight) · rule score. */
        weight: z.number().min(0).max(1).default(1),
        /** A second model file run in shadow mode: its scores are recorded in each analysis, never alerted on. */
        shadow_file: z.string().min(1).optional(),
      })
      .strict()
      .optional(),
    analysis: z
      .object({
        /**
         * Characters of a post's text the analyzer reads, from the start: bounds the cost of a huge post.
         * At most the stored bound (MAX_TEXT_CHARS in src/feeds/canonical-post.ts): nothing past it is kept.
         */
        max_text_chars: z.number().int().min(100).max(20_000).default(20_000),
      })
      .strict()
      .default({ max_text_chars: 20_000 }),
    after_triage: z
      .object({
        /** What new evidence does to a resolved alert. */
        resolved: z.enum(['reopen', 'open_linked']).default('reopen'),
      })
      .strict()
      .default({ resolved: 'reopen' }),
  })
  .strict()
  .superRefine((value, ctx) => {
    const { critical, high, medium, low } = value.severity;
    if (!(critical >= high && high >= medium && medium >= low)) {
      ctx.addIssue({
        code: 'custom',
        path: ['severity'],
        message: 'severity cut-offs must not increase from critical to low',
      });
    }
  });
export type ThresholdsFile = z.infer<typeof thresholdsFileSchema>;
