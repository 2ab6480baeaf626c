import { describe, expect, it } from 'vitest';
import { boundRaw, boundText, buildPost, cleanUrl } from '../../../src/feeds/build-post.js';
import { MAX_RAW_BYTES, MAX_TEXT_CHARS } from '../../../src/feeds/canonical-post.js';

describe('bounds', () => {
  it('cuts text to MAX_TEXT_CHARS with an ellipsis and marks it truncated', () => {
    const result = buildPost('f', { externalId: 'x', text: 'ب'.repeat(MAX_TEXT_CHARS + 10), published: '2024-05-01T00:00:00Z' });
    expect('post' in result && result.post.text.length).toBe(MAX_TEXT_CHARS);
    expect('post' in result && result.post.truncated).toBe(true);
    expect('post' in result && result.post.text.endsWith('…')).toBe(true);
  });

  it('never splits a surrogate pair', () => {
    const { text } = boundText(`a${'😀'.repeat(10)}`, 4);
    expect(text).toBe('a😀…');
  });

  it('replaces an oversized raw item by a cut JSON head', () => {
    const raw = boundRaw({ big: 'x'.repeat(MAX_RAW_BYTES * 2) }) as { truncated: boolean; head: string };
    expect(raw.truncated).toBe(true);
    expect(Buffer.byteLength(JSON.stringify(raw))).toBeLessThanOrEqual(MAX_RAW_BYTES);
    expect(boundRaw({ small: 1 })).toEqual({ small: 1 });
  });

  it('hashes over-long ids so the key stays bounded and stable', () => {
    const draft = { externalId: 'i'.repeat(600), text: 't', published: '2024-05-01T00:00:00Z' };
    const a = buildPost('f', draft);
    const b = buildPost('f', draft);
    expect('post' in a && a.post.externalId).toMatch(/^sha256:/);
    expect('post' in a && 'post' in b && a.post.externalId === b.post.externalId).toBe(true);
  });
});

describe('cleanUrl', () => {
  it('keeps only absolute http(s) URLs', () => {
    expect(cleanUrl('javascript:alert(1)')).toBeNull();
    expect(cleanUrl('data:text/html,x')).toBeNull();
    expect(cleanUrl('/rel', 'https://base.example/a/')).toBe('https://base.example/rel');
    expect(cleanUrl('/rel')).toBeNull();
    expect(cleanUrl(`https://x.example/${'a'.repeat(3000)}`)).toBeNull();
  });
});

describe('buildPost publication time', () => {
  const fetchedAt = new Date('2026-03-15T12:00:00.000Z');

  it('keeps a post without any timestamp, at its fetch time, marked fetched', () => {
    const result = buildPost('f', { externalId: 'x', text: 'hi', published: null }, fetchedAt);
    expect('post' in result && [result.post.publishedAt, result.post.publishedAtSource]).toEqual(['2026-03-15T12:00:00.000Z', 'fetched']);
  });

  it('prefers the source timestamp, then a time the id carries, then the channel time, each marked', () => {
    const derivedPublished = { at: '2026-03-14T01:00:00.000Z', source: 'snowflake' as const };
    const base = { externalId: 'x', text: 'hi', derivedPublished, fallbackPublished: '2026-03-13T00:00:00Z' };
    const own = buildPost('f', { ...base, published: '2026-03-14T09:00:00Z' }, fetchedAt);
    const derived = buildPost('f', { ...base, published: null }, fetchedAt);
    const channel = buildPost('f', { ...base, derivedPublished: null, published: '' }, fetchedAt);
    expect('post' in own && own.post.publishedAtSource).toBe('source');
    expect('post' in derived && [derived.post.publishedAt, derived.post.publishedAtSource]).toEqual(['2026-03-14T01:00:00.000Z', 'snowflake']);
    expect('post' in channel && [channel.post.publishedAt, channel.post.publishedAtSource]).toEqual(['2026-03-13T00:00:00.000Z', 'fallback']);
  });

  it('gives an item without id or time the same id on every fetch', () => {
    const a = buildPost('f', { externalId: null, text: 'same words', published: null }, fetchedAt);
    const b = buildPost('f', { externalId: null, text: 'same words', published: null }, new Date('2026-03-16T00:00:00Z'));
    expect('post' in a && 'post' in b && a.post.externalId === b.post.externalId).toBe(true);
  });
});

describe('buildPost reasons', () => {
  it('names what is missing', () => {
    expect(buildPost('f', { externalId: 'x', text: ' ', published: '2024-05-01T00:00:00Z' })).toEqual({ reason: 'no text and no media' });
  });

  it('keeps a media-only post', () => {
    const result = buildPost('f', { externalId: 'x', text: '', media: ['https://m.example/1.jpg'], published: '2024-05-01T00:00:00Z' });
    expect('post' in result && result.post.media).toEqual(['https://m.example/1.jpg']);
  });

  it('drops a channel language hint that contradicts the script, keeps one that agrees', () => {
    const base = { externalId: 'x', published: '2024-05-01T00:00:00Z' };
    const ar = buildPost('f', { ...base, text: 'نص عربي', langHint: 'en-US' });
    const en = buildPost('f', { ...base, text: 'English text', langHint: 'en-US' });
    const own = buildPost('f', { ...base, text: 'نص عربي', lang: 'ar-SY', langHint: 'en' });
    expect('post' in ar && ar.post.lang).toBeNull();
    expect('post' in en && en.post.lang).toBe('en');
    expect('post' in own && own.post.lang).toBe('ar');
  });
});
