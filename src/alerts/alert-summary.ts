import type { AlertRow } from './alert-row.js';

/** The stable public shape of an alert (`alerts list --json`, API lists). */
export interface AlertSummary {
  readonly id: string;
  readonly place: string;
  readonly place_name: string;
  readonly status: string;
  readonly severity: string;
  readonly category: string;
  readonly score: number;
  readonly post_count: number;
  readonly distinct_authors: number;
  readonly distinct_sources: number;
  readonly campaign: boolean;
  readonly first_seen: string;
  readonly last_seen: string;
  readonly assignee: string | null;
  readonly linked_alert_id: string | null;
}

export function toAlertSummary(row: AlertRow): AlertSummary {
  return {
    id: row.id,
    place: row.place_id,
    place_name: row.place_name,
    status: row.status,
    severity: row.severity,
    category: row.category,
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
