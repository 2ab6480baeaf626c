import { z } from 'zod';
import { reduceHtml } from '../html-to-text.js';
import { issueReason, type DraftOrReason } from '../page-items.js';
import { payloadShapeError } from '../json/json-payload.js';

const text = z.string().nullish();

/** A t3 (link/self post) child of a Reddit listing; only what placewatch reads. */
const linkSchema = z
  .object({
    kind: z.literal('t3', { error: 'not a post (kind t3)' }),
    data: z
      .object({
        id: z.string().min(1),
        name: z.string().min(1),
        title: z.string().default(''),
        selftext: z.string().default(''),
        selftext_html: text,
        author: text,
        author_fullname: text,
        created_utc: z.number().finite().nullish(),
        permalink: text,
        url: text,
        is_self: z.boolean().nullish(),
        edited: z.union([z.boolean(), z.number()]).nullish(),
        removed_by_category: text,
        preview: z
          .object({ images: z.array(z.object({ source: z.object({ url: z.string() }).loose() }).loose()) })
          .loose()
          .nullish(),
        is_video: z.boolean().nullish(),
        thumbnail: text,
      })
      .loose(),
  })
  .loose();

const listingSchema = z.object({
  kind: z.literal('Listing'),
  data: z.object({ after: text, before: text, children: z.array(z.unknown()) }).loose(),
});

/** Children of a Reddit Listing and the `after` cursor (the fullname of the last child). */
export function readRedditListing(json: unknown, feed: string): { children: unknown[]; after: string | null } {
  const listing = listingSchema.safeParse(json);
  if (!listing.success) {
    const message = (json as { message?: unknown } | null)?.message;
    throw payloadShapeError(
      feed,
      'a Reddit Listing ({kind: "Listing", data: {children}})',
      typeof message === 'string' ? message : issueReason(listing.error.issues),
    );
  }
  return { children: listing.data.data.children, after: listing.data.data.after || null };
}

/** Without raw_json=1 Reddit escapes its HTML once more (selftext_html "&lt;div&gt;"). */
function unescapeOnce(html: string): string {
  return /^\s*&lt;/.test(html)
    ? html
        .replace(/&lt;/g, '<')
        .replace(/&gt;/g, '>')
        .replace(/&quot;/g, '"')
        .replace(/&#39;/g, "'")
        .replace(/&amp;/g, '&')
    : html;
}

/** Reddit's HTML-escaped preview URLs ("&amp;") back to real URLs. */
function unescapeAmp(url: string): string {
  return url.replace(/&amp;/g, '&');
}

/** Reads one t3 child into a draft: title above the self text, the link as a link, deletions marked. */
export function redditChildToDraft(item: unknown, langHint: string | null): DraftOrReason {
  const parsed = linkSchema.safeParse(item);
  if (!parsed.success) return { reason: issueReason(parsed.error.issues) };
  const post = parsed.data.data;
  const body = post.selftext_html ? reduceHtml(unescapeOnce(post.selftext_html)) : { text: post.selftext.trim(), links: [], media: [] };
  const deleted = post.selftext === '[deleted]' || post.selftext === '[removed]' || Boolean(post.removed_by_category);
  const title = post.title.trim();
  const ownText = deleted ? '' : body.text;
  const permalink = post.permalink ? new URL(post.permalink, 'https://www.reddit.com').href : null;
  const external = post.url && post.url !== permalink && !post.is_self ? post.url : null;
  const previews = (post.preview?.images ?? []).map((i) => unescapeAmp(i.source.url));
  return {
    externalId: post.name,
    title,
    text: ownText ? `${title}\n\n${ownText}` : title,
    author: {
      id: post.author_fullname ?? null,
      handle: post.author && post.author !== '[deleted]' ? post.author : null,
      displayName: null,
    },
    langHint,
    published: typeof post.created_utc === 'number' ? new Date(post.created_utc * 1000).toISOString() : null,
    url: permalink,
    links: [...(external && !/\.(jpe?g|png|gif|webp|mp4)$/i.test(external) ? [external] : []), ...body.links],
    media: [...(external && /\.(jpe?g|png|gif|webp|mp4)$/i.test(external) ? [external] : []), ...previews, ...body.media],
    edited: typeof post.edited === 'number' || post.edited === true,
    deleted,
    raw: item,
  };
}
