import { z } from 'zod';
import { ALERT_STATUSES, alertSummarySchema } from '../../alerts/index.js';
import { severitySchema } from '../../config/index.js';

const csv = <T extends z.ZodType<string, string>>(item: T) =>
  z
    .string()
    .max(500)
    .transform((s) =>
      s
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean),
    )
    .pipe(z.array(item).max(50));

/** Query string of the alert list and counts. */
export const alertQuerySchema = z.object({
  status: csv(z.enum(ALERT_STATUSES)).optional(),
  severity: csv(severitySchema).optional(),
  place: csv(z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/)).optional(),
  language: z
    .string()
    .regex(/^[a-z]{2,3}(-[A-Za-z0-9]+)?$/)
    .optional(),
  feed: z.string().max(100).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  assignee: z.string().max(320).optional().describe("an email, 'me', or 'none'"),
  q: z.string().trim().max(200).optional().describe('text search in place names and post text'),
  silenced: z.enum(['exclude', 'include', 'only']).default('exclude'),
  sort: z.enum(['severity', 'recent']).default('severity'),
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type AlertQueryInput = z.infer<typeof alertQuerySchema>;

/** An alert as the API and the reviewer UI show it: the public summary plus triage state. */
export const alertViewSchema = alertSummarySchema.extend({
  acknowledged_at: z.string().nullable(),
  updated_at: z.string(),
  silenced: z.boolean(),
  /** The representative post's text (cut for a queue row) and language, where the query fetched it. */
  representative: z.object({ text: z.string(), lang: z.string().nullable() }).nullable().optional(),
});
export type AlertView = z.infer<typeof alertViewSchema>;

export const alertListSchema = z.object({ items: z.array(alertViewSchema), nextCursor: z.string().nullable() });
export const alertCountsSchema = z.object({ counts: z.record(z.string(), z.number()), total: z.number() });

export const highlightSchema = z.object({
  start: z.number(),
  end: z.number(),
  kind: z.enum(['place', 'threat', 'modifier']),
  label: z.string(),
});

export const evidenceSchema = z.object({
  post_id: z.string(),
  feed: z.string(),
  external_id: z.string(),
  author: z.string().nullable(),
  /** Who the source speaks for (feed or account tagged in config), when known. */
  affiliation: z.string().nullable(),
  text: z.string(),
  truncated: z.boolean(),
  lang: z.string().nullable(),
  published_at: z.string(),
  url: z.string().nullable(),
  edited: z.boolean(),
  deleted: z.boolean(),
  score: z.number(),
  severity: severitySchema,
  category: z.string(),
  summary: z.string().nullable(),
  highlights: z.array(highlightSchema),
  explanation: z.record(z.string(), z.unknown()),
  /** Copies of one text share a cluster id (null when the post has no near-duplicate cluster). */
  cluster_id: z.string().nullable(),
});

export const alertEventSchema = z.object({
  id: z.string(),
  actor: z.string(),
  action: z.string(),
  from_status: z.enum(ALERT_STATUSES).nullable(),
  to_status: z.enum(ALERT_STATUSES).nullable(),
  note: z.string().nullable(),
  data: z.record(z.string(), z.unknown()),
  created_at: z.string(),
});

/** Copies of one text inside an alert, with how many accounts and sources spread them. */
export const evidenceClusterSchema = z.object({
  cluster_id: z.string(),
  posts: z.number(),
  accounts: z.number(),
  sources: z.number(),
  first_seen: z.string(),
  last_seen: z.string(),
  post_id: z.string(),
  text: z.string(),
  lang: z.string().nullable(),
});

export const alertDetailSchema = z.object({
  alert: alertViewSchema,
  evidence: z.array(evidenceSchema),
  clusters: z.array(evidenceClusterSchema),
  events: z.array(alertEventSchema),
  last_action_at: z.string().nullable(),
});

export const alertActionResultSchema = z.object({ alert: alertViewSchema });
