import type { Analysis } from '../analysis/index.js';
import { JsonbParameter } from '../db/index.js';
import type { CanonicalPost } from '../feeds/index.js';

/** One row of `posts` as a batch writes it. */
export interface PostRowSource {
  readonly id: string;
  readonly post: CanonicalPost;
  readonly analysis: Analysis;
  readonly fingerprint: string;
  readonly clusterId: string | null;
}

/**
 * The analysis JSON is kept for threat candidates only (a signal, a target, or a target of the shadow
 * model): the evidence's own copy is alert_posts.explanation, and retention nulls it for unmatched
 * posts anyway. Every other post keeps its score, severity and versions; leaving out the rest makes
 * the batch's rows smaller and spares the explanation nobody would read (written when first serialised).
 */
export function isStoredAnalysis(analysis: Analysis): boolean {
  return analysis.signals.length > 0 || analysis.targets.length > 0 || (analysis.shadow?.targets.length ?? 0) > 0;
}

/**
 * Element order of each row in postRowsJson: insertPostRows reads `r->>0` … `r->22`, and `r->23`
 * (the raw item, left out when a post has none, so that a raw JSON null stays a JSON null).
 */
export const POST_ROW_ELEMENTS = [
  'id',
  'feed',
  'external_id',
  'author_id',
  'author_handle',
  'author_name',
  'text',
  'lang',
  'published_at',
  'published_at_source',
  'url',
  'links',
  'media',
  'edited',
  'deleted',
  'truncated',
  'content_fingerprint',
  'cluster_id',
  'score',
  'severity',
  'analysis',
  'config_version',
  'model_version',
  'raw',
] as const;

// What JSON.stringify writes for a NUL and for a lone surrogate (its only \u escapes besides control
// characters). jsonb refuses both where a text parameter refuses the NUL with its own message and
// gets a replacement character for the surrogate: a batch holding either keeps the statement of arrays.
const NUL_ESCAPE = '\\u0000';
const SURROGATE_ESCAPE = '\\ud';

const OPEN = Buffer.from('[');
const COMMA = Buffer.from(',');
const CLOSE = Buffer.from(']');

/**
 * The rows as one JSON array of arrays (POST_ROW_ELEMENTS), for a single `::jsonb` parameter: the
 * raw items and analyses nested as they are (not a string each, escaped again inside an array
 * literal), and one parameter for the driver to send. Each row is serialised and encoded on its
 * own: one JSON.stringify of the whole batch built a string that cost more to flatten, search and
 * encode than to write (~18 → ~9 ms a 1,000-post batch). Null when the text holds an escape of a
 * NUL or a lone surrogate (or text that looks like one): the caller then writes the rows as before,
 * so such a post is stored or refused exactly as before.
 */
export function postRowsJson(rows: readonly PostRowSource[]): JsonbParameter | null {
  const parts: Buffer[] = [OPEN];
  for (let i = 0; i < rows.length; i++) {
    const { id, post, analysis, fingerprint, clusterId } = rows[i]!;
    const row: unknown[] = [
      id,
      post.feed,
      post.externalId,
      post.author.id,
      post.author.handle,
      post.author.displayName,
      post.text,
      post.lang,
      post.publishedAt,
      post.publishedAtSource ?? 'source',
      post.url,
      post.links,
      post.media,
      post.edited,
      post.deleted,
      post.truncated,
      fingerprint,
      clusterId,
      // As text, as the arrays sent it: the real column reads exactly the digits String() writes.
      String(analysis.score),
      analysis.severity,
      isStoredAnalysis(analysis) ? analysis : null,
      analysis.configVersion,
      analysis.modelVersion,
    ];
    if (post.raw !== undefined) row.push(post.raw);
    const json = JSON.stringify(row);
    if (json.includes(NUL_ESCAPE) || json.includes(SURROGATE_ESCAPE)) return null;
    if (i > 0) parts.push(COMMA);
    parts.push(Buffer.from(json, 'utf8'));
  }
  parts.push(CLOSE);
  return JsonbParameter.fromUtf8Parts(parts);
}
