import { createHash } from 'node:crypto';
import { canonicalPostAsIs } from './canonical-post-as-is.js';
import { canonicalPostSchema, MAX_RAW_BYTES, MAX_TEXT_CHARS, type CanonicalPost, type PublishedAtSource } from './canonical-post.js';
import { jsonBytesAtMost } from './json-size.js';
import { cleanOptional, cleanRaw, cleanString, isCleanKey, isCleanRaw } from './post-sanitizer.js';
import { parsePublishedTime } from './published-time.js';

const MAX_ID_CHARS = 512;
const MAX_URL_CHARS = 2048;
const MAX_NAME_CHARS = 256;
const MAX_URLS = 50;

/** What an adapter read from one source item, before bounds and validation. */
export interface PostDraft {
  /** The source's own id (guid, Atom id, row id); null lets the link/title/time hash stand in. */
  readonly externalId: string | null;
  readonly title?: string;
  readonly text: string;
  readonly author?: { readonly id?: string | null; readonly handle?: string | null; readonly displayName?: string | null };
  /** Language the item itself declares. */
  readonly lang?: string | null;
  /** Language of the channel or feed config; dropped when the text's script contradicts it. */
  readonly langHint?: string | null;
  /** The timestamp text as the source wrote it. */
  readonly published: string | null;
  /** A time the item carries other than a timestamp (an X id), used when `published` is missing. */
  readonly derivedPublished?: { readonly at: string; readonly source: 'snowflake' } | null;
  /** Used only when the item has no timestamp at all (channel date, index time). */
  readonly fallbackPublished?: string | null;
  readonly url?: string | null;
  readonly links?: readonly string[];
  readonly media?: readonly string[];
  readonly edited?: boolean;
  readonly deleted?: boolean;
  readonly raw?: unknown;
}

export type BuildResult = { readonly post: CanonicalPost } | { readonly reason: string };

/** Cuts text to MAX_TEXT_CHARS, never inside a surrogate pair, marking the cut with an ellipsis. */
export function boundText(text: string, max: number = MAX_TEXT_CHARS): { text: string; truncated: boolean } {
  if (text.length <= max) return { text, truncated: false };
  let end = max - 1;
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end -= 1;
  return { text: `${text.slice(0, end)}…`, truncated: true };
}

/** The raw item as JSON, replaced by a cut JSON string when it exceeds MAX_RAW_BYTES. */
export function boundRaw(raw: unknown): unknown {
  if (raw === undefined) return undefined;
  // Nearly every raw item is far under the bound: an upper bound of its size spares serialising it.
  if (jsonBytesAtMost(raw, MAX_RAW_BYTES)) return raw;
  const json = JSON.stringify(raw) ?? 'null';
  if (Buffer.byteLength(json) <= MAX_RAW_BYTES) return raw;
  // Cut on a character boundary well under the limit, leaving room for the wrapper.
  const head = Buffer.from(json)
    .subarray(0, MAX_RAW_BYTES - 256)
    .toString('utf8')
    .replace(/\uFFFD$/, '');
  return { truncated: true, bytes: Buffer.byteLength(json), head };
}

/** An absolute http(s) URL no longer than the schema allows, or null. */
export function cleanUrl(value: string | null | undefined, base?: string | null): string | null {
  const text = value?.trim();
  if (!text) return null;
  try {
    const url = base ? new URL(text, base) : new URL(text);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
    return url.href.length <= MAX_URL_CHARS ? url.href : null;
  } catch {
    return null;
  }
}

/** A stable id from the parts that identify an item when the source gave none. */
export function hashExternalId(parts: readonly string[]): string {
  return `sha256:${createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 40)}`;
}

function cleanUrls(values: readonly string[] | undefined, base: string | null): string[] {
  const out = new Set<string>();
  for (const value of values ?? []) {
    const url = cleanUrl(value, base);
    if (url) out.add(url);
    if (out.size >= MAX_URLS) break;
  }
  return [...out];
}

function cutName(value: string | null | undefined): string | null {
  const text = value?.trim();
  // Cleaned again: the cut may leave half of a surrogate pair.
  return text ? cleanString(text.slice(0, MAX_NAME_CHARS)) : null;
}

/** Primary language subtag ("ar-SY" → "ar"), or null. */
export function primaryLanguage(value: string | null | undefined): string | null {
  const match = /^\s*([A-Za-z]{2,8})(?:[-_]|$)/.exec(value ?? '');
  return match ? match[1]!.toLowerCase() : null;
}

/** True when most letters are Arabic script (Arabic, Persian, Urdu...). */
export function isMostlyArabicScript(text: string): boolean {
  const arabic = text.match(/[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF]/g)?.length ?? 0;
  const latin = text.match(/[A-Za-z\u00C0-\u024F]/g)?.length ?? 0;
  return arabic > latin;
}

// Bridges label every channel with one language (Nitter says en-us for Arabic tweets); a hint that
// contradicts the script is worse than none, so downstream detection decides instead.
function chooseLanguage(draft: PostDraft): string | null {
  const own = primaryLanguage(draft.lang);
  if (own) return own;
  const hint = primaryLanguage(draft.langHint);
  if (!hint) return null;
  return isMostlyArabicScript(draft.text) === (hint === 'ar' || hint === 'fa' || hint === 'ur') ? hint : null;
}

/**
 * Every string of a draft made storable (see cleanString), the raw item included, keys and all: the
 * one place hostile characters are taken out, before anything is derived from them.
 */
export function sanitizeDraft(draft: PostDraft): PostDraft {
  const author = draft.author;
  // Every field named once, in a literal: spreading the draft and the optional fields into a new
  // object cost several times the cleaning itself.
  return {
    externalId: cleanOptional(draft.externalId),
    title: draft.title === undefined ? undefined : cleanString(draft.title),
    text: cleanString(draft.text),
    author: author ? { id: cleanOptional(author.id), handle: cleanOptional(author.handle), displayName: cleanOptional(author.displayName) } : author,
    lang: cleanOptional(draft.lang),
    langHint: cleanOptional(draft.langHint),
    published: cleanOptional(draft.published),
    derivedPublished: draft.derivedPublished,
    fallbackPublished: cleanOptional(draft.fallbackPublished),
    url: cleanOptional(draft.url),
    links: draft.links?.map(cleanString),
    media: draft.media?.map(cleanString),
    edited: draft.edited,
    deleted: draft.deleted,
    raw: cleanRaw(draft.raw),
  };
}

/**
 * True when the post serialises exactly as queueablePost's copy would: a plain object whose fields and
 * raw item cleanRaw would leave as they are, the raw item within MAX_RAW_BYTES and last, where the copy
 * puts it.
 */
function isQueueableAsIs(post: CanonicalPost): boolean {
  if (Object.getPrototypeOf(post) !== Object.prototype) return false;
  const keys = Object.keys(post);
  const source = post as unknown as Record<string, unknown>;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    if (key !== 'raw') {
      // The fields are cleaned as one object (depth 0), so each value sits at depth 1.
      if (!isCleanKey(key) || !isCleanRaw(source[key], 1)) return false;
    } else if (post.raw !== undefined && (i !== keys.length - 1 || !isCleanRaw(post.raw) || boundRaw(post.raw) !== post.raw)) return false;
  }
  return true;
}

/**
 * A post as the analyze queue carries it, however it was built. A producer below the sanitiser (an
 * older one, a bug) may hand over a value nested so deep that serialising the job overflows the stack
 * and loses its whole batch: every value is copied with cleanRaw's depth bound (strings made storable
 * on the way) and the raw item cut to MAX_RAW_BYTES. A post that would serialise exactly as that copy
 * (every post buildPost made) is returned as it is. The shape is left to the analyzer to check, post
 * by post.
 */
export function queueablePost(post: CanonicalPost): CanonicalPost {
  // A post buildPost made is queueable as it is: checking it costs far less than copying it again.
  if (isQueueableAsIs(post)) return post;
  const { raw, ...fields } = post;
  const safe = cleanRaw(fields) as CanonicalPost;
  return raw === undefined ? safe : { ...safe, raw: boundRaw(cleanRaw(raw)) };
}

/**
 * The item's publication time and where it came from. A missing timestamp never costs the post: the
 * best stand-in is taken (a time the id carries, the channel's time, else the fetch time) and marked.
 * A timestamp that is present but unreadable is reported instead: the source said something we cannot read.
 */
function choosePublished(draft: PostDraft, fetchedAt: Date): { at: string; source: PublishedAtSource } | { reason: string } {
  if (draft.published?.trim()) {
    const at = parsePublishedTime(draft.published);
    return at ? { at, source: 'source' } : { reason: `unreadable publication time "${draft.published.trim().slice(0, 60)}"` };
  }
  const derived = draft.derivedPublished ? parsePublishedTime(draft.derivedPublished.at) : null;
  if (derived && draft.derivedPublished) return { at: derived, source: draft.derivedPublished.source };
  const fallback = parsePublishedTime(draft.fallbackPublished);
  if (fallback) return { at: fallback, source: 'fallback' };
  return { at: fetchedAt.toISOString(), source: 'fetched' };
}

/**
 * Sanitizes, bounds, identifies and validates a draft; a reason instead of a post when the item is
 * unusable. `fetchedAt` stands in for a publication time the item does not carry at all.
 */
export function buildPost(feed: string, unsafeDraft: PostDraft, fetchedAt: Date = new Date()): BuildResult {
  const draft = sanitizeDraft(unsafeDraft);
  const published = choosePublished(draft, fetchedAt);
  if ('reason' in published) return published;
  const publishedAt = published.at;
  const url = cleanUrl(draft.url);
  const media = cleanUrls(draft.media, url);
  // A deletion marker carries no text by nature; it still has to reach the store to mark the post.
  if (!draft.text.trim() && media.length === 0 && !draft.deleted) return { reason: 'no text and no media' };
  let externalId = draft.externalId?.trim() || null;
  if (externalId && externalId.length > MAX_ID_CHARS) externalId = hashExternalId([externalId]);
  // A fetch time differs on every poll: hashed in, it would make each re-read of the item a new post.
  const timeKey = published.source === 'fetched' ? '' : publishedAt;
  externalId ??= url ?? hashExternalId([url ?? '', draft.title ?? '', draft.text.slice(0, 2000), timeKey]);
  const { text, truncated } = boundText(draft.text);
  const candidate = {
    feed,
    externalId,
    author: {
      id: cutName(draft.author?.id),
      handle: cutName(draft.author?.handle),
      displayName: cutName(draft.author?.displayName),
    },
    text,
    lang: chooseLanguage(draft),
    publishedAt,
    publishedAtSource: published.source,
    url,
    links: cleanUrls(draft.links, url),
    media,
    edited: draft.edited ?? false,
    deleted: draft.deleted ?? false,
    truncated,
    raw: boundRaw(draft.raw),
  };
  // Built here, the candidate nearly always reads exactly as the schema would return it: checked
  // field by field at a fraction of the schema's cost, else the schema decides and says why.
  const asIs = canonicalPostAsIs(candidate);
  if (asIs) return { post: asIs };
  const parsed = canonicalPostSchema.safeParse(candidate);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { reason: `invalid ${issue?.path.join('.') || 'post'}: ${issue?.message ?? 'rejected'}` };
  }
  return { post: parsed.data };
}
