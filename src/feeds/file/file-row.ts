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

type FileRow = z.output<typeof fileRowSchema>;

/**
 * What fileRowSchema returns for a row of plain values, read without it: nearly every row of an
 * import is one, and the schema's unions and transforms cost more than building the post. Null for
 * any other row, so the schema decides and says why.
 */
export function plainFileRow(row: unknown): FileRow | null {
  if (typeof row !== 'object' || row === null || Array.isArray(row)) return null;
  const r = row as Record<string, unknown>;
  // As the schema: a string id trimmed and not empty, or a safe integer written out.
  const id = typeof r.id === 'string' ? r.id.trim() : Number.isSafeInteger(r.id) ? String(r.id) : '';
  if (id === '' || typeof r.text !== 'string') return null;
  const author = plainOptionalText(r.author);
  const publishedAt = plainOptionalText(r.published_at);
  const url = plainOptionalText(r.url);
  const lang = plainOptionalText(r.lang);
  if (author === undefined || publishedAt === undefined || url === undefined || lang === undefined) return null;
  return { id, author, text: r.text, published_at: publishedAt, url, lang };
}

/** optionalText's result for a plain value (blank, null or absent: null), undefined for any other. */
function plainOptionalText(value: unknown): string | null | undefined {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') return undefined;
  return value.trim() === '' ? null : value;
}

/** Validates one row and builds its post; `position` is the row's line number. */
export function fileRowToRecord(row: unknown, feed: string, position: number, langHint: string | null): FileRecord {
  let r = plainFileRow(row);
  if (!r) {
    const parsed = fileRowSchema.safeParse(row);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const field = issue?.path.join('.') || 'row';
      return { skipped: { position, reason: `${field}: ${issue?.message ?? 'invalid'}` } };
    }
    r = parsed.data;
  }
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
