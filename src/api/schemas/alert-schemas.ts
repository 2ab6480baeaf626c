import { z } from 'zod';
import { ALERT_STATUSES } from '../../alerts/index.js';

const SEVERITIES = ['critical', 'high', 'medium', 'low', 'none'] as const;
const csv = <T extends z.ZodType<string, string>>(item: T) =>
  z.string().max(500).transform((s) => s.split(',').map((x) => x.trim()).filter(Boolean)).pipe(z.array(item).max(50));

/** Query string of the alert list and counts. */
export const alertQuerySchema = z.object({
  status: csv(z.enum(ALERT_STATUSES)).optional(),
  severity: csv(z.enum(SEVERITIES)).optional(),
  place: csv(z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/)).optional(),
  language: z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]+)?$/).optional(),
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

export const alertSummarySchema = z.object({
  id: z.string(),
  place: z.string(),
  place_name: z.string(),
  status: z.string(),
  severity: z.string(),
  category: z.string(),
  score: z.number(),
  post_count: z.number(),
  distinct_authors: z.number(),
  distinct_sources: z.number(),
  campaign: z.boolean(),
  first_seen: z.string(),
  last_seen: z.string(),
  assignee: z.string().nullable(),
  linked_alert_id: z.string().nullable(),
  acknowledged_at: z.string().nullable(),
  updated_at: z.string(),
  silenced: z.boolean(),
});

export const alertListSchema = z.object({ items: z.array(alertSummarySchema), nextCursor: z.string().nullable() });
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
  severity: z.string(),
  category: z.string(),
  summary: z.string().nullable(),
  highlights: z.array(highlightSchema),
  explanation: z.record(z.string(), z.unknown()),
});

export const alertEventSchema = z.object({
  id: z.string(),
  actor: z.string(),
  action: z.string(),
  from_status: z.string().nullable(),
  to_status: z.string().nullable(),
  note: z.string().nullable(),
  data: z.record(z.string(), z.unknown()),
  created_at: z.string(),
});

export const alertDetailSchema = z.object({
  alert: alertSummarySchema,
  evidence: z.array(evidenceSchema),
  events: z.array(alertEventSchema),
  last_action_at: z.string().nullable(),
});

export const alertActionResultSchema = z.object({ alert: alertSummarySchema });
