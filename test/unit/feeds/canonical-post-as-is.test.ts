import { describe, expect, it } from 'vitest';
import { buildPost } from '../../../src/feeds/build-post.js';
import { canonicalPostAsIs, canonicalPostSchema } from '../../../src/feeds/index.js';

/** A post as the analyze queue carries it: built here, then through JSON. */
function queuedPost(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const built = buildPost('news-feed', {
    externalId: 'item-42',
    text: 'Shelling reported near the market this morning',
    url: 'https://example.org/item-42',
    published: '2026-03-02T08:15:00Z',
    author: { id: 'u1', handle: 'reporter', displayName: 'A Reporter' },
    raw: { id: 'item-42', body: 'Shelling "reported"' },
  });
  if (!('post' in built)) throw new Error(built.reason);
  return { ...(JSON.parse(JSON.stringify(built.post)) as Record<string, unknown>), ...overrides };
}

/** The schema's own reading, for comparison: the fast path may only ever agree with it. */
function schemaReading(item: unknown): unknown {
  const parsed = canonicalPostSchema.safeParse(item);
  return parsed.success ? parsed.data : null;
}

describe('canonicalPostAsIs', () => {
  it('takes a queued post as it is, equal to what the schema returns, keys in the same order', () => {
    const item = queuedPost();
    const post = canonicalPostAsIs(item);
    expect(post).toBe(item);
    expect(Object.keys(post!)).toEqual(Object.keys(schemaReading(item) as object));
    expect(post).toStrictEqual(schemaReading(item));
  });

  it('takes a post without the optional fields', () => {
    const { raw: _raw, publishedAtSource: _source, ...item } = queuedPost();
    expect(canonicalPostAsIs(item)).toStrictEqual(schemaReading(item));
  });

  const different: Array<[string, Record<string, unknown>]> = [
    ['an unknown field the schema strips', { extra: 1 }],
    ['a field the schema fills with its default', { lang: undefined }],
    ['an empty feed', { feed: '' }],
    ['an over-long external id', { externalId: 'x'.repeat(513) }],
    ['an author without a handle', { author: { id: 'u1', displayName: 'A' } }],
    ['an author with another field', { author: { id: 'u1', handle: null, displayName: null, bio: '' } }],
    ['a number for text', { text: 42 }],
    ['a timestamp with an offset', { publishedAt: '2026-03-02T10:15:00.000+02:00' }],
    ['a timestamp without milliseconds', { publishedAt: '2026-03-02T08:15:00Z' }],
    ['a day that does not exist', { publishedAt: '2026-02-30T08:15:00.000Z' }],
    ['an unknown time source', { publishedAtSource: 'guessed' }],
    ['a link that is no string', { links: [null] }],
    ['51 media', { media: Array.from({ length: 51 }, (_, i) => `https://example.org/${i}.jpg`) }],
    ['a string for a flag', { edited: 'yes' }],
  ];
  it.each(different)('leaves %s to the schema', (_name, overrides) => {
    const item = queuedPost(overrides);
    if ('lang' in overrides && overrides.lang === undefined) delete item.lang;
    expect(canonicalPostAsIs(item)).toBeNull();
  });

  it('never accepts what the schema refuses or would change, on mutated posts', () => {
    const values = [null, '', 'x', 0, true, [], {}, 'https://example.org/a', '2026-03-02T08:15:00.000Z'];
    const base = queuedPost();
    for (const key of [...Object.keys(base), 'other']) {
      for (const value of values) {
        const item = { ...base, [key]: value };
        const post = canonicalPostAsIs(item);
        if (post) expect(post).toStrictEqual(schemaReading(item));
      }
      const { [key]: _dropped, ...without } = base;
      const post = canonicalPostAsIs(without);
      if (post) expect(post).toStrictEqual(schemaReading(without));
    }
  });
});
