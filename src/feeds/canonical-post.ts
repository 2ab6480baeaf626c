import { z } from 'zod';

/** Bound on a post's text; longer text is cut (and marked) so no post can exhaust a worker. */
export const MAX_TEXT_CHARS = 20_000;
/** Bound on the raw source item kept with a post. */
export const MAX_RAW_BYTES = 32_768;

/**
 * Where `publishedAt` came from: the item's own timestamp (`source`), a time its id carries
 * (`snowflake`: X ids), the channel's or index's time (`fallback`), or the time it was fetched
 * (`fetched`). Only `source` is the author's own time; the rest are the best available stand-ins.
 */
export const PUBLISHED_AT_SOURCES = ['source', 'snowflake', 'fallback', 'fetched'] as const;
export type PublishedAtSource = (typeof PUBLISHED_AT_SOURCES)[number];

/**
 * The one shape every feed adapter produces. `externalId` is stable per source item and, with the
 * feed name, is the key that makes re-reads harmless.
 */
export const canonicalPostSchema = z.object({
  feed: z.string().min(1).max(120),
  externalId: z.string().min(1).max(512),
  author: z
    .object({
      id: z.string().max(256).nullable().default(null),
      handle: z.string().max(256).nullable().default(null),
      displayName: z.string().max(256).nullable().default(null),
    })
    .default({ id: null, handle: null, displayName: null }),
  text: z.string().max(MAX_TEXT_CHARS),
  lang: z.string().max(16).nullable().default(null),
  publishedAt: z.string().datetime({ offset: true }),
  /** Absent means `source` (and so does every post built before the marker existed). */
  publishedAtSource: z.enum(PUBLISHED_AT_SOURCES).optional(),
  url: z.string().max(2048).nullable().default(null),
  links: z.array(z.string().max(2048)).max(50).default([]),
  media: z.array(z.string().max(2048)).max(50).default([]),
  edited: z.boolean().default(false),
  deleted: z.boolean().default(false),
  /** True when `text` was cut to MAX_TEXT_CHARS (the cut is also marked with an ellipsis). */
  truncated: z.boolean().default(false),
  /** The source item as received, JSON, cut to MAX_RAW_BYTES. */
  raw: z.unknown().optional(),
});
export type CanonicalPost = z.infer<typeof canonicalPostSchema>;
export type CanonicalPostInput = z.input<typeof canonicalPostSchema>;
