import { z } from 'zod';
import type { SkippedItem } from '../adapter.js';
import { buildPost } from '../build-post.js';
import type { CanonicalPost } from '../canonical-post.js';

/** One result of reading a file: a post, or the line that could not become one. */
export type FileRecord = { readonly post: CanonicalPost; readonly skipped?: undefined } | { readonly post?: undefined; readonly skipped: SkippedItem };

const optionalText = z
  .union([z.string(), z.null()])
  .optional()
  .transform((v) => (v === undefined || v === null || v.trim() === '' ? null : v));

/** A JSONL object or CSV record: {"id","author","text","published_at","url","lang"?}; extra fields are kept in raw only. */
const required = (what: string) => ({
  error: (issue: { input?: unknown }) => (issue.input === undefined ? 'missing' : `expected ${what}`),
});

export const fileRowSchema = z.object({
  id: z.union([z.string().trim().min(1, 'must not be empty'), z.number().int()], required('a string or integer')).transform(String),
  author: optionalText,
  text: z.string(required('a string')),
  // Empty or absent: the import time stands in, marked `fetched` (a post is never dropped for its time).
  published_at: optionalText,
  url: optionalText,
  lang: optionalText,
});

/** Columns a CSV header must name (a published_at cell may still be empty). */
export const REQUIRED_COLUMNS = ['id', 'text', 'published_at'] as const;

function authorOf(value: string | null): { handle: string | null; displayName: string | null } {
  if (!value) return { handle: null, displayName: null };
  const handle = /^@?([\w.]{1,64})$/.exec(value.trim());
  return handle ? { handle: handle[1]!, displayName: null } : { handle: null, displayName: value.trim() };
}

/** Validates one row and builds its post; `position` is the row's line number. */
export function fileRowToRecord(row: unknown, feed: string, position: number, langHint: string | null): FileRecord {
  const parsed = fileRowSchema.safeParse(row);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.join('.') || 'row';
    return { skipped: { position, reason: `${field}: ${issue?.message ?? 'invalid'}` } };
  }
  const r = parsed.data;
  const result = buildPost(feed, {
    externalId: r.id,
    text: r.text,
    author: { id: null, ...authorOf(r.author) },
    lang: r.lang,
    langHint,
    published: r.published_at,
    url: r.url,
    raw: row,
  });
  return 'post' in result ? { post: result.post } : { skipped: { position, reason: result.reason } };
}
