import type { Kysely } from 'kysely';
import { analysedText, analyzePost, type Analysis } from '../analysis/index.js';
import { durationToMs, maxSeverity, severityAtLeast, sourceAffiliation, type Severity } from '../config/index.js';
import type { Database } from '../db/index.js';
import type { ActiveConfig } from './active-config.js';

export interface BacktestOptions {
  /** Stored posts published at or after this time are rescored. */
  readonly since: Date;
  /** At most this many posts (newest first); the report says when the limit cut the sample. */
  readonly limit?: number;
  /** Example posts shown per alert. */
  readonly examples?: number;
}

/** A post that shows why an alert would be raised (or no longer raised). */
export interface BacktestExample {
  readonly postId: string;
  readonly publishedAt: string;
  readonly text: string;
  readonly score: number;
  readonly severity: Severity;
  readonly explanation: string;
}

/** An incident (place + category, posts within the grouping window) one side raises. */
export interface BacktestAlert {
  readonly placeId: string;
  readonly placeName: string;
  readonly category: string;
  readonly severity: Severity;
  readonly postIds: readonly string[];
  readonly firstSeen: string;
  readonly lastSeen: string;
  readonly examples: readonly BacktestExample[];
}

/** An incident both sides raise, with different evidence. */
export interface BacktestChange {
  readonly placeId: string;
  readonly category: string;
  readonly addedPostIds: readonly string[];
  readonly removedPostIds: readonly string[];
}

export interface BacktestReport {
  readonly draftVersion: string;
  readonly baselineVersion: string;
  readonly since: string;
  readonly postsScored: number;
  readonly truncated: boolean;
  /** Alerts the draft raises that the baseline does not. */
  readonly added: readonly BacktestAlert[];
  /** Alerts the baseline raises that the draft does not. */
  readonly removed: readonly BacktestAlert[];
  readonly changed: readonly BacktestChange[];
  readonly unchanged: number;
  readonly ms: number;
}

interface Hit {
  readonly postId: string;
  readonly publishedAt: number;
  readonly text: string;
  readonly placeId: string;
  readonly placeName: string;
  readonly category: string;
  readonly score: number;
  readonly severity: Severity;
  readonly explanation: string;
}

const PAGE = 1_000;

/**
 * Rescores stored posts with a draft and with the baseline (normally the active version) and
 * reports the alerts the draft would add and remove, with example posts. Both sides are rescored,
 * so the difference is the config's alone, whatever version first scored the posts.
 *
 * @example const report = await backtest(db, { draft, baseline: runtime.config.current }, { since: new Date(Date.now() - 7 * 86_400_000) });
 */
export async function backtest(
  db: Kysely<Database>,
  sides: { readonly draft: ActiveConfig; readonly baseline: ActiveConfig },
  options: BacktestOptions,
): Promise<BacktestReport> {
  const started = Date.now();
  const limit = options.limit ?? 20_000;
  const draftHits: Hit[] = [];
  const baseHits: Hit[] = [];
  let scored = 0;
  let cursor: string | null = null;
  while (scored < limit) {
    let query = db
      .selectFrom('posts')
      .select(['id', 'feed', 'text', 'lang', 'author_handle', 'author_id', 'published_at'])
      .where('published_at', '>=', options.since)
      .where('deleted', '=', false)
      .where('redacted_at', 'is', null)
      .orderBy('id', 'desc')
      .limit(Math.min(PAGE, limit - scored));
    if (cursor !== null) query = query.where('id', '<', cursor);
    const rows = await query.execute();
    if (rows.length === 0) break;
    for (const row of rows) {
      const post = { id: String(row.id), text: row.text, publishedAt: new Date(row.published_at).getTime() };
      for (const [side, hits] of [
        [sides.draft, draftHits],
        [sides.baseline, baseHits],
      ] as const) {
        const affiliation = sourceAffiliation(side.config.feeds, { feed: row.feed, authorHandle: row.author_handle, authorId: row.author_id });
        // The same prefix the analyzer reads, so the backtest predicts what live analysis does.
        const text = analysedText(row.text, side.config.thresholds.analysis.max_text_chars);
        hits.push(...alertingHits(side, post, analyzePost({ text, lang: row.lang, affiliation }, side.analyzer)));
      }
    }
    scored += rows.length;
    cursor = String(rows[rows.length - 1]!.id);
    if (rows.length < PAGE) break;
  }
  const examples = options.examples ?? 3;
  const draftAlerts = groupIncidents(draftHits, durationToMs(sides.draft.config.thresholds.grouping.window));
  const baseAlerts = groupIncidents(baseHits, durationToMs(sides.baseline.config.thresholds.grouping.window));
  const { added, removed, changed, unchanged } = compareIncidents(draftAlerts, baseAlerts);
  return {
    draftVersion: sides.draft.config.version,
    baselineVersion: sides.baseline.config.version,
    since: options.since.toISOString(),
    postsScored: scored,
    truncated: scored >= limit,
    added: added.map((i) => toAlert(i, examples)),
    removed: removed.map((i) => toAlert(i, examples)),
    changed,
    unchanged,
    ms: Date.now() - started,
  };
}

function alertingHits(side: ActiveConfig, post: { id: string; text: string; publishedAt: number }, analysis: Analysis): Hit[] {
  const minimum = side.config.thresholds.alert_min_severity;
  return analysis.targets
    .filter((t) => severityAtLeast(t.severity, minimum))
    .map((t) => ({
      postId: post.id,
      publishedAt: post.publishedAt,
      text: post.text,
      placeId: t.placeId,
      placeName: t.name,
      category: t.category,
      score: t.score,
      severity: t.severity,
      explanation: analysis.explanation,
    }));
}

/** Posts about one place and category join one incident while each comes within `windowMs` of the last. */
function groupIncidents(hits: readonly Hit[], windowMs: number): Hit[][] {
  const byKey = new Map<string, Hit[]>();
  for (const hit of hits) {
    const key = `${hit.placeId}\u0000${hit.category}`;
    byKey.set(key, [...(byKey.get(key) ?? []), hit]);
  }
  const incidents: Hit[][] = [];
  for (const list of byKey.values()) {
    list.sort((a, b) => a.publishedAt - b.publishedAt || Number(a.postId) - Number(b.postId));
    let current: Hit[] = [];
    for (const hit of list) {
      if (current.length > 0 && hit.publishedAt - current[current.length - 1]!.publishedAt > windowMs) {
        incidents.push(current);
        current = [];
      }
      current.push(hit);
    }
    if (current.length > 0) incidents.push(current);
  }
  return incidents;
}

function compareIncidents(draft: Hit[][], base: Hit[][]) {
  const key = (i: Hit[]) => `${i[0]!.placeId}\u0000${i[0]!.category}`;
  const posts = (i: Hit[]) => new Set(i.map((h) => h.postId));
  const overlaps = (a: Hit[], others: Hit[][]) => others.filter((b) => key(a) === key(b) && [...posts(a)].some((p) => posts(b).has(p)));
  const added = draft.filter((i) => overlaps(i, base).length === 0);
  const removed = base.filter((i) => overlaps(i, draft).length === 0);
  const changed: BacktestChange[] = [];
  let unchanged = 0;
  for (const incident of draft) {
    const matches = overlaps(incident, base);
    if (matches.length === 0) continue;
    const mine = posts(incident);
    const theirs = new Set(matches.flatMap((m) => [...posts(m)]));
    const addedPostIds = [...mine].filter((p) => !theirs.has(p));
    const removedPostIds = [...theirs].filter((p) => !mine.has(p));
    if (addedPostIds.length === 0 && removedPostIds.length === 0) unchanged += 1;
    else changed.push({ placeId: incident[0]!.placeId, category: incident[0]!.category, addedPostIds, removedPostIds });
  }
  return { added, removed, changed, unchanged };
}

function toAlert(incident: Hit[], examples: number): BacktestAlert {
  const first = incident[0]!;
  const strongest = [...incident].sort((a, b) => b.score - a.score);
  return {
    placeId: first.placeId,
    placeName: first.placeName,
    category: first.category,
    severity: incident.reduce<Severity>((s, h) => maxSeverity(s, h.severity), 'none'),
    postIds: incident.map((h) => h.postId),
    firstSeen: new Date(first.publishedAt).toISOString(),
    lastSeen: new Date(incident[incident.length - 1]!.publishedAt).toISOString(),
    examples: strongest.slice(0, examples).map((h) => ({
      postId: h.postId,
      publishedAt: new Date(h.publishedAt).toISOString(),
      text: h.text.length > 280 ? `${h.text.slice(0, 279)}…` : h.text,
      score: Math.round(h.score * 1000) / 1000,
      severity: h.severity,
      explanation: h.explanation,
    })),
  };
}
