import { describe, expect, it } from 'vitest';
import { queueablePost } from '../../../src/feeds/build-post.js';
import type { CanonicalPost } from '../../../src/feeds/canonical-post.js';
import { validateJobPosts } from '../../../src/pipeline/analyze-job.js';

const good: CanonicalPost = {
  feed: 'f',
  externalId: 'ok',
  author: { id: null, handle: null, displayName: null },
  text: 'market day in Atarib',
  lang: null,
  publishedAt: '2026-11-24T07:00:00.000Z',
  url: null,
  links: [],
  media: [],
  edited: false,
  deleted: false,
  truncated: false,
};

describe('validateJobPosts: each post of a job is judged on its own', () => {
  it('keeps the valid posts and names the field and reason of each invalid one', () => {
    const { valid, rejected } = validateJobPosts([good, { ...good, externalId: 'long', text: 'x'.repeat(20_001) }], 'f');
    expect(valid.map((p) => p.externalId)).toEqual(['ok']);
    expect(rejected).toEqual([
      { post: expect.objectContaining({ feed: 'f', externalId: 'long' }), error: expect.stringMatching(/^invalid post in analyze job: text: /) },
    ]);
  });

  it('keys an item without a usable feed or id by the job source and a hash that is the same on every retry', () => {
    const first = validateJobPosts([null, { text: 'no id' }], 'import:x.jsonl').rejected;
    const again = validateJobPosts([null, { text: 'no id' }], 'import:x.jsonl').rejected;
    expect(first.map((r) => r.post.feed)).toEqual(['import:x.jsonl', 'import:x.jsonl']);
    expect(first[0]!.post.externalId).toMatch(/^sha256:/);
    expect(first[0]!.post.externalId).not.toBe(first[1]!.post.externalId);
    expect(again.map((r) => r.post.externalId)).toEqual(first.map((r) => r.post.externalId));
  });
});

describe('queueablePost: what enqueuePosts hands to the queue', () => {
  it('leaves a sound post as it is and bounds a 10,000-deep field so it serialises', () => {
    expect(queueablePost({ ...good, raw: { id: 1 } })).toEqual({ ...good, raw: { id: 1 } });
    let deep: unknown = 'bottom';
    for (let i = 0; i < 10_000; i++) deep = [deep];
    const bounded = queueablePost(Object.assign({ ...good, raw: deep }, { extra: deep }));
    expect(JSON.stringify(bounded)).toMatch(/nested deeper than 32 levels/);
  });
});
