import { canonicalPostSchema, PUBLISHED_AT_SOURCES, MAX_TEXT_CHARS, type CanonicalPost } from './canonical-post.js';

/** The schema's keys in its order (read from it, so the two cannot drift); `publishedAtSource` and `raw` may be absent. */
const FIELDS = Object.keys(canonicalPostSchema.shape);
const OPTIONAL = new Set(['publishedAtSource', 'raw']);
const AUTHOR_FIELDS = ['id', 'handle', 'displayName'];
const SOURCES: ReadonlySet<unknown> = new Set(PUBLISHED_AT_SOURCES);
/** The one timestamp form a post built here carries (toISOString's); any other goes through the schema. */
const ISO_INSTANT = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

/**
 * The item itself when canonicalPostSchema would return an equal object, keys in the same order:
 * every field present and valid, nothing to default and nothing to strip, as in every post buildPost
 * made and the queue carried. Otherwise null, and the schema decides (and says why). The analyzer
 * checks every post of every job: for the posts our own producers queued, this spares the schema's
 * copy of each post (a fifth of the analyzer's time outside scoring went to it).
 *
 * @example canonicalPostAsIs(JSON.parse(JSON.stringify(buildPostResult.post))) // the parsed object
 */
export function canonicalPostAsIs(item: unknown): CanonicalPost | null {
  if (typeof item !== 'object' || item === null || Object.getPrototypeOf(item) !== Object.prototype) return null;
  const post = item as Record<string, unknown>;
  const keys = Object.keys(post);
  let f = 0;
  for (const key of keys) {
    while (f < FIELDS.length && FIELDS[f] !== key && OPTIONAL.has(FIELDS[f]!)) f++;
    if (FIELDS[f] !== key) return null;
    f++;
  }
  // Every required field was met (the loop skips only optional ones, so a missing one leaves one unmatched).
  while (f < FIELDS.length && OPTIONAL.has(FIELDS[f]!)) f++;
  if (f !== FIELDS.length) return null;
  const ok =
    isString(post.feed, 1, 120) &&
    isString(post.externalId, 1, 512) &&
    isAuthor(post.author) &&
    isString(post.text, 0, MAX_TEXT_CHARS) &&
    isNullableString(post.lang, 16) &&
    isInstant(post.publishedAt) &&
    (!('publishedAtSource' in post) || SOURCES.has(post.publishedAtSource)) &&
    isNullableString(post.url, 2048) &&
    isUrlList(post.links) &&
    isUrlList(post.media) &&
    typeof post.edited === 'boolean' &&
    typeof post.deleted === 'boolean' &&
    typeof post.truncated === 'boolean' &&
    // An own `raw` holding undefined is kept by the schema as it is; JSON never carries one anyway.
    true;
  return ok ? (post as unknown as CanonicalPost) : null;
}

function isString(value: unknown, min: number, max: number): boolean {
  return typeof value === 'string' && value.length >= min && value.length <= max;
}

function isNullableString(value: unknown, max: number): boolean {
  return value === null || isString(value, 0, max);
}

function isAuthor(value: unknown): boolean {
  if (typeof value !== 'object' || value === null || Object.getPrototypeOf(value) !== Object.prototype) return false;
  const keys = Object.keys(value);
  if (keys.length !== AUTHOR_FIELDS.length) return false;
  const author = value as Record<string, unknown>;
  for (let i = 0; i < keys.length; i++) if (keys[i] !== AUTHOR_FIELDS[i] || !isNullableString(author[keys[i]!], 256)) return false;
  return true;
}

function isUrlList(value: unknown): boolean {
  if (!Array.isArray(value) || value.length > 50) return false;
  for (const url of value) if (!isString(url, 0, 2048)) return false;
  return true;
}

function isInstant(value: unknown): boolean {
  if (typeof value !== 'string' || !ISO_INSTANT.test(value)) return false;
  const time = Date.parse(value);
  return !Number.isNaN(time) && new Date(time).toISOString() === value;
}
