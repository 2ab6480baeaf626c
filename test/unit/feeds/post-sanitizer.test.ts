import { describe, expect, it } from 'vitest';
import { buildPost } from '../../../src/feeds/build-post.js';
import type { CanonicalPost } from '../../../src/feeds/canonical-post.js';
import { cleanRaw, cleanString, MAX_RAW_DEPTH } from '../../../src/feeds/post-sanitizer.js';

/** True when Postgres would take every string in it: no NUL and no lone surrogate, keys included. */
function storable(value: unknown): boolean {
  const json = JSON.stringify(value);
  return (
    !/\\u0000|\u0000/.test(json) &&
    !/\\ud[89a-f][0-9a-f]{2}/i.test(json) &&
    !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(json)
  );
}

function built(draft: Parameters<typeof buildPost>[1]): CanonicalPost {
  const result = buildPost('hostile', draft);
  if (!('post' in result)) throw new Error(`no post: ${result.reason}`);
  return result.post;
}

function nested(depth: number): unknown {
  let value: unknown = 'bottom';
  for (let i = 0; i < depth; i++) value = { a: value };
  return value;
}

describe('the canonical post holds only strings Postgres stores', () => {
  it('removes NUL and replaces lone surrogates in text, author fields, ids, URLs and raw, keys included', () => {
    const post = built({
      externalId: 'id\u0000-1',
      text: 'kill\u0000 them \uD800 all \uDC00',
      author: { id: 'a\u0000', handle: 'h\u0000andle', displayName: 'Name \uDBFF' },
      published: '2024-05-01T00:00:00Z',
      url: 'https://x.example/a\u0000b',
      links: ['https://x.example/l\u0000'],
      raw: { 'k\u0000ey': ['v\u0000', { '\uD800': 'x\uDC00' }], text: 'kill\u0000' },
    });
    expect(post.text).toBe('kill them \uFFFD all \uFFFD');
    expect(post.externalId).toBe('id-1');
    expect(post.author).toEqual({ id: 'a', handle: 'handle', displayName: 'Name \uFFFD' });
    expect(post.raw).toEqual({ key: ['v', { '\uFFFD': 'x\uFFFD' }], text: 'kill' });
    expect(storable(post)).toBe(true);
  });

  it('keeps a 2 MB text truncated and marked, and a name cut mid-pair well formed', () => {
    const post = built({
      externalId: 'big',
      text: `${'threat '.repeat(300_000)}`,
      author: { displayName: `${'x'.repeat(255)}😀` },
      published: '2024-05-01T00:00:00Z',
    });
    expect(post.truncated).toBe(true);
    expect(post.text.length).toBeLessThanOrEqual(20_000);
    expect(storable(post)).toBe(true);
  });

  it('cuts raw nesting at a fixed depth instead of overflowing the stack on 10,000 levels', () => {
    const post = built({ externalId: 'deep', text: 't', published: '2024-05-01T00:00:00Z', raw: { extra: nested(10_000) } });
    let depth = 0;
    for (let v = (post.raw as { extra: unknown }).extra; typeof v === 'object' && v !== null; v = (v as { a: unknown }).a) depth++;
    expect(depth).toBe(MAX_RAW_DEPTH - 1);
    expect(JSON.stringify(post.raw)).toContain(`nested deeper than ${MAX_RAW_DEPTH} levels`);
  });

  it('drops what JSON cannot hold and keeps "__proto__" as a plain key', () => {
    const raw = cleanRaw(JSON.parse('{"__proto__": {"polluted": true}, "n": 1}')) as Record<string, unknown>;
    expect(Object.keys(raw)).toEqual(['__proto__', 'n']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(cleanRaw({ f: () => 1, big: 1n, inf: Infinity, ok: true })).toEqual({ inf: null, ok: true });
    expect(cleanString('a\u0000b\uD83D\uDE00')).toBe('ab😀');
  });
});
