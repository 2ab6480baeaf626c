import { z } from 'zod';
import type { PostDraft } from '../build-post.js';
import { issueReason, type DraftOrReason } from '../page-items.js';

const text = z.string().nullish();

const facetSchema = z.object({
  features: z.array(z.object({ $type: text, uri: text }).loose()).nullish(),
});

/** app.bsky.feed.post record, as authored (in a PostView's `record` or a Jetstream commit). */
export const postRecordSchema = z
  .object({
    text: z.string().default(''),
    // Missing only from odd clients' records; the AppView's indexedAt (or the fetch time) stands in.
    createdAt: text,
    langs: z.array(z.string()).nullish(),
    facets: z.array(facetSchema.loose()).nullish(),
    embed: z.unknown().optional(),
  })
  .loose();
export type PostRecord = z.infer<typeof postRecordSchema>;

const authorSchema = z.object({ did: z.string().min(1), handle: text, displayName: text }).loose();

/** app.bsky.feed.defs#postView: a post with its author and hydrated embeds. */
export const postViewSchema = z
  .object({
    uri: z.string().regex(/^at:\/\//, 'expected an at:// URI'),
    author: authorSchema,
    record: postRecordSchema,
    embed: z.unknown().optional(),
    indexedAt: text,
  })
  .loose();

/** The rkey (last segment) of an at:// URI. */
export function rkeyOf(uri: string): string {
  return uri.slice(uri.lastIndexOf('/') + 1);
}

/** The bsky.app permalink of a post by handle (or DID) and rkey. */
export function bskyPermalink(actor: string, rkey: string): string {
  return `https://bsky.app/profile/${encodeURIComponent(actor)}/post/${encodeURIComponent(rkey)}`;
}

/** Links in a record's facets and external embed. */
export function recordLinks(record: PostRecord): string[] {
  const links: string[] = [];
  for (const facet of record.facets ?? []) {
    for (const feature of facet.features ?? []) if (feature.$type === 'app.bsky.richtext.facet#link' && feature.uri) links.push(feature.uri);
  }
  const external = (record.embed as { external?: { uri?: unknown } } | undefined)?.external?.uri;
  if (typeof external === 'string') links.push(external);
  return links;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Image and video URLs of a hydrated embed view (images#view, external#view, recordWithMedia#view, video#view). */
export function viewMedia(embed: unknown): string[] {
  if (!isObj(embed)) return [];
  const out: string[] = [];
  if (Array.isArray(embed.images)) for (const image of embed.images) if (isObj(image) && typeof image.fullsize === 'string') out.push(image.fullsize);
  if (typeof embed.playlist === 'string') out.push(embed.playlist);
  if (isObj(embed.external) && typeof embed.external.thumb === 'string') out.push(embed.external.thumb);
  if (isObj(embed.media)) out.push(...viewMedia(embed.media));
  return out;
}

/** CDN URLs of the image blobs a raw record embeds (Jetstream carries blob refs, not views). */
export function recordMedia(did: string, embed: unknown): string[] {
  if (!isObj(embed)) return [];
  const out: string[] = [];
  const images = Array.isArray(embed.images) ? embed.images : isObj(embed.media) && Array.isArray(embed.media.images) ? embed.media.images : [];
  for (const image of images) {
    const link = isObj(image) && isObj(image.image) && isObj(image.image.ref) ? image.image.ref.$link : undefined;
    if (typeof link === 'string' && /^[a-z0-9]{10,100}$/.test(link)) {
      out.push(`https://cdn.bsky.app/img/feed_fullsize/plain/${encodeURIComponent(did)}/${link}@jpeg`);
    }
  }
  return out;
}

/** Reads a PostView (searchPosts `posts[]`, getAuthorFeed `feed[].post`) into a draft. */
export function postViewToDraft(item: unknown, langHint: string | null): DraftOrReason {
  const parsed = postViewSchema.safeParse(item);
  if (!parsed.success) return { reason: issueReason(parsed.error.issues) };
  const view = parsed.data;
  const record = view.record;
  const draft: PostDraft = {
    externalId: view.uri,
    text: record.text,
    author: { id: view.author.did, handle: view.author.handle ?? null, displayName: view.author.displayName || null },
    lang: record.langs?.[0] ?? null,
    langHint,
    published: record.createdAt ?? null,
    fallbackPublished: view.indexedAt ?? null,
    url: bskyPermalink(view.author.handle ?? view.author.did, rkeyOf(view.uri)),
    links: recordLinks(record),
    media: viewMedia(view.embed),
    raw: item,
  };
  return draft;
}
