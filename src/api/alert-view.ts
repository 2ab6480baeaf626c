import type { z } from 'zod';
import { toAlertSummary, type AlertEventRow, type AlertRow, type EvidencePost } from '../alerts/index.js';
import type { alertEventSchema, AlertView, evidenceSchema, highlightSchema } from './schemas/alert-schemas.js';

/** Post text beyond this is cut for display; the full text stays in the database. */
export const MAX_POST_TEXT = 8_000;

type Highlight = z.infer<typeof highlightSchema>;

/** The API's view of an alert row (with its representative post's text when the queue query fetched it). */
export function toAlertView(row: AlertRow & { silenced?: boolean; representative_text?: string | null; representative_lang?: string | null }): AlertView {
  return {
    ...toAlertSummary(row),
    acknowledged_at: row.acknowledged_at ? iso(row.acknowledged_at) : null,
    updated_at: iso(row.updated_at),
    silenced: row.silenced ?? false,
    ...(row.representative_text !== undefined
      ? { representative: row.representative_text === null ? null : { text: row.representative_text, lang: row.representative_lang ?? null } }
      : {}),
  };
}

/** The API's view of one evidence post, with the explanation's spans as highlight ranges. */
export function toEvidenceView(post: EvidencePost): z.infer<typeof evidenceSchema> {
  const truncated = post.text.length > MAX_POST_TEXT;
  const text = truncated ? post.text.slice(0, MAX_POST_TEXT) : post.text;
  const explanation = post.explanation ?? {};
  return {
    post_id: post.post_id,
    feed: post.feed,
    external_id: post.external_id,
    author: post.author_handle ?? post.author_name,
    affiliation: typeof explanation.affiliation === 'string' ? explanation.affiliation.slice(0, 120) : null,
    text,
    truncated,
    lang: post.lang,
    published_at: iso(post.published_at),
    url: safeLink(post.url),
    edited: post.edited,
    deleted: post.deleted,
    score: Math.round(Number(post.score) * 1000) / 1000,
    severity: post.severity,
    category: post.category,
    summary: typeof explanation.explanation === 'string' ? explanation.explanation.slice(0, 1000) : null,
    highlights: highlightsOf(explanation, text.length),
    explanation,
    cluster_id: post.cluster_id,
  };
}

export function toEventView(row: AlertEventRow): z.infer<typeof alertEventSchema> {
  const { alert_id: _alertId, ...event } = row;
  return { ...event, created_at: iso(row.created_at) };
}

/**
 * Spans of place names, threat words and modifiers, in original-text offsets, sorted and without
 * overlaps (the earlier, longer span wins) so they can be cut into display segments directly.
 */
export function highlightsOf(explanation: Record<string, unknown>, textLength: number): Highlight[] {
  const found: Highlight[] = [];
  const collect = (list: unknown, kind: Highlight['kind'], label: (item: Record<string, unknown>) => unknown) => {
    if (!Array.isArray(list)) return;
    for (const item of list.slice(0, 200) as Record<string, unknown>[]) {
      const span = item?.span as { start?: unknown; end?: unknown } | undefined;
      const start = span?.start;
      const end = span?.end;
      if (!Number.isInteger(start) || !Number.isInteger(end)) continue;
      if ((start as number) < 0 || (end as number) > textLength || (start as number) >= (end as number)) continue;
      found.push({ start: start as number, end: end as number, kind, label: String(label(item) ?? kind).slice(0, 200) });
    }
  };
  collect(explanation.places, 'place', (p) => p.name);
  collect(explanation.signals, 'threat', (s) => s.category);
  collect(explanation.modifiers, 'modifier', (m) => m.kind);
  found.sort((a, b) => a.start - b.start || b.end - a.end);
  const result: Highlight[] = [];
  for (const h of found) if (!result.length || h.start >= result[result.length - 1]!.end) result.push(h);
  return result;
}

/** Only http(s) links leave the server: `javascript:` and friends become null. */
export function safeLink(url: string | null): string | null {
  if (!url || url.length > 2000) return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.toString() : null;
  } catch {
    return null;
  }
}

function iso(value: Date | string): string {
  return new Date(value).toISOString();
}
