import type { CanonicalPost } from '../../src/feeds/canonical-post.js';

/**
 * A post built below the sanitiser, as an older producer or a bug elsewhere would queue it: what the
 * analyzer must cope with when a post never went through a feed adapter. Text defaults to an everyday
 * report naming a place.
 */
export function rawPost(feed: string, id: string, publishedAt: Date, extra: Partial<CanonicalPost> = {}): CanonicalPost {
  return {
    feed,
    externalId: id,
    author: { id: null, handle: `a-${id}`, displayName: null },
    text: `Bread prices in Atarib, report ${id}`,
    lang: 'en',
    publishedAt: publishedAt.toISOString(),
    url: null,
    links: [],
    media: [],
    edited: false,
    deleted: false,
    truncated: false,
    ...extra,
  };
}
