import { z } from 'zod';
import { severitySchema } from '../config/index.js';
import type { AlertRow } from './alert-row.js';
import { ALERT_STATUSES } from '../vocabulary/index.js';

/** The stable public shape of an alert (`alerts list --json`); the API's view extends it. */
export const alertSummarySchema = z.object({
  id: z.string(),
  place: z.string(),
  place_name: z.string(),
  status: z.enum(ALERT_STATUSES),
  severity: severitySchema,
  category: z.string(),
  /** Evidence posts per threat category: an incident's facets. */
  category_counts: z.record(z.string(), z.number()),
  score: z.number(),
  post_count: z.number(),
  distinct_authors: z.number(),
  distinct_sources: z.number(),
  campaign: z.boolean(),
  first_seen: z.string(),
  last_seen: z.string(),
  assignee: z.string().nullable(),
  linked_alert_id: z.string().nullable(),
});
export type AlertSummary = z.infer<typeof alertSummarySchema>;

export function toAlertSummary(row: AlertRow): AlertSummary {
  return {
    id: row.id,
    place: row.place_id,
    place_name: row.place_name,
    status: row.status,
    severity: row.severity,
    category: row.category,
    category_counts: { ...row.category_counts },
    score: Math.round(row.max_score * 1000) / 1000,
    post_count: row.post_count,
    distinct_authors: row.distinct_authors,
    distinct_sources: row.distinct_sources,
    campaign: row.campaign,
    first_seen: new Date(row.first_seen).toISOString(),
    last_seen: new Date(row.last_seen).toISOString(),
    assignee: row.assignee,
    linked_alert_id: row.linked_alert_id,
  };
}
